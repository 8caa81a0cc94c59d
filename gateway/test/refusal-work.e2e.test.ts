import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoNetwork, demoRefusalProbes, type RefusalProbe } from "@percorsi/demo";
import type { Purpose } from "@percorsi/schema";
import { startTestNetwork, type SubgraphName, type TestNetwork } from "./network.js";
import { readNetwork } from "@percorsi/schema/network";

// Refusals are no oracle by the work they cost either (issue: existence by timing). Each refused
// request of `demoRefusalProbes` (the ones `npm run bench:timing` times) is made with an id nobody
// issued and with existing ids of several kinds; every kind must cost the same work: the same
// fetches from the gateway to the same subgraphs (receipts included), the same number of SQL
// statements in each subgraph, the same number of audit entries, and the very same answer.
// Time itself is measured by the benchmark, not here: work is what a test can pin down.

let net: TestNetwork;
beforeAll(async () => {
  net = await startTestNetwork({ recordSubgraphRequests: true });
}, 240_000);
afterAll(() => net?.stop());

const SUBGRAPHS = readNetwork().map((s) => s.name as SubgraphName);
const settle = () => new Promise((resolve) => setTimeout(resolve, 40));

async function auditRows(): Promise<Record<string, number>> {
  const counts = await Promise.all(
    SUBGRAPHS.map(async (name) => (await net.subgraphs[name]!.db.query<{ n: number }>("select count(*)::int as n from audit_log"))[0]!.n),
  );
  return Object.fromEntries(SUBGRAPHS.map((name, index) => [name, counts[index]!]));
}

/** What one request cost, and what it answered (ids replaced, so that kinds compare). */
async function workOf(probe: RefusalProbe, id: string) {
  await settle();
  const statements = net.roundTrips();
  const audit = await auditRows();
  const fetched = net.subgraphRequests.length;
  const answer = await net.query(probe.user, probe.query, probe.variables(id), probe.purpose as Purpose);
  // Entries written off the answer's path (a refusal by a mutation's own rule) count too.
  await settle();
  const after = net.roundTrips();
  const auditAfter = await auditRows();
  return {
    // Less the statements that counted the audit rows themselves.
    statements: Object.fromEntries(SUBGRAPHS.map((name) => [name, after[name]! - statements[name]! - 1])),
    audit: Object.fromEntries(SUBGRAPHS.map((name) => [name, auditAfter[name]! - audit[name]!])),
    fetches: net.subgraphRequests.slice(fetched).map((request) => ({
      subgraph: request.subgraph,
      query: request.query,
      receipts: request.headers["x-percorsi-consent-receipts"] === undefined ? 0 : String(request.headers["x-percorsi-consent-receipts"]).split(",").length,
    })),
    answer: JSON.parse(JSON.stringify({ status: answer.status, data: answer.data, errors: answer.errors }).split(id).join("<id>")),
  };
}

describe("a refusal costs the same work whether the id exists", () => {
  for (const probe of demoRefusalProbes(demoNetwork())) {
    it(`${probe.name.replace(/\s+/g, " ")}: unknown, ${Object.keys(probe.targets).join(", ")}`, async () => {
      const kinds = Object.keys(probe.targets);
      // Warm-up: plans, caches of the code paths, the authority's sample of stand-ins (decoys).
      for (const kind of ["unknown", ...kinds]) await workOf(probe, kind === "unknown" ? randomUUID() : probe.targets[kind]!);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const unknown = await workOf(probe, randomUUID());
      expect(unknown.answer.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
      expect(unknown.statements["anti-violence"]! + unknown.statements.employment! + unknown.statements.training!).toBeGreaterThan(0);
      for (const kind of kinds) {
        expect(await workOf(probe, probe.targets[kind]!), kind).toEqual(unknown);
      }
    }, 120_000);
  }
});
