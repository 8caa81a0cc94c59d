import { randomUUID } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readSupergraph } from "@percorsi/schema/supergraph";
import { devTokenFor } from "../src/auth/dev-tokens.js";
import { FAIRNESS_CODES, type FairnessOptions } from "../src/fairness/org-fairness.js";
import { createGateway, type Gateway } from "../src/server.js";

/**
 * Every subgraph is this server: while `hold` is on it keeps each request open (work in flight),
 * otherwise it drops the connection at once (the gateway answers SUBGRAPH_UNAVAILABLE quickly).
 */
async function controllableSubgraph() {
  const held: ServerResponse[] = [];
  const state = { hold: true };
  const http = createServer((_req, res) => {
    if (state.hold) held.push(res);
    else res.destroy();
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", () => resolve()));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
  return {
    urls: { "anti-violence": url, employment: url, training: url },
    state,
    held,
    release: () => held.splice(0).forEach((res) => res.destroy()),
    close: () => new Promise<void>((resolve) => (http.closeAllConnections(), http.close(() => resolve()))),
  };
}

const METRICS_TOKEN = "fairness-test-metrics-token";
/** Costs 100 + 2,000 + 1 + 10 = 2,111 (NETWORK_COST_MODEL). */
const CASELOAD = `{ jobCentreCaseload(first: 10) { nodes { id } } }`;
/** Costs 100 + 20,000 + 1 + 1 = 20,102. */
const PATHWAYS = `{ pathways(first: 1) { nodes { id } } }`;

async function post(base: string, token: string, query: string, purpose = "JOB_PLACEMENT") {
  const response = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "x-purpose": purpose },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body, code: body.errors?.[0]?.extensions?.code };
}

async function startGateway(urls: Record<string, string>, fairness: Partial<FairnessOptions>) {
  const gateway = await createGateway({ supergraphSdl: readSupergraph(), subgraphUrls: urls, fairness, resilience: { subgraphTimeoutMs: 30_000, requestDeadlineMs: 30_000 } });
  const server = await gateway.listen(0);
  return { gateway, base: `http://127.0.0.1:${server.port}` };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe("per-organisation fairness (memory store)", () => {
  let subgraph: Awaited<ReturnType<typeof controllableSubgraph>>;
  let gateway: Gateway;
  let base: string;
  let jobCentre: string;
  let otherJobCentre: string;
  let centre: string;
  beforeAll(async () => {
    subgraph = await controllableSubgraph();
    vi.stubEnv("METRICS_TOKEN", METRICS_TOKEN);
    ({ gateway, base } = await startGateway(subgraph.urls, { concurrentCost: 3_000, rateCost: 50_000, rateWindowSeconds: 60, redisUrl: null }));
    vi.unstubAllEnvs();
    [jobCentre, otherJobCentre, centre] = await Promise.all([devTokenFor("op-cpi-centro"), devTokenFor("risk-cpi-centro"), devTokenFor("op-aurora")]);
  });
  afterAll(async () => {
    subgraph?.release();
    await gateway?.stop();
    await subgraph?.close();
  });

  it("caps an organisation's work in flight, refusing with 429, Retry-After and a stable code; other organisations go on", async () => {
    subgraph.state.hold = true;
    const first = post(base, jobCentre, CASELOAD);
    await until(() => subgraph.held.length === 1);
    // The same organisation (another of its users too): over its share while the first runs.
    for (const token of [jobCentre, otherJobCentre]) {
      const refused = await post(base, token, CASELOAD);
      expect(refused.status).toBe(429);
      expect(refused.code).toBe(FAIRNESS_CODES.concurrent);
      expect(refused.retryAfter).toBe("1");
      expect(refused.body.errors?.[0]?.extensions?.retryAfter).toBe(1);
      expect(refused.body.errors?.[0]?.extensions).not.toHaveProperty("stacktrace");
      expect(refused.body.data).toBeUndefined();
    }
    // Another organisation is admitted (its request reaches the subgraph).
    const other = post(base, centre, CASELOAD, "EMPOWERMENT_PLAN");
    await until(() => subgraph.held.length === 2);
    expect(subgraph.held).toHaveLength(2);
    subgraph.release();
    subgraph.state.hold = false;
    expect((await first).status).toBe(200);
    expect((await other).status).toBe(200);
    // Its share is back once the first has answered.
    expect((await post(base, jobCentre, CASELOAD)).code).not.toBe(FAIRNESS_CODES.concurrent);
  });

  it("always admits one request of an organisation with nothing in flight, even one costing more than the cap", async () => {
    subgraph.state.hold = false;
    const answer = await post(base, centre, PATHWAYS, "EMPOWERMENT_PLAN");
    expect(answer.status).toBe(200);
  });

  it("limits the cost an organisation spends per window, with Retry-After until the window ends", async () => {
    subgraph.state.hold = false;
    const codes: unknown[] = [];
    let refusal: Awaited<ReturnType<typeof post>> | undefined;
    // 50,000 a window: this organisation spent 2 × 2,111 above; 20,102 each now, so the third is refused.
    for (let i = 0; i < 4 && !refusal; i++) {
      const answer = await post(base, otherJobCentre, PATHWAYS);
      codes.push(answer.code);
      if (answer.status === 429) refusal = answer;
    }
    expect(refusal?.code).toBe(FAIRNESS_CODES.rate);
    expect(Number(refusal?.retryAfter)).toBeGreaterThan(0);
    expect(Number(refusal?.retryAfter)).toBeLessThanOrEqual(60);
    expect(codes.filter((code) => code === FAIRNESS_CODES.rate)).toHaveLength(1);
    // Another organisation is untouched.
    expect((await post(base, centre, CASELOAD, "EMPOWERMENT_PLAN")).status).toBe(200);
  });

  it("counts refusals in /metrics by code only", async () => {
    const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(text).toMatch(/percorsi_fairness_refusals_total\{code="TOO_MANY_CONCURRENT_REQUESTS"\} 2/);
    expect(text).toMatch(/percorsi_fairness_refusals_total\{code="RATE_LIMITED"\} 1/);
    expect(text).not.toContain("cpi-milano-centro");
  });
});

describe("per-organisation rate limit in Redis, shared by two gateway replicas", () => {
  const keyPrefix = `percorsi-test:fair:${randomUUID()}`;
  let subgraph: Awaited<ReturnType<typeof controllableSubgraph>>;
  let replicas: { gateway: Gateway; base: string }[];
  let redis: Redis;
  beforeAll(async () => {
    subgraph = await controllableSubgraph();
    subgraph.state.hold = false;
    const options = { concurrentCost: 100_000, rateCost: 50_000, rateWindowSeconds: 60, redisUrl: process.env.REDIS_URL || "redis://127.0.0.1:6379", keyPrefix };
    replicas = [await startGateway(subgraph.urls, options), await startGateway(subgraph.urls, options)];
    redis = new Redis(options.redisUrl);
  });
  afterAll(async () => {
    await Promise.all((replicas ?? []).map(({ gateway }) => gateway.stop()));
    await subgraph?.close();
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it("refuses on one replica what the organisation spent on the other", async () => {
    const [a, b] = replicas;
    const token = await devTokenFor("op-cpi-centro");
    // 2 × 20,102 on replica A: within 50,000.
    expect((await post(a!.base, token, PATHWAYS)).status).toBe(200);
    expect((await post(a!.base, token, PATHWAYS)).status).toBe(200);
    // The third, on replica B, passes the shared 50,000.
    const refused = await post(b!.base, token, PATHWAYS);
    expect(refused.status).toBe(429);
    expect(refused.code).toBe(FAIRNESS_CODES.rate);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    // Stored under its own prefix, keyed by organisation id only.
    expect(await redis.keys(`${keyPrefix}*`)).toEqual([`${keyPrefix}:cpi-milano-centro`]);
    // Another organisation on B is untouched.
    expect((await post(b!.base, await devTokenFor("op-aurora"), PATHWAYS, "EMPOWERMENT_PLAN")).status).toBe(200);
  });
});
