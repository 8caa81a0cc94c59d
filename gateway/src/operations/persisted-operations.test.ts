import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { ConfigurationError } from "@percorsi/kit";
import { loadPersistedOperations, persistedOperationsPlugin, sha256Hex, watchedPersistedOperations, type RefusalReason } from "./persisted-operations.js";

const HELLO = "query Hello { hello }";
const TWICE = "query Twice($n: Int!) { twice(n: $n) }";
const OTHER = "query Other { hello other: hello }";

function manifestDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "persisted-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), typeof content === "string" ? content : JSON.stringify(content));
  return dir;
}

describe("loading manifests", () => {
  const dirs: string[] = [];
  const dir = (files: Record<string, unknown>) => {
    const made = manifestDir(files);
    dirs.push(made);
    return made;
  };
  afterAll(() => dirs.forEach((made) => rmSync(made, { recursive: true, force: true })));

  it("reads every *.json of the directory, by the sha256 of each text", () => {
    const operations = loadPersistedOperations(dir({ "a.json": { [sha256Hex(HELLO)]: HELLO }, "b.json": { [sha256Hex(TWICE)]: TWICE }, "README.md": "# not a manifest" }));
    expect([...operations.keys()].sort()).toEqual([sha256Hex(HELLO), sha256Hex(TWICE)].sort());
    expect(operations.get(sha256Hex(TWICE))).toBe(TWICE);
  });

  it("takes keys prefixed sha256:, as graphql-codegen's client preset writes them with hashAlgorithm \"sha256\"", () => {
    const operations = loadPersistedOperations(dir({ "codegen.json": { [`sha256:${sha256Hex(HELLO)}`]: HELLO } }));
    expect(operations.get(sha256Hex(HELLO))).toBe(HELLO);
    expect(() => loadPersistedOperations(dir({ "c.json": { [`sha256:${sha256Hex(HELLO)}`]: `${HELLO} ` } }))).toThrow(/does not hash to its key/);
    expect(() => loadPersistedOperations(dir({ "c.json": { [`md5:${sha256Hex(HELLO)}`]: HELLO } }))).toThrow(ConfigurationError);
  });

  it("refuses a manifest whose hash is not its text's, naming the file", () => {
    const wrong = { [sha256Hex(HELLO)]: `${HELLO} ` };
    expect(() => loadPersistedOperations(dir({ "client.json": wrong }))).toThrow(ConfigurationError);
    expect(() => loadPersistedOperations(dir({ "client.json": wrong }))).toThrow(/client\.json.*does not hash to its key/);
  });

  it("refuses a key that is no sha256 hex digest, a non-object and invalid JSON", () => {
    expect(() => loadPersistedOperations(dir({ "c.json": { Hello: HELLO } }))).toThrow(ConfigurationError);
    expect(() => loadPersistedOperations(dir({ "c.json": [HELLO] }))).toThrow(ConfigurationError);
    expect(() => loadPersistedOperations(dir({ "c.json": "{ nope" }))).toThrow(/not valid JSON/);
  });

  it("an absent directory is empty unless it was named explicitly", () => {
    expect(loadPersistedOperations(join(tmpdir(), "no-such-persisted-dir")).size).toBe(0);
    expect(() => loadPersistedOperations(join(tmpdir(), "no-such-persisted-dir"), { required: true })).toThrow(ConfigurationError);
  });
});

describe("a watched manifest directory", () => {
  const until = async (condition: () => boolean) => {
    for (let waited = 0; !condition() && waited < 5000; waited += 25) await new Promise((resolve) => setTimeout(resolve, 25));
  };

  it("takes a new manifest without a restart, and keeps the set in force when one turns bad", async () => {
    const dir = manifestDir({ "a.json": { [sha256Hex(HELLO)]: HELLO } });
    const registry = watchedPersistedOperations(dir, { settleMs: 20 });
    try {
      expect(registry.current().has(sha256Hex(TWICE))).toBe(false);
      writeFileSync(join(dir, "b.json"), JSON.stringify({ [sha256Hex(TWICE)]: TWICE }));
      await until(() => registry.current().has(sha256Hex(TWICE)));
      expect(registry.current().has(sha256Hex(TWICE))).toBe(true);
      const before = registry.current();
      writeFileSync(join(dir, "c.json"), JSON.stringify({ [sha256Hex(HELLO)]: OTHER }));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(registry.current()).toBe(before);
    } finally {
      registry.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

interface Answer {
  status: number;
  body: any;
}

/** A small server with batching on, so each way a text can arrive is tried against the plugin. */
async function server(safelist: boolean, refusals: RefusalReason[]) {
  const operations = new Map([HELLO, TWICE].map((text) => [sha256Hex(text), text]));
  const apollo = new ApolloServer({
    typeDefs: "type Query { hello: String, twice(n: Int!): Int }",
    resolvers: { Query: { hello: () => "world", twice: (_: unknown, { n }: { n: number }) => 2 * n } },
    allowBatchedHttpRequests: true,
    stopOnTerminationSignals: false,
    plugins: [persistedOperationsPlugin({ operations, safelist, onRefusal: (reason) => refusals.push(reason) })],
  });
  await apollo.start();
  const run = async (method: "GET" | "POST", body: unknown, search = ""): Promise<Answer> => {
    const headers = new HeaderMap([["content-type", "application/json"]]);
    const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: { method, headers, search, body }, context: async () => ({}) });
    const text = response.body.kind === "complete" ? response.body.string : "";
    return { status: response.status ?? 200, body: JSON.parse(text) };
  };
  return { apollo, post: (body: unknown) => run("POST", body), get: (search: string) => run("GET", undefined, search) };
}

const code = (answer: Answer) => (Array.isArray(answer.body) ? answer.body.map((b: any) => b.errors?.[0]?.extensions?.code) : answer.body.errors?.[0]?.extensions?.code);

describe("persisted documents, safelist off", () => {
  const refusals: RefusalReason[] = [];
  let s: Awaited<ReturnType<typeof server>>;
  beforeAll(async () => (s = await server(false, refusals)));
  afterAll(() => s.apollo.stop());

  it("runs a registered documentId, bare or sha256:-prefixed, with its variables", async () => {
    expect((await s.post({ documentId: sha256Hex(HELLO) })).body).toEqual({ data: { hello: "world" } });
    expect((await s.post({ documentId: `sha256:${sha256Hex(TWICE)}`, variables: { n: 21 }, operationName: "Twice" })).body).toEqual({ data: { twice: 42 } });
    expect((await s.get(`?documentId=${sha256Hex(TWICE)}&variables=${encodeURIComponent('{"n":2}')}`)).body).toEqual({ data: { twice: 4 } });
  });

  it("refuses an unknown documentId with its code, never echoing it", async () => {
    const unknown = sha256Hex(OTHER);
    for (const answer of [await s.post({ documentId: unknown }), await s.get(`?documentId=${unknown}`), await s.post({ documentId: 42 })]) {
      expect(answer.status).toBe(400);
      expect(code(answer)).toBe("PERSISTED_DOCUMENT_NOT_FOUND");
      expect(JSON.stringify(answer.body)).not.toContain(unknown);
      expect(answer.body.data).toBeUndefined();
    }
  });

  it("refuses query and documentId together", async () => {
    const answer = await s.post({ query: HELLO, documentId: sha256Hex(HELLO) });
    expect(answer.status).toBe(400);
    expect(code(answer)).toBe("BAD_REQUEST");
  });

  it("runs free text, and counts what it refused by reason", async () => {
    expect((await s.post({ query: OTHER })).body).toEqual({ data: { hello: "world", other: "world" } });
    expect(refusals).toEqual(["document_not_found", "document_not_found", "document_not_found", "ambiguous"]);
  });
});

describe("safelist mode", () => {
  const refusals: RefusalReason[] = [];
  let s: Awaited<ReturnType<typeof server>>;
  beforeAll(async () => (s = await server(true, refusals)));
  afterAll(() => s.apollo.stop());

  it("refuses free text that is not registered: POST, GET, each member of a batch", async () => {
    const post = await s.post({ query: OTHER });
    expect([post.status, code(post)]).toEqual([400, "OPERATION_NOT_SAFELISTED"]);
    expect(JSON.stringify(post.body)).not.toContain("other");
    const get = await s.get(`?query=${encodeURIComponent(OTHER)}`);
    expect([get.status, code(get)]).toEqual([400, "OPERATION_NOT_SAFELISTED"]);
    // Each member is judged alone: the registered one runs, the other is refused.
    const batch = await s.post([{ query: HELLO }, { query: OTHER }]);
    expect(code(batch)).toEqual([undefined, "OPERATION_NOT_SAFELISTED"]);
    expect(batch.body[0]).toEqual({ data: { hello: "world" } });
    expect(batch.body[1].data).toBeUndefined();
  });

  it("refuses an APQ hash that is not registered, and the text sent with one", async () => {
    const persistedQuery = { version: 1, sha256Hash: sha256Hex(OTHER) };
    expect(code(await s.post({ extensions: { persistedQuery } }))).toBe("OPERATION_NOT_SAFELISTED");
    expect(code(await s.post({ query: OTHER, extensions: { persistedQuery } }))).toBe("OPERATION_NOT_SAFELISTED");
    expect(code(await s.get(`?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery }))}`))).toBe("OPERATION_NOT_SAFELISTED");
  });

  it("runs a registered operation sent as its exact text, as documentId, as an APQ hash and in a batch", async () => {
    expect((await s.post({ query: HELLO })).body).toEqual({ data: { hello: "world" } });
    expect((await s.post({ documentId: sha256Hex(HELLO) })).body).toEqual({ data: { hello: "world" } });
    expect((await s.post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(HELLO) } } })).body).toEqual({ data: { hello: "world" } });
    expect((await s.post([{ query: HELLO }, { documentId: sha256Hex(TWICE), variables: { n: 1 } }])).body).toEqual([{ data: { hello: "world" } }, { data: { twice: 2 } }]);
  });

  it("counts each refusal, with no text and no value of the request", () => {
    expect(refusals).toEqual(["not_safelisted", "not_safelisted", "not_safelisted", "not_safelisted", "not_safelisted", "not_safelisted"]);
  });
});
