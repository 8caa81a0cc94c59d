import "reflect-metadata";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import type { Purpose } from "@percorsi/schema";
import type { SubgraphContext } from "../context.js";
import type { Database } from "../db/database.js";
import { PurposeEnum } from "../graphql/enums.js";
import { buildFederatedSchema } from "../graphql/federated-schema.js";
import { DateScalar } from "../graphql/scalars.js";
import type { RunningServer } from "../http/serve.js";
import { allow } from "../permissions/rules.js";
import { assertionHeaders, countRows, testActor, testBackends, type GraphQLResponse } from "../testing/index.js";
import { createSubgraph, type Subgraph, type SubgraphDefinition } from "./create-subgraph.js";

const SUBGRAPH = "input-probe";
/** What a caller might send that must never come back: personal data in a bad value. */
const SECRET = "Maria Rossi";

@ObjectType()
class Note {
  @Field(() => ID)
  id: string;
}

@InputType()
class NoteInput {
  @Field(() => String)
  text: string;

  @Field(() => [String], { nullable: true })
  tags?: string[] | null;

  @Field(() => DateScalar, { nullable: true })
  on?: string | null;

  @Field(() => PurposeEnum, { nullable: true })
  purpose?: Purpose | null;
}

@Resolver(() => Note)
class NoteResolver {
  @Query(() => Int, { nullable: true })
  notes(@Ctx() ctx: SubgraphContext, @Arg("first", () => Int, { nullable: true }) _first?: number): Promise<number> {
    return countNotes(ctx.db);
  }

  /** Writes what it is given, unchecked: the kit must stand between it and the store. */
  @Mutation(() => Note, { nullable: true })
  async saveNote(@Arg("input", () => NoteInput) input: NoteInput, @Ctx() ctx: SubgraphContext): Promise<Note> {
    const [row] = await ctx.db.query<{ id: string }>("insert into note (text, tags, on_day, purpose) values ($1, $2, $3, $4) returning id::text", [
      input.text,
      input.tags ?? [],
      input.on ?? null,
      input.purpose ?? null,
    ]);
    return Object.assign(new Note(), row);
  }

  /** A day typed as a plain String: only the database judges it. */
  @Mutation(() => Note, { nullable: true })
  async saveNoteOnDay(@Arg("day", () => String) day: string, @Ctx() ctx: SubgraphContext): Promise<Note> {
    const [row] = await ctx.db.query<{ id: string }>("insert into note (text, on_day) values ('note', $1) returning id::text", [day]);
    return Object.assign(new Note(), row);
  }
}

const countNotes = (db: Database) => countRows(db, "note");

const migrationsDirectory = mkdtempSync(join(tmpdir(), "percorsi-input-probe-"));
writeFileSync(
  join(migrationsDirectory, "001_note.sql"),
  "create table note (id serial primary key, text text not null, tags text[] not null default '{}', on_day date, purpose text);",
);
afterAll(() => rmSync(migrationsDirectory, { recursive: true, force: true }));

const definition: SubgraphDefinition<Record<string, never>> = {
  name: SUBGRAPH,
  migrationsDirectory,
  buildSchema: () =>
    buildFederatedSchema({
      name: SUBGRAPH,
      resolvers: [NoteResolver],
      rules: { Query: { notes: allow }, Mutation: { saveNote: allow, saveNoteOnDay: allow }, Note: allow },
      facts: {},
      writes: { saveNote: null, saveNoteOnDay: null },
    }),
  makeLoaders: () => ({}),
};

const SAVE = `mutation($input: NoteInput!) { saveNote(input: $input) { id } }`;

/** The refusal carries no value sent, no stack trace, and names where the value was. */
function expectRefusal(response: GraphQLResponse, extensions: Record<string, unknown>, ...values: string[]) {
  expect(response.status).toBe(400);
  expect(response.data ?? null).toBeNull();
  expect(response.errors).toHaveLength(1);
  expect(response.errors![0]!.extensions).toEqual(extensions);
  const text = JSON.stringify(response);
  for (const value of [SECRET, ...values]) expect(text).not.toContain(value);
  expect(text).not.toMatch(/stacktrace|Did you mean|\\u0000/);
}

describe.each(testBackends())("a subgraph refuses bad input as BAD_USER_INPUT, naming the field and never the value ($name)", (backend) => {
  let db: Database;
  let subgraph: Subgraph<Record<string, never>>;
  let server: RunningServer;
  const send = async (query: string, variables: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(await assertionHeaders(testActor("cav-aurora", "ANTI_VIOLENCE_CENTRE", ["CENTRE_OPERATOR"]), SUBGRAPH, { query, variables })) },
      body: JSON.stringify({ query, variables, ...extra }),
    });
    return { status: response.status, ...((await response.json()) as object) } as GraphQLResponse;
  };

  beforeAll(async () => {
    db = await backend.open();
    subgraph = await createSubgraph(definition, { db });
    server = await subgraph.listen(0);
  });
  afterAll(async () => {
    await subgraph?.stop();
    await db?.close();
  });

  it("stores a good note (the probe works)", async () => {
    const response = await send(SAVE, { input: { text: "ok", on: "2024-02-29", purpose: "TRAINING", tags: ["a"] } });
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ saveNote: { id: expect.any(String) } });
  });

  describe.each(["2025-02-30", "2025-13-01", "2025-04-31", "2023-02-29"])("an impossible date %s", (day) => {
    it("as an inline literal", async () => {
      const before = await countNotes(db);
      const response = await send(`mutation { saveNote(input: { text: "${SECRET}", on: "${day}" }) { id } }`);
      expectRefusal(response, { code: "BAD_USER_INPUT", field: "input.on" }, day);
      expect(response.errors![0]!.message).toBe("Invalid value for input.on: expected LocalDate.");
      expect(await countNotes(db)).toBe(before);
    });

    it("as a variable", async () => {
      const before = await countNotes(db);
      const response = await send(SAVE, { input: { text: SECRET, on: day } });
      expectRefusal(response, { code: "BAD_USER_INPUT", field: "input.on", variable: "$input" }, day);
      expect(response.errors![0]!.message).toBe("Invalid value for $input at input.on: expected LocalDate.");
      expect(await countNotes(db)).toBe(before);
    });

    it("as a variable's default value", async () => {
      const response = await send(`mutation($on: LocalDate = "${day}") { saveNote(input: { text: "x", on: $on }) { id } }`);
      expectRefusal(response, { code: "BAD_USER_INPUT", field: "$on" }, day);
    });
  });

  it("refuses a day the database cannot store when only the database judges it (SQLSTATE class 22), at its path", async () => {
    const before = await countNotes(db);
    const response = await send(`mutation { saveNoteOnDay(day: "2025-02-30") { id } }`);
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ saveNoteOnDay: null });
    expect(response.errors).toEqual([
      { message: "The input holds a value that cannot be stored.", path: ["saveNoteOnDay"], locations: [{ line: 1, column: 12 }], extensions: { code: "BAD_USER_INPUT" } },
    ]);
    expect(await countNotes(db)).toBe(before);
  });

  describe("a NUL character", () => {
    it.each([
      ["in a variable", SAVE, { input: { text: `${SECRET}\u0000` } }, { field: "input.text", variable: "$input" }],
      ["in a list in a variable", SAVE, { input: { text: "x", tags: ["ok", `a\u0000${SECRET}`] } }, { field: "input.tags[1]", variable: "$input" }],
      ["in a variable the operation does not use", SAVE, { input: { text: "x" }, other: { deep: ["\u0000"] } }, { field: "other.deep[0]", variable: "$other" }],
      ["in an inline literal", `mutation { saveNote(input: { text: "${SECRET}\\u0000" }) { id } }`, {}, { field: "input.text" }],
      ["in an inline list", `mutation { saveNote(input: { text: "x", tags: ["ok", "\\u0000"] }) { id } }`, {}, { field: "input.tags[1]" }],
    ])("%s is refused before anything runs", async (_case, query, variables, where) => {
      const before = await countNotes(db);
      const response = await send(query, variables);
      expectRefusal(response, { code: "BAD_USER_INPUT", ...where });
      expect(response.errors![0]!.message).toMatch(/must not contain NUL characters\.$/);
      expect(await countNotes(db)).toBe(before);
    });
  });

  describe("an invalid enum value", () => {
    it("as an inline literal: no echo, no suggestion", async () => {
      const response = await send(`mutation { saveNote(input: { text: "x", purpose: TRAINIG }) { id } }`);
      expectRefusal(response, { code: "BAD_USER_INPUT", field: "input.purpose" }, "TRAINIG");
      expect(response.errors![0]!.message).toBe("Invalid value for input.purpose: expected Purpose.");
    });

    it("as a string literal where an enum is expected", async () => {
      const response = await send(`mutation { saveNote(input: { text: "x", purpose: "${SECRET}" }) { id } }`);
      expectRefusal(response, { code: "BAD_USER_INPUT", field: "input.purpose" });
      expect(response.errors![0]!.message).toBe("Invalid value for input.purpose: expected Purpose.");
    });

    it("as a variable", async () => {
      const response = await send(SAVE, { input: { text: "x", purpose: SECRET } });
      expectRefusal(response, { code: "BAD_USER_INPUT", field: "input.purpose", variable: "$input" });
      expect(response.errors![0]!.message).toBe("Invalid value for $input at input.purpose: expected Purpose.");
    });
  });

  describe("values of the wrong type", () => {
    it.each([
      ["a string for an Int literal", `{ notes(first: "${SECRET}") }`, {}, { field: "first" }, "Invalid value for first: expected Int."],
      ["a number for a String literal", `mutation { saveNote(input: { text: 424242 }) { id } }`, {}, { field: "input.text" }, "Invalid value for input.text: expected String."],
      ["a number for a String variable", SAVE, { input: { text: 424242 } }, { field: "input.text", variable: "$input" }, "Invalid value for $input at input.text: expected String."],
      ["a string for an Int variable", `query($n: Int) { notes(first: $n) }`, { n: SECRET }, { field: "n", variable: "$n" }, "Invalid value for $n: expected Int."],
    ])("%s", async (_case, query, variables, where, message) => {
      const response = await send(query, variables);
      expectRefusal(response, { code: "BAD_USER_INPUT", ...where }, "424242");
      expect(response.errors![0]!.message).toBe(message);
    });

    it("names a missing or unknown input field without the object sent", async () => {
      const response = await send(SAVE, { input: { txt: SECRET } });
      expect(response.status).toBe(400);
      expect(JSON.stringify(response)).not.toContain(SECRET);
      expect(response.errors?.map((error) => [error.message, error.extensions])).toEqual([
        ['Invalid value for $input. Field "text" of required type "String!" was not provided.', { code: "BAD_USER_INPUT", field: "input", variable: "$input" }],
        ['Invalid value for $input. Field "txt" is not defined by type "NoteInput".', { code: "BAD_USER_INPUT", field: "input", variable: "$input" }],
      ]);
    });
  });

  describe("the operation to run", () => {
    const TWO = "query A { notes } query B { notes }";

    it("an operationName the document does not hold answers 400 OPERATION_RESOLUTION_FAILURE, without repeating it", async () => {
      const response = await send(TWO, {}, { operationName: SECRET });
      expect(response.status).toBe(400);
      expect(response.errors).toEqual([
        { message: "The operationName names no operation of the document.", extensions: { code: "OPERATION_RESOLUTION_FAILURE" } },
      ]);
    });

    it("no operationName with several operations answers 400 OPERATION_RESOLUTION_FAILURE", async () => {
      const response = await send(TWO);
      expect(response.status).toBe(400);
      expect(response.errors).toEqual([
        { message: "The document holds several operations: name one in operationName.", extensions: { code: "OPERATION_RESOLUTION_FAILURE" } },
      ]);
    });

    it("a named operation of the document runs", async () => {
      const response = await send(TWO, {}, { operationName: "B" });
      expect(response).toEqual({ status: 200, data: { notes: expect.any(Number) } });
    });
  });

  it("a syntax error does not repeat the token it stopped at", async () => {
    const response = await send(`{ notes(first: "${SECRET}) }`);
    expect(response.status).toBe(400);
    expect(response.errors![0]!.extensions).toEqual({ code: "GRAPHQL_PARSE_FAILED" });
    expect(response.errors![0]!.message).toBe("Syntax Error: Unterminated string.");
    const unexpected = await send(`{ notes(first: 1) ${SECRET} "${SECRET}" }`);
    expect(unexpected.errors![0]!.message).toBe("Syntax Error: Expected Name, found String.");
    expect(JSON.stringify(unexpected)).not.toMatch(/Maria|Rossi/);
    expect(JSON.stringify(response)).not.toMatch(/Maria|Rossi/);
  });
});
