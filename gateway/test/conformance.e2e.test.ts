import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Subgraph } from "@percorsi/kit";
import { runConformance, startServices, type ConformanceResult } from "@percorsi/kit/testing";
import { compositionErrors } from "@percorsi/schema/compose";
import { importExport, readNetwork } from "@percorsi/schema/network";

// The conformance suite (npm run conformance) holds every subgraph of the network to the rules,
// and names what a non-compliant one gets wrong.

type Factory = (options: { db: unknown; seed: boolean; services: unknown }) => Promise<Subgraph<unknown>>;
const failures = (results: ConformanceResult[]) => results.filter((result) => !result.passed).map((result) => `${result.check}: ${result.detail}`);

/**
 * A subgraph that breaks every rule: it answers anyone, labels a non-null field, leaks a stack and
 * echoes input, and releases a pathway's stage to whoever asks.
 */
async function careless() {
  const sdl = `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
      @link(url: "https://specs.percorsi.example/privacy/v0.1", import: ["@sensitive"])
    directive @sensitive(category: DataCategory!) on FIELD_DEFINITION
    enum DataCategory { HOUSING }
    type Pathway @key(fields: "id") { id: ID! housingNeed: String! @sensitive(category: HOUSING) }
    type Query { housingApplications: [String] }
  `;
  const http: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const { query = "", variables = {} } = JSON.parse(body || "{}") as { query?: string; variables?: { r?: { id: string }[] } };
      res.writeHead(200, { "content-type": "application/json" });
      if (query.includes("_service")) return res.end(JSON.stringify({ data: { _service: { sdl } } }));
      if (query.includes("representations: $r")) {
        return res.end(JSON.stringify({ data: { _entities: (variables.r ?? []).map((r) => ({ id: r.id, housingNeed: `needs a flat, asked ${Date.now()}` })) } }));
      }
      res.end(JSON.stringify({ errors: [{ message: `cannot resolve ${query}`, extensions: { stacktrace: ["Error: boom", "    at resolve (housing.js:1:1)"] } }] }));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", () => resolve()));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`, close: () => new Promise<void>((resolve) => http.close(() => resolve())) };
}

describe("the conformance suite", () => {
  const running: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const stop of running) await stop();
  });

  it.each(readNetwork().filter((subgraph) => subgraph.server).map((subgraph) => [subgraph.name, subgraph] as const))(
    "passes the network's subgraph %s",
    async (name, subgraph) => {
      const create = await importExport<Factory>(subgraph.server!);
      const services = await startServices(subgraph.uses);
      const db = await openDatabase();
      const started = await create({ db, seed: true, services: services.endpoints });
      running.push(async () => {
        await started.stop();
        await db.close();
        await services.stop();
      });
      const { url } = await started.listen(0);
      const results = await runConformance({ name, url, composesWith: (sdl) => compositionErrors({ [name]: sdl }) });
      expect(failures(results)).toEqual([]);
      // 11 for every subgraph; existence, sensitive, writes and audit where it resolves personal
      // Pathway fields and writes about her; the two release checks where it takes a cohort.
      expect(results.length).toBeGreaterThanOrEqual(15);
    },
    120_000,
  );

  it("fails a careless subgraph, saying what it got wrong", async () => {
    const server = await careless();
    running.push(server.close);
    const results = await runConformance({ name: "housing", url: server.url });
    const failed = Object.fromEntries(results.filter((result) => !result.passed).map((result) => [result.check, result.detail]));
    expect(failed).toMatchObject({
      "refuses a request without an assertion (401)": "answered without an assertion",
      "refuses an assertion signed by another key (401)": "accepted a foreign signature",
      "refuses an assertion for another subgraph (401)": "accepted another audience",
      "refuses an expired assertion (401)": "accepted an expired assertion",
      "refuses an assertion replayed (401)": expect.stringMatching(/replay HTTP 200/),
      "refuses an assertion bound to another request (401)": "accepted an assertion minted for another query",
      "labels personal fields with known categories, each nullable": expect.stringMatching(/Pathway\.housingNeed is non-null/),
      "answers bad input with a coded error, no stack, no echo": "an error without extensions.code",
      "sealed pathways release nothing and disclose nothing; unknown, sealed and foreign answer alike": expect.stringMatching(/a pathway her holder sealed answers no error and releases housingNeed/),
      "releases nothing sensitive without a receipt permitting its category": "housingNeed (HOUSING) not refused when every category but HOUSING is permitted",
    });
  });
});
