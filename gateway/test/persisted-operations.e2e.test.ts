import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ConfigurationError } from "@percorsi/kit";
import { readSupergraph } from "@percorsi/schema/supergraph";
import { sha256Hex } from "../src/operations/persisted-operations.js";
import { createGateway, type Gateway } from "../src/server.js";
import { startTestNetwork, type TestNetwork } from "./network.js";

const METRICS_TOKEN = "metrics-token-for-this-test-only";

// A federated operation (anti-violence, then employment for jobSeeker) with a variable.
const CASELOAD = `query Caseload($first: Int!) {
  pathways(first: $first) { totalCount nodes { id stage jobSeeker { status } } }
}`;
const DIRECTORY = "query Directory { organisations { id name type } }";
const NOT_REGISTERED = "query Unregistered { organisations { id } }";
// Registered, yet over the gateway's alias limit (30): a manifest is no way around the limits.
const TOO_MANY_ALIASES = `query Aliases { ${Array.from({ length: 31 }, (_, i) => `a${i}: organisations { id }`).join(" ")} }`;

const caseloadId = sha256Hex(CASELOAD);

/** The caseload's only errors are her consent's: a registration is refused where she did not open it to the centre. */
function onlyConsentRefusals(body: { errors?: { path?: unknown[]; extensions?: { code?: string } }[] }): void {
  for (const error of body.errors ?? []) {
    expect(error.extensions?.code).toBe("FORBIDDEN");
    expect(error.path).toEqual(["pathways", "nodes", expect.any(Number), "jobSeeker"]);
  }
}

interface Answer {
  status: number;
  body: any;
}

describe("persisted operations through the gateway", () => {
  let network: TestNetwork;
  let safelisted: Gateway;
  let safelistUrl: string;
  let manifests: string;
  let operator: Record<string, string>;

  beforeAll(async () => {
    manifests = mkdtempSync(join(tmpdir(), "persisted-e2e-"));
    writeFileSync(join(manifests, "dashboard.json"), JSON.stringify({ [caseloadId]: CASELOAD, [sha256Hex(DIRECTORY)]: DIRECTORY, [sha256Hex(TOO_MANY_ALIASES)]: TOO_MANY_ALIASES }));
    vi.stubEnv("METRICS_TOKEN", METRICS_TOKEN);
    network = await startTestNetwork({ gateway: { persistedOperationsDir: manifests, safelist: false } });
    // The same subgraphs behind a second gateway, in safelist mode.
    safelisted = await createGateway({
      supergraphSdl: readSupergraph(),
      subgraphUrls: Object.fromEntries(Object.entries(network.subgraphs).map(([name, { url }]) => [name, url])),
      persistedOperationsDir: manifests,
      safelist: true,
    });
    vi.unstubAllEnvs();
    safelistUrl = (await safelisted.listen(0)).url;
    operator = {
      authorization: `Bearer ${await network.token("op-aurora")}`,
      "x-purpose": "EMPOWERMENT_PLAN",
      "content-type": "application/json",
    };
  });
  afterAll(async () => {
    await safelisted?.stop();
    await network?.stop();
    rmSync(manifests, { recursive: true, force: true });
  });

  const post = async (url: string, body: unknown): Promise<Answer> => {
    const response = await fetch(url, { method: "POST", headers: operator, body: JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
  };
  const get = async (url: string, params: Record<string, string>): Promise<Answer> => {
    const response = await fetch(`${url}?${new URLSearchParams(params)}`, { headers: { ...operator, "apollo-require-preflight": "true" } });
    return { status: response.status, body: await response.json() };
  };
  const code = (answer: Answer) => answer.body.errors?.[0]?.extensions?.code;

  it("a documentId answers what the same text answers, federated, with its variables", async () => {
    const byText = await post(network.gatewayUrl, { query: CASELOAD, variables: { first: 5 } });
    onlyConsentRefusals(byText.body);
    expect(byText.body.data.pathways.nodes.length).toBeGreaterThan(0);
    for (const documentId of [caseloadId, `sha256:${caseloadId}`]) {
      const byId = await post(network.gatewayUrl, { documentId, variables: { first: 5 }, operationName: "Caseload" });
      expect(byId.status).toBe(200);
      expect(byId.body).toEqual(byText.body);
    }
  });

  it("the registered text goes through the operation limits like any text", async () => {
    const answer = await post(network.gatewayUrl, { documentId: sha256Hex(TOO_MANY_ALIASES) });
    expect([answer.status, code(answer)]).toEqual([400, "OPERATION_TOO_MANY_ALIASES"]);
  });

  it("an unknown documentId is refused with its code, and the id is not echoed", async () => {
    const unknown = sha256Hex(NOT_REGISTERED);
    const answer = await post(network.gatewayUrl, { documentId: unknown });
    expect(answer.status).toBe(400);
    expect(code(answer)).toBe("PERSISTED_DOCUMENT_NOT_FOUND");
    expect(JSON.stringify(answer.body)).not.toContain(unknown);
  });

  it("query and documentId together are refused", async () => {
    const answer = await post(network.gatewayUrl, { query: CASELOAD, documentId: caseloadId, variables: { first: 1 } });
    expect([answer.status, code(answer)]).toEqual([400, "BAD_REQUEST"]);
  });

  it("without safelist mode, free text runs", async () => {
    const answer = await post(network.gatewayUrl, { query: NOT_REGISTERED });
    expect(answer.body.data.organisations.length).toBeGreaterThan(0);
  });

  describe("in safelist mode", () => {
    it("free text that is not registered is refused, and nothing of it runs", async () => {
      const answer = await post(safelistUrl, { query: NOT_REGISTERED });
      expect([answer.status, code(answer)]).toEqual([400, "OPERATION_NOT_SAFELISTED"]);
      expect(answer.body.data).toBeUndefined();
    });

    it("a batch is refused", async () => {
      const answer = await post(safelistUrl, [{ query: NOT_REGISTERED }]);
      expect(answer.status).toBe(400);
      expect(JSON.stringify(answer.body)).not.toContain('"organisations"');
    });

    it("a GET with a query string is refused", async () => {
      const answer = await get(safelistUrl, { query: NOT_REGISTERED });
      expect([answer.status, code(answer)]).toEqual([400, "OPERATION_NOT_SAFELISTED"]);
    });

    it("an APQ hash, alone or with its text, is refused unless registered", async () => {
      const persistedQuery = { version: 1, sha256Hash: sha256Hex(NOT_REGISTERED) };
      expect(code(await post(safelistUrl, { query: NOT_REGISTERED, extensions: { persistedQuery } }))).toBe("OPERATION_NOT_SAFELISTED");
      expect(code(await post(safelistUrl, { extensions: { persistedQuery } }))).toBe("OPERATION_NOT_SAFELISTED");
      const registered = await post(safelistUrl, { extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(DIRECTORY) } } });
      expect(registered.body.data.organisations.length).toBeGreaterThan(0);
    });

    it("a registered operation runs, sent as its exact text, as documentId, or by GET", async () => {
      const byText = await post(safelistUrl, { query: CASELOAD, variables: { first: 3 } });
      onlyConsentRefusals(byText.body);
      expect(byText.body.data.pathways.nodes).toHaveLength(3);
      const byId = await post(safelistUrl, { documentId: caseloadId, variables: { first: 3 } });
      expect(byId.body).toEqual(byText.body);
      const byGet = await get(safelistUrl, { documentId: caseloadId, variables: JSON.stringify({ first: 3 }) });
      expect(byGet.body).toEqual(byText.body);
      // One character more is another text.
      expect(code(await post(safelistUrl, { query: `${CASELOAD} `, variables: { first: 3 } }))).toBe("OPERATION_NOT_SAFELISTED");
    });

    it("refusals are counted by reason in /metrics, without text or values", async () => {
      const response = await fetch(new URL("/metrics", safelistUrl), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      const text = await response.text();
      const count = Number(/^percorsi_operation_refusals_total\{reason="not_safelisted"\} (\d+)$/m.exec(text)?.[1]);
      expect(count).toBeGreaterThanOrEqual(5);
      expect(text).not.toMatch(/Unregistered|organisations/);
    });

    it("GraphiQL says it is off, and why", async () => {
      const page = await (await fetch(new URL("/graphiql", safelistUrl))).text();
      expect(page).toContain("safelist mode");
      expect(page).not.toContain("graphiql.js");
    });
  });

  it("a manifest with a wrong hash refuses the start", async () => {
    const bad = mkdtempSync(join(tmpdir(), "persisted-bad-"));
    try {
      writeFileSync(join(bad, "partner.json"), JSON.stringify({ [sha256Hex(DIRECTORY)]: NOT_REGISTERED }));
      const start = createGateway({ supergraphSdl: readSupergraph(), persistedOperationsDir: bad });
      await expect(start).rejects.toBeInstanceOf(ConfigurationError);
      await expect(createGateway({ supergraphSdl: readSupergraph(), persistedOperationsDir: bad })).rejects.toThrow(/partner\.json.*does not hash to its key/);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});
