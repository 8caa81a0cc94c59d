import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HousingRegistry } from "@percorsi/housing-registry";
import { RestSource, type ReportingCohort } from "@percorsi/kit/author";
import { codes, representations, startSubgraphTest, testBackends, type Caller, type ReceiptOptions, type ReceiptsFor, type SubgraphTester } from "@percorsi/kit/testing";
import { HOUSING_REGISTRY } from "../src/housing-registry/housing-registry.mapping.js";
import { HOUSING_INDICATORS, housingSection } from "../src/modules/indicators/housing.indicators.js";
import { createHousingSubgraph, SYSTEM } from "../src/server.js";
import { AURORA, BODY, OTHER_BODY, holderOperator, housingOperator, insertHousingRecords } from "./fixtures.js";

const HOUSING = `housingNeeds { id situation householdSize assessedOn }
  housingApplications { id scheme status submittedOn decidedOn }
  housingAllocations { id allocatedOn tenure district }`;
const WRITE = `mutation($i: RecordHousingApplicationInput!) { recordHousingApplication(input: $i) { id } }`;

const OURS = randomUUID(); // records at our body, allocated
const THEIRS = randomUUID(); // records at another housing body only
const NOBODY = randomUUID(); // no record anywhere, unknown to everyone
const MANY = Array.from({ length: 12 }, () => randomUUID());
/** A live referral of her pathway to the caller's body, for housing support. */
const referred: ReceiptOptions = { holder: AURORA, referralPurposes: ["HOUSING_SUPPORT"] };

// Its own store keeps the audit and the idempotency keys: what is audited and written runs on every
// store of testBackends(); what reads only the registry (batching, indicators, outages) on PGlite alone.
describe.each(testBackends())("the housing subgraph over the housing body's REST system ($name)", (backend) => {
  const registryOnly = describe.skipIf(backend.name !== "pglite");
  let api: SubgraphTester;
  /** The stand-in, really running (its own store, its own key). */
  let registry: HousingRegistry;
  beforeAll(async () => {
    process.env.METRICS_TOKEN = "metrics-token-for-housing-tests";
    // The registry is the manifest's `uses:` of housing: the harness starts it first.
    api = await startSubgraphTest(createHousingSubgraph, { purpose: "HOUSING_SUPPORT", holderOf: () => AURORA, serviceTimeoutMs: 400, backend });
    expect(api.db.kind).toBe(backend.name);
    registry = api.services.instances[SYSTEM] as HousingRegistry;
    await insertHousingRecords(registry.db, OURS, BODY, true);
    await insertHousingRecords(registry.db, THEIRS, OTHER_BODY, false);
    for (const id of MANY) await insertHousingRecords(registry.db, id, BODY, false);
  });
  afterAll(async () => {
    delete process.env.METRICS_TOKEN;
    await api.stop();
  });

  const read = (caller: Caller, ids: string[], receipts: ReceiptsFor) => api.entities(caller, ids, receipts, HOUSING);
  /** The planner's representations under another operation (`MIXED` below). */
  const readWith = async (query: string, caller: Caller, ids: string[], receipts: ReceiptsFor) => {
    const actor = api.actor(caller);
    return api.as(actor).query(query, { r: await representations(actor, ids, receipts) });
  };
  /** What the registry's own store holds, read independently of the subgraph. */
  const stored = async (pathwayId: string) => ({
    needs: await registry.db.query("select id::text, situation, household_size as \"householdSize\", assessed_on::text as \"assessedOn\" from needs where pathway_id = $1", [pathwayId]),
    applications: await registry.db.query(
      "select id::text, scheme, status, submitted_on::text as \"submittedOn\", decided_on::text as \"decidedOn\" from applications where pathway_id = $1 order by submitted_on, id",
      [pathwayId],
    ),
    allocations: await registry.db.query("select id::text, allocated_on::text as \"allocatedOn\", tenure, district from allocations where pathway_id = $1", [pathwayId]),
  });

  describe("reads", () => {
    it("releases its own body's records under a live referral for housing support, audited", async () => {
      const response = await read(housingOperator, [OURS], referred);
      expect(response.errors).toBeUndefined();
      const pathway = response.data._entities[0];
      const expected = await stored(OURS);
      expect(pathway.housingNeeds).toEqual(expected.needs);
      expect(pathway.housingApplications).toEqual(expected.applications);
      expect(pathway.housingAllocations).toEqual(expected.allocations);
      expect(expected.allocations).toHaveLength(1);
      const audit = await api.audit(response.actor.requestId);
      expect(audit).toEqual([expect.objectContaining({ action: "READ", pathway_id: OURS, category: "HOUSING", decision: "ALLOW", basis: "OWNERSHIP" })]);
    });

    it("releases another body's records only as her consent allows", async () => {
      const without = await read(housingOperator, [THEIRS], referred);
      expect(without.data._entities[0].housingApplications).toBeNull();
      expect(without.errors?.map((e) => e.extensions?.reason)).toEqual(["NO_CONSENT", "NO_CONSENT", "NO_CONSENT"]);
      const consented = await read(housingOperator, [THEIRS], { ...referred, permitted: { HOUSING: "consent-1" } });
      expect(consented.errors).toBeUndefined();
      expect(consented.data._entities[0].housingApplications).toEqual((await stored(THEIRS)).applications);
      const audit = await api.audit(consented.actor.requestId);
      expect(audit.some((e) => e.basis === "CONSENT" && e.pathway_id === THEIRS)).toBe(true);
    });

    it("the case-holder reads them only with her consent to HOUSING", async () => {
      const without = await read(holderOperator, [OURS], { holder: AURORA });
      expect(without.data._entities[0].housingNeeds).toBeNull();
      expect(codes(without)).toEqual(["FORBIDDEN", "FORBIDDEN", "FORBIDDEN"]);
      const consented = await read(holderOperator, [OURS], { holder: AURORA, permitted: { HOUSING: "consent-2" } });
      expect(consented.data._entities[0].housingAllocations).toEqual((await stored(OURS)).allocations);
    });

    it("refuses alike a pathway with no receipt, sealed, foreign or unknown: no oracle", async () => {
      const noReceipt = await read(housingOperator, [OURS], null);
      const sealed = await read(housingOperator, [OURS], { ...referred, sealed: true });
      const foreign = await read(housingOperator, [OURS], { holder: AURORA });
      const unknown = await read(housingOperator, [NOBODY], null);
      const shape = (response: typeof noReceipt) => ({
        data: response.data._entities.map((p: Record<string, unknown>) => ({ ...p, id: "…" })),
        errors: response.errors?.map((e) => ({ message: e.message, extensions: e.extensions, path: e.path?.slice(2) })),
      });
      expect(shape(noReceipt).errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
      for (const other of [sealed, foreign, unknown]) expect(shape(other)).toEqual(shape(noReceipt));
    });

    it("refuses a caller without a casework role, before any record is released", async () => {
      const response = await read({ organisationId: "cabina-di-regia", organisationType: "CONTROL_ROOM", roles: ["ANALYST"], purpose: "MONITORING" }, [OURS], referred);
      expect(response.data._entities[0].housingNeeds).toBeNull();
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ROLE" });
    });
  });

  registryOnly("batching", () => {
    it("reads N pathways with one registry call per entity, counted by the registry and at /metrics", async () => {
      const before = { ...registry.calls };
      const response = await read(housingOperator, MANY, referred);
      const made = (route: string) => (registry.calls[route] ?? 0) - (before[route] ?? 0);
      expect([made("GET /needs"), made("GET /applications"), made("GET /allocations")]).toEqual([1, 1, 1]);
      // None of them has an allocation: "none here" is refused as another body's would be (no oracle).
      expect(new Set(response.errors?.map((e) => `${e.path?.[2]} ${e.extensions?.reason}`))).toEqual(new Set(["housingAllocations NO_CONSENT"]));
      expect(response.data._entities.map((p: { housingApplications: unknown[] }) => p.housingApplications.length)).toEqual(MANY.map(() => 1));
      const metrics = await (await fetch(new URL("/metrics", api.url), { headers: { authorization: `Bearer ${process.env.METRICS_TOKEN}` } })).text();
      const counted = (endpoint: string) => Number(new RegExp(`percorsi_rest_calls_total\\{service="housing-registry",endpoint="${endpoint}"\\} (\\d+)`).exec(metrics)?.[1]);
      expect(counted("GET /applications")).toBe(registry.calls["GET /applications"]);
    });
  });

  describe("writes", () => {
    const input = (pathwayId: string, extra: Record<string, unknown> = {}) => ({ i: { pathwayId, scheme: "PROTECTED", submittedOn: "2025-09-01", ...extra } });
    const write = (caller: Caller, variables: { i: { pathwayId: string } }, standing: ReceiptOptions | null) => api.as(caller).write(WRITE, variables, standing);
    const countAt = async (pathwayId: string) =>
      (await registry.db.query<{ n: number }>("select count(*)::int as n from applications where pathway_id = $1", [pathwayId]))[0]!.n;

    it("refuses without the write rule (no referral, sealed, other purpose), writes nothing and audits the refusal", async () => {
      const pathwayId = randomUUID();
      const cases: [Caller, ReceiptOptions | null, string][] = [
        [housingOperator, null, "ORGANISATION"],
        [housingOperator, { holder: AURORA }, "ORGANISATION"],
        [housingOperator, { ...referred, sealed: true }, "ORGANISATION"],
        [housingOperator, { holder: AURORA, referralPurposes: ["TRAINING"] }, "PURPOSE"],
        [{ ...housingOperator, purpose: "TRAINING" }, { holder: AURORA, referralPurposes: ["TRAINING"] }, "PURPOSE"],
        [{ ...holderOperator, roles: ["TRAINING_OPERATOR"] }, referred, "ROLE"],
      ];
      for (const [caller, standing, reason] of cases) {
        const response = await write(caller, input(pathwayId), standing);
        expect(response.data?.recordHousingApplication ?? null).toBeNull();
        expect(response.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", reason });
        expect(await api.audit(response.actor.requestId)).toEqual([
          expect.objectContaining({ action: "WRITE", pathway_id: pathwayId, category: "HOUSING", decision: "DENY", reason }),
        ]);
      }
      expect(await countAt(pathwayId)).toBe(0);
    });

    it("writes through the registry under the rule, audited, once per idempotency key", async () => {
      const pathwayId = randomUUID();
      const variables = input(pathwayId, { idempotencyKey: `key-${randomUUID()}` });
      const first = await write(housingOperator, variables, referred);
      expect(first.errors).toBeUndefined();
      expect(first.data.recordHousingApplication).toEqual({ id: pathwayId });
      const retry = await write(housingOperator, variables, referred);
      expect(retry.errors).toBeUndefined();
      const rows = await registry.db.query<{ housing_body_id: string; scheme: string; submitted_on: string; recorded_by: string }>(
        "select housing_body_id, scheme, submitted_on::text, recorded_by from applications where pathway_id = $1",
        [pathwayId],
      );
      expect(rows).toEqual([{ housing_body_id: BODY, scheme: "PROTECTED", submitted_on: "2025-09-01", recorded_by: first.actor.userId }]);
      expect(await api.audit(first.actor.requestId)).toEqual([
        expect.objectContaining({ action: "WRITE", pathway_id: pathwayId, category: "HOUSING", decision: "ALLOW", basis: "REFERRAL" }),
      ]);
    });

    it("refuses a day in the future as bad input, naming the field", async () => {
      const response = await write(housingOperator, input(randomUUID(), { submittedOn: "2999-01-01" }), referred);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "submittedOn" });
    });
  });

  registryOnly("indicators", () => {
    it("counts the cohort's needs, applications and allocations, and the days to allocation, as the registry's store says", async () => {
      const cohort: ReportingCohort = {
        organisations: [{ id: BODY, type: "HOUSING_BODY" }],
        pathways: [OURS, THEIRS, ...MANY.slice(0, 5)].map((id, i) => ({ id, recordKey: i + 1, planSignedOn: null, referrals: [] })),
        threshold: 1,
      };
      // The section reads through the request's loaders: here a client of its own over the same registry.
      const source = new RestSource(HOUSING_REGISTRY, api.services.endpoints[SYSTEM]!);
      const events = await housingSection.events({
        db: api.db,
        cohort,
        years: [2025],
        organisations: cohort.organisations,
        loaders: source.forRequest(),
      });
      const ids = cohort.pathways.map((p) => p.id);
      const count = async (sql: string) => (await registry.db.query<{ n: number }>(sql, [ids, BODY]))[0]!.n;
      const tally = (indicator: string) => events.filter((e) => e.indicator === indicator).length;
      expect(tally(HOUSING_INDICATORS.needs)).toBe(await count("select count(*)::int as n from needs where pathway_id = any($1::uuid[]) and housing_body_id = $2"));
      expect(tally(HOUSING_INDICATORS.applications)).toBe(
        await count("select count(*)::int as n from applications where pathway_id = any($1::uuid[]) and housing_body_id = $2"),
      );
      expect(tally(HOUSING_INDICATORS.allocations)).toBe(1);
      const days = await registry.db.query<{ d: number }>(
        "select (l.allocated_on - a.submitted_on)::int as d from allocations l join applications a on a.id = l.application_id where l.pathway_id = any($1::uuid[])",
        [ids],
      );
      expect(events.filter((e) => e.indicator === HOUSING_INDICATORS.daysToAllocation).map((e) => e.value)).toEqual(days.map((r) => r.d));
    });
  });

  registryOnly("when the registry is slow or down", () => {
    const MIXED = `query($r: [_Any!]!) { housingSchemes _entities(representations: $r) { ... on Pathway { id housingApplications { id } housingNeeds { id } } } }`;

    it("answers SUBGRAPH_TIMEOUT on the housing paths past its timeout, the rest intact", async () => {
      registry.setLatency(1000);
      try {
        const started = performance.now();
        const response = await readWith(MIXED, housingOperator, [OURS], referred);
        expect(performance.now() - started).toBeLessThan(950);
        expect(response.data.housingSchemes).toEqual(["SOCIAL", "PROTECTED"]);
        expect(response.data._entities[0]).toEqual({ id: OURS, housingApplications: null, housingNeeds: null });
        expect(new Set(codes(response))).toEqual(new Set(["SUBGRAPH_TIMEOUT"]));
      } finally {
        registry.setLatency(0);
      }
    });

    it("honours the deadline the gateway announces, shorter than its own timeout", async () => {
      registry.setLatency(300);
      try {
        const actor = api.actor(housingOperator);
        const variables = { r: await representations(actor, [OURS], referred) };
        const started = performance.now();
        const response = await api.as(actor).query(MIXED, variables, { headers: { "x-percorsi-deadline-ms": "100" } });
        expect(performance.now() - started).toBeLessThan(290);
        expect(response.data?._entities[0].housingApplications).toBeNull();
        expect(new Set(codes(response))).toEqual(new Set(["SUBGRAPH_TIMEOUT"]));
      } finally {
        registry.setLatency(0);
      }
    });

    it("answers SUBGRAPH_UNAVAILABLE on the housing paths when it is down, the rest intact, and recovers", async () => {
      const port = Number(new URL(api.services.endpoints[SYSTEM]!.url).port);
      await registry.stop();
      try {
        const response = await readWith(MIXED, housingOperator, [OURS], referred);
        expect(response.data.housingSchemes).toEqual(["SOCIAL", "PROTECTED"]);
        expect(response.data._entities[0]).toEqual({ id: OURS, housingApplications: null, housingNeeds: null });
        expect(new Set(codes(response))).toEqual(new Set(["SUBGRAPH_UNAVAILABLE"]));
        expect(JSON.stringify(response.errors)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|stack/);
      } finally {
        await registry.listen(port);
      }
      const again = await readWith(MIXED, housingOperator, [OURS], referred);
      expect(again.errors).toBeUndefined();
    });
  });
});
