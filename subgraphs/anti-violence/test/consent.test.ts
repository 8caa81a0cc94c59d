import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { denial, errorAt, type GraphQLResponse, type SubgraphTester } from "@percorsi/kit/testing";
import { as, startAntiViolence } from "./fixtures.js";

// One store for the file (the demo network seeded); each test opens the pathways it needs.
let subgraph: SubgraphTester;
beforeAll(async () => {
  subgraph = await startAntiViolence();
});
afterAll(() => subgraph.stop());

const code = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.code;

const GRANT = `mutation($input: GrantConsentInput!) { grantConsent(input: $input) { id status evidenceReference recordedAt withdrawnAt
  provisions { type granteeOrganisation { id } granteeOrganisationType categories purposes periodStart periodEnd provisions { type categories purposes } } } }`;
const AMEND = `mutation($input: AmendConsentInput!) { amendConsent(input: $input) { id status provisions { categories purposes } } }`;
const WITHDRAW = `mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { id status withdrawnAt } }`;
const REFER = `mutation($input: ReferPathwayInput!) { referPathway(input: $input) { id status } }`;
const ACCEPT = `mutation($id: ID!) { acceptReferral(id: $id) { id status } }`;
const COMPLETE = `mutation($id: ID!) { completeReferral(id: $id) { id status } }`;
const READ = `query($id: ID!) { pathway(id: $id) { id stage needsAssessment { educationLevel housingSituation workExperience { occupation } } } }`;
const CONSENTS = `query($id: ID!) { pathway(id: $id) { consents { id status provisions { type categories granteeOrganisation { id } } } reportingConsent } }`;

async function assessedPathway(): Promise<string> {
  const opened = await subgraph.as(as.aurora()).query(
    `mutation { openPathway(input: { openedOn: "2026-01-05", identity: { givenName: "Consent", familyName: "Test", preferredContact: THROUGH_CENTRE } }) { id } }`,
  );
  const id: string = opened.data.openPathway.id;
  const assessed = await subgraph.as(as.aurora()).query(
    `mutation($id: ID!) { recordNeedsAssessment(input: { pathwayId: $id, assessedOn: "2026-01-20", educationLevel: UPPER_SECONDARY,
      languages: ["it"], availability: "FULL_TIME", economicSituation: NO_INCOME, housingSituation: WITH_RELATIVES,
      workExperience: [{ occupation: "Cashier", sector: "Retail", years: 3 }] }) { id } }`,
    { id },
  );
  expect(assessed.errors).toBeUndefined();
  return id;
}

const permit = (grantee: { granteeOrganisationId?: string; granteeOrganisationType?: string }, categories: string[], purposes: string[], extra: object = {}) => ({
  type: "PERMIT",
  ...grantee,
  categories,
  purposes,
  ...extra,
});

async function grant(pathwayId: string, provisions: object[]): Promise<string> {
  const response = await subgraph.as(as.aurora()).query(GRANT, { input: { pathwayId, evidenceReference: "Signed form 2026/31", provisions } });
  expect(response.errors).toBeUndefined();
  return response.data.grantConsent.id;
}

async function refer(pathwayId: string, toOrganisationId: string, purpose = "JOB_PLACEMENT"): Promise<GraphQLResponse> {
  return subgraph.as(as.aurora()).query(REFER, { input: { pathwayId, toOrganisationId, purpose } });
}

/** A pathway shared with the Milano Centro job centre: consent granted, referral sent and accepted. */
async function sharedWithCpiCentro(provisions: object[]) {
  const pathwayId = await assessedPathway();
  const consentId = await grant(pathwayId, provisions);
  const sent = await refer(pathwayId, "cpi-milano-centro");
  expect(sent.errors).toBeUndefined();
  const referralId: string = sent.data.referPathway.id;
  expect((await subgraph.as(as.cpiCentro()).query(ACCEPT, { id: referralId })).data.acceptReferral.status).toBe("ACCEPTED");
  return { pathwayId, consentId, referralId };
}

const SKILLS_FOR_PLACEMENT = [permit({ granteeOrganisationId: "cpi-milano-centro" }, ["EDUCATION_SKILLS"], ["JOB_PLACEMENT"])];

describe("a consent to share her skills with a job centre for placement", () => {
  it("releases exactly that category, for that purpose, to that organisation, and audits the consent", async () => {
    const { pathwayId, consentId } = await sharedWithCpiCentro(SKILLS_FOR_PLACEMENT);

    const placement = await subgraph.as(as.cpiCentro("JOB_PLACEMENT")).query(READ, { id: pathwayId });
    expect(placement.data.pathway.stage).toBe("NEEDS_ANALYSIS");
    expect(placement.data.pathway.needsAssessment.educationLevel).toBe("UPPER_SECONDARY");
    expect(placement.data.pathway.needsAssessment.housingSituation).toBeNull();
    expect(denial(errorAt(placement, "pathway.needsAssessment.housingSituation"))).toEqual({ code: "FORBIDDEN", reason: "NO_CONSENT" });

    // Her consent and the referral are for JOB_PLACEMENT: for any other purpose her pathway is
    // not visible to the job centre at all (its stage included), exactly as an unknown one.
    for (const purpose of ["TRAINING", "HOUSING_SUPPORT", "MONITORING"] as const) {
      const other = await subgraph.as(as.cpiCentro(purpose)).query(READ, { id: pathwayId });
      const unknown = await subgraph.as(as.cpiCentro(purpose)).query(READ, { id: randomUUID() });
      expect(other.data.pathway, purpose).toBeNull();
      expect(denial(errorAt(other, "pathway")), purpose).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
      expect(other.errors!.map((e) => [e.message, e.path, e.extensions]), purpose).toEqual(unknown.errors!.map((e) => [e.message, e.path, e.extensions]));
    }

    const audited = await subgraph.db.query<{ category: string; basis: string; consent_id: string }>(
      "select category, basis, consent_id from audit_log where pathway_id = $1 and organisation_id = 'cpi-milano-centro' and decision = 'ALLOW' and basis = 'CONSENT'",
      [pathwayId],
    );
    expect(audited.length).toBeGreaterThan(0);
    expect(audited.every((row) => row.consent_id === consentId && row.category === "EDUCATION_SKILLS")).toBe(true);
  });

  it("once withdrawn, the job centre cannot open the pathway any more (as if unknown) and the open referral it covered is withdrawn", async () => {
    const { pathwayId, consentId, referralId } = await sharedWithCpiCentro(SKILLS_FOR_PLACEMENT);
    // The job centre finished its first referral (it keeps the case status) and was sent another.
    const completed = await subgraph.as(as.cpiCentro()).query(COMPLETE, { id: referralId });
    expect(completed.errors).toBeUndefined();
    expect(completed.data.completeReferral.status).toBe("DONE");
    const again = await refer(pathwayId, "cpi-milano-centro");
    expect(again.errors).toBeUndefined();
    const openId: string = again.data.referPathway.id;
    const withdrawal = await subgraph.as(as.aurora()).query(WITHDRAW, { input: { consentId, reason: "She asked to stop sharing" } });
    expect(withdrawal.errors).toBeUndefined();
    expect(withdrawal.data.withdrawConsent).toMatchObject({ id: consentId, status: "WITHDRAWN" });
    expect(withdrawal.data.withdrawConsent.withdrawnAt).toBeTruthy();

    const read = await subgraph.as(as.cpiCentro("JOB_PLACEMENT")).query(READ, { id: pathwayId });
    expect(read.data.pathway).toBeNull();
    const unknown = await subgraph.as(as.cpiCentro("JOB_PLACEMENT")).query(READ, { id: "00000000-0000-4000-8000-000000000000" });
    expect(errorAt(read, "pathway")).toEqual(errorAt(unknown, "pathway"));
    expect(denial(errorAt(read, "pathway"))).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });

    const statuses = await subgraph.db.query<{ id: string; status: string }>("select id, status from referrals where pathway_id = $1", [pathwayId]);
    expect(Object.fromEntries(statuses.map((r) => [r.id, r.status]))).toEqual({ [referralId]: "DONE", [openId]: "WITHDRAWN" });

    const twice = await subgraph.as(as.aurora()).query(WITHDRAW, { input: { consentId } });
    expect(code(twice)).toBe("BAD_USER_INPUT");
  });

  it("keeps open the referrals another active consent still covers", async () => {
    const { pathwayId, consentId, referralId } = await sharedWithCpiCentro(SKILLS_FOR_PLACEMENT);
    await grant(pathwayId, [permit({ granteeOrganisationType: "JOB_CENTRE" }, ["JOB_SEARCH"], ["JOB_PLACEMENT"])]);
    expect((await subgraph.as(as.aurora()).query(WITHDRAW, { input: { consentId } })).errors).toBeUndefined();
    const [row] = await subgraph.db.query<{ status: string }>("select status from referrals where id = $1", [referralId]);
    expect(row?.status).toBe("ACCEPTED");
  });
});

describe("grantees, denies and periods", () => {
  it("a grant to the JOB_CENTRE type covers cpi-rho but not a training body", async () => {
    const pathwayId = await assessedPathway();
    await grant(pathwayId, [permit({ granteeOrganisationType: "JOB_CENTRE" }, ["EDUCATION_SKILLS"], ["JOB_PLACEMENT", "TRAINING"])]);
    const toRho = await refer(pathwayId, "cpi-rho");
    expect(toRho.errors).toBeUndefined();
    await subgraph.as(as.cpiRho()).query(ACCEPT, { id: toRho.data.referPathway.id });
    const read = await subgraph.as(as.cpiRho("JOB_PLACEMENT")).query(READ, { id: pathwayId });
    expect(read.data.pathway.needsAssessment.educationLevel).toBe("UPPER_SECONDARY");

    const toAtelier = await refer(pathwayId, "formazione-atelier", "TRAINING");
    expect(code(toAtelier)).toBe("BAD_USER_INPUT");
    expect(toAtelier.errors?.[0]?.message).toContain("No consent");
  });

  it("a nested deny wins over its permit, and an expired period permits nothing", async () => {
    const { pathwayId } = await sharedWithCpiCentro([
      permit({ granteeOrganisationId: "cpi-milano-centro" }, ["EDUCATION_SKILLS", "WORK_HISTORY"], ["JOB_PLACEMENT"], {
        provisions: [{ type: "DENY", categories: ["WORK_HISTORY"], purposes: [] }],
      }),
      permit({ granteeOrganisationId: "cpi-milano-centro" }, ["HOUSING"], ["JOB_PLACEMENT"], { periodStart: "2020-01-01", periodEnd: "2020-12-31" }),
    ]);
    const read = await subgraph.as(as.cpiCentro("JOB_PLACEMENT")).query(READ, { id: pathwayId });
    expect(read.data.pathway.needsAssessment.educationLevel).toBe("UPPER_SECONDARY");
    expect(read.data.pathway.needsAssessment.workExperience).toBeNull();
    expect(denial(errorAt(read, "pathway.needsAssessment.workExperience"))).toEqual({ code: "FORBIDDEN", reason: "NO_CONSENT" });
    expect(read.data.pathway.needsAssessment.housingSituation).toBeNull();
    expect(denial(errorAt(read, "pathway.needsAssessment.housingSituation"))).toEqual({ code: "FORBIDDEN", reason: "NO_CONSENT" });
  });

  it("an amendment supersedes the old consent and releases only what the new one says", async () => {
    const { pathwayId, consentId } = await sharedWithCpiCentro(SKILLS_FOR_PLACEMENT);
    const amended = await subgraph.as(as.aurora()).query(AMEND, {
      input: { consentId, evidenceReference: "Amended form", provisions: [permit({ granteeOrganisationId: "cpi-milano-centro" }, ["EDUCATION_SKILLS", "HOUSING"], ["JOB_PLACEMENT"])] },
    });
    expect(amended.errors).toBeUndefined();
    const newId: string = amended.data.amendConsent.id;
    const rows = await subgraph.db.query<{ id: string; status: string; replaces: string | null }>(
      "select id, status, replaces from consents where pathway_id = $1 order by recorded_at, id",
      [pathwayId],
    );
    expect(rows).toEqual(expect.arrayContaining([{ id: consentId, status: "SUPERSEDED", replaces: null }, { id: newId, status: "ACTIVE", replaces: consentId }]));
    const read = await subgraph.as(as.cpiCentro("JOB_PLACEMENT")).query(READ, { id: pathwayId });
    expect(read.data.pathway.needsAssessment).toMatchObject({ educationLevel: "UPPER_SECONDARY", housingSituation: "WITH_RELATIVES" });
    expect(code(await subgraph.as(as.aurora()).query(AMEND, { input: { consentId, evidenceReference: "x", provisions: SKILLS_FOR_PLACEMENT } }))).toBe("BAD_USER_INPUT");
  });
});

describe("recording a consent", () => {
  it("shows her consents to the holder only, with their provisions", async () => {
    const { pathwayId, consentId } = await sharedWithCpiCentro(SKILLS_FOR_PLACEMENT);
    const reporting = await subgraph.as(as.aurora()).query(
      `mutation($id: ID!) { setReportingConsent(input: { pathwayId: $id, granted: true, evidenceReference: "Form" }) { id } }`,
      { id: pathwayId },
    );
    expect(reporting.errors).toBeUndefined();
    const holder = await subgraph.as(as.aurora()).query(CONSENTS, { id: pathwayId });
    expect(holder.data.pathway).toEqual({
      consents: [{ id: consentId, status: "ACTIVE", provisions: [{ type: "PERMIT", categories: ["EDUCATION_SKILLS"], granteeOrganisation: { id: "cpi-milano-centro" } }] }],
      reportingConsent: true,
    });
    const partner = await subgraph.as(as.cpiCentro()).query(CONSENTS, { id: pathwayId });
    expect(partner.data.pathway).toEqual({ consents: [], reportingConsent: null });
  });

  it.each([
    ["IDENTITY to another organisation", [permit({ granteeOrganisationId: "cpi-rho" }, ["IDENTITY", "EDUCATION_SKILLS"], ["JOB_PLACEMENT"])], "can never be granted to another organisation"],
    ["HEALTH to a type", [permit({ granteeOrganisationType: "JOB_CENTRE" }, ["HEALTH"], ["JOB_PLACEMENT"])], "can never be granted to another organisation"],
    ["a permit without grantee", [permit({}, ["EDUCATION_SKILLS"], ["JOB_PLACEMENT"])], "grantee"],
    ["a permit without category", [permit({ granteeOrganisationId: "cpi-rho" }, [], ["JOB_PLACEMENT"])], "category"],
    ["a permit without purpose", [permit({ granteeOrganisationId: "cpi-rho" }, ["EDUCATION_SKILLS"], [])], "purpose"],
    ["an unknown organisation", [permit({ granteeOrganisationId: "nowhere" }, ["EDUCATION_SKILLS"], ["JOB_PLACEMENT"])], "not a network organisation"],
    ["a period ending before it starts", [permit({ granteeOrganisationId: "cpi-rho" }, ["EDUCATION_SKILLS"], ["JOB_PLACEMENT"], { periodStart: "2026-05-01", periodEnd: "2026-04-01" })], "periodEnd"],
    [
      "a nested permit",
      [permit({ granteeOrganisationId: "cpi-rho" }, ["EDUCATION_SKILLS"], ["JOB_PLACEMENT"], { provisions: [permit({ granteeOrganisationId: "cpi-rho" }, ["HOUSING"], ["JOB_PLACEMENT"])] })],
      "must be DENY",
    ],
    ["no provision at all", [], "at least one provision"],
  ])("refuses %s and writes nothing", async (_case, provisions, message) => {
    const pathwayId = await assessedPathway();
    const before = [await subgraph.count("consents"), await subgraph.count("consent_provisions")];
    const response = await subgraph.as(as.aurora()).query(GRANT, { input: { pathwayId, evidenceReference: "Form", provisions } });
    expect(code(response)).toBe("BAD_USER_INPUT");
    expect(response.errors?.[0]?.message).toContain(message);
    expect([await subgraph.count("consents"), await subgraph.count("consent_provisions")]).toEqual(before);
  });

  it.each([["empty", ""], ["too long", "x".repeat(201)]])("refuses an evidence reference that is %s", async (_case, evidenceReference) => {
    const pathwayId = await assessedPathway();
    const before = await subgraph.count("consents");
    const response = await subgraph.as(as.aurora()).query(GRANT, { input: { pathwayId, evidenceReference, provisions: SKILLS_FOR_PLACEMENT } });
    expect(code(response)).toBe("BAD_USER_INPUT");
    expect(await subgraph.count("consents")).toBe(before);
  });

  it("is the holder's alone: another centre is refused, a job centre by role", async () => {
    const pathwayId = await assessedPathway();
    const input = { pathwayId, evidenceReference: "Form", provisions: SKILLS_FOR_PLACEMENT };
    expect(denial(errorAt(await subgraph.as(as.ginestra()).query(GRANT, { input }), "grantConsent"))).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
    expect(denial(errorAt(await subgraph.as(as.cpiCentro()).query(GRANT, { input }), "grantConsent"))).toEqual({ code: "FORBIDDEN", reason: "ROLE" });
    const consentId = await grant(pathwayId, SKILLS_FOR_PLACEMENT);
    const foreignWithdrawal = await subgraph.as(as.ginestra()).query(WITHDRAW, { input: { consentId } });
    expect(denial(errorAt(foreignWithdrawal, "withdrawConsent"))).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
    const [row] = await subgraph.db.query<{ status: string }>("select status from consents where id = $1", [consentId]);
    expect(row?.status).toBe("ACTIVE");
  });
});

describe("a sealed pathway", () => {
  const SEAL = `mutation($input: SealPathwayInput!) { sealPathway(input: $input) { id } }`;
  const UNSEAL = `mutation($id: ID!) { unsealPathway(pathwayId: $id) { id } }`;
  const LIST = `{ pathways(first: 100) { nodes { id } } }`;

  it("is the holder's alone until unsealed", async () => {
    const { pathwayId, referralId } = await sharedWithCpiCentro(SKILLS_FOR_PLACEMENT);
    expect((await subgraph.as(as.aurora()).query(SEAL, { input: { pathwayId, reason: "Risk of contact by the abuser" } })).errors).toBeUndefined();
    expect(code(await subgraph.as(as.aurora()).query(SEAL, { input: { pathwayId, reason: "Again" } }))).toBe("BAD_USER_INPUT");
    expect(denial(errorAt(await subgraph.as(as.ginestra()).query(SEAL, { input: { pathwayId, reason: "No" } }), "sealPathway"))).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });

    const holder = await subgraph.as(as.aurora()).query(READ, { id: pathwayId });
    expect(holder.errors).toBeUndefined();
    expect(holder.data.pathway.needsAssessment.educationLevel).toBe("UPPER_SECONDARY");

    const partner = await subgraph.as(as.cpiCentro()).query(READ, { id: pathwayId });
    expect(denial(errorAt(partner, "pathway"))).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
    const listed = await subgraph.as(as.cpiCentro()).query(LIST);
    expect(listed.data.pathways.nodes.map((n: { id: string }) => n.id)).not.toContain(pathwayId);
    // The referral addressed to it vanishes from its list (as one her consent no longer covers
    // does), totalCount included; its fields, reached by id, answer as a foreign one's.
    const INCOMING = `{ incomingReferrals(first: 100) { totalCount nodes { id } } }`;
    const incoming = await subgraph.as(as.cpiCentro()).query(INCOMING);
    expect(incoming.errors).toBeUndefined();
    expect(incoming.data.incomingReferrals.nodes.map((n: { id: string }) => n.id)).not.toContain(referralId);
    const accepted = await subgraph.as(as.cpiCentro()).query(COMPLETE, { id: referralId });
    expect(denial(errorAt(accepted, "completeReferral"))).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
    expect(JSON.stringify([partner, listed, incoming, accepted])).not.toContain("SEALED");

    expect((await subgraph.as(as.aurora()).query(UNSEAL, { id: pathwayId })).errors).toBeUndefined();
    const relisted = await subgraph.as(as.cpiCentro()).query(INCOMING);
    expect(relisted.data.incomingReferrals.nodes.map((n: { id: string }) => n.id)).toContain(referralId);
    expect(relisted.data.incomingReferrals.totalCount).toBe(incoming.data.incomingReferrals.totalCount + 1);
    const reopened = await subgraph.as(as.cpiCentro()).query(READ, { id: pathwayId });
    expect(reopened.data.pathway.needsAssessment.educationLevel).toBe("UPPER_SECONDARY");
    expect(code(await subgraph.as(as.aurora()).query(UNSEAL, { id: pathwayId }))).toBe("BAD_USER_INPUT");
  });
});
