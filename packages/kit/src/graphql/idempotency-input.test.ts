import "reflect-metadata";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { Length } from "class-validator";
import type { SubgraphContext } from "../context.js";
import type { Database } from "../db/database.js";
import { idempotent } from "../db/idempotency.js";
import type { RunningServer } from "../http/serve.js";
import { allow } from "../permissions/rules.js";
import { createSubgraph, type Subgraph, type SubgraphDefinition } from "../subgraph/create-subgraph.js";
import { assertionHeaders, countRows, postGraphQL, testActor, testBackends } from "../testing/index.js";
import { buildFederatedSchema } from "./federated-schema.js";
import { IdempotencyKeyField, IdempotentInput } from "./idempotency-input.js";

const SUBGRAPH = "idempotency-probe";

@ObjectType()
class Note {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  text: string;
}

@InputType()
class CreateNoteInput extends IdempotentInput {
  @Field(() => String)
  @Length(1, 50)
  text: string;
}

@InputType()
class CreateTagInput {
  @IdempotencyKeyField()
  idempotencyKey?: string | null;

  @Field(() => String)
  name: string;
}

@Resolver(() => Note)
class NoteResolver {
  @Query(() => [Note], { nullable: true })
  async notes(@Ctx() ctx: SubgraphContext): Promise<Note[]> {
    return (await ctx.db.query<Note>("select id, text from note order by text")).map((row) => Object.assign(new Note(), row));
  }

  /** What a creating resolver looks like with the kit's idempotency (see idempotency.ts). */
  @Mutation(() => Note, { nullable: true })
  async createNote(@Arg("input", () => CreateNoteInput) input: CreateNoteInput, @Ctx() ctx: SubgraphContext): Promise<Note> {
    const { id } = await idempotent(ctx, { key: input.idempotencyKey, operation: "createNote", input }, async (tx) => {
      const id = randomUUID();
      await tx.query("insert into note (id, organisation_id, text) values ($1, $2, $3)", [id, ctx.actor.organisationId, input.text]);
      return { id };
    });
    const [row] = await ctx.db.query<Note>("select id, text from note where id = $1", [id]);
    return Object.assign(new Note(), row);
  }

  @Mutation(() => ID, { nullable: true })
  createTag(@Arg("input", () => CreateTagInput) input: CreateTagInput): string {
    return input.name;
  }
}

const migrationsDirectory = mkdtempSync(join(tmpdir(), "percorsi-idempotency-probe-"));
writeFileSync(join(migrationsDirectory, "001_note.sql"), "create table note (id uuid primary key, organisation_id text not null, text text not null);");
afterAll(() => rmSync(migrationsDirectory, { recursive: true, force: true }));

const definition: SubgraphDefinition<Record<string, never>> = {
  name: SUBGRAPH,
  migrationsDirectory,
  buildSchema: () =>
    buildFederatedSchema({
      name: "idempotency-probe",
      resolvers: [NoteResolver],
      rules: { Query: { notes: allow }, Mutation: { createNote: allow, createTag: allow }, Note: allow },
      facts: {},
      writes: { createNote: null, createTag: null },
    }),
  makeLoaders: () => ({}),
};

const CREATE = `mutation($input: CreateNoteInput!) { createNote(input: $input) { id text } }`;

describe.each(testBackends())("an idempotent creating mutation over HTTP ($name)", (backend) => {
  let db: Database;
  let subgraph: Subgraph<Record<string, never>>;
  let server: RunningServer;
  const send = async (query: string, variables: Record<string, unknown>, organisationId = "cav-aurora") =>
    postGraphQL(server.url, query, variables, await assertionHeaders(testActor(organisationId, "ANTI_VIOLENCE_CENTRE", ["CENTRE_OPERATOR"]), SUBGRAPH, { query, variables }));

  beforeAll(async () => {
    db = await backend.open();
    subgraph = await createSubgraph(definition, { db });
    server = await subgraph.listen(0);
  });
  afterAll(async () => {
    await subgraph?.stop();
    await db?.close();
  });

  it("the kit's migrations give every subgraph the idempotency_key table", async () => {
    await expect(countRows(db, "idempotency_key")).resolves.toBe(0);
  });

  it("puts an optional, described idempotencyKey on inputs, by base class or by decorator", () => {
    for (const input of ["CreateNoteInput", "CreateTagInput"]) {
      expect(subgraph.schema.sdl).toMatch(new RegExp(`input ${input} \\{[^}]*idempotencyKey: String\\n`, "s"));
    }
    expect(subgraph.schema.sdl).toContain("a retry with the same key and input, within 24 hours, returns what the first request created");
    expect(subgraph.schema.sdl).not.toContain("IdempotentInput");
  });

  it("a retry with the same key creates nothing new and answers the same record", async () => {
    const key = randomUUID();
    const first = await send(CREATE, { input: { idempotencyKey: key, text: "first" } });
    const retry = await send(CREATE, { input: { idempotencyKey: key, text: "first" } });
    expect(first.errors).toBeUndefined();
    expect(retry).toEqual(first);
    expect(await countRows(db, "note")).toBe(1);
  });

  it("without a key, each request creates", async () => {
    const before = await countRows(db, "note");
    await send(CREATE, { input: { text: "twice" } });
    await send(CREATE, { input: { text: "twice" } });
    expect(await countRows(db, "note")).toBe(before + 2);
  });

  it("the same key with another input answers BAD_USER_INPUT, IDEMPOTENCY_KEY_REUSED, naming the field", async () => {
    const key = randomUUID();
    await send(CREATE, { input: { idempotencyKey: key, text: "one" } });
    const before = await countRows(db, "note");
    const response = await send(CREATE, { input: { idempotencyKey: key, text: "Maria Rossi" } });
    expect(response.data).toEqual({ createNote: null });
    expect(response.errors?.map((error) => [error.path, error.extensions])).toEqual([
      [["createNote"], { code: "BAD_USER_INPUT", reason: "IDEMPOTENCY_KEY_REUSED", field: "idempotencyKey" }],
    ]);
    expect(JSON.stringify(response)).not.toMatch(new RegExp(`Maria|${key}`));
    expect(await countRows(db, "note")).toBe(before);
  });

  it("another organisation's same key is its own", async () => {
    const key = randomUUID();
    const ours = await send(CREATE, { input: { idempotencyKey: key, text: "same" } }, "cav-aurora");
    const theirs = await send(CREATE, { input: { idempotencyKey: key, text: "same" } }, "cav-ginestra");
    expect(theirs.data.createNote.id).not.toBe(ours.data.createNote.id);
  });

  it("a malformed key is refused by the input's validation, naming the field and not the key", async () => {
    for (const [query, input] of [
      [CREATE, { idempotencyKey: "Maria Rossi", text: "x" }],
      [`mutation($input: CreateTagInput!) { createTag(input: $input) }`, { idempotencyKey: "Maria Rossi", name: "x" }],
    ] as const) {
      const response = await send(query, { input });
      expect(response.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", fields: [{ field: "idempotencyKey", rules: ["matches"] }] });
      expect(JSON.stringify(response)).not.toContain("Maria");
    }
  });
});
