import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEADLINE_HEADER, FAILURE_CODES, openDatabase, type RunningServer, type Subgraph } from "@percorsi/kit";
import { errorAt, postGraphQL, type GraphQLResponse } from "@percorsi/kit/testing";
import { readSupergraph } from "@percorsi/schema/supergraph";
import { devTokenFor } from "../src/auth/dev-tokens.js";
import type { ResilienceOptions } from "../src/resilience/resilient-source.js";
import { createGateway, type Gateway } from "../src/server.js";
import { createAntiViolenceSubgraph } from "@percorsi/anti-violence";

/** A subgraph that accepts connections and never answers; it notes each request and when its caller gave up. */
async function hungSubgraph() {
  const received: { at: number; closedAt?: number; deadlineMs?: string }[] = [];
  const http: Server = createServer((req: IncomingMessage, res) => {
    const entry: { at: number; closedAt?: number; deadlineMs?: string } = { at: Date.now(), deadlineMs: req.headers[DEADLINE_HEADER] as string | undefined };
    received.push(entry);
    res.on("close", () => (entry.closedAt = Date.now()));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", () => resolve()));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`,
    received,
    close: () => new Promise<void>((resolve) => (http.closeAllConnections(), http.close(() => resolve()))),
  };
}

/** A URL where nothing listens: a killed subgraph. */
async function deadUrl(): Promise<string> {
  const http = createServer();
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", () => resolve()));
  const { port } = http.address() as AddressInfo;
  await new Promise<void>((resolve) => http.close(() => resolve()));
  return `http://127.0.0.1:${port}/graphql`;
}

const CROSS = `{ pathways(first: 5) { nodes { id stage jobSeeker { status } enrolments { status } } } }`;

describe("a failed or slow subgraph costs only its own paths", () => {
  let antiViolence: { subgraph: Subgraph<unknown>; server: RunningServer };
  let hung: Awaited<ReturnType<typeof hungSubgraph>>;
  let dead: string;
  let token: string;
  const gateways: Gateway[] = [];

  /** A gateway over the real anti-violence subgraph, employment hung and training dead. */
  async function degradedGateway(resilience: Partial<ResilienceOptions>) {
    const gateway = await createGateway({
      supergraphSdl: readSupergraph(),
      subgraphUrls: { "anti-violence": antiViolence.server.url, employment: hung.url, training: dead, housing: dead },
      resilience,
    });
    gateways.push(gateway);
    const server = await gateway.listen(0);
    return (query: string, init: { signal?: AbortSignal } = {}) =>
      init.signal
        ? fetch(server.url, {
            method: "POST",
            signal: init.signal,
            headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "x-purpose": "EMPOWERMENT_PLAN" },
            body: JSON.stringify({ query }),
          }).then(() => ({ status: 0 }) as GraphQLResponse)
        : postGraphQL(server.url, query, {}, { authorization: `Bearer ${token}`, "x-purpose": "EMPOWERMENT_PLAN" });
  }

  beforeAll(async () => {
    // Only the anti-violence subgraph is real: employment hangs, training is gone.
    const subgraph = (await createAntiViolenceSubgraph({ db: await openDatabase(), seed: true })) as Subgraph<unknown>;
    antiViolence = { subgraph, server: await subgraph.listen(0) };
    hung = await hungSubgraph();
    dead = await deadUrl();
    token = await devTokenFor("op-aurora");
  });
  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await hung?.close();
    await antiViolence?.subgraph.stop();
    await antiViolence?.subgraph.db.close();
  });

  it("answers a hung subgraph's paths SUBGRAPH_TIMEOUT within the timeout and a dead one's SUBGRAPH_UNAVAILABLE, the rest intact", async () => {
    const ask = await degradedGateway({ subgraphTimeoutMs: 400, requestDeadlineMs: 10_000 });
    const started = performance.now();
    const response = await ask(CROSS);
    const elapsed = performance.now() - started;
    expect(response.status).toBe(200);
    expect(elapsed).toBeLessThan(400 + 1500);
    const nodes = response.data.pathways.nodes as { id: string; stage: string; jobSeeker: unknown; enrolments: unknown }[];
    expect(nodes).toHaveLength(5);
    for (const [i, node] of nodes.entries()) {
      expect(node.id).toEqual(expect.any(String));
      expect(node.stage).toEqual(expect.any(String));
      expect(node.jobSeeker).toBeNull();
      expect(node.enrolments).toBeNull();
      expect(errorAt(response, `pathways.nodes.${i}.jobSeeker`)?.extensions?.code).toBe(FAILURE_CODES.timeout);
      expect(errorAt(response, `pathways.nodes.${i}.enrolments`)?.extensions?.code).toBe(FAILURE_CODES.unavailable);
    }
    // Nothing but those paths failed, and no error without a path.
    expect(response.errors?.every((error) => error.path && ["jobSeeker", "enrolments"].includes(String(error.path.at(-1))))).toBe(true);
    expect(JSON.stringify(response.errors)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|stack/);
  });

  it("answers a dead subgraph's root fields SUBGRAPH_UNAVAILABLE next to another subgraph's data", async () => {
    const ask = await degradedGateway({ subgraphTimeoutMs: 400, requestDeadlineMs: 10_000 });
    const response = await ask(`{ organisations { id } course(id: "c-1") { title } }`);
    expect(response.status).toBe(200);
    expect(response.data.organisations.length).toBeGreaterThan(3);
    expect(response.data.course).toBeNull();
    expect(errorAt(response, "course")?.extensions?.code).toBe(FAILURE_CODES.unavailable);
    expect(response.errors).toHaveLength(1);
  });

  it("ends a request at its deadline with what it has, and tells each subgraph how long it waits", async () => {
    const ask = await degradedGateway({ subgraphTimeoutMs: 30_000, requestDeadlineMs: 300 });
    const before = hung.received.length;
    const started = performance.now();
    const response = await ask(CROSS);
    // The subgraph stops its own work (SQL included) when this much time has passed.
    const announced = Number(hung.received[before]?.deadlineMs);
    expect(announced).toBeGreaterThan(0);
    expect(announced).toBeLessThanOrEqual(300);
    expect(performance.now() - started).toBeLessThan(300 + 1500);
    expect(response.data.pathways.nodes[0].stage).toEqual(expect.any(String));
    expect(errorAt(response, "pathways.nodes.0.jobSeeker")?.extensions?.code).toBe(FAILURE_CODES.deadline);
  });

  it("abandons the subgraph fetches of a caller that disconnects", async () => {
    const ask = await degradedGateway({ subgraphTimeoutMs: 30_000, requestDeadlineMs: 30_000 });
    const before = hung.received.length;
    const caller = new AbortController();
    const answer = ask(CROSS, { signal: caller.signal }).catch(() => null);
    // Wait until the gateway's fetch reaches the hung subgraph, then hang up.
    const deadline = Date.now() + 5000;
    while (hung.received.length === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(hung.received.length).toBeGreaterThan(before);
    const hungUpAt = Date.now();
    caller.abort();
    await answer;
    const fetch = hung.received[before]!;
    while (fetch.closedAt === undefined && Date.now() < hungUpAt + 3000) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fetch.closedAt).toBeDefined();
    expect(fetch.closedAt! - hungUpAt).toBeLessThan(1000);
  });
});
