import { decodeCursor, toConnection, type Connection } from "../graphql/connection.js";
import { badUserInput } from "../graphql/errors.js";
import { isUuid } from "../graphql/ids.js";
import { isIsoDate } from "../util/dates.js";
import type { Queryable } from "./database.js";

/** SQL types a keyset column may have; a cursor value is checked against it before SQL sees it. */
export type SortType = "date" | "uuid" | "text" | "int" | "timestamptz";

const VALID: Record<SortType, (value: unknown) => boolean> = {
  date: isIsoDate,
  uuid: isUuid,
  text: (value) => typeof value === "string",
  int: (value) => Number.isInteger(value),
  timestamptz: (value) => typeof value === "string" && !Number.isNaN(Date.parse(value)),
};

export interface PageSpec<Row, T> {
  /** The filtered list, unordered: `select ... from ... where ...` using $1..$n of `params`. */
  base: string;
  params: readonly unknown[];
  /** The two sort columns (output names of `base`) with their SQL types; the second is unique. */
  sort: readonly [[string, SortType], [string, SortType]];
  direction: "asc" | "desc";
  first: number;
  after?: string | null | undefined;
  map: (row: Row) => T;
  /** The sort values of a node, as the cursor carries them. */
  cursorOf: (node: T) => [string | number, string | number];
}

/**
 * One keyset-paginated page and the list's total in a single query (a second only when the page
 * past a cursor is empty): the total is a window count taken before the cursor filter.
 */
export async function readPage<Row, T>(db: Queryable, spec: PageSpec<Row, T>): Promise<Connection<T>> {
  const [[first, firstType], [second, secondType]] = spec.sort;
  const params: unknown[] = [...spec.params, spec.first + 1];
  const limit = `$${params.length}`;
  let cursor = "true";
  if (spec.after) {
    const values = decodeCursor(spec.after, 2);
    // A forged cursor must be bad input, not a database cast error.
    if (!VALID[firstType](values[0]) || !VALID[secondType](values[1])) {
      throw badUserInput("`after` is not a cursor this list gave out.", "after");
    }
    params.push(...values);
    const comparison = spec.direction === "desc" ? "<" : ">";
    cursor = `(${first}, ${second}) ${comparison} ($${params.length - 1}::${firstType}, $${params.length}::${secondType})`;
  }
  const order = `${first} ${spec.direction}, ${second} ${spec.direction}`;
  const rows = await db.query<Row & { total: number }>(
    `select * from (select b.*, count(*) over ()::int as total from (${spec.base}) b) counted
     where ${cursor} order by ${order} limit ${limit}`,
    params,
  );
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && spec.after) {
    const [row] = await db.query<{ total: number }>(`select count(*)::int as total from (${spec.base}) b`, spec.params);
    total = row?.total ?? 0;
  }
  return toConnection(rows.map(spec.map), spec.first, total, spec.cursorOf);
}
