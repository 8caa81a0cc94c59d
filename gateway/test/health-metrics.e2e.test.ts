import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { demoNetwork } from "@percorsi/demo";
import { startTestNetwork, type TestNetwork } from "./network.js";
import { readNetwork } from "@percorsi/schema/network";

const TOKEN = "metrics-token-for-this-test-only";

/** A sample's value in Prometheus text (a metric without labels). */
function sample(text: string, name: string): number {
  const value = new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1];
  if (value === undefined) throw new Error(`no ${name} in the exposition`);
  return Number(value);
}

describe("health and metrics", () => {
  let network: TestNetwork;
  let services: Record<string, string>;
  beforeAll(async () => {
    vi.stubEnv("METRICS_TOKEN", TOKEN);
    network = await startTestNetwork();
    vi.unstubAllEnvs();
    services = {
      gateway: network.gatewayUrl,
      ...Object.fromEntries(Object.entries(network.subgraphs).map(([name, { url }]) => [name, url])),
    };
  });
  afterAll(() => network?.stop());

  const metrics = (url: string, authorization?: string) =>
    fetch(new URL("/metrics", url), { headers: authorization ? { authorization } : {} });

  it("a subgraph's health, unauthenticated, says live and ready (store, audit) and nothing more", async () => {
    for (const { url } of Object.values(network.subgraphs)) {
      const live = await fetch(new URL("/health/live", url));
      expect(live.status).toBe(200);
      expect(await live.json()).toEqual({ status: "ok" });
      for (const path of ["/health/ready", "/health"]) {
        const response = await fetch(new URL(path, url));
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ status: "ok", checks: { store: "ok", audit: "ok" } });
      }
    }
    for (const path of ["/health/live", "/health/ready"]) {
      const response = await fetch(new URL(path, network.gatewayUrl));
      expect(await response.json()).toEqual({ status: "ok" });
    }
  });

  it("/metrics answers 401 without the token, or with another one", async () => {
    for (const url of Object.values(services)) {
      for (const authorization of [undefined, "Bearer wrong-token-of-the-same-size!", `Basic ${TOKEN}`, TOKEN]) {
        const response = await metrics(url, authorization);
        expect(response.status).toBe(401);
        expect(await response.text()).not.toContain("process_cpu");
      }
    }
  });

  it("/metrics with the token gives CPU seconds, requests and SQL statements, which grow with the work", async () => {
    const before = Object.fromEntries(await Promise.all(Object.entries(services).map(async ([name, url]) => [name, await (await metrics(url, `Bearer ${TOKEN}`)).text()] as const)));
    for (const [name, text] of Object.entries(before)) {
      expect(text, name).toMatch(/^process_cpu_seconds_total \d/m);
      expect(text, name).toMatch(/^percorsi_graphql_requests_total \d/m);
      if (name !== "gateway") expect(text, name).toMatch(/^percorsi_sql_statements_total \d/m);
    }
    const answer = await network.query("op-cpi-centro", "{ jobCentreCaseload(first: 5) { nodes { id stage jobSeeker { status } } } }", {}, "JOB_PLACEMENT");
    expect(answer.data.jobCentreCaseload.nodes.length).toBeGreaterThan(0);
    const after = Object.fromEntries(await Promise.all(Object.entries(services).map(async ([name, url]) => [name, await (await metrics(url, `Bearer ${TOKEN}`)).text()] as const)));
    expect(sample(after.gateway!, "percorsi_graphql_requests_total")).toBe(sample(before.gateway!, "percorsi_graphql_requests_total") + 1);
    for (const name of ["anti-violence", "employment"]) {
      expect(sample(after[name]!, "percorsi_graphql_requests_total")).toBeGreaterThan(sample(before[name]!, "percorsi_graphql_requests_total"));
      expect(sample(after[name]!, "percorsi_sql_statements_total")).toBeGreaterThan(sample(before[name]!, "percorsi_sql_statements_total"));
    }
    expect(sample(after.employment!, "percorsi_sql_statements_total")).toBe(network.roundTrips().employment);

    // Nothing from requests or records: no ids, no organisations, no people; our own metrics carry
    // no labels but the refusal reasons and codes, words fixed in code.
    const demo = demoNetwork();
    for (const text of Object.values(after)) {
      for (const id of answer.data.jobCentreCaseload.nodes.map((node: { id: string }) => node.id)) expect(text).not.toContain(id);
      for (const word of ["op-cpi-centro", "cpi-milano-centro", "JOB_PLACEMENT", demo.pathways[0]!.id]) expect(text).not.toContain(word);
      const labelled = text.split("\n").filter((line) => /^percorsi_\w+\{/.test(line));
      for (const line of labelled) {
        expect(line).toMatch(
          /^(percorsi_operation_refusals_total\{reason="(document_not_found|not_safelisted|ambiguous)"\}|percorsi_fairness_refusals_total\{code="(RATE_LIMITED|TOO_MANY_CONCURRENT_REQUESTS)"\}|percorsi_rest_calls_total\{service="housing-registry",endpoint="(GET|POST) \/(needs|applications|allocations)"\}) \d+$/,
        );
      }
    }
  });

  it("the gateway's /health still says which subgraphs are up", async () => {
    const response = await fetch(new URL("/health", network.gatewayUrl));
    expect(await response.json()).toEqual({ status: "ok", subgraphs: Object.fromEntries(readNetwork().map((s) => [s.name, "ok"])) });
  });
});
