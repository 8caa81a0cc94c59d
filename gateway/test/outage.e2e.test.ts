import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildASTSchema, getNamedType, isNonNullType, isEnumType, isScalarType, parse, type GraphQLField } from "graphql";
import { FAILURE_CODES } from "@percorsi/kit";
import { errorAt, postGraphQL, type GraphQLResponse } from "@percorsi/kit/testing";
import type { Purpose } from "@percorsi/schema";
import { readApiSchema, readSupergraph } from "@percorsi/schema/supergraph";
import { createGateway, type Gateway } from "../src/server.js";
import { startTestNetwork, type SubgraphName, type TestNetwork } from "./network.js";
import { readNetwork } from "@percorsi/schema/network";

// An outage costs only its own paths: with any one subgraph stopped, every root field of the
// others answers as it does with all up, and the stopped one's roots answer null with
// SUBGRAPH_UNAVAILABLE at their own path; `data` is never null. The roots are read from the
// schema, so a new root field (or subgraph) is covered without editing this test.

const SUBGRAPHS = readNetwork().map((s) => s.name as SubgraphName);
const CALLERS: { user: string; purpose: Purpose }[] = [
  { user: "op-aurora", purpose: "EMPOWERMENT_PLAN" },
  { user: "op-cpi-centro", purpose: "JOB_PLACEMENT" },
  { user: "op-training", purpose: "TRAINING" },
  { user: "analyst", purpose: "MONITORING" },
];

/** Every Query root with the subgraph that owns it (from the supergraph's `@join__field`). */
function rootOwners(): Map<string, SubgraphName> {
  const owners = new Map<string, SubgraphName>();
  const query = readSupergraph().match(/\ntype Query\n[\s\S]*?\n}\n/)![0];
  for (const match of query.matchAll(/^ {2}(\w+)(?:\([\s\S]*?\))?: [^\n]*@join__field\(graph: (\w+)\)/gm)) {
    owners.set(match[1]!, match[2]!.toLowerCase().replace(/_/g, "-") as SubgraphName);
  }
  return owners;
}

/** One operation with every root field, its required arguments filled with harmless values. */
function everyRoot(): string {
  const schema = buildASTSchema(parse(readApiSchema()), { assumeValidSDL: true });
  const value = (type: string) => (type === "LocalDate" ? `"2025-01-01"` : type === "ID" ? `"00000000-0000-4000-8000-000000000000"` : `""`);
  const argumentsOf = (field: GraphQLField<unknown, unknown>) => {
    const required = field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
    return required.length ? `(${required.map((arg) => `${arg.name}: ${value(getNamedType(arg.type).name)}`).join(", ")})` : "";
  };
  const fields = Object.values(schema.getQueryType()!.getFields()).map((field) => {
    const named = getNamedType(field.type);
    const leaf = isScalarType(named) || isEnumType(named);
    return `${field.name}${argumentsOf(field)}${leaf ? "" : " { __typename }"}`;
  });
  return `{ ${fields.join(" ")} }`;
}

async function deadUrl(): Promise<string> {
  const http = createServer();
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", () => resolve()));
  const { port } = http.address() as AddressInfo;
  await new Promise<void>((resolve) => http.close(() => resolve()));
  return `http://127.0.0.1:${port}/graphql`;
}

let net: TestNetwork;
const gateways: Gateway[] = [];
/** A gateway over the test network with one subgraph stopped (nothing listens at its address). */
const without = new Map<SubgraphName, string>();
beforeAll(async () => {
  net = await startTestNetwork();
  for (const down of SUBGRAPHS) {
    const gateway = await createGateway({
      supergraphSdl: readSupergraph(),
      subgraphUrls: { ...Object.fromEntries(SUBGRAPHS.map((name) => [name, net.subgraphs[name]!.url])), [down]: await deadUrl() },
      resilience: { subgraphTimeoutMs: 2000, requestDeadlineMs: 10_000 },
    });
    gateways.push(gateway);
    without.set(down, (await gateway.listen(0)).url);
  }
}, 120_000);
afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.stop()));
  await net?.stop();
});

async function ask(url: string, user: string, purpose: Purpose, query: string): Promise<GraphQLResponse> {
  return postGraphQL(url, query, {}, { authorization: `Bearer ${await net.token(user)}`, "x-purpose": purpose });
}
const errorsAt = (response: GraphQLResponse, root: string) =>
  (response.errors ?? []).filter((error) => error.path?.[0] === root).map((error) => ({ path: error.path, code: error.extensions?.code, reason: error.extensions?.reason }));

describe("one subgraph down, a query over every root field", () => {
  const owners = rootOwners();
  const query = everyRoot();

  it("reads its roots from the schema (every subgraph owns some)", () => {
    for (const subgraph of SUBGRAPHS) expect([...owners.values()]).toContain(subgraph);
    const roots = Object.keys(buildASTSchema(parse(readApiSchema()), { assumeValidSDL: true }).getQueryType()!.getFields());
    expect([...owners.keys()].sort()).toEqual(roots.sort());
  });

  describe.each(SUBGRAPHS)("%s stopped", (down) => {
    it.each(CALLERS)("answers $user the other subgraphs' roots as with all up, and null + SUBGRAPH_UNAVAILABLE at its own", async ({ user, purpose }) => {
      const baseline = await net.query(user, query, {}, purpose);
      const degraded = await ask(without.get(down)!, user, purpose, query);
      expect(degraded.status).toBe(200);
      expect(degraded.data, "data is never null").not.toBeNull();
      for (const [root, owner] of owners) {
        if (owner === down) {
          expect(degraded.data[root], root).toBeNull();
          expect(errorAt(degraded, root)?.extensions?.code, root).toBe(FAILURE_CODES.unavailable);
        } else {
          expect(degraded.data[root], root).toEqual(baseline.data[root]);
          expect(errorsAt(degraded, root), root).toEqual(errorsAt(baseline, root));
        }
      }
      // No error anywhere else, and none that says more than its code.
      expect((degraded.errors ?? []).every((error) => owners.has(String(error.path?.[0])))).toBe(true);
      expect(JSON.stringify(degraded.errors)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|stack/);
    });
  });

  it("keeps a job centre's caseload listed when the case-holders' subgraph is down: only what it holds is lost", async () => {
    const caseload = `{ jobCentreCaseload(first: 5) { totalCount nodes { id stage holder { name } jobSeeker { status } } } }`;
    const baseline = await net.query("op-cpi-centro", caseload, {}, "JOB_PLACEMENT");
    const degraded = await ask(without.get("anti-violence")!, "op-cpi-centro", "JOB_PLACEMENT", caseload);
    const nodes = degraded.data.jobCentreCaseload.nodes as { id: string; stage: unknown; holder: unknown }[];
    expect(nodes.map((node) => node.id)).toEqual(baseline.data.jobCentreCaseload.nodes.map((node: { id: string }) => node.id));
    expect(nodes.length).toBeGreaterThan(0);
    for (const [i, node] of nodes.entries()) {
      expect(node.stage).toBeNull();
      expect(errorAt(degraded, `jobCentreCaseload.nodes.${i}.stage`)?.extensions?.code).toBe(FAILURE_CODES.unavailable);
    }
  });

  it("keeps vacancies and courses when the directory (anti-violence) is down: only the organisations' names are lost", async () => {
    const listing = `{ vacancies(first: 3) { nodes { id title jobCentre { id name } } } }`;
    const degraded = await ask(without.get("anti-violence")!, "op-cpi-centro", "JOB_PLACEMENT", listing);
    const nodes = degraded.data.vacancies.nodes as { id: string; title: string; jobCentre: { id: string; name: string | null } }[];
    expect(nodes).toHaveLength(3);
    for (const [i, node] of nodes.entries()) {
      expect(node.title).toEqual(expect.any(String));
      expect(node.jobCentre).toEqual({ id: expect.any(String), name: null });
      expect(errorAt(degraded, `vacancies.nodes.${i}.jobCentre.name`)?.extensions?.code).toBe(FAILURE_CODES.unavailable);
    }
    const courses = await ask(without.get("anti-violence")!, "op-training", "TRAINING", `{ courses(first: 3) { nodes { title trainingBody { id name } } } }`);
    expect(courses.data.courses.nodes).toHaveLength(3);
    expect(courses.data.courses.nodes[0].trainingBody).toEqual({ id: expect.any(String), name: null });
  });
});
