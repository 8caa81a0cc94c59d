import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeJwt, generateKeyPair, SignJWT } from "jose";
import type { DataCategory, Purpose } from "@percorsi/schema";
import { demoConsentCases } from "@percorsi/demo";
import { ACTOR_ASSERTION_HEADER, breakGlassDeclaration, verifyAuditChain } from "@percorsi/kit";
import { assertionHeaders, errorAt, postGraphQL, testActor, type GraphQLResponse } from "@percorsi/kit/testing";
import { startTestNetwork, type TestNetwork } from "./network.js";

// Her consent, end to end: every read below goes through the gateway, the query planner fetches
// the consent authority's receipt, and the subgraph holding the data decides on it.
let net: TestNetwork;
beforeAll(async () => {
  net = await startTestNetwork({ recordSubgraphRequests: true });
});
afterAll(() => net.stop());

const ok = <T>(response: GraphQLResponse<T>): T => {
  expect(response.errors).toBeUndefined();
  return response.data as T;
};
const reasonAt = (response: GraphQLResponse, path: string) => {
  const error = errorAt(response, path);
  return error ? `${error.extensions?.code}/${error.extensions?.reason}` : "released";
};

// --- Her case, built through the gateway as the network would ---------------------------------

async function openCase(): Promise<string> {
  const { openPathway } = ok(
    await net.query(
      "op-aurora",
      `mutation { openPathway(input: { openedOn: "2026-03-02", identity: { givenName: "Consent", familyName: "End-to-end", preferredContact: THROUGH_CENTRE } }) { id } }`,
      {},
      "NEEDS_ANALYSIS",
    ),
  );
  ok(
    await net.query(
      "op-aurora",
      `mutation($id: ID!) { recordNeedsAssessment(input: { pathwayId: $id, assessedOn: "2026-03-10", educationLevel: UPPER_SECONDARY,
        languages: ["it", "es"], availability: "PART_TIME_MORNINGS", careConstraints: ["CHILD_UNDER_6"], economicSituation: NO_INCOME,
        housingSituation: WITH_RELATIVES, districtsToAvoid: ["Municipio 9"], workExperience: [{ occupation: "Cashier", sector: "Retail", years: 3 }] }) { id } }`,
      { id: openPathway.id },
      "NEEDS_ANALYSIS",
    ),
  );
  return openPathway.id;
}

interface Provision {
  type: "PERMIT" | "DENY";
  granteeOrganisationId?: string;
  granteeOrganisationType?: string;
  categories: DataCategory[];
  purposes: Purpose[];
  periodStart?: string;
  periodEnd?: string;
  provisions?: Provision[];
}

async function grant(pathwayId: string, provisions: Provision[]): Promise<string> {
  const { grantConsent } = ok(
    await net.query(
      "op-aurora",
      `mutation($input: GrantConsentInput!) { grantConsent(input: $input) { id } }`,
      { input: { pathwayId, evidenceReference: "MOD-CONS-E2E", provisions } },
      "EMPOWERMENT_PLAN",
    ),
  );
  return grantConsent.id;
}

const permit = (grantee: string, categories: DataCategory[], purposes: Purpose[], extra: Partial<Provision> = {}): Provision => ({
  type: "PERMIT",
  ...(grantee === grantee.toUpperCase() ? { granteeOrganisationType: grantee } : { granteeOrganisationId: grantee }),
  categories,
  purposes,
  ...extra,
});

/** Where each demo user works. */
const ORGANISATION_OF: Record<string, string> = {
  "op-cpi-centro": "cpi-milano-centro",
  "risk-cpi-centro": "cpi-milano-centro",
  "op-cpi-rho": "cpi-rho",
  "op-training": "formazione-atelier",
  "op-ponte": "formazione-ponte",
};

/**
 * The holder refers her case to the user's organisation (her consent must cover it) and that
 * organisation accepts: the only standing on which a non-holder writes about her.
 */
async function referAndAccept(pathwayId: string, user: string, purpose: Purpose): Promise<string> {
  const { referPathway } = ok(
    await net.query(
      "op-aurora",
      `mutation($input: ReferPathwayInput!) { referPathway(input: $input) { id } }`,
      { input: { pathwayId, toOrganisationId: ORGANISATION_OF[user], purpose, note: "Referred end to end" } },
      "REFERRAL",
    ),
  );
  ok(await net.query(user, `mutation($id: ID!) { acceptReferral(id: $id) { id } }`, { id: referPathway.id }, purpose));
  return referPathway.id;
}

/** A job centre registers her (after an accepted referral): its own record, then its caseload reaches her. */
async function register(pathwayId: string, user = "op-cpi-centro"): Promise<void> {
  await referAndAccept(pathwayId, user, "JOB_PLACEMENT");
  ok(
    await net.query(
      user,
      `mutation($input: RegisterJobSeekerInput!) { registerJobSeeker(input: $input) { id } }`,
      { input: { pathwayId, skills: ["Customer service"], wishedOccupations: ["Shop assistant"], availability: "PART_TIME_MORNINGS" } },
      "JOB_PLACEMENT",
    ),
  );
}

async function enrol(pathwayId: string, user: string): Promise<void> {
  await referAndAccept(pathwayId, user, "TRAINING");
  const { createCourse } = ok(
    await net.query(
      user,
      `mutation { createCourse(input: { title: "Retail basics", skillsTaught: ["Cash handling"], schedule: "MON_WED_MORNING", district: "Municipio 3",
        seats: 12, startsOn: "2026-12-01", endsOn: "2027-02-28" }) { id } }`,
      {},
      "TRAINING",
    ),
  );
  ok(
    await net.query(user, `mutation($input: EnrolInCourseInput!) { enrolInCourse(input: $input) { id } }`, { input: { pathwayId, courseId: createCourse.id } }, "TRAINING"),
  );
}

const ASSESSMENT = `needsAssessment { educationLevel languages availability workExperience { occupation } careConstraints economicSituation housingSituation districtsToAvoid }`;
/** Each field asked for, and the one category that decides it. */
const ASSESSMENT_CATEGORIES: Record<string, DataCategory> = {
  educationLevel: "EDUCATION_SKILLS",
  languages: "EDUCATION_SKILLS",
  availability: "JOB_SEARCH",
  workExperience: "WORK_HISTORY",
  careConstraints: "CARE",
  economicSituation: "ECONOMIC",
  housingSituation: "HOUSING",
  districtsToAvoid: "SAFETY_CONSTRAINTS",
};

/**
 * Reads her pathway the way the caller's organisation reaches it: a job centre through its
 * caseload, a training body through its own, the case-holder directly. Returns the node and the
 * response, with paths relative to the node.
 */
async function readAs(user: string, purpose: Purpose, pathwayId: string, selection: string, headers: Record<string, string> = {}) {
  const root = user.startsWith("op-cpi") || user === "risk-cpi-centro" ? "jobCentreCaseload" : user === "op-aurora" ? null : "trainingCaseload";
  const query = root
    ? `{ ${root}(first: 100) { nodes { id ${selection} } } }`
    : `query($id: ID!) { pathway(id: $id) { id ${selection} } }`;
  const response = await net.query(user, query, root ? {} : { id: pathwayId }, purpose, headers);
  const nodes: { id: string }[] = root ? (response.data?.[root]?.nodes ?? []) : [response.data?.pathway].filter(Boolean);
  const index = nodes.findIndex((node) => node?.id === pathwayId);
  expect(index, `${user} should reach the pathway`).toBeGreaterThanOrEqual(0);
  const prefix = root ? `${root}.nodes.${index}` : "pathway";
  return { node: nodes[index] as any, at: (path: string) => reasonAt(response, `${prefix}.${path}`), response };
}

/** What each needs-assessment field answered: "released" or "FORBIDDEN/<reason>". */
async function assessmentAs(user: string, purpose: Purpose, pathwayId: string) {
  const read = await readAs(user, purpose, pathwayId, ASSESSMENT);
  const gate = read.at("needsAssessment");
  return Object.fromEntries(Object.keys(ASSESSMENT_CATEGORIES).map((field) => [field, gate === "released" ? read.at(`needsAssessment.${field}`) : gate]));
}

const released = (fields: Record<string, string>) => Object.keys(fields).filter((field) => fields[field] === "released").sort();
const fieldsOf = (...categories: DataCategory[]) =>
  Object.keys(ASSESSMENT_CATEGORIES)
    .filter((field) => categories.includes(ASSESSMENT_CATEGORIES[field]!))
    .sort();

async function auditRows(subgraph: "anti-violence" | "employment" | "training", pathwayId: string) {
  return net.subgraphs[subgraph]!.db.query<{ organisation_id: string; category: string; decision: string; basis: string | null; consent_id: string | null; reason: string | null; purpose: string | null }>(
    "select organisation_id, category, decision, basis, consent_id, reason, purpose from audit_log where pathway_id = $1 order by seq",
    [pathwayId],
  );
}

/** The subgraph wrote the decision it should have, for this pathway, before answering. */
async function expectAudited(
  subgraph: "anti-violence" | "employment" | "training",
  pathwayId: string,
  entry: { organisation_id: string; category?: string; decision: "ALLOW" | "DENY"; reason?: string; basis?: string; purpose?: string },
) {
  expect(await auditRows(subgraph, pathwayId)).toContainEqual(expect.objectContaining(entry));
}

// --- The tests the issue lists ----------------------------------------------------------------

describe("a job centre reads exactly what her consent grants it", () => {
  it("the granted categories are released, every other one is refused with its reason", async () => {
    const id = await openCase();
    const consentId = await grant(id, [permit("cpi-milano-centro", ["CASE_STATUS", "EDUCATION_SKILLS", "JOB_SEARCH"], ["JOB_PLACEMENT"])]);
    await register(id);

    const fields = await assessmentAs("op-cpi-centro", "JOB_PLACEMENT", id);
    expect(released(fields)).toEqual(fieldsOf("EDUCATION_SKILLS", "JOB_SEARCH"));
    for (const field of Object.keys(fields).filter((f) => fields[f] !== "released")) expect(fields[field]).toBe("FORBIDDEN/NO_CONSENT");

    // Identity never leaves the case-holder: the gateway strips it before planning (role ceiling).
    const identity = await readAs("op-cpi-centro", "JOB_PLACEMENT", id, "identity { givenName }");
    expect(identity.at("identity")).toBe("FORBIDDEN/ROLE");

    // The anti-violence audit names the consent for what it released, and the refusals.
    const rows = await auditRows("anti-violence", id);
    expect(rows).toContainEqual(expect.objectContaining({ organisation_id: "cpi-milano-centro", category: "EDUCATION_SKILLS", decision: "ALLOW", basis: "CONSENT", consent_id: consentId }));
    expect(rows).toContainEqual(expect.objectContaining({ organisation_id: "cpi-milano-centro", category: "WORK_HISTORY", decision: "DENY", reason: "NO_CONSENT" }));
  });

  it("the same read for a purpose she did not grant finds her pathway not visible at all (ORGANISATION)", async () => {
    const id = await openCase();
    await grant(id, [permit("cpi-milano-centro", ["CASE_STATUS", "EDUCATION_SKILLS"], ["JOB_PLACEMENT"])]);
    await register(id);
    const fields = await assessmentAs("op-cpi-centro", "TRAINING", id);
    // Its referral and her consent are for JOB_PLACEMENT: a referral counts for its own purpose
    // only, so for TRAINING her pathway is not visible to it, as if unknown.
    expect(Object.values(fields).every((answer) => answer === "FORBIDDEN/ORGANISATION")).toBe(true);
    await expectAudited("anti-violence", id, { organisation_id: "cpi-milano-centro", decision: "DENY", reason: "ORGANISATION", purpose: "TRAINING" });
  });

  it("after she withdraws, the very next request is refused (WITHDRAWN)", async () => {
    const id = await openCase();
    // Two consents: withdrawing the second leaves her pathway visible through the first.
    await grant(id, [permit("cpi-milano-centro", ["CASE_STATUS", "JOB_SEARCH"], ["JOB_PLACEMENT"])]);
    const consentId = await grant(id, [permit("cpi-milano-centro", ["EDUCATION_SKILLS"], ["JOB_PLACEMENT"])]);
    await register(id);
    expect((await assessmentAs("op-cpi-centro", "JOB_PLACEMENT", id)).educationLevel).toBe("released");
    ok(
      await net.query(
        "op-aurora",
        `mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { id status } }`,
        { input: { consentId, reason: "She asked to stop sharing" } },
        "EMPOWERMENT_PLAN",
      ),
    );
    const after = await assessmentAs("op-cpi-centro", "JOB_PLACEMENT", id);
    expect(after.educationLevel).toBe("FORBIDDEN/WITHDRAWN");
    expect(after.languages).toBe("FORBIDDEN/WITHDRAWN");
    expect(after.availability).toBe("released");
    const rows = await auditRows("anti-violence", id);
    expect(rows.filter((r) => r.organisation_id === "cpi-milano-centro" && r.reason === "WITHDRAWN").length).toBeGreaterThan(0);
  });

  it("a grant to an organisation type covers its members and nobody else", async () => {
    const id = await openCase();
    await grant(id, [permit("TRAINING_BODY", ["CASE_STATUS", "EDUCATION_SKILLS"], ["TRAINING"])]);
    await enrol(id, "op-training");
    await enrol(id, "op-ponte");
    expect((await assessmentAs("op-training", "TRAINING", id)).educationLevel).toBe("released");
    expect((await assessmentAs("op-ponte", "TRAINING", id)).educationLevel).toBe("released");
    // A job centre, for the same purpose: not a training body. Nothing covers a referral to it,
    // and her pathway is not visible to it at all.
    const refer = await net.query(
      "op-aurora",
      `mutation($input: ReferPathwayInput!) { referPathway(input: $input) { id } }`,
      { input: { pathwayId: id, toOrganisationId: "cpi-milano-centro", purpose: "TRAINING" } },
      "REFERRAL",
    );
    expect(refer.data).toEqual({ referPathway: null });
    expect(refer.errors?.[0]?.message).toMatch(/No consent of hers covers sharing with cpi-milano-centro/);
    const centre = await net.query("op-cpi-centro", `query($id: ID!) { pathway(id: $id) { id ${ASSESSMENT} } }`, { id }, "TRAINING");
    expect(centre.data?.pathway).toBeNull();
    expect(reasonAt(centre, "pathway")).toBe("FORBIDDEN/ORGANISATION");
    await expectAudited("anti-violence", id, { organisation_id: "formazione-ponte", category: "EDUCATION_SKILLS", decision: "ALLOW", basis: "CONSENT" });
    await expectAudited("anti-violence", id, { organisation_id: "cpi-milano-centro", decision: "DENY", reason: "ORGANISATION" });
  });

  it("a nested deny wins over its permit", async () => {
    const id = await openCase();
    await grant(id, [
      permit("cpi-milano-centro", ["CASE_STATUS", "EDUCATION_SKILLS", "WORK_HISTORY"], ["JOB_PLACEMENT"], {
        provisions: [{ type: "DENY", categories: ["WORK_HISTORY"], purposes: ["JOB_PLACEMENT"] }],
      }),
    ]);
    await register(id);
    const fields = await assessmentAs("op-cpi-centro", "JOB_PLACEMENT", id);
    expect(fields.educationLevel).toBe("released");
    expect(fields.workExperience).toBe("FORBIDDEN/NO_CONSENT");
    await expectAudited("anti-violence", id, { organisation_id: "cpi-milano-centro", category: "WORK_HISTORY", decision: "DENY", reason: "NO_CONSENT" });
  });

  it("an expired grant is refused", async () => {
    const id = await openCase();
    await grant(id, [permit("cpi-milano-centro", ["CASE_STATUS", "EDUCATION_SKILLS"], ["JOB_PLACEMENT"], { periodStart: "2025-01-01", periodEnd: "2025-12-31" })]);
    // It covers no referral any more ...
    const refer = await net.query(
      "op-aurora",
      `mutation($input: ReferPathwayInput!) { referPathway(input: $input) { id } }`,
      { input: { pathwayId: id, toOrganisationId: "cpi-milano-centro", purpose: "JOB_PLACEMENT" } },
      "REFERRAL",
    );
    expect(refer.errors?.[0]?.message).toMatch(/No consent of hers covers sharing with cpi-milano-centro for JOB_PLACEMENT/);
    // ... and makes her pathway visible to nobody: refused as if it did not exist.
    const read = await net.query("op-cpi-centro", `query($id: ID!) { pathway(id: $id) { id ${ASSESSMENT} } }`, { id }, "JOB_PLACEMENT");
    expect(read.data?.pathway).toBeNull();
    expect(reasonAt(read, "pathway")).toBe("FORBIDDEN/ORGANISATION");
    await expectAudited("anti-violence", id, { organisation_id: "cpi-milano-centro", decision: "DENY", reason: "ORGANISATION" });
  });
});

describe("the data other agencies hold is released by her consent too", () => {
  it("the case-holder reads placements and enrolments only for what she granted it", async () => {
    const id = await openCase();
    // What lets her case be referred to the job centre and the training body: nothing to the holder.
    await grant(id, [permit("cpi-milano-centro", ["CASE_STATUS"], ["JOB_PLACEMENT"]), permit("formazione-atelier", ["CASE_STATUS"], ["TRAINING"])]);
    await register(id);
    await enrol(id, "op-training");
    const before = await readAs("op-aurora", "EMPOWERMENT_PLAN", id, "jobSeeker { status } enrolments { status }");
    expect(before.at("jobSeeker")).toBe("FORBIDDEN/NO_CONSENT");
    expect(before.at("enrolments")).toBe("FORBIDDEN/NO_CONSENT");

    const consentId = await grant(id, [permit("cav-aurora", ["JOB_SEARCH", "TRAINING"], ["EMPOWERMENT_PLAN"])]);
    const after = await readAs("op-aurora", "EMPOWERMENT_PLAN", id, "jobSeeker { status skills } enrolments { status }");
    expect(after.at("jobSeeker")).toBe("released");
    // Her skills are EDUCATION_SKILLS, which she did not grant the holder: refused inside the record.
    expect(after.node.jobSeeker).toEqual({ status: "REGISTERED", skills: null });
    expect(after.at("jobSeeker.skills")).toBe("FORBIDDEN/NO_CONSENT");
    expect(after.node.enrolments).toEqual([{ status: "ENROLLED" }]);
    // Decided where the data lives, and audited there with her consent as the basis.
    expect(await auditRows("employment", id)).toContainEqual(
      expect.objectContaining({ organisation_id: "cav-aurora", category: "JOB_SEARCH", decision: "ALLOW", basis: "CONSENT", consent_id: consentId }),
    );
    expect(await auditRows("training", id)).toContainEqual(
      expect.objectContaining({ organisation_id: "cav-aurora", category: "TRAINING", decision: "ALLOW", basis: "CONSENT", consent_id: consentId }),
    );
  });

  it("a sealed pathway is invisible to everyone but its holder, in every subgraph", async () => {
    const id = await openCase();
    await grant(id, [
      permit("cpi-milano-centro", ["CASE_STATUS", "EDUCATION_SKILLS"], ["JOB_PLACEMENT"]),
      permit("cav-aurora", ["JOB_SEARCH"], ["EMPOWERMENT_PLAN"]),
    ]);
    await register(id);
    ok(
      await net.query("op-aurora", `mutation($input: SealPathwayInput!) { sealPathway(input: $input) { id } }`, { input: { pathwayId: id, reason: "Risk of being traced" } }, "SAFETY_COORDINATION"),
    );
    const centre = await readAs("op-cpi-centro", "JOB_PLACEMENT", id, "stage needsAssessment { educationLevel } jobSeeker { status }");
    // Her pathway is not visible to it (as if unknown); even its own registration is hidden while
    // the seal holds, refused as after a withdrawal (never SEALED).
    expect(centre.at("stage")).toBe("FORBIDDEN/ORGANISATION");
    expect(centre.at("needsAssessment")).toBe("FORBIDDEN/ORGANISATION");
    expect(centre.at("jobSeeker")).toBe("FORBIDDEN/ORGANISATION");
    expect(centre.node).toEqual({ id, stage: null, needsAssessment: null, jobSeeker: null });
    const holder = await readAs("op-aurora", "EMPOWERMENT_PLAN", id, "needsAssessment { educationLevel } jobSeeker { status }");
    expect(holder.at("needsAssessment")).toBe("released");
    expect(holder.at("jobSeeker")).toBe("released");
    expect(await auditRows("employment", id)).toContainEqual(expect.objectContaining({ organisation_id: "cpi-milano-centro", decision: "DENY", reason: "ORGANISATION" }));
  });
});

describe("receipts cannot be forged, replayed or made by hand", () => {
  const ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Pathway { jobSeeker { status } } } }`;

  /** A registration at cpi-milano-centro, its own record: released to it with any valid receipt. */
  async function registeredCase() {
    const id = await openCase();
    await grant(id, [permit("cpi-milano-centro", ["CASE_STATUS"], ["JOB_PLACEMENT"])]);
    await register(id);
    return id;
  }

  it("a receipt the planner fetched for one request is refused in another", async () => {
    const id = await registeredCase();
    net.subgraphRequests.length = 0;
    const read = await readAs("op-cpi-centro", "JOB_PLACEMENT", id, "jobSeeker { status }");
    expect(read.at("jobSeeker")).toBe("released");
    const handed = net.subgraphRequests
      .filter((r) => r.subgraph === "employment")
      .flatMap((r) => ((r.variables.representations ?? []) as { id: string; consentReceipt?: string }[]))
      .find((rep) => rep.id === id && rep.consentReceipt);
    expect(handed?.consentReceipt, "the planner handed the receipt to employment").toBeTruthy();

    // Replayed in a new request (a new request id in the gateway's assertion): nothing released.
    const replay = testActor("cpi-milano-centro", "JOB_CENTRE", ["EMPLOYMENT_COUNSELLOR"], "JOB_PLACEMENT", "op-cpi-centro");
    const response = await postGraphQL(net.subgraphs.employment!.url, ENTITIES, { reps: [{ __typename: "Pathway", id, consentReceipt: handed!.consentReceipt }] }, await assertionHeaders(replay, "employment", { query: ENTITIES, variables: { reps: [{ __typename: "Pathway", id, consentReceipt: handed!.consentReceipt }] } }));
    expect(reasonAt(response, "_entities.0.jobSeeker")).toBe("FORBIDDEN/ORGANISATION");
    await expectAudited("employment", id, { organisation_id: "cpi-milano-centro", category: "JOB_SEARCH", decision: "DENY", reason: "ORGANISATION" });
  });

  it("a receipt signed with another key, or made by hand, is refused", async () => {
    const id = await registeredCase();
    const actor = testActor("cpi-milano-centro", "JOB_CENTRE", ["EMPLOYMENT_COUNSELLOR"], "JOB_PLACEMENT", "op-cpi-centro");
    const { privateKey } = await generateKeyPair("EdDSA");
    const forged = await new SignJWT({ rid: actor.requestId, org: actor.organisationId, purpose: actor.purpose, holder: "cav-aurora", sealed: false, referral: false, permitted: { JOB_SEARCH: "x" }, withdrawn: [], other_purposes: [] })
      .setProtectedHeader({ alg: "EdDSA", typ: "consent-receipt+jwt" })
      .setIssuer("percorsi-consent-authority")
      .setSubject(id)
      .setAudience(actor.organisationId)
      .setIssuedAt()
      .setExpirationTime("60s")
      .sign(privateKey);
    const unsigned = [Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url"), Buffer.from(JSON.stringify({ rid: actor.requestId, sub: id, sealed: false })).toString("base64url"), ""].join(".");
    for (const consentReceipt of [forged, unsigned, "not-a-receipt", null]) {
      const response = await postGraphQL(net.subgraphs.employment!.url, ENTITIES, { reps: [{ __typename: "Pathway", id, consentReceipt }] }, await assertionHeaders(actor, "employment", { query: ENTITIES, variables: { reps: [{ __typename: "Pathway", id, consentReceipt }] } }));
      expect(reasonAt(response, "_entities.0.jobSeeker")).toBe("FORBIDDEN/ORGANISATION");
    }
    const refusals = (await auditRows("employment", id)).filter((row) => row.decision === "DENY" && row.reason === "ORGANISATION");
    expect(refusals.length).toBeGreaterThanOrEqual(4);
  });

  it("clients cannot ask for receipts or call `_entities` through the gateway, nor call a subgraph directly", async () => {
    const id = await registeredCase();
    const receipt = await net.query("op-cpi-centro", `query($id: ID!) { pathway(id: $id) { consentReceipt } }`, { id }, "JOB_PLACEMENT");
    expect(receipt.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    const entities = await net.query("op-cpi-centro", ENTITIES, { reps: [{ __typename: "Pathway", id }] }, "JOB_PLACEMENT");
    expect(entities.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    const direct = await postGraphQL(net.subgraphs.employment!.url, ENTITIES, { reps: [{ __typename: "Pathway", id, consentReceipt: "x" }] }, {});
    expect(direct.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});

describe("break-glass", () => {
  const RISK_MEETING = { "x-break-glass-basis": "RISK_ASSESSMENT_MEETING", "x-break-glass-reason": "Risk-assessment meeting of 25 November, case review" };

  it("reads without consent only with the role and a stated reason, and shows in her access report", async () => {
    const id = await openCase();
    // Her consent covers the referrals (and so makes her pathway visible), nothing of her assessment.
    await grant(id, [permit("cpi-milano-centro", ["CASE_STATUS"], ["JOB_PLACEMENT"]), permit("cpi-rho", ["CASE_STATUS"], ["JOB_PLACEMENT"])]);
    await register(id, "risk-cpi-centro");
    // Its standing on her pathway is its referral's, for JOB_PLACEMENT: a break-glass read is
    // declared for that purpose (for another, her pathway is not visible to it at all).
    expect((await assessmentAs("risk-cpi-centro", "SAFETY_COORDINATION", id)).educationLevel).toBe("FORBIDDEN/ORGANISATION");
    expect((await readAs("risk-cpi-centro", "SAFETY_COORDINATION", id, "needsAssessment { educationLevel }", RISK_MEETING)).at("needsAssessment")).toBe("FORBIDDEN/ORGANISATION");
    // The role alone, no declaration: her consent decides (none).
    expect((await assessmentAs("risk-cpi-centro", "JOB_PLACEMENT", id)).educationLevel).toBe("FORBIDDEN/NO_CONSENT");
    // A declaration without the role: refused as well.
    await register(id, "op-cpi-rho");
    const noRole = await readAs("op-cpi-rho", "JOB_PLACEMENT", id, "needsAssessment { educationLevel }", RISK_MEETING);
    expect(noRole.at("needsAssessment")).toBe("released");
    expect(noRole.at("needsAssessment.educationLevel")).toBe("FORBIDDEN/NO_CONSENT");
    // A declaration without a reason never reaches a subgraph.
    const noReason = await net.query("risk-cpi-centro", `{ jobCentreCaseload(first: 1) { totalCount } }`, {}, "JOB_PLACEMENT", { "x-break-glass-basis": "RISK_ASSESSMENT_MEETING" });
    expect(noReason.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");

    const glass = await readAs("risk-cpi-centro", "JOB_PLACEMENT", id, "needsAssessment { educationLevel districtsToAvoid } jobSeeker { status }", RISK_MEETING);
    expect(glass.at("needsAssessment.educationLevel")).toBe("released");
    expect(glass.at("needsAssessment.districtsToAvoid")).toBe("released");
    await expectAudited("anti-violence", id, { organisation_id: "cpi-milano-centro", category: "SAFETY_CONSTRAINTS", decision: "ALLOW", basis: "BREAK_GLASS" });
    const [declared] = await net.subgraphs["anti-violence"]!.db.query<{ break_glass_basis: string; break_glass_reason: string }>(
      "select break_glass_basis, break_glass_reason from audit_log where pathway_id = $1 and basis = 'BREAK_GLASS' limit 1",
      [id],
    );
    expect(declared).toEqual({ break_glass_basis: "RISK_ASSESSMENT_MEETING", break_glass_reason: RISK_MEETING["x-break-glass-reason"] });
    // The reason lives in the consent authority's store alone.
    for (const subgraph of ["employment", "training"] as const) {
      const rows = await net.subgraphs[subgraph]!.db.query("select * from audit_log");
      expect(JSON.stringify(rows), subgraph).not.toContain("25 November");
    }
    // Holder-only data stays with the holder even then (role ceiling at the gateway).
    const identity = await readAs("risk-cpi-centro", "JOB_PLACEMENT", id, "identity { givenName }", RISK_MEETING);
    expect(identity.at("identity")).toBe("FORBIDDEN/ROLE");

    const report = ok(
      await net.query(
        "op-aurora",
        `query($id: ID!) { accessReport(pathwayId: $id) { antiViolence { organisationId actorId categories decision bases reasons } employment { organisationId decision bases } training { decision } } }`,
        { id },
        "EMPOWERMENT_PLAN",
      ),
    ).accessReport;
    // The glass read: its case status on the referral, the rest on break-glass.
    expect(report.antiViolence).toContainEqual(expect.objectContaining({ organisationId: "cpi-milano-centro", actorId: "risk-cpi-centro", decision: "ALLOW", bases: ["BREAK_GLASS", "REFERRAL"] }));
    expect(report.antiViolence).toContainEqual(expect.objectContaining({ organisationId: "cpi-rho", decision: "DENY", reasons: ["NO_CONSENT"] }));
    expect(report.employment).toContainEqual({ organisationId: "cpi-milano-centro", decision: "ALLOW", bases: ["OWNERSHIP"] });
    expect(report.training).toEqual([]);
  });
});

describe("break-glass decided in employment alone", () => {
  const BASIS = "RISK_ASSESSMENT_MEETING";
  const REASON = "Risk-assessment meeting of 25 November, she hides at her sister's";
  const GLASS = { "x-break-glass-basis": BASIS, "x-break-glass-reason": REASON };

  it("the consent authority keeps the declaration the employment entry refers to; employment never sees the reason", async () => {
    const id = await openCase();
    // Her pathway is visible to the risk desk's job centre (case status), nothing of her registration at Rho.
    await grant(id, [permit("cpi-milano-centro", ["CASE_STATUS"], ["SAFETY_COORDINATION"]), permit("cpi-rho", ["CASE_STATUS"], ["JOB_PLACEMENT"])]);
    await register(id, "op-cpi-rho");
    net.subgraphRequests.length = 0;
    const response = await net.query("risk-cpi-centro", `query($id: ID!) { pathway(id: $id) { id jobSeeker { status } } }`, { id }, "SAFETY_COORDINATION", GLASS);
    expect(response.errors).toBeUndefined();
    expect(response.data?.pathway?.jobSeeker?.status).toBeTruthy();

    // Employment decided on break-glass, and its entries carry the reference only.
    const employment = await net.subgraphs.employment!.db.query<{ request_id: string; break_glass_basis: string; break_glass_reason: string }>(
      "select request_id, break_glass_basis, break_glass_reason from audit_log where pathway_id = $1 and basis = 'BREAK_GLASS'",
      [id],
    );
    expect(employment.length).toBeGreaterThan(0);
    const requestId = employment[0]!.request_id;
    const reference = `declaration:${breakGlassDeclaration(requestId, BASIS, REASON)}`;
    for (const row of employment) expect(row).toEqual({ request_id: requestId, break_glass_basis: BASIS, break_glass_reason: reference });
    expect(JSON.stringify(await net.subgraphs.employment!.db.query("select * from audit_log"))).not.toContain("sister");

    // The consent authority made no break-glass read of its own here, yet holds the declaration:
    // once, with its reason and the same reference, on her pathway.
    const authority = await net.subgraphs["anti-violence"]!.db.query("select action, pathway_id, basis, break_glass_basis, break_glass_reason, report from audit_log where request_id = $1 and basis = 'BREAK_GLASS'", [requestId]);
    expect(authority).toEqual([{ action: "DECLARATION", pathway_id: id, basis: "BREAK_GLASS", break_glass_basis: BASIS, break_glass_reason: REASON, report: reference }]);

    // What employment received: the basis and the reference, never the reason.
    const toEmployment = net.subgraphRequests.filter((r) => r.subgraph === "employment" && r.headers[ACTOR_ASSERTION_HEADER]);
    expect(toEmployment.length).toBeGreaterThan(0);
    for (const request of toEmployment) {
      expect(decodeJwt(request.headers[ACTOR_ASSERTION_HEADER] as string).break_glass).toEqual({ basis: BASIS, declaration: reference.slice("declaration:".length) });
      expect(JSON.stringify(request)).not.toContain("sister");
    }
    await expect(verifyAuditChain(net.subgraphs["anti-violence"]!.db)).resolves.toMatchObject({ firstBroken: null });

    // Her report: the holder sees the declaration with its basis and reason, and employment's read
    // with its basis and reference; her own copy shows the bases, never the reason.
    const REPORT = `query($id: ID!, $view: AccessReportView) { accessReport(pathwayId: $id, view: $view) {
      antiViolence { action organisationId actorId bases breakGlassBasis breakGlassReason } employment { organisationId bases breakGlassBasis breakGlassReason } } }`;
    const staff = ok(await net.query("op-aurora", REPORT, { id }, "EMPOWERMENT_PLAN")).accessReport;
    expect(staff.antiViolence).toContainEqual({ action: "DECLARATION", organisationId: "cpi-milano-centro", actorId: "risk-cpi-centro", bases: ["BREAK_GLASS"], breakGlassBasis: BASIS, breakGlassReason: REASON });
    expect(staff.employment).toContainEqual({ organisationId: "cpi-milano-centro", bases: ["BREAK_GLASS"], breakGlassBasis: BASIS, breakGlassReason: reference });
    const hers = ok(await net.query("op-aurora", REPORT, { id, view: "SUBJECT" }, "EMPOWERMENT_PLAN")).accessReport;
    expect(hers.antiViolence).toContainEqual({ action: "DECLARATION", organisationId: "cpi-milano-centro", actorId: null, bases: ["BREAK_GLASS"], breakGlassBasis: BASIS, breakGlassReason: null });
    expect(hers.employment).toContainEqual({ organisationId: "cpi-milano-centro", bases: ["BREAK_GLASS"], breakGlassBasis: BASIS, breakGlassReason: null });
    expect(JSON.stringify(hers)).not.toContain("sister");
  });
});

describe("break-glass on a pathway not visible to the caller", () => {
  const RISK_MEETING = { "x-break-glass-basis": "RISK_ASSESSMENT_MEETING", "x-break-glass-reason": "Risk-assessment meeting of 25 November, case review" };

  it("widens nothing: no referral and no consent, refused as an unknown pathway", async () => {
    const id = await openCase();
    const query = `query($id: ID!) { pathway(id: $id) { id stage needsAssessment { educationLevel districtsToAvoid } } }`;
    const glass = await net.query("risk-cpi-centro", query, { id }, "SAFETY_COORDINATION", RISK_MEETING);
    const unknown = await net.query("risk-cpi-centro", query, { id: randomUUID() }, "SAFETY_COORDINATION", RISK_MEETING);
    expect(glass.data?.pathway).toBeNull();
    expect(reasonAt(glass, "pathway")).toBe("FORBIDDEN/ORGANISATION");
    expect(glass.errors?.map((e) => [e.message, e.extensions])).toEqual(unknown.errors?.map((e) => [e.message, e.extensions]));
    const rows = await auditRows("anti-violence", id);
    expect(rows.filter((r) => r.organisation_id === "cpi-milano-centro" && r.decision === "ALLOW")).toEqual([]);
    expect(rows).toContainEqual(expect.objectContaining({ organisation_id: "cpi-milano-centro", decision: "DENY", reason: "ORGANISATION" }));
  });
});

describe("the access report", () => {
  const REPORT = `query($id: ID!, $view: AccessReportView) { accessReport(pathwayId: $id, view: $view) {
    antiViolence { organisationId actorId roles purpose categories decision } employment { organisationId actorId decision } training { organisationId decision } } }`;

  it("gathers every subgraph's events for the holder and the DPO; her copy withholds staff identities", async () => {
    const id = await openCase();
    await grant(id, [
      permit("cav-aurora", ["JOB_SEARCH", "TRAINING"], ["EMPOWERMENT_PLAN"]),
      permit("cpi-milano-centro", ["CASE_STATUS", "EDUCATION_SKILLS"], ["JOB_PLACEMENT"]),
      permit("formazione-atelier", ["CASE_STATUS"], ["TRAINING"]),
    ]);
    await register(id);
    await enrol(id, "op-training");
    await assessmentAs("op-cpi-centro", "JOB_PLACEMENT", id);
    await readAs("op-aurora", "EMPOWERMENT_PLAN", id, "jobSeeker { status } enrolments { status }");
    await readAs("op-training", "TRAINING", id, "needsAssessment { educationLevel }");

    const staff = ok(await net.query("op-aurora", REPORT, { id }, "EMPOWERMENT_PLAN")).accessReport;
    expect(staff.antiViolence).toContainEqual(expect.objectContaining({ organisationId: "cpi-milano-centro", actorId: "op-cpi-centro", purpose: "JOB_PLACEMENT", decision: "ALLOW" }));
    expect(staff.antiViolence).toContainEqual(expect.objectContaining({ organisationId: "formazione-atelier", decision: "DENY" }));
    expect(staff.employment).toContainEqual(expect.objectContaining({ organisationId: "cav-aurora", actorId: "op-aurora", decision: "ALLOW" }));
    expect(staff.training).toContainEqual(expect.objectContaining({ organisationId: "cav-aurora", decision: "ALLOW" }));

    const hers = ok(await net.query("op-aurora", REPORT, { id, view: "SUBJECT" }, "EMPOWERMENT_PLAN")).accessReport;
    for (const part of [hers.antiViolence, hers.employment]) {
      expect(part.length).toBeGreaterThan(0);
      for (const event of part) expect(event.actorId).toBeNull();
    }
    expect(hers.antiViolence.every((event: { roles: unknown }) => event.roles === null)).toBe(true);

    const dpo = ok(await net.query("dpo", REPORT, { id })).accessReport;
    expect(dpo.employment.length).toBe(staff.employment.length);
  });

  it("is refused to anyone else, in every subgraph", async () => {
    const id = await openCase();
    for (const user of ["op-ginestra", "op-cpi-centro", "analyst"]) {
      const response = await net.query(user, REPORT, { id }, "EMPOWERMENT_PLAN");
      expect(response.data?.accessReport ?? null).toBeNull();
      expect(response.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    }
  });
});

describe("the demo network's own consents, end to end", () => {
  const cases = demoConsentCases();
  const userAt: Record<string, string> = { "cpi-milano-centro": "op-cpi-centro", "cpi-rho": "op-cpi-rho", "formazione-atelier": "op-training", "formazione-ponte": "op-ponte" };

  it("a job centre reads exactly the categories the seeded consent grants it", async () => {
    const granted = cases.grantedToJobCentre;
    const fields = await assessmentAs(userAt[granted.organisationId]!, granted.purpose, granted.pathwayId);
    expect(released(fields)).toEqual(fieldsOf(...granted.categories));
  });

  it("a withdrawn seeded consent, her only one to that job centre, leaves it nothing of hers, its own record included", async () => {
    const withdrawn = cases.withdrawn[0]!;
    expect(withdrawn.jobSeekerId, "the most telling case: her registration is still at the job centre").not.toBeNull();
    const user = userAt[withdrawn.organisationId]!;
    const fields = await assessmentAs(user, withdrawn.purpose, withdrawn.pathwayId);
    const shared = Object.keys(ASSESSMENT_CATEGORIES).filter((field) => withdrawn.categories.includes(ASSESSMENT_CATEGORIES[field]!));
    expect(shared.length).toBeGreaterThan(0);
    // Nothing covers her pathway for it any more: not visible, refused as a foreign one.
    for (const field of shared) expect([fields[field], field]).toEqual(["FORBIDDEN/ORGANISATION", field]);
    const own = await readAs(user, withdrawn.purpose, withdrawn.pathwayId, "stage jobSeeker { status }");
    expect(own.at("stage")).toBe("FORBIDDEN/ORGANISATION");
    // Its own registration too: a partner releases its records about her only while her pathway
    // is visible to it, so that a seal answers exactly as this withdrawal does.
    expect(own.at("jobSeeker")).toBe("FORBIDDEN/ORGANISATION");
  });

  it("the sealed pathway hides the job centre's and the training body's own records", async () => {
    const { sealed } = cases;
    const jobCentre = await readAs(userAt[sealed.jobCentreId]!, "JOB_PLACEMENT", sealed.pathwayId, "stage jobSeeker { status }");
    // Her pathway and its own record: not visible, as an unknown or withdrawn one (never SEALED).
    expect([jobCentre.at("stage"), jobCentre.at("jobSeeker")]).toEqual(["FORBIDDEN/ORGANISATION", "FORBIDDEN/ORGANISATION"]);
    const trainingBody = await readAs(userAt[sealed.trainingBodyId]!, "TRAINING", sealed.pathwayId, "enrolments { status }");
    expect(trainingBody.at("enrolments")).toBe("FORBIDDEN/ORGANISATION");
  });
});

// --- Purpose and seals, on every path a partner has ----------------------------------------------

const JOB_CENTRE_USER = "op-cpi-centro";
const JOB_CENTRE_ORG = "cpi-milano-centro";
const JOB_CENTRE_ACTOR = (purpose: Purpose) => testActor(JOB_CENTRE_ORG, "JOB_CENTRE", ["EMPLOYMENT_COUNSELLOR"], purpose, JOB_CENTRE_USER);

/** An answer as a partner sees it (data, and each error's message, code, reason and path), its ids replaced by a name. */
function seen(response: GraphQLResponse, names: Record<string, string>) {
  let text = JSON.stringify({
    data: response.data ?? null,
    errors: (response.errors ?? []).map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code, reason: e.extensions?.reason })),
  });
  for (const [id, name] of Object.entries(names)) text = text.split(id).join(name);
  return JSON.parse(text);
}

/** The node of `list` (a connection's nodes) for `id`, its errors re-pathed to "node": how it answers, wherever it is listed. */
function nodeOf(response: GraphQLResponse, root: string, id: string) {
  const nodes: ({ id: string } | null)[] = (response.data as any)?.[root]?.nodes ?? [];
  const index = nodes.findIndex((node) => node?.id === id);
  if (index < 0) return null;
  const prefix = [root, "nodes", index].join(".");
  return {
    node: nodes[index],
    errors: (response.errors ?? [])
      .filter((e) => e.path?.slice(0, 3).join(".") === prefix)
      .map((e) => ({ message: e.message, at: e.path!.slice(3).join("."), code: e.extensions?.code, reason: e.extensions?.reason })),
  };
}

/** `_entities` straight at a subgraph, as the gateway would send it for this actor (fresh assertion). */
async function entitiesAt(subgraph: "anti-violence" | "employment", actor: ReturnType<typeof testActor>, query: string, reps: object[]) {
  return postGraphQL(net.subgraphs[subgraph]!.url, query, { reps }, await assertionHeaders(actor, subgraph, { query, variables: { reps } }));
}

const AV_ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Pathway { id stage holder { name } referrals { id note status purpose } } } }`;
const RECEIPTS = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Pathway { id consentReceipt } } }`;
const EMP_ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Pathway { id jobSeeker { status skills } placements { occupation } } } }`;
const PATHWAY_READ = `query($id: ID!) { pathway(id: $id) { id stage holder { name } referrals { id note status purpose } needsAssessment { educationLevel } } }`;
const CASELOAD_READ = `{ jobCentreCaseload(first: 100) { totalCount nodes { id stage holder { name } jobSeeker { status skills } referrals { note status } } } }`;
const INCOMING_READ = `{ incomingReferrals(first: 100) { totalCount nodes { id note status purpose pathway { id stage holder { name } } } } }`;

/**
 * What a partner can reach of one pathway, on every path: the root field, its caseload, its
 * incoming referrals, `_entities` straight at the consent authority and at employment (under the
 * receipt the authority mints for this very request), and its writes and referral answers.
 */
async function everyPath(pathwayId: string, referralId: string | null, purpose: Purpose) {
  const names = { [pathwayId]: "<pathway>", ...(referralId ? { [referralId]: "<referral>" } : {}) };
  const root = seen(await net.query(JOB_CENTRE_USER, PATHWAY_READ, { id: pathwayId }, purpose), names);
  const caseload = await net.query(JOB_CENTRE_USER, CASELOAD_READ, {}, purpose);
  const incoming = await net.query(JOB_CENTRE_USER, INCOMING_READ, {}, purpose);
  const direct = JOB_CENTRE_ACTOR(purpose);
  const authority = seen(await entitiesAt("anti-violence", direct, AV_ENTITIES, [{ __typename: "Pathway", id: pathwayId }]), names);
  const receipt = (await entitiesAt("anti-violence", direct, RECEIPTS, [{ __typename: "Pathway", id: pathwayId }])).data?._entities?.[0]?.consentReceipt ?? null;
  const employment = seen(await entitiesAt("employment", direct, EMP_ENTITIES, [{ __typename: "Pathway", id: pathwayId, consentReceipt: receipt }]), names);
  const write = seen(
    await net.query(JOB_CENTRE_USER, `mutation($input: RegisterJobSeekerInput!) { registerJobSeeker(input: $input) { id jobSeeker { status } } }`,
      { input: { pathwayId, skills: ["Forklift"], wishedOccupations: ["Warehouse"], availability: "FULL_TIME" } }, purpose),
    names,
  );
  const answer = referralId
    ? seen(await net.query(JOB_CENTRE_USER, `mutation($id: ID!) { completeReferral(id: $id) { id note status pathway { stage } } }`, { id: referralId }, purpose), names)
    : null;
  return {
    root,
    caseload: seen({ data: nodeOf(caseload, "jobCentreCaseload", pathwayId) } as GraphQLResponse, names),
    caseloadTotal: caseload.data?.jobCentreCaseload?.totalCount,
    incoming: referralId ? seen({ data: nodeOf(incoming, "incomingReferrals", referralId) } as GraphQLResponse, names) : null,
    incomingTotal: incoming.data?.incomingReferrals?.totalCount,
    authority,
    employment,
    write,
    answer,
  };
}

/** Her case as a job centre gets it: her consent for JOB_PLACEMENT, an accepted referral with a note, its registration. */
async function caseAtJobCentre(): Promise<{ id: string; referralId: string }> {
  const id = await openCase();
  await grant(id, [permit(JOB_CENTRE_ORG, ["CASE_STATUS", "PLAN", "JOB_SEARCH", "EDUCATION_SKILLS"], ["JOB_PLACEMENT"])]);
  const referralId = await referAndAccept(id, JOB_CENTRE_USER, "JOB_PLACEMENT");
  ok(
    await net.query(JOB_CENTRE_USER, `mutation($input: RegisterJobSeekerInput!) { registerJobSeeker(input: $input) { id } }`,
      { input: { pathwayId: id, skills: ["Customer service"], wishedOccupations: ["Shop assistant"], availability: "PART_TIME_MORNINGS" } }, "JOB_PLACEMENT"),
  );
  return { id, referralId };
}

describe("purpose binds every release", () => {
  it("a job centre referred for JOB_PLACEMENT reads her stage, holder and the referral's note for that purpose only, on every path", async () => {
    const { id, referralId } = await caseAtJobCentre();
    // For its referral's purpose: released on every path (the note is its own, as the referral's party).
    const placement = await net.query(JOB_CENTRE_USER, PATHWAY_READ, { id }, "JOB_PLACEMENT");
    expect(placement.data.pathway).toMatchObject({ stage: "NEEDS_ANALYSIS", holder: { name: "Centro Antiviolenza Aurora" } });
    expect(placement.data.pathway.referrals).toEqual([expect.objectContaining({ id: referralId, note: "Referred end to end", status: "ACCEPTED" })]);
    const incoming = nodeOf(await net.query(JOB_CENTRE_USER, INCOMING_READ, {}, "JOB_PLACEMENT"), "incomingReferrals", referralId);
    expect(incoming?.node).toMatchObject({ note: "Referred end to end", status: "ACCEPTED", pathway: { stage: "NEEDS_ANALYSIS" } });

    // For any other purpose: her pathway is not visible, exactly as an unknown one, on every path.
    const unknownId = randomUUID();
    for (const purpose of ["HOUSING_SUPPORT", "MONITORING", "TRAINING", "SAFETY_COORDINATION"] as const) {
      const other = await everyPath(id, referralId, purpose);
      const unknown = await everyPath(unknownId, null, purpose);
      expect(other.root, purpose).toEqual(unknown.root);
      expect(other.root.data, purpose).toEqual({ pathway: null });
      expect(other.root.errors, purpose).toEqual([{ message: expect.any(String), path: ["pathway"], code: "FORBIDDEN", reason: "ORGANISATION" }]);
      // Its caseload: every field of hers refused, its own registration included.
      expect(other.caseload.data.node, purpose).toEqual({ id: "<pathway>", stage: null, holder: null, jobSeeker: null, referrals: null });
      expect(new Set(other.caseload.data.errors.map((e: { reason: string }) => e.reason)), purpose).toEqual(new Set(["ORGANISATION"]));
      // Its incoming referrals: the referral is not listed for another purpose.
      expect(other.incoming?.data, purpose).toBeNull();
      // Straight at the subgraphs, by entity reference: the same refusals as an unknown id.
      expect(other.authority, purpose).toEqual(unknown.authority);
      // Its own registration at employment: refused, both fields (an unknown id has none to refuse).
      expect(other.employment.data, purpose).toEqual({ _entities: [{ id: "<pathway>", jobSeeker: null, placements: null }] });
      expect(other.employment.errors.map((e: { path: string[]; reason: string }) => `${e.path.at(-1)} ${e.reason}`), purpose).toEqual(["jobSeeker ORGANISATION", "placements ORGANISATION"]);
      expect(JSON.stringify(other.authority), purpose).not.toContain("Referred end to end");
      // Writing and answering the referral need its purpose.
      expect(other.write.errors.map((e: { code: string; reason: string }) => `${e.code}/${e.reason}`), purpose).toEqual(["FORBIDDEN/PURPOSE"]);
      expect(other.answer!.errors.map((e: { code: string; reason: string }) => `${e.code}/${e.reason}`), purpose).toEqual(["FORBIDDEN/PURPOSE"]);
    }
    // Nothing moved: the referral is still ACCEPTED, one registration.
    const [referral] = await net.subgraphs["anti-violence"]!.db.query<{ status: string }>("select status from referrals where id = $1", [referralId]);
    expect(referral!.status).toBe("ACCEPTED");
    const registrations = await net.subgraphs.employment!.db.query("select 1 from job_seekers where pathway_id = $1", [id]);
    expect(registrations).toHaveLength(1);
  });

  it("accepting a referral needs its purpose, and commits nothing without it", async () => {
    const id = await openCase();
    await grant(id, [permit(JOB_CENTRE_ORG, ["CASE_STATUS", "PLAN"], ["JOB_PLACEMENT"])]);
    const { referPathway } = ok(
      await net.query("op-aurora", `mutation($input: ReferPathwayInput!) { referPathway(input: $input) { id } }`,
        { input: { pathwayId: id, toOrganisationId: JOB_CENTRE_ORG, purpose: "JOB_PLACEMENT", note: "Mornings only" } }, "REFERRAL"),
    );
    const ACCEPT = `mutation($id: ID!) { acceptReferral(id: $id) { id status note } }`;
    for (const purpose of ["HOUSING_SUPPORT", "MONITORING", "TRAINING"] as const) {
      const refused = await net.query(JOB_CENTRE_USER, ACCEPT, { id: referPathway.id }, purpose);
      expect(refused.data).toEqual({ acceptReferral: null });
      expect(reasonAt(refused, "acceptReferral"), purpose).toBe("FORBIDDEN/PURPOSE");
    }
    const [row] = await net.subgraphs["anti-violence"]!.db.query<{ status: string }>("select status from referrals where id = $1", [referPathway.id]);
    expect(row!.status).toBe("SENT");
    const accepted = ok(await net.query(JOB_CENTRE_USER, ACCEPT, { id: referPathway.id }, "JOB_PLACEMENT"));
    expect(accepted.acceptReferral).toEqual({ id: referPathway.id, status: "ACCEPTED", note: "Mornings only" });
    await expectAudited("anti-violence", id, { organisation_id: JOB_CENTRE_ORG, category: "CASE_STATUS", decision: "DENY", reason: "PURPOSE", purpose: "MONITORING" });
  });
});

describe("a seal discloses nothing", () => {
  it("a sealed pathway answers a partner exactly as a withdrawn, a foreign and an unknown one, field by field, on every path", async () => {
    const sealed = await caseAtJobCentre();
    const withdrawn = await caseAtJobCentre();
    const foreign = { id: await openCase(), referralId: null };
    // Before: both released to it alike.
    expect((await everyPath(sealed.id, null, "JOB_PLACEMENT")).root.data.pathway.stage).toBe("NEEDS_ANALYSIS");
    ok(await net.query("op-aurora", `mutation($input: SealPathwayInput!) { sealPathway(input: $input) { id } }`, { input: { pathwayId: sealed.id, reason: "Risk of being traced" } }, "SAFETY_COORDINATION"));
    const [consent] = await net.subgraphs["anti-violence"]!.db.query<{ id: string }>("select id from consents where pathway_id = $1 and status = 'ACTIVE'", [withdrawn.id]);
    ok(await net.query("op-aurora", `mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { id } }`, { input: { consentId: consent!.id, reason: "She asked to stop sharing" } }, "EMPOWERMENT_PLAN"));

    const a = await everyPath(sealed.id, sealed.referralId, "JOB_PLACEMENT");
    const b = await everyPath(withdrawn.id, withdrawn.referralId, "JOB_PLACEMENT");
    const c = await everyPath(foreign.id, null, "JOB_PLACEMENT");
    const d = await everyPath(randomUUID(), null, "JOB_PLACEMENT");
    for (const path of ["root", "caseload", "incoming", "authority", "employment", "write", "answer"] as const) {
      expect(a[path], path).toEqual(b[path]);
    }
    // Where the job centre keeps nothing of hers (a foreign or unknown pathway), employment has no
    // record of hers to refuse: compared with those on the paths that do not hinge on its own record.
    for (const path of ["root", "authority", "write"] as const) {
      expect(a[path], `${path} vs foreign`).toEqual(c[path]);
      expect(a[path], `${path} vs unknown`).toEqual(d[path]);
    }
    // The answers themselves: nothing released, ORGANISATION everywhere, never SEALED.
    expect(a.root.data).toEqual({ pathway: null });
    expect(a.caseload.data.node).toEqual({ id: "<pathway>", stage: null, holder: null, jobSeeker: null, referrals: null });
    expect(a.incoming).toEqual({ data: null, errors: [] });
    expect(a.authority.data._entities[0]).toEqual({ id: "<pathway>", stage: null, holder: null, referrals: null });
    expect(a.employment.data._entities[0]).toEqual({ id: "<pathway>", jobSeeker: null, placements: null });
    expect(a.answer!.errors.map((e: { reason: string }) => e.reason)).toEqual(["ORGANISATION"]);
    expect(JSON.stringify(a)).not.toMatch(/SEALED|sealed/);
    // Lists: both vanish from the incoming referrals alike (the totals move together).
    expect(a.incomingTotal).toBe(b.incomingTotal);
  });
});

describe("the audit trail of all this", () => {
  it("holds in every subgraph: the chains verify", async () => {
    for (const subgraph of ["anti-violence", "employment", "training"] as const) {
      const result = await verifyAuditChain(net.subgraphs[subgraph]!.db);
      expect(result.firstBroken, subgraph).toBeNull();
      expect(result.entries, subgraph).toBeGreaterThan(0);
    }
  });
});
