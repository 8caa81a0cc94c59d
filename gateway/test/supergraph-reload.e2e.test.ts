import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type RunningServer, type Subgraph } from "@percorsi/kit";
import { postGraphQL } from "@percorsi/kit/testing";
import { readSupergraph } from "@percorsi/schema/supergraph";
import { createAntiViolenceSubgraph } from "@percorsi/anti-violence";
import { devTokenFor } from "../src/auth/dev-tokens.js";
import { createGateway, type Gateway } from "../src/server.js";

// The gateway follows its supergraph file without a restart: a good one replaces the schema while
// requests in flight finish on theirs; one that does not build, or whose privacy labels cannot be
// read, is rejected and the one serving stays.

const ORIGINAL = "A woman's pathway to economic autonomy, held by one anti-violence centre or shelter.";
const describedAs = (sdl: string, text: string) => sdl.replace(ORIGINAL, text);
const DESCRIPTION = `{ __type(name: "Pathway") { description } }`;
const CASELOAD = `{ pathways(first: 2) { nodes { id stage } } }`;

/** Forwards to `target` after `delayMs`: a subgraph slow enough that a reload happens mid-request. */
async function slowProxy(target: string, delayMs: number) {
  const to = new URL(target);
  const http: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () =>
      setTimeout(() => {
        const forward = httpRequest({ host: to.hostname, port: to.port, path: to.pathname, method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        forward.on("error", () => res.destroy());
        forward.end(Buffer.concat(chunks));
      }, delayMs),
    );
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", () => resolve()));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`, close: () => new Promise<void>((resolve) => (http.closeAllConnections(), http.close(() => resolve()))) };
}

describe("the gateway reloads its supergraph", () => {
  let antiViolence: { subgraph: Subgraph<unknown>; server: RunningServer };
  let proxy: Awaited<ReturnType<typeof slowProxy>>;
  let gateway: Gateway;
  let url: string;
  let token: string;
  const file = join(mkdtempSync(join(tmpdir(), "percorsi-supergraph-")), "supergraph.graphql");
  const committed = readSupergraph();

  const ask = (query: string) => postGraphQL(url, query, {}, { authorization: `Bearer ${token}`, "x-purpose": "EMPOWERMENT_PLAN" });
  const description = async () => (await ask(DESCRIPTION)).data?.__type?.description as string | undefined;
  /** Waits for the served description to become `text` (a reload), or for `ms` to pass (none). */
  async function servedWithin(text: string, ms: number): Promise<boolean> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if ((await description())?.startsWith(text)) return true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
  }

  beforeAll(async () => {
    writeFileSync(file, committed);
    const subgraph = (await createAntiViolenceSubgraph({ db: await openDatabase(), seed: true })) as Subgraph<unknown>;
    antiViolence = { subgraph, server: await subgraph.listen(0) };
    proxy = await slowProxy(antiViolence.server.url, 1_500);
    gateway = await createGateway({
      supergraphFile: file,
      // Only the consent authority answers (slowly); the others are not needed here.
      subgraphUrls: { "anti-violence": proxy.url, employment: "http://127.0.0.1:9/graphql", training: "http://127.0.0.1:9/graphql", housing: "http://127.0.0.1:9/graphql" },
      fairness: { concurrentCost: Number.MAX_SAFE_INTEGER, rateCost: Number.MAX_SAFE_INTEGER },
    });
    url = (await gateway.listen(0)).url;
    token = await devTokenFor("op-aurora");
  });
  afterAll(async () => {
    await gateway?.stop();
    await proxy?.close();
    await antiViolence?.subgraph.stop();
    await antiViolence?.subgraph.db.close();
  });

  it("serves a changed supergraph without a restart, and a request in flight finishes on its own", async () => {
    expect(await description()).toMatch(/^A woman's pathway/);
    const inFlight = ask(CASELOAD);
    await new Promise((resolve) => setTimeout(resolve, 200));
    writeFileSync(file, describedAs(committed, "Version two of the pathway."));
    expect(await servedWithin("Version two", 5_000)).toBe(true);
    const answer = await inFlight;
    expect(answer.errors).toBeUndefined();
    expect(answer.data.pathways.nodes).toHaveLength(2);
  });

  it("rejects a supergraph that does not build, and keeps serving the last good one", async () => {
    writeFileSync(file, "type Query {");
    expect(await servedWithin("Version two", 100)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await description()).toMatch(/^Version two/);
    expect((await ask(CASELOAD)).data.pathways.nodes).toHaveLength(2);
    // Well-formed GraphQL with a label, but no supergraph: Apollo's own check refuses it.
    writeFileSync(file, `directive @sensitive(category: String) on FIELD_DEFINITION\ntype Query { stage: String @sensitive(category: CASE_STATUS) }\n`);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await description()).toMatch(/^Version two/);
  });

  it("rejects a supergraph whose privacy labels are gone, though it builds", async () => {
    const unlabelled = describedAs(committed, "Version three, unlabelled.").replace(/ @sensitive\(category: [A-Z_]+\)/g, "");
    expect(unlabelled).not.toMatch(/@sensitive\(category: [A-Z_]+\)/);
    writeFileSync(file, unlabelled);
    expect(await servedWithin("Version three", 1_500)).toBe(false);
    expect(await description()).toMatch(/^Version two/);
  });

  it("takes the next good one after the rejections", async () => {
    writeFileSync(file, describedAs(committed, "Version four of the pathway."));
    expect(await servedWithin("Version four", 5_000)).toBe(true);
  });
});
