// Creating mutations take an optional idempotency key: a client's retry (a timeout, a lost
// answer, a two-field mutation whose other field failed) gets what the first request created,
// never a duplicate; the same key with another input is refused; keys belong to an organisation.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorAt, type GraphQLResponse, type SubgraphTester } from "@percorsi/kit/testing";
import { as, startAntiViolence } from "./fixtures.js";

let subgraph: SubgraphTester;
beforeAll(async () => {
  subgraph = await startAntiViolence();
});
afterAll(() => subgraph.stop());

const key = (name: string) => `${name}-${randomUUID()}`;
const reason = (response: GraphQLResponse, field: string) => {
  const error = errorAt(response, field);
  return { code: error?.extensions?.code, reason: error?.extensions?.reason, field: error?.extensions?.field };
};
const REUSED = { code: "BAD_USER_INPUT", reason: "IDEMPOTENCY_KEY_REUSED", field: "idempotencyKey" };

async function countWhere(sql: string, params: unknown[]): Promise<number> {
  const [row] = await subgraph.db.query<{ count: number }>(sql, params);
  return row!.count;
}

const OPEN = `mutation($input: OpenPathwayInput!) { openPathway(input: $input) { id stage } }`;
const identity = (familyName = "Retry") => ({ givenName: "Test", familyName, preferredContact: "THROUGH_CENTRE" });

const ASSESSMENT = {
  assessedOn: "2026-01-20",
  educationLevel: "UPPER_SECONDARY",
  qualifications: [],
  languages: ["it"],
  workExperience: [],
  availability: "PART_TIME_MORNINGS",
  careConstraints: [],
  economicSituation: "NO_INCOME",
  housingSituation: "WITH_RELATIVES",
  districtsToAvoid: [],
  hoursToAvoid: [],
  healthNotes: null,
};
const RECORD = `mutation($input: RecordNeedsAssessmentInput!) { recordNeedsAssessment(input: $input) { id stage } }`;
const GRANT = `mutation($input: GrantConsentInput!) { grantConsent(input: $input) { id status } }`;
const AMEND = `mutation($input: AmendConsentInput!) { amendConsent(input: $input) { id status } }`;
const ADD_GOAL = `mutation($input: AddPlanGoalInput!) { addPlanGoal(input: $input) { id area status } }`;
const REFER = `mutation($input: ReferPathwayInput!) { referPathway(input: $input) { id status to { id } } }`;

const permit = (granteeOrganisationId: string, purposes: string[]) => ({
  type: "PERMIT",
  granteeOrganisationId,
  categories: ["EDUCATION_SKILLS"],
  purposes,
});

/** A fresh pathway of Aurora's, past intake (so plans and referrals may be made on it). */
async function assessedPathway(): Promise<string> {
  const opened = await subgraph.as(as.aurora()).query(OPEN, { input: { openedOn: "2026-01-05", identity: identity() } });
  expect(opened.errors).toBeUndefined();
  const id = opened.data.openPathway.id as string;
  const assessed = await subgraph.as(as.aurora()).query(RECORD, { input: { ...ASSESSMENT, pathwayId: id } });
  expect(assessed.errors).toBeUndefined();
  return id;
}

describe("openPathway with an idempotency key", () => {
  it("opens one pathway (and records her identity once) however often it is retried", async () => {
    const idempotencyKey = key("open");
    const input = { openedOn: "2026-01-05", identity: identity(), idempotencyKey };
    const [pathways, identities] = [await subgraph.count("pathways"), await subgraph.count("identities")];
    const first = await subgraph.as(as.aurora()).query(OPEN, { input });
    const retry = await subgraph.as(as.aurora()).query(OPEN, { input });
    expect(first.errors).toBeUndefined();
    expect(retry.errors).toBeUndefined();
    expect(retry.data.openPathway.id).toBe(first.data.openPathway.id);
    expect([await subgraph.count("pathways"), await subgraph.count("identities")]).toEqual([pathways + 1, identities + 1]);
  });

  it("refuses the same key with another input, and writes nothing", async () => {
    const idempotencyKey = key("open");
    const first = await subgraph.as(as.aurora()).query(OPEN, { input: { openedOn: "2026-01-05", identity: identity(), idempotencyKey } });
    expect(first.errors).toBeUndefined();
    const pathways = await subgraph.count("pathways");
    const other = await subgraph.as(as.aurora()).query(OPEN, { input: { openedOn: "2026-01-05", identity: identity("Someone Else"), idempotencyKey } });
    expect(other.data).toEqual({ openPathway: null });
    expect(reason(other, "openPathway")).toEqual(REUSED);
    // The error never repeats her data, nor the key.
    expect(JSON.stringify(other.errors)).not.toContain("Someone Else");
    expect(JSON.stringify(other.errors)).not.toContain(idempotencyKey);
    expect(await subgraph.count("pathways")).toBe(pathways);
  });

  it("keeps keys per organisation: another centre's same key opens its own pathway", async () => {
    const idempotencyKey = key("open");
    const input = { openedOn: "2026-01-05", identity: identity(), idempotencyKey };
    const aurora = await subgraph.as(as.aurora()).query(OPEN, { input });
    const ginestra = await subgraph.as(as.ginestra()).query(OPEN, { input });
    expect(aurora.errors).toBeUndefined();
    expect(ginestra.errors).toBeUndefined();
    expect(ginestra.data.openPathway.id).not.toBe(aurora.data.openPathway.id);
    const holders = await subgraph.db.query<{ holder_id: string }>("select holder_id from pathways where id = any($1::uuid[]) order by holder_id", [
      [aurora.data.openPathway.id, ginestra.data.openPathway.id],
    ]);
    expect(holders.map((row) => row.holder_id)).toEqual(["cav-aurora", "cav-ginestra"]);
  });

  it("refuses a malformed key as bad input naming the field, and writes nothing", async () => {
    const pathways = await subgraph.count("pathways");
    const response = await subgraph.as(as.aurora()).query(OPEN, { input: { openedOn: "2026-01-05", identity: identity(), idempotencyKey: "short" } });
    expect(errorAt(response, "openPathway")?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(response.errors)).toContain("idempotencyKey");
    expect(await subgraph.count("pathways")).toBe(pathways);
  });
});

describe("mutation fields answer for themselves", () => {
  it("a failed field nulls only itself: the write of the other field is committed and shown", async () => {
    const response = await subgraph.as(as.aurora()).query(
      `mutation($ok: OpenPathwayInput!, $bad: OpenPathwayInput!) { ok: openPathway(input: $ok) { id } bad: openPathway(input: $bad) { id } }`,
      { ok: { openedOn: "2026-01-05", identity: identity() }, bad: { openedOn: "2999-01-01", identity: identity() } },
    );
    expect(response.data.ok.id).toEqual(expect.any(String));
    expect(response.data.bad).toBeNull();
    expect(errorAt(response, "bad")?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await countWhere("select count(*)::int as count from pathways where id = $1", [response.data.ok.id])).toBe(1);
  });
});

describe("her consent with an idempotency key", () => {
  it("grantConsent records one consent per key; another input with it is refused", async () => {
    const pathwayId = await assessedPathway();
    const idempotencyKey = key("grant");
    const input = { pathwayId, evidenceReference: "Signed form 2026/21", provisions: [permit("cpi-milano-centro", ["JOB_PLACEMENT"])], idempotencyKey };
    const first = await subgraph.as(as.aurora()).query(GRANT, { input });
    const retry = await subgraph.as(as.aurora()).query(GRANT, { input });
    expect(first.errors).toBeUndefined();
    expect(retry.errors).toBeUndefined();
    expect(retry.data.grantConsent).toEqual(first.data.grantConsent);
    expect(await countWhere("select count(*)::int as count from consents where pathway_id = $1", [pathwayId])).toBe(1);

    const other = await subgraph.as(as.aurora()).query(GRANT, { input: { ...input, evidenceReference: "Signed form 2026/22" } });
    expect(reason(other, "grantConsent")).toEqual(REUSED);
    expect(await countWhere("select count(*)::int as count from consents where pathway_id = $1", [pathwayId])).toBe(1);
  });

  it("amendConsent: a retry gets the amendment back, though the consent it replaced is no longer ACTIVE", async () => {
    const pathwayId = await assessedPathway();
    const granted = await subgraph.as(as.aurora()).query(GRANT, {
      input: { pathwayId, evidenceReference: "Signed form 2026/23", provisions: [permit("cpi-milano-centro", ["JOB_PLACEMENT"])] },
    });
    const consentId = granted.data.grantConsent.id as string;
    const input = {
      consentId,
      evidenceReference: "Signed form 2026/24",
      provisions: [permit("cpi-milano-centro", ["JOB_PLACEMENT", "JOB_RETENTION"])],
      idempotencyKey: key("amend"),
    };
    const first = await subgraph.as(as.aurora()).query(AMEND, { input });
    const retry = await subgraph.as(as.aurora()).query(AMEND, { input });
    expect(first.errors).toBeUndefined();
    expect(retry.errors).toBeUndefined();
    expect(retry.data.amendConsent).toEqual(first.data.amendConsent);
    expect(first.data.amendConsent).toMatchObject({ status: "ACTIVE" });
    const consents = await subgraph.db.query<{ id: string; status: string }>("select id, status from consents where pathway_id = $1 order by recorded_at, id", [
      pathwayId,
    ]);
    expect(consents).toHaveLength(2);
    expect(consents.find((consent) => consent.id === consentId)?.status).toBe("SUPERSEDED");

    // Without the key, amending the superseded consent again is refused as before.
    const again = await subgraph.as(as.aurora()).query(AMEND, { input: { ...input, idempotencyKey: undefined } });
    expect(errorAt(again, "amendConsent")?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("a refusal stores nothing: another centre's attempt does not take the key", async () => {
    const pathwayId = await assessedPathway();
    const idempotencyKey = key("grant");
    const input = { pathwayId, evidenceReference: "Signed form 2026/25", provisions: [permit("cpi-milano-centro", ["JOB_PLACEMENT"])], idempotencyKey };
    const foreign = await subgraph.as(as.ginestra()).query(GRANT, { input });
    expect(errorAt(foreign, "grantConsent")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
    expect(await countWhere("select count(*)::int as count from idempotency_key where key = $1", [idempotencyKey])).toBe(0);
    // And a stored result never bypasses the holder check: Aurora's grant, retried by Ginestra.
    const held = await subgraph.as(as.aurora()).query(GRANT, { input });
    expect(held.errors).toBeUndefined();
    const retriedByOther = await subgraph.as(as.ginestra()).query(GRANT, { input });
    expect(errorAt(retriedByOther, "grantConsent")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
  });
});

describe("plans and referrals with an idempotency key", () => {
  it("addPlanGoal adds one goal per key", async () => {
    const pathwayId = await assessedPathway();
    const input = { pathwayId, area: "EMPLOYMENT", description: "Find a part-time job", responsibleOrganisationId: "cpi-milano-centro", idempotencyKey: key("goal") };
    const first = await subgraph.as(as.aurora()).query(ADD_GOAL, { input });
    const retry = await subgraph.as(as.aurora()).query(ADD_GOAL, { input });
    expect(first.errors).toBeUndefined();
    expect(retry.errors).toBeUndefined();
    expect(retry.data.addPlanGoal.id).toBe(first.data.addPlanGoal.id);
    expect(await countWhere("select count(*)::int as count from plan_goals where pathway_id = $1", [pathwayId])).toBe(1);

    const other = await subgraph.as(as.aurora()).query(ADD_GOAL, { input: { ...input, description: "Another goal" } });
    expect(reason(other, "addPlanGoal")).toEqual(REUSED);
    expect(await countWhere("select count(*)::int as count from plan_goals where pathway_id = $1", [pathwayId])).toBe(1);
  });

  it("referPathway: a retry gets the referral it sent, not a refusal for an open one", async () => {
    const pathwayId = await assessedPathway();
    const granted = await subgraph.as(as.aurora()).query(GRANT, {
      input: { pathwayId, evidenceReference: "Signed form 2026/26", provisions: [permit("cpi-milano-centro", ["JOB_PLACEMENT"])] },
    });
    expect(granted.errors).toBeUndefined();
    const input = { pathwayId, toOrganisationId: "cpi-milano-centro", purpose: "JOB_PLACEMENT", idempotencyKey: key("refer") };
    const first = await subgraph.as(as.aurora()).query(REFER, { input });
    const retry = await subgraph.as(as.aurora()).query(REFER, { input });
    expect(first.errors).toBeUndefined();
    expect(retry.errors).toBeUndefined();
    expect(retry.data.referPathway).toEqual(first.data.referPathway);
    expect(await countWhere("select count(*)::int as count from referrals where pathway_id = $1", [pathwayId])).toBe(1);

    const other = await subgraph.as(as.aurora()).query(REFER, { input: { ...input, note: "Mornings only" } });
    expect(reason(other, "referPathway")).toEqual(REUSED);
  });
});
