import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Actor, today } from "@percorsi/kit/author";
import { denial, errorAt, type GraphQLResponse, type SubgraphTester } from "@percorsi/kit/testing";
import { as, startAntiViolence } from "./fixtures.js";

// One store for the file (the demo network seeded); each test opens the pathways it needs.
let subgraph: SubgraphTester;
beforeAll(async () => {
  subgraph = await startAntiViolence();
});
afterAll(() => subgraph.stop());

const code = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.code;

const RECORD = `mutation($input: RecordSituationReviewInput!) {
  recordSituationReview(input: $input) { id reviewedOn economicSituation housingSituation } }`;
const REVIEWS = `query($id: ID!) { pathway(id: $id) { situationReviews { id reviewedOn economicSituation housingSituation } } }`;
const REVIEW = { reviewedOn: "2026-03-02", economicSituation: "LOW_INCOME", housingSituation: "RENTED" };

async function openPathway(actor: Actor = as.aurora()): Promise<string> {
  const response = await subgraph.as(actor).query(
    `mutation { openPathway(input: { openedOn: "2026-01-05", identity: { givenName: "Test", familyName: "Person", preferredContact: THROUGH_CENTRE } }) { id } }`,
  );
  return response.data.openPathway.id;
}

/** The write decisions one request left in the audit log. */
async function writesAudited(actor: Actor) {
  return subgraph.db.query<{ pathway_id: string; category: string; decision: string; basis: string | null; reason: string | null }>(
    `select pathway_id, category, decision, basis, reason from audit_log where request_id = $1 and action = 'WRITE' order by category`,
    [actor.requestId],
  );
}

const reviewsOf = (pathwayId: string) => subgraph.db.query("select 1 from situation_reviews where pathway_id = $1", [pathwayId]);

describe("recordSituationReview", () => {
  it("records a review that the pathway then lists, oldest first, audited as a write of every category it writes", async () => {
    const id = await openPathway();
    const actor = as.aurora();
    const first = await subgraph.as(actor).query(RECORD, { input: { ...REVIEW, pathwayId: id } });
    expect(first.errors).toBeUndefined();
    expect(first.data.recordSituationReview).toEqual({ id: expect.any(String), ...REVIEW });
    expect(await writesAudited(actor)).toEqual([
      { pathway_id: id, category: "CASE_STATUS", decision: "ALLOW", basis: "OWNERSHIP", reason: null },
      { pathway_id: id, category: "ECONOMIC", decision: "ALLOW", basis: "OWNERSHIP", reason: null },
      { pathway_id: id, category: "HOUSING", decision: "ALLOW", basis: "OWNERSHIP", reason: null },
    ]);
    // Recorded later about an earlier day: listed by review day, not by when it was written.
    const earlier = await subgraph.as(as.aurora()).query(RECORD, { input: { pathwayId: id, reviewedOn: "2026-02-01", economicSituation: "NO_INCOME", housingSituation: "SHELTER" } });
    const read = await subgraph.as(as.aurora()).query(REVIEWS, { id });
    expect(read.errors).toBeUndefined();
    expect(read.data.pathway.situationReviews).toEqual([
      { id: earlier.data.recordSituationReview.id, reviewedOn: "2026-02-01", economicSituation: "NO_INCOME", housingSituation: "SHELTER" },
      first.data.recordSituationReview,
    ]);
  });

  it("defaults the review day to today and, with an idempotency key, records a retry once", async () => {
    const id = await openPathway();
    const input = { pathwayId: id, economicSituation: "SELF_SUFFICIENT", housingSituation: "OWNED", idempotencyKey: `review-${randomUUID()}` };
    const first = await subgraph.as(as.aurora()).query(RECORD, { input });
    expect(first.data.recordSituationReview.reviewedOn).toBe(today());
    const retry = await subgraph.as(as.aurora()).query(RECORD, { input });
    expect(retry.data.recordSituationReview).toEqual(first.data.recordSituationReview);
    expect(await reviewsOf(id)).toHaveLength(1);
  });

  it.each([
    ["a review day in the future", { reviewedOn: "2999-01-01" }],
    ["a review day before the pathway opened", { reviewedOn: "2026-01-04" }],
    ["a day that does not exist", { reviewedOn: "2026-02-30" }],
    ["a situation outside the vocabulary", { economicSituation: "RICH" }],
    ["a pathway id that is no id", { pathwayId: "not-a-uuid" }],
  ])("refuses %s as bad input and writes nothing", async (_case, change) => {
    const id = await openPathway();
    const response = await subgraph.as(as.aurora()).query(RECORD, { input: { ...REVIEW, pathwayId: id, ...change } });
    expect(code(response)).toBe("BAD_USER_INPUT");
    expect(response.data?.recordSituationReview ?? null).toBeNull();
    expect(await reviewsOf(id)).toHaveLength(0);
  });

  it("accepts the day the pathway opened and today", async () => {
    const id = await openPathway();
    for (const reviewedOn of ["2026-01-05", today()]) {
      const response = await subgraph.as(as.aurora()).query(RECORD, { input: { ...REVIEW, pathwayId: id, reviewedOn } });
      expect(response.errors).toBeUndefined();
    }
    expect(await reviewsOf(id)).toHaveLength(2);
  });

  it("refuses a closed pathway", async () => {
    const id = await openPathway();
    const closed = await subgraph.as(as.aurora()).query(`mutation($id: ID!) { setPathwayStage(input: { pathwayId: $id, stage: CLOSED, closingReason: "AUTONOMY_REACHED" }) { id stage } }`, { id });
    expect(closed.errors).toBeUndefined();
    expect(code(await subgraph.as(as.aurora()).query(RECORD, { input: { ...REVIEW, pathwayId: id } }))).toBe("BAD_USER_INPUT");
    expect(await reviewsOf(id)).toHaveLength(0);
  });

  it("refuses another centre alike on a foreign, a sealed and an unknown pathway, auditing each refusal", async () => {
    const foreign = await openPathway();
    const sealed = await openPathway();
    const seal = await subgraph.as(as.aurora()).query(`mutation($input: SealPathwayInput!) { sealPathway(input: $input) { id } }`, {
      input: { pathwayId: sealed, reason: "Lockdown for the test" },
    });
    expect(seal.errors).toBeUndefined();
    const unknown = randomUUID();
    const refusals = [];
    for (const pathwayId of [foreign, sealed, unknown]) {
      const actor = as.ginestra();
      const response = await subgraph.as(actor).query(RECORD, { input: { ...REVIEW, pathwayId } });
      expect(response.data).toEqual({ recordSituationReview: null });
      const error = errorAt(response, "recordSituationReview");
      refusals.push({ message: error?.message, extensions: error?.extensions });
      expect(await writesAudited(actor)).toEqual(
        ["CASE_STATUS", "ECONOMIC", "HOUSING"].map((category) => ({ pathway_id: pathwayId, category, decision: "DENY", basis: null, reason: "ORGANISATION" })),
      );
      expect(await reviewsOf(pathwayId)).toHaveLength(0);
    }
    expect(refusals[0]).toMatchObject({ extensions: { code: "FORBIDDEN", reason: "ORGANISATION" } });
    expect(refusals[1]).toEqual(refusals[0]);
    expect(refusals[2]).toEqual(refusals[0]);
    // Her own case-holder still writes on the sealed pathway.
    expect((await subgraph.as(as.aurora()).query(RECORD, { input: { ...REVIEW, pathwayId: sealed } })).errors).toBeUndefined();
  });

  it("is the case-holder's centre operators' alone, with a purpose", async () => {
    const id = await openPathway();
    const jobCentre = await subgraph.as(as.cpiCentro()).query(RECORD, { input: { ...REVIEW, pathwayId: id } });
    expect(denial(errorAt(jobCentre, "recordSituationReview"))).toEqual({ code: "FORBIDDEN", reason: "ROLE" });
    const analyst = await subgraph.as(as.analyst()).query(RECORD, { input: { ...REVIEW, pathwayId: id } });
    expect(denial(errorAt(analyst, "recordSituationReview"))).toEqual({ code: "FORBIDDEN", reason: "ROLE" });
    const noPurpose = await subgraph.as(as.aurora(null)).query(RECORD, { input: { ...REVIEW, pathwayId: id } });
    expect(denial(errorAt(noPurpose, "recordSituationReview"))).toEqual({ code: "FORBIDDEN", reason: "PURPOSE" });
    expect(await reviewsOf(id)).toHaveLength(0);
  });
});

describe("Pathway.situationReviews", () => {
  it("reads every pathway's reviews in as many statements for 3 pathways as for all of them", async () => {
    const ids = [await openPathway(), await openPathway(), await openPathway()];
    for (const pathwayId of ids) await subgraph.as(as.aurora()).query(RECORD, { input: { ...REVIEW, pathwayId } });
    const LIST = `query($first: Int) { pathways(first: $first) { nodes { id situationReviews { id reviewedOn economicSituation housingSituation } } } }`;
    const trips = async (first: number) => {
      const before = subgraph.db.roundTrips;
      const response = await subgraph.as(as.aurora()).query(LIST, { first });
      expect(response.errors).toBeUndefined();
      return { nodes: response.data.pathways.nodes as { id: string; situationReviews: unknown[] }[], trips: subgraph.db.roundTrips - before };
    };
    const few = await trips(3);
    const all = await trips(100);
    expect(all.nodes.length).toBeGreaterThan(10);
    expect(all.nodes.filter((n) => ids.includes(n.id)).map((n) => n.situationReviews)).toEqual(ids.map(() => [{ id: expect.any(String), ...REVIEW }]));
    expect(all.trips).toBe(few.trips);
  });
});
