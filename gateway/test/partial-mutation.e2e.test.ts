import "reflect-metadata";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composeServices } from "@apollo/composition";
import { parse } from "graphql";
import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import {
  allow,
  badUserInput,
  buildFederatedSchema,
  createSubgraph,
  idempotent,
  IdempotentInput,
  openDatabase,
  type Database,
  type RunningServer,
  type Subgraph,
  type SubgraphContext,
} from "@percorsi/kit";
import { countRows, postGraphQL } from "@percorsi/kit/testing";
import { devTokenFor } from "../src/auth/dev-tokens.js";
import { createGateway, type Gateway } from "../src/server.js";

// A two-field mutation whose second field fails: with nullable payloads the first field's data
// comes back (it committed) and the error sits at the second field's path only. A tiny subgraph
// built with the kit, composed and served through the real gateway.

@ObjectType()
class Entry {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  text: string;
}

@InputType()
class AddEntryInput extends IdempotentInput {
  @Field(() => String)
  text: string;
}

@Resolver(() => Entry)
class EntryResolver {
  @Query(() => [Entry], { nullable: true })
  async entries(@Ctx() ctx: SubgraphContext): Promise<Entry[]> {
    return (await ctx.db.query<Entry>("select id::text, text from entry order by text")).map((row) => Object.assign(new Entry(), row));
  }

  @Mutation(() => Entry, { nullable: true, description: "Nullable payload: a failure stays at its own path." })
  addEntry(@Arg("input", () => AddEntryInput) input: AddEntryInput, @Ctx() ctx: SubgraphContext): Promise<Entry> {
    return add(input, ctx);
  }
}

/** Non-null roots, as the network's mutations and lists once were: a failure nulls the whole answer. */
@Resolver(() => Entry)
class StrictEntryResolver {
  @Query(() => [Entry])
  strictEntries(): Entry[] {
    return [];
  }

  @Mutation(() => Entry)
  addEntryStrict(@Arg("input", () => AddEntryInput) input: AddEntryInput, @Ctx() ctx: SubgraphContext): Promise<Entry> {
    return add(input, ctx);
  }
}

async function add(input: AddEntryInput, ctx: SubgraphContext): Promise<Entry> {
  if (input.text.trim() === "") throw badUserInput("`text` cannot be empty.", "text");
  const { id } = await idempotent(ctx, { key: input.idempotencyKey, operation: "addEntry", input: { text: input.text } }, async (tx) => {
    const id = randomUUID();
    await tx.query("insert into entry (id, text) values ($1, $2)", [id, input.text]);
    return { id };
  });
  return Object.assign(new Entry(), { id, text: input.text });
}

describe("a two-field mutation whose second field fails, through the gateway", () => {
  const migrations = mkdtempSync(join(tmpdir(), "percorsi-ledger-"));
  writeFileSync(join(migrations, "001_entry.sql"), "create table entry (id uuid primary key, text text not null);");
  let db: Database;
  let subgraph: Subgraph<Record<string, never>>;
  let server: RunningServer;
  let gateway: Gateway;
  let gatewayServer: RunningServer;
  let token: string;

  beforeAll(async () => {
    db = await openDatabase();
    subgraph = await createSubgraph(
      {
        name: "ledger",
        migrationsDirectory: migrations,
        buildSchema: () =>
          buildFederatedSchema({
            name: "ledger",
            resolvers: [EntryResolver],
            rules: { Query: { entries: allow }, Mutation: { addEntry: allow }, Entry: allow },
            facts: {},
            // The ledger's entries are about no woman: its mutation writes about no pathway.
            writes: { addEntry: null },
          }),
        makeLoaders: () => ({}),
      },
      { db },
    );
    server = await subgraph.listen(0);
    const composed = composeServices([{ name: "ledger", url: server.url, typeDefs: parse(subgraph.schema.sdl) }]);
    if (composed.errors) throw new Error(composed.errors.map((error) => error.message).join("\n"));
    gateway = await createGateway({ supergraphSdl: composed.supergraphSdl });
    gatewayServer = await gateway.listen(0);
    token = await devTokenFor("op-aurora");
  });
  afterAll(async () => {
    await gateway?.stop();
    await subgraph?.stop();
    await db?.close();
    rmSync(migrations, { recursive: true, force: true });
  });

  const send = (query: string, variables: Record<string, unknown> = {}) =>
    postGraphQL(gatewayServer.url, query, variables, { authorization: `Bearer ${token}`, "x-purpose": "EMPOWERMENT_PLAN" });
  const entries = () => countRows(db, "entry");

  it("answers the first field's data and an error at the second field's path only", async () => {
    const before = await entries();
    const response = await send(`mutation { first: addEntry(input: { text: "one" }) { id text } second: addEntry(input: { text: " " }) { id } }`);
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ first: { id: expect.any(String), text: "one" }, second: null });
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]).toMatchObject({ path: ["second"], extensions: { code: "BAD_USER_INPUT", field: "text" } });
    expect(await entries()).toBe(before + 1);
  });

  it("the kit refuses to build a subgraph whose root fields are non-null (a failure there would null the whole answer)", async () => {
    await expect(
      buildFederatedSchema({
        name: "ledger",
        resolvers: [StrictEntryResolver],
        rules: { Query: { strictEntries: allow }, Mutation: { addEntryStrict: allow }, Entry: allow },
        facts: {},
        writes: { addEntryStrict: null },
      }),
    ).rejects.toThrow(/Query\.strictEntries, Mutation\.addEntryStrict must be nullable/);
  });

  it("a retry of the whole mutation with the first field's idempotency key does not duplicate it", async () => {
    const key = randomUUID();
    const mutation = `mutation($key: String) { first: addEntry(input: { text: "three", idempotencyKey: $key }) { id } second: addEntry(input: { text: "" }) { id } }`;
    const before = await entries();
    const first = await send(mutation, { key });
    const retry = await send(mutation, { key });
    expect(retry.data.first.id).toBe(first.data.first.id);
    expect(retry.errors?.map((error) => error.path)).toEqual([["second"]]);
    expect(await entries()).toBe(before + 1);
  });

  it("a second field refused by validation refuses the whole operation before anything runs", async () => {
    const before = await entries();
    const response = await send(`mutation { first: addEntry(input: { text: "four" }) { id } second: addEntry(input: { text: "x\\u0000" }) { id } }`);
    expect(response.status).toBe(400);
    expect(response.errors?.map((error) => error.extensions)).toEqual([{ code: "BAD_USER_INPUT", field: "input.text" }]);
    expect(await entries()).toBe(before);
  });
});
