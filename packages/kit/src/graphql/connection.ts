import "reflect-metadata";
import { ArgsType, Directive, Field, Int, ObjectType, type ClassType } from "type-graphql";
import { IsOptional, Max, Min } from "class-validator";
import { badUserInput } from "./errors.js";

@ObjectType({ description: "Where a page of a list ends, Relay style." })
// Every subgraph defines it identically.
@Directive("@shareable")
export class PageInfo {
  @Field(() => Boolean, { description: "Whether another page follows this one." })
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: "Pass as `after` to read the next page." })
  endCursor: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: "Page size, 1 to 100." })
  @IsOptional()
  @Min(1)
  @Max(100)
  first: number = 20;

  @Field(() => String, { nullable: true, description: "The `endCursor` of the page before; absent: the first page." })
  @IsOptional()
  after?: string | null;
}

export interface Connection<T> {
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** A Relay-style connection type for a node class: `nodes`, `pageInfo`, `totalCount`. */
export function ConnectionType<T extends object>(node: ClassType<T>) {
  @ObjectType()
  abstract class ConnectionClass implements Connection<T> {
    @Field(() => [node], { description: "This page's items, in the list's order." })
    nodes: T[];

    @Field(() => PageInfo, { description: "Where this page ends: pass its `endCursor` as `after` for the next." })
    pageInfo: PageInfo;

    @Field(() => Int, { description: "Items in the whole list, across pages." })
    totalCount: number;
  }
  return ConnectionClass;
}

/** An opaque keyset cursor: the sort values of the last row read. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

export function decodeCursor(cursor: string, arity: number): (string | number)[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(values) && values.length === arity && values.every((v) => typeof v === "string" || typeof v === "number")) {
      return values as (string | number)[];
    }
  } catch {
    // fall through to the error
  }
  throw badUserInput("`after` is not a cursor this list gave out.", "after");
}

/**
 * Turns `first + 1` rows read in order into a page: the extra row only says a next page exists.
 */
export function toConnection<T>(rows: T[], first: number, totalCount: number, cursorOf: (row: T) => (string | number)[]): Connection<T> {
  const nodes = rows.slice(0, first);
  const last = nodes[nodes.length - 1];
  return {
    nodes,
    totalCount,
    pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeCursor(cursorOf(last)) : null },
  };
}
