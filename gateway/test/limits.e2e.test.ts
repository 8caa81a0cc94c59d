import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_LIMITS, LIMIT_CODES } from "@percorsi/kit";
import { assertionHeaders, postGraphQL, testActor, type GraphQLResponse } from "@percorsi/kit/testing";
import { startTestNetwork, type TestNetwork } from "./network.js";

/** The reported attack: referrals → pathway → referrals, 30 levels deep (911 bytes). */
const DEEP = `{ pathways(first: 100) { nodes { ${"referrals { pathway { ".repeat(30)}id${" } }".repeat(30)} } } }`;
/** Within the depth limit, but every level multiplies: 100 pathways × 10 × 10 × 10 × 10... */
const SELF_REFERENCING = `{ pathways(first: 100) { nodes { id ${"referrals { status pathway { id stage ".repeat(4)}id${" } }".repeat(4)} } } }`;
/** 300 aliases of a page of 100 pathways: held every other caller for 15 s (and is over the token limit). */
const HEAVY_ALIASES = `{ ${Array.from({ length: 300 }, (_, i) => `a${i}: pathways(first: 100) { nodes { id stage referrals { status } } }`).join(" ")} }`;
/** 300 aliases within the token limit. */
const ALIASES = `{ ${Array.from({ length: 300 }, (_, i) => `a${i}: organisations { id }`).join(" ")} }`;
const ORDINARY = `{ pathways(first: 20) { totalCount nodes { id stage holder { name } referrals { status } } } }`;

const timed = async <T>(work: Promise<T>): Promise<{ result: T; ms: number }> => {
  const started = performance.now();
  const result = await work;
  return { result, ms: performance.now() - started };
};

const codeOf = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.code;

describe("operation limits, end to end", () => {
  let net: TestNetwork;
  beforeAll(async () => {
    net = await startTestNetwork({ recordSubgraphRequests: true });
  });
  afterAll(() => net?.stop());

  it("refuses the 30-level self-referencing query in milliseconds, with a stable code and nothing of it echoed", async () => {
    expect(DEEP.length).toBeLessThan(1000);
    await net.query("op-aurora", ORDINARY, {}, "EMPOWERMENT_PLAN"); // warm
    const before = net.subgraphRequests.length;
    const { result, ms } = await timed(net.query("op-aurora", DEEP, {}, "EMPOWERMENT_PLAN"));
    expect(result.status).toBe(400);
    expect(codeOf(result)).toBe(LIMIT_CODES.depth);
    expect(result.errors).toHaveLength(1);
    expect(JSON.stringify(result.errors)).not.toMatch(/referrals|pathway/i);
    expect(result.data).toBeUndefined();
    expect(ms).toBeLessThan(250);
    // Refused before planning: no subgraph saw any of it.
    expect(net.subgraphRequests.length).toBe(before);
  });

  it("catches a self-referencing path within the depth limit by its cost, multiplied by list sizes", async () => {
    const { result, ms } = await timed(net.query("op-aurora", SELF_REFERENCING, {}, "EMPOWERMENT_PLAN"));
    expect(result.status).toBe(400);
    expect(codeOf(result)).toBe(LIMIT_CODES.cost);
    expect(ms).toBeLessThan(250);
    // The same shape one level shallower and on a small page is an ordinary query.
    const small = await net.query(
      "op-aurora",
      `{ pathways(first: 5) { nodes { id referrals { status pathway { id stage } } } } }`,
      {},
      "EMPOWERMENT_PLAN",
    );
    expect(small.errors).toBeUndefined();
  });

  it("counts page sizes sent as variables", async () => {
    const query = `query($n: Int) { pathways(first: $n) { nodes { id referrals { pathway { referrals { pathway { referrals { id } } } } } } } }`;
    expect(codeOf(await net.query("op-aurora", query, { n: 100 }, "EMPOWERMENT_PLAN"))).toBe(LIMIT_CODES.cost);
    expect((await net.query("op-aurora", query, { n: 1 }, "EMPOWERMENT_PLAN")).errors).toBeUndefined();
  });

  it("refuses 300 aliases at once, and an ordinary caller meanwhile is not held up", async () => {
    const baseline = await timed(net.query("op-ginestra", ORDINARY, {}, "EMPOWERMENT_PLAN"));
    expect(baseline.result.errors).toBeUndefined();
    const attacks = Array.from({ length: 6 }, (_, i) => timed(net.query("op-aurora", i % 2 ? ALIASES : HEAVY_ALIASES, {}, "EMPOWERMENT_PLAN")));
    const ordinary = timed(net.query("op-ginestra", ORDINARY, {}, "EMPOWERMENT_PLAN"));
    const refused = await Promise.all(attacks);
    for (const [i, attack] of refused.entries()) {
      expect(attack.result.status).toBe(400);
      expect(codeOf(attack.result)).toBe(i % 2 ? LIMIT_CODES.aliases : LIMIT_CODES.tokens);
      expect(attack.ms).toBeLessThan(500);
    }
    const answered = await ordinary;
    expect(answered.result.errors).toBeUndefined();
    expect(answered.ms).toBeLessThan(Math.max(1000, baseline.ms * 5));
  });

  it("refuses too many tokens and too many directives", async () => {
    const tokens = `{ organisations { ${"id ".repeat(GATEWAY_LIMITS.maxTokens)} } }`;
    const tooLarge = await net.query("op-aurora", tokens);
    expect([tooLarge.status, codeOf(tooLarge)]).toEqual([400, LIMIT_CODES.tokens]);
    const directives = `{ organisations { ${Array.from({ length: GATEWAY_LIMITS.maxDirectives + 1 }, () => "id @include(if: true)").join(" ")} } }`;
    const tooMany = await net.query("op-aurora", directives);
    expect([tooMany.status, codeOf(tooMany)]).toEqual([400, LIMIT_CODES.directives]);
  });

  it("a subgraph refuses an over-deep or over-costly operation sent straight to it: it does not rely on the gateway", async () => {
    const actor = testActor("cav-aurora", "ANTI_VIOLENCE_CENTRE", ["CENTRE_OPERATOR"], "EMPOWERMENT_PLAN", "op-aurora");
    // Each assertion bound to the request it travels with, as the gateway mints them.
    const headers = await assertionHeaders(actor, "anti-violence", { query: DEEP, variables: {} });
    const deep = await postGraphQL(net.subgraphs["anti-violence"]!.url, DEEP, {}, headers);
    expect([deep.status, codeOf(deep)]).toEqual([400, LIMIT_CODES.depth]);
    // What the planner would send for 1000 pathways, one self-referencing level too many.
    const representations = Array.from({ length: 1000 }, (_, i) => ({ __typename: "Pathway", id: `p-${i}` }));
    const entities = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Pathway { referrals { pathway { referrals { pathway { id } } } } } } }`;
    const costly = await postGraphQL(net.subgraphs["anti-violence"]!.url, entities, { representations }, await assertionHeaders(actor, "anti-violence", { query: entities, variables: { representations } }));
    expect([costly.status, codeOf(costly)]).toEqual([400, LIMIT_CODES.cost]);
    // The cost model holds there too: thirty `pathways(first: 1)` are thirty visibility computations.
    const thirty = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: pathways(first: 1) { nodes { id } }`).join(" ")} }`;
    const visibility = await postGraphQL(net.subgraphs["anti-violence"]!.url, thirty, {}, await assertionHeaders(actor, "anti-violence", { query: thirty, variables: {} }));
    expect([visibility.status, codeOf(visibility)]).toEqual([400, LIMIT_CODES.cost]);
  });

  it("lets a large legitimate query through, and the planner's queries for it through every subgraph's limits", async () => {
    const page = (size: number) => `{ pathways(first: ${size}) { nodes { id stage holder { name }
      needsAssessment { educationLevel workExperience { occupation } }
      jobSeeker { status skills } placements { occupation employer { name } retentionChecks { stillEmployed } }
      enrolments { status course { title } } referrals { status to { name } } } } }`;
    // A hundred of her pathways with everything across three subgraphs is two hundred receipts
    // fetched and verified: the cost asks for two pages of fifty.
    const hundred = await net.query("op-aurora", page(100), {}, "EMPOWERMENT_PLAN");
    expect([hundred.status, codeOf(hundred)]).toEqual([400, LIMIT_CODES.cost]);
    const query = page(50);
    const before = net.subgraphRequests.length;
    const response = await net.query("op-aurora", query, {}, "EMPOWERMENT_PLAN");
    expect(response.status).toBe(200);
    const codes = new Set((response.errors ?? []).map((error) => error.extensions?.code));
    expect([...codes].filter((code) => code !== "FORBIDDEN")).toEqual([]);
    expect(response.data.pathways.nodes.length).toBeGreaterThan(10);
    // Three subgraphs took part, each under its own limits.
    expect(new Set(net.subgraphRequests.slice(before).map((r) => r.subgraph))).toEqual(new Set(["anti-violence", "employment", "training"]));
  });
});
