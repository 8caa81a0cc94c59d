import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DataCategory, Purpose } from "@percorsi/schema";
import { demoConsentCases, demoNetwork } from "@percorsi/demo";
import { ACTOR_ASSERTION_HEADER } from "@percorsi/kit";
import { countRows, errorAt, postGraphQL, type GraphQLResponse } from "@percorsi/kit/testing";
import { startTestNetwork, type TestNetwork } from "./network.js";

// The access rules hardened: one visibility rule, writes only on an accepted referral for its
// purpose, role refusals on her record, and assertions bound to their request and used once.
// Everything goes through the gateway, as a caller would.
const network = demoNetwork();
const cases = demoConsentCases(network);
const centreEmployer = network.employers.find((e) => e.jobCentreId === "cpi-milano-centro")!;

let net: TestNetwork;
beforeAll(async () => {
  net = await startTestNetwork({ recordSubgraphRequests: true });
});
afterAll(() => net.stop());

const ok = <T = any>(response: GraphQLResponse<T>): T => {
  expect(response.errors).toBeUndefined();
  return response.data as T;
};
const reasonAt = (response: GraphQLResponse, path: string) => {
  const error = errorAt(response, path);
  return error ? `${error.extensions?.code}/${error.extensions?.reason}` : "released";
};
/** What a refusal tells the caller: nothing else may tell two refusals apart. */
const refusalOf = (response: GraphQLResponse) => ({ data: response.data, errors: response.errors?.map((e) => ({ message: e.message, path: e.path, extensions: e.extensions })) });

const ORGANISATION_OF: Record<string, string> = { "op-cpi-centro": "cpi-milano-centro", "op-cpi-rho": "cpi-rho", "op-training": "formazione-atelier" };

async function openCase(): Promise<string> {
  const { openPathway } = ok(
    await net.query(
      "op-aurora",
      `mutation { openPathway(input: { openedOn: "2026-03-02", identity: { givenName: "Hardening", familyName: "End-to-end", preferredContact: THROUGH_CENTRE } }) { id } }`,
      {},
      "NEEDS_ANALYSIS",
    ),
  );
  ok(
    await net.query(
      "op-aurora",
      `mutation($id: ID!) { recordNeedsAssessment(input: { pathwayId: $id, assessedOn: "2026-03-10", educationLevel: UPPER_SECONDARY, languages: ["it"],
        availability: "PART_TIME_MORNINGS", careConstraints: [], economicSituation: NO_INCOME, housingSituation: WITH_RELATIVES, districtsToAvoid: ["Municipio 9"],
        workExperience: [{ occupation: "Cashier", sector: "Retail", years: 3 }] }) { id } }`,
      { id: openPathway.id },
      "NEEDS_ANALYSIS",
    ),
  );
  return openPathway.id;
}

async function grant(pathwayId: string, organisationId: string, categories: DataCategory[], purposes: Purpose[]): Promise<string> {
  const { grantConsent } = ok(
    await net.query(
      "op-aurora",
      `mutation($input: GrantConsentInput!) { grantConsent(input: $input) { id } }`,
      { input: { pathwayId, evidenceReference: "MOD-HARD-E2E", provisions: [{ type: "PERMIT", granteeOrganisationId: organisationId, categories, purposes }] } },
      "EMPOWERMENT_PLAN",
    ),
  );
  return grantConsent.id;
}

async function referAndAccept(pathwayId: string, user: string, purpose: Purpose): Promise<string> {
  const { referPathway } = ok(
    await net.query(
      "op-aurora",
      `mutation($input: ReferPathwayInput!) { referPathway(input: $input) { id } }`,
      { input: { pathwayId, toOrganisationId: ORGANISATION_OF[user], purpose, note: "She prefers morning shifts" } },
      "REFERRAL",
    ),
  );
  ok(await net.query(user, `mutation($id: ID!) { acceptReferral(id: $id) { id } }`, { id: referPathway.id }, purpose));
  return referPathway.id;
}

const REGISTER = `mutation($input: RegisterJobSeekerInput!) { registerJobSeeker(input: $input) { id } }`;
const registration = (pathwayId: string) => ({ input: { pathwayId, skills: ["Customer service"], wishedOccupations: ["Shop assistant"], availability: "PART_TIME_MORNINGS" } });
const PLACEMENT = `mutation($input: RecordPlacementInput!) { recordPlacement(input: $input) { id } }`;
const placement = (pathwayId: string, jobSeekerId: string) => ({
  input: { pathwayId, jobSeekerId, employerId: centreEmployer.id, occupation: "Shop assistant", contractType: "PERMANENT", weeklyHours: 24, startOn: "2026-04-01" },
});

const employmentRows = async () => ({
  jobSeekers: await countRows(net.subgraphs.employment!.db, "job_seekers"),
  placements: await countRows(net.subgraphs.employment!.db, "placements"),
});

interface Event {
  organisationId: string;
  action: string;
  decision: string;
  reasons: string[];
  bases: string[];
  categories: string[];
}
async function reportOf(pathwayId: string): Promise<{ antiViolence: Event[]; employment: Event[]; training: Event[] }> {
  const part = "organisationId action decision reasons bases categories";
  return ok(
    await net.query(
      "op-aurora",
      `query($id: ID!) { accessReport(pathwayId: $id) { antiViolence { ${part} } employment { ${part} } training { ${part} } } }`,
      { id: pathwayId },
      "EMPOWERMENT_PLAN",
    ),
  ).accessReport;
}

describe("writes about her need an accepted referral for the declared purpose", () => {
  it("(a) a job centre writing about a pathway never referred to it is refused, writes nothing, and shows in her report", async () => {
    const id = await openCase();
    // Her consent even lets it read some of her case: that is no standing to write.
    await grant(id, "cpi-milano-centro", ["CASE_STATUS", "JOB_SEARCH"], ["JOB_PLACEMENT"]);
    const before = await employmentRows();

    const registered = await net.query("op-cpi-centro", REGISTER, registration(id), "JOB_PLACEMENT");
    // Mutation fields are nullable: the refused one is null, and so is all there is.
    expect(registered.data).toEqual({ registerJobSeeker: null });
    expect(registered.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
    const placed = await net.query("op-cpi-centro", PLACEMENT, placement(id, randomUUID()), "JOB_PLACEMENT");
    expect(placed.data).toEqual({ recordPlacement: null });
    expect(placed.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });

    expect(await employmentRows()).toEqual(before);
    const mine = await net.subgraphs.employment!.db.query<{ count: number }>("select count(*)::int as count from job_seekers where pathway_id = $1", [id]);
    expect(mine).toEqual([{ count: 0 }]);
    const report = await reportOf(id);
    expect(report.employment).toContainEqual(expect.objectContaining({ organisationId: "cpi-milano-centro", action: "WRITE", decision: "DENY", reasons: ["ORGANISATION"] }));
    expect(report.employment.filter((e) => e.action === "WRITE" && e.decision === "ALLOW")).toEqual([]);
    const audited = await net.subgraphs.employment!.db.query<{ action: string; decision: string; reason: string }>(
      "select action, decision, reason from audit_log where pathway_id = $1 and organisation_id = 'cpi-milano-centro'",
      [id],
    );
    expect(audited.length).toBeGreaterThanOrEqual(2);
    for (const row of audited) expect(row).toEqual({ action: "WRITE", decision: "DENY", reason: "ORGANISATION" });
  });

  it("(b) an unknown id, the sealed pathway, a sealed referred one and an unreferred one get identical answers", async () => {
    const unreferred = await openCase();
    const sealedReferred = await openCase();
    await grant(sealedReferred, "cpi-rho", ["CASE_STATUS"], ["JOB_PLACEMENT"]);
    await referAndAccept(sealedReferred, "op-cpi-rho", "JOB_PLACEMENT");
    ok(
      await net.query("op-aurora", `mutation($input: SealPathwayInput!) { sealPathway(input: $input) { id } }`, { input: { pathwayId: sealedReferred, reason: "Risk of being traced" } }, "SAFETY_COORDINATION"),
    );
    const before = await employmentRows();
    const targets = [randomUUID(), cases.sealed.pathwayId, sealedReferred, unreferred];
    const answers = [];
    for (const pathwayId of targets) answers.push(refusalOf(await net.query("op-cpi-rho", REGISTER, registration(pathwayId), "JOB_PLACEMENT")));
    expect(answers[0]!.data).toEqual({ registerJobSeeker: null });
    expect(answers[0]!.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "FORBIDDEN", reason: "ORGANISATION" }) })]);
    for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
    // The same for a placement.
    const placements = [];
    for (const pathwayId of targets) placements.push(refusalOf(await net.query("op-cpi-rho", PLACEMENT, placement(pathwayId, randomUUID()), "JOB_PLACEMENT")));
    expect(placements[0]!.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
    for (const answer of placements.slice(1)) expect(answer).toEqual(placements[0]);
    expect(await employmentRows()).toEqual(before);
  });

  it("(c) with an accepted referral, the write for its purpose succeeds (WRITE ALLOW); for another purpose it is refused (PURPOSE)", async () => {
    const id = await openCase();
    await grant(id, "cpi-milano-centro", ["CASE_STATUS", "JOB_SEARCH"], ["JOB_PLACEMENT"]);
    await referAndAccept(id, "op-cpi-centro", "JOB_PLACEMENT");
    const before = await employmentRows();

    const otherPurpose = await net.query("op-cpi-centro", REGISTER, registration(id), "TRAINING");
    expect(otherPurpose.data).toEqual({ registerJobSeeker: null });
    expect(otherPurpose.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "PURPOSE" });
    expect(await employmentRows()).toEqual(before);

    const registered = ok(await net.query("op-cpi-centro", `mutation($input: RegisterJobSeekerInput!) { registerJobSeeker(input: $input) { id jobSeeker { id status } } }`, registration(id), "JOB_PLACEMENT"));
    expect(registered.registerJobSeeker).toEqual({ id, jobSeeker: { id: expect.any(String), status: "REGISTERED" } });
    expect(await employmentRows()).toEqual({ ...before, jobSeekers: before.jobSeekers + 1 });

    const report = await reportOf(id);
    expect(report.employment).toContainEqual(expect.objectContaining({ organisationId: "cpi-milano-centro", action: "WRITE", decision: "ALLOW", bases: ["REFERRAL"] }));
    expect(report.employment).toContainEqual(expect.objectContaining({ organisationId: "cpi-milano-centro", action: "WRITE", decision: "DENY", reasons: ["PURPOSE"] }));
  });

  it("(d) a training body enrolling a never-referred pathway is refused and takes no seat", async () => {
    const id = await openCase();
    const { createCourse } = ok(
      await net.query(
        "op-training",
        `mutation { createCourse(input: { title: "Hardening basics", skillsTaught: ["Cash handling"], schedule: "MON_WED_MORNING", district: "Municipio 3",
          seats: 2, startsOn: "2026-12-01", endsOn: "2027-02-28" }) { id seatsTaken } }`,
        {},
        "TRAINING",
      ),
    );
    expect(createCourse.seatsTaken).toBe(0);
    const before = await countRows(net.subgraphs.training!.db, "enrolments");
    const enrolled = await net.query("op-training", `mutation($input: EnrolInCourseInput!) { enrolInCourse(input: $input) { id } }`, { input: { pathwayId: id, courseId: createCourse.id } }, "TRAINING");
    expect(enrolled.data).toEqual({ enrolInCourse: null });
    expect(enrolled.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
    expect(await countRows(net.subgraphs.training!.db, "enrolments")).toBe(before);
    const { courses } = ok(await net.query("op-training", `{ courses(first: 100) { nodes { id seatsTaken } } }`, {}, "TRAINING"));
    expect(courses.nodes.find((c: { id: string }) => c.id === createCourse.id)).toEqual({ id: createCourse.id, seatsTaken: 0 });
    expect((await reportOf(id)).training).toContainEqual(expect.objectContaining({ organisationId: "formazione-atelier", action: "WRITE", decision: "DENY", reasons: ["ORGANISATION"] }));
  });

  it("(e) a refused write on a foreign pathway leaks nothing of her through its answer", async () => {
    const foreign = network.pathways.find((p) => p.holderId === "cav-ginestra" && p.seal === null && p.needsAssessment !== null)!;
    const response = await net.query(
      "op-cpi-centro",
      `mutation($input: RegisterJobSeekerInput!) { registerJobSeeker(input: $input) { id stage holder { name } needsAssessment { educationLevel languages workExperience { occupation } } jobSeeker { status } } }`,
      registration(foreign.id),
      "JOB_PLACEMENT",
    );
    expect(response.data).toEqual({ registerJobSeeker: null });
    expect(response.errors?.length).toBeGreaterThan(0);
    for (const error of response.errors!) expect(error.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
    const text = JSON.stringify(response);
    expect(text).not.toContain(foreign.needsAssessment!.educationLevel);
    expect(text).not.toContain("Ginestra");
  });
});

describe("reads through old referrals end with her consent", () => {
  it("(f) after she withdraws her only consent, the job centre reads nothing of hers, its own registration included", async () => {
    const id = await openCase();
    const consentId = await grant(id, "cpi-milano-centro", ["CASE_STATUS", "EDUCATION_SKILLS", "PLAN"], ["JOB_PLACEMENT"]);
    const referralId = await referAndAccept(id, "op-cpi-centro", "JOB_PLACEMENT");
    ok(await net.query("op-cpi-centro", REGISTER, registration(id), "JOB_PLACEMENT"));
    const INCOMING = `{ incomingReferrals(first: 100) { nodes { id note status pathway { id stage } } } }`;
    const CASELOAD = `{ jobCentreCaseload(first: 100) { nodes { id stage holder { name } jobSeeker { status } } } }`;

    // Other referrals in the list (the demo's sealed one) answer their own refusals.
    const incomingBefore = (await net.query("op-cpi-centro", INCOMING, {}, "JOB_PLACEMENT")).data.incomingReferrals.nodes;
    expect(incomingBefore.find((r: { id: string }) => r.id === referralId)).toEqual({ id: referralId, note: "She prefers morning shifts", status: "ACCEPTED", pathway: { id, stage: expect.any(String) } });

    ok(
      await net.query("op-aurora", `mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { id } }`, { input: { consentId, reason: "She asked to stop sharing" } }, "EMPOWERMENT_PLAN"),
    );

    // The referral her consent no longer covers vanishes from its list (as a sealed pathway's does).
    const incoming = await net.query("op-cpi-centro", INCOMING, {}, "JOB_PLACEMENT");
    expect(incoming.data.incomingReferrals.nodes.map((r: { id: string }) => r.id)).not.toContain(referralId);

    const caseload = await net.query("op-cpi-centro", CASELOAD, {}, "JOB_PLACEMENT");
    const at = caseload.data.jobCentreCaseload.nodes.findIndex((n: { id: string }) => n.id === id);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(caseload.data.jobCentreCaseload.nodes[at]).toEqual({ id, stage: null, holder: null, jobSeeker: null });
    for (const field of ["stage", "holder", "jobSeeker"]) expect(reasonAt(caseload, `jobCentreCaseload.nodes.${at}.${field}`)).toBe("FORBIDDEN/ORGANISATION");
    // Nor can it write about her any more.
    const placed = await net.query("op-cpi-centro", PLACEMENT, placement(id, randomUUID()), "JOB_PLACEMENT");
    expect(placed.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
  });
});

describe("refusals she can read in her access report", () => {
  it("(g) a role removal at the gateway is recorded as DENY ROLE IDENTITY on every pathway the request reaches", async () => {
    const id = await openCase();
    await grant(id, "cpi-milano-centro", ["CASE_STATUS"], ["JOB_PLACEMENT"]);
    await referAndAccept(id, "op-cpi-centro", "JOB_PLACEMENT");
    ok(await net.query("op-cpi-centro", REGISTER, registration(id), "JOB_PLACEMENT"));
    expect((await reportOf(id)).antiViolence.filter((e) => e.reasons.includes("ROLE"))).toEqual([]);

    // The caller did not ask for ids: the gateway asks for them to record the refusal, and does not answer them.
    const caseload = await net.query("op-cpi-centro", `{ jobCentreCaseload(first: 100) { nodes { identity { givenName } } } }`, {}, "JOB_PLACEMENT");
    for (const node of caseload.data.jobCentreCaseload.nodes) expect(node).toEqual({ identity: null });
    expect(caseload.errors?.every((e) => e.extensions?.code === "FORBIDDEN" && e.extensions?.reason === "ROLE")).toBe(true);
    // The caseload reaches her pathway in employment only (ids are all the plan needs): recorded there.
    const report = await reportOf(id);
    expect(report.employment).toContainEqual(expect.objectContaining({ organisationId: "cpi-milano-centro", action: "READ", decision: "DENY", reasons: ["ROLE"], categories: ["IDENTITY"] }));

    // And through pathway(id:).
    const other = await openCase();
    await grant(other, "cpi-milano-centro", ["CASE_STATUS"], ["JOB_PLACEMENT"]);
    const direct = await net.query("op-cpi-centro", `query($id: ID!) { pathway(id: $id) { identity { givenName } } }`, { id: other }, "JOB_PLACEMENT");
    expect(direct.data.pathway).toEqual({ identity: null });
    expect(reasonAt(direct, "pathway.identity")).toBe("FORBIDDEN/ROLE");
    expect((await reportOf(other)).antiViolence).toContainEqual(expect.objectContaining({ organisationId: "cpi-milano-centro", action: "READ", decision: "DENY", reasons: ["ROLE"], categories: ["IDENTITY"] }));
  });

  it("(h) a pathway(id:) refused as not visible (ORGANISATION) shows in her report", async () => {
    const id = await openCase();
    const response = await net.query("op-cpi-rho", `query($id: ID!) { pathway(id: $id) { id stage } }`, { id }, "JOB_PLACEMENT");
    expect(response.data.pathway).toBeNull();
    expect(reasonAt(response, "pathway")).toBe("FORBIDDEN/ORGANISATION");
    const report = await reportOf(id);
    expect(report.antiViolence).toContainEqual(expect.objectContaining({ organisationId: "cpi-rho", action: "READ", decision: "DENY", reasons: ["ORGANISATION"] }));
    // Her own reading of the report is audited too (REPORT, on OWNERSHIP).
    expect((await reportOf(id)).antiViolence).toContainEqual(expect.objectContaining({ organisationId: "cav-aurora", action: "REPORT", decision: "ALLOW", bases: ["OWNERSHIP"] }));
  });
});

describe("captured assertions are worth nothing", () => {
  const HOP_BY_HOP = new Set(["host", "connection", "content-length", "transfer-encoding", "keep-alive"]);

  it("(i) replayed with the same body, or with another query, a subgraph refuses it (401)", async () => {
    const id = cases.grantedToJobCentre.pathwayId;
    net.subgraphRequests.length = 0;
    const read = await net.query("op-cpi-centro", `query($id: ID!) { pathway(id: $id) { id stage jobSeeker { status } } }`, { id }, "JOB_PLACEMENT");
    expect(read.errors).toBeUndefined();
    for (const subgraph of ["anti-violence", "employment"] as const) {
      const captured = net.subgraphRequests.find((r) => r.subgraph === subgraph && r.headers[ACTOR_ASSERTION_HEADER]);
      expect(captured, `the gateway called ${subgraph}`).toBeDefined();
      const headers = Object.fromEntries(
        Object.entries(captured!.headers).flatMap(([name, value]) => (HOP_BY_HOP.has(name) || value === undefined ? [] : [[name, Array.isArray(value) ? value.join(", ") : value]])),
      );
      const same = await postGraphQL(net.subgraphs[subgraph]!.url, captured!.query, captured!.variables, headers);
      expect(same.status, `${subgraph}: same body`).toBe(401);
      expect(same.data ?? null).toBeNull();
      const receipts = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Pathway { consentReceipt } } }`;
      const other = await postGraphQL(net.subgraphs[subgraph]!.url, receipts, { reps: [{ __typename: "Pathway", id }] }, headers);
      expect(other.status, `${subgraph}: another query`).toBe(401);
      expect(other.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect(JSON.stringify(other)).not.toContain("consentReceipt\":\"");
    }
  });
});
