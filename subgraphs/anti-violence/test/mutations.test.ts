import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { today } from "@percorsi/kit/author";
import { denial, errorAt, type GraphQLResponse, type SubgraphTester } from "@percorsi/kit/testing";
import { as, startAntiViolence } from "./fixtures.js";

// One store for the file (organisations seeded); each test opens the pathways it needs.
let subgraph: SubgraphTester;
beforeAll(async () => {
  subgraph = await startAntiViolence();
});
afterAll(() => subgraph.stop());

const code = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.code;

async function openPathway(): Promise<string> {
  const response = await subgraph.as(as.aurora()).query(
    `mutation { openPathway(input: { openedOn: "2026-01-05", identity: { givenName: "Test", familyName: "Person", preferredContact: THROUGH_CENTRE } }) { id } }`,
  );
  return response.data.openPathway.id;
}

const ASSESSMENT = {
  assessedOn: "2026-01-20",
  educationLevel: "UPPER_SECONDARY",
  qualifications: ["Diploma di ragioneria"],
  languages: ["it", "en"],
  workExperience: [{ occupation: "Cashier", sector: "Retail", years: 3 }],
  availability: "PART_TIME_MORNINGS",
  careConstraints: ["CHILD_UNDER_6"],
  economicSituation: "NO_INCOME",
  housingSituation: "WITH_RELATIVES",
  districtsToAvoid: ["Municipio 5"],
  hoursToAvoid: ["EVENING"],
  healthNotes: null,
};

const RECORD = `mutation($input: RecordNeedsAssessmentInput!) { recordNeedsAssessment(input: $input) {
  id stage needsAssessment { assessedOn educationLevel languages workExperience { occupation sector years } availability housingSituation } } }`;
const ADD_GOAL = `mutation($input: AddPlanGoalInput!) { addPlanGoal(input: $input) { id area status dueOn description responsibleOrganisation { id } } }`;
const UPDATE_GOAL = `mutation($input: UpdatePlanGoalInput!) { updatePlanGoal(input: $input) { id status description dueOn } }`;
const SIGN = `mutation($input: SignPlanInput!) { signPlan(input: $input) { id stage plan { signedOn goals { id } } } }`;
const REFER = `mutation($input: ReferPathwayInput!) { referPathway(input: $input) { id status purpose note sentOn from { id } to { id } pathway { id } } }`;
const move = (name: string) => `mutation($id: ID!) { ${name}(id: $id) { id status respondedOn rejectionReason } }`;
const REJECT = `mutation($input: RejectReferralInput!) { rejectReferral(input: $input) { id status respondedOn rejectionReason } }`;
const STAGE = `query($id: ID!) { pathway(id: $id) { stage } }`;

const GRANT = `mutation($input: GrantConsentInput!) { grantConsent(input: $input) { id status } }`;

/** Her consent to share her skills with an organisation for some purposes: what a referral needs. */
async function consentTo(pathwayId: string, granteeOrganisationId: string, purposes: string[]): Promise<void> {
  const response = await subgraph.as(as.aurora()).query(GRANT, {
    input: { pathwayId, evidenceReference: "Signed form 2026/14", provisions: [{ type: "PERMIT", granteeOrganisationId, categories: ["EDUCATION_SKILLS"], purposes }] },
  });
  expect(response.errors).toBeUndefined();
}

async function assessedPathway(): Promise<string> {
  const id = await openPathway();
  const response = await subgraph.as(as.aurora()).query(RECORD, { input: { ...ASSESSMENT, pathwayId: id } });
  expect(response.errors).toBeUndefined();
  return id;
}

describe("recordNeedsAssessment", () => {
  it.each([
    ["an unknown language code", { languages: ["Italian!"] }],
    ["negative years of work", { workExperience: [{ occupation: "Cashier", sector: "Retail", years: -1 }] }],
    ["free text where a code is expected", { availability: "mornings please" }],
    ["an empty qualification", { qualifications: [""] }],
    ["a date that does not exist", { assessedOn: "2026-02-30" }],
    ["a date in the future", { assessedOn: "2999-01-01" }],
    ["a date before the pathway opened", { assessedOn: "2025-12-31" }],
    ["a pathway id that is no id", { pathwayId: "not-a-uuid" }],
  ])("refuses %s and writes nothing", async (_case, change) => {
    const id = await openPathway();
    const before = await subgraph.count("needs_assessments");
    const response = await subgraph.as(as.aurora()).query(RECORD, { input: { ...ASSESSMENT, pathwayId: id, ...change } });
    expect(code(response)).toBe("BAD_USER_INPUT");
    expect(await subgraph.count("needs_assessments")).toBe(before);
    expect((await subgraph.as(as.aurora()).query(STAGE, { id })).data.pathway.stage).toBe("INTAKE");
  });

  it("refuses an enum value outside the vocabulary before any resolver runs", async () => {
    const id = await openPathway();
    const response = await subgraph.as(as.aurora()).query(RECORD, { input: { ...ASSESSMENT, pathwayId: id, educationLevel: "PHD" } });
    expect(code(response)).toBe("BAD_USER_INPUT");
  });

  it("records an assessment, moving INTAKE to NEEDS_ANALYSIS, and replaces it when recorded again", async () => {
    const id = await openPathway();
    const before = await subgraph.count("needs_assessments");
    const first = await subgraph.as(as.aurora()).query(RECORD, { input: { ...ASSESSMENT, pathwayId: id } });
    expect(first.errors).toBeUndefined();
    expect(first.data.recordNeedsAssessment).toEqual({
      id,
      stage: "NEEDS_ANALYSIS",
      needsAssessment: {
        assessedOn: "2026-01-20",
        educationLevel: "UPPER_SECONDARY",
        languages: ["it", "en"],
        workExperience: [{ occupation: "Cashier", sector: "Retail", years: 3 }],
        availability: "PART_TIME_MORNINGS",
        housingSituation: "WITH_RELATIVES",
      },
    });
    const again = await subgraph.as(as.aurora()).query(RECORD, {
      input: { ...ASSESSMENT, pathwayId: id, educationLevel: "VOCATIONAL", workExperience: [], housingSituation: "RENTED" },
    });
    expect(again.data.recordNeedsAssessment.needsAssessment).toMatchObject({ educationLevel: "VOCATIONAL", workExperience: [], housingSituation: "RENTED" });
    expect(again.data.recordNeedsAssessment.stage).toBe("NEEDS_ANALYSIS");
    expect(await subgraph.count("needs_assessments")).toBe(before + 1);
  });

  it("is refused to another centre and to a job centre", async () => {
    const id = await openPathway();
    const other = await subgraph.as(as.ginestra()).query(RECORD, { input: { ...ASSESSMENT, pathwayId: id } });
    expect(denial(errorAt(other, "recordNeedsAssessment"))).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
    const jobCentre = await subgraph.as(as.cpiCentro()).query(RECORD, { input: { ...ASSESSMENT, pathwayId: id } });
    expect(denial(errorAt(jobCentre, "recordNeedsAssessment"))).toEqual({ code: "FORBIDDEN", reason: "ROLE" });
    expect((await subgraph.as(as.aurora()).query(STAGE, { id })).data.pathway.stage).toBe("INTAKE");
  });

  it("is refused on a closed pathway", async () => {
    const id = await assessedPathway();
    await subgraph.as(as.aurora()).query(`mutation($id: ID!) { setPathwayStage(input: { pathwayId: $id, stage: CLOSED, closingReason: "MOVED_AWAY" }) { id } }`, { id });
    const response = await subgraph.as(as.aurora()).query(RECORD, { input: { ...ASSESSMENT, pathwayId: id } });
    expect(code(response)).toBe("BAD_USER_INPUT");
    expect(response.errors?.[0]?.message).toMatch(/closed/);
  });
});

describe("plans", () => {
  const goal = (pathwayId: string, extra: Record<string, unknown> = {}) => ({
    pathwayId,
    area: "EMPLOYMENT",
    description: "Find a part-time job compatible with school hours",
    responsibleOrganisationId: "cpi-milano-centro",
    dueOn: "2026-12-31",
    ...extra,
  });

  it("refuses a goal before the needs assessment, or for an unknown organisation, and writes nothing", async () => {
    const intake = await openPathway();
    const assessed = await assessedPathway();
    const [plans, goals] = [await subgraph.count("plans"), await subgraph.count("plan_goals")];
    const early = await subgraph.as(as.aurora()).query(ADD_GOAL, { input: goal(intake) });
    expect(code(early)).toBe("BAD_USER_INPUT");
    const unknown = await subgraph.as(as.aurora()).query(ADD_GOAL, { input: goal(assessed, { responsibleOrganisationId: "no-such-organisation" }) });
    expect(code(unknown)).toBe("BAD_USER_INPUT");
    expect(unknown.errors?.[0]?.extensions?.field).toBe("responsibleOrganisationId");
    const blank = await subgraph.as(as.aurora()).query(ADD_GOAL, { input: goal(assessed, { description: "" }) });
    expect(code(blank)).toBe("BAD_USER_INPUT");
    expect([await subgraph.count("plans"), await subgraph.count("plan_goals")]).toEqual([plans, goals]);
  });

  it("creates the plan with its first goal, appends the next, and signs it", async () => {
    const id = await assessedPathway();
    const noPlan = await subgraph.as(as.aurora()).query(SIGN, { input: { pathwayId: id } });
    expect(code(noPlan)).toBe("BAD_USER_INPUT");

    const first = await subgraph.as(as.aurora()).query(ADD_GOAL, { input: goal(id) });
    expect(first.data.addPlanGoal).toMatchObject({ area: "EMPLOYMENT", status: "PLANNED", dueOn: "2026-12-31", responsibleOrganisation: { id: "cpi-milano-centro" } });
    const second = await subgraph.as(as.aurora()).query(ADD_GOAL, { input: goal(id, { area: "WELLBEING", responsibleOrganisationId: "cav-aurora", dueOn: null }) });
    expect(second.errors).toBeUndefined();
    const [plan] = await subgraph.db.query<{ count: number }>("select count(*)::int as count from plans where pathway_id = $1", [id]);
    expect(plan?.count).toBe(1);

    const future = await subgraph.as(as.aurora()).query(SIGN, { input: { pathwayId: id, signedOn: "2999-01-01" } });
    expect(code(future)).toBe("BAD_USER_INPUT");
    const signed = await subgraph.as(as.aurora()).query(SIGN, { input: { pathwayId: id } });
    expect(signed.data.signPlan).toEqual({
      id,
      stage: "PLAN_ACTIVE",
      plan: { signedOn: today(), goals: [{ id: first.data.addPlanGoal.id }, { id: second.data.addPlanGoal.id }] },
    });
    const twice = await subgraph.as(as.aurora()).query(SIGN, { input: { pathwayId: id } });
    expect(code(twice)).toBe("BAD_USER_INPUT");
    expect(twice.errors?.[0]?.message).toMatch(/already signed/);
  });

  it("updates only what is given, and clears a due date with null", async () => {
    const id = await assessedPathway();
    const added = (await subgraph.as(as.aurora()).query(ADD_GOAL, { input: goal(id) })).data.addPlanGoal;
    const nothing = await subgraph.as(as.aurora()).query(UPDATE_GOAL, { input: { goalId: added.id } });
    expect(code(nothing)).toBe("BAD_USER_INPUT");
    const started = await subgraph.as(as.aurora()).query(UPDATE_GOAL, { input: { goalId: added.id, status: "IN_PROGRESS" } });
    expect(started.data.updatePlanGoal).toEqual({ id: added.id, status: "IN_PROGRESS", description: added.description, dueOn: "2026-12-31" });
    const cleared = await subgraph.as(as.aurora()).query(UPDATE_GOAL, { input: { goalId: added.id, dueOn: null } });
    expect(cleared.data.updatePlanGoal).toMatchObject({ status: "IN_PROGRESS", dueOn: null });
  });

  it("refuses another centre's goal and an unknown goal alike", async () => {
    const id = await assessedPathway();
    const added = (await subgraph.as(as.aurora()).query(ADD_GOAL, { input: goal(id) })).data.addPlanGoal;
    const other = await subgraph.as(as.ginestra()).query(UPDATE_GOAL, { input: { goalId: added.id, status: "DROPPED" } });
    expect(denial(errorAt(other, "updatePlanGoal"))).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
    const unknown = await subgraph.as(as.aurora()).query(UPDATE_GOAL, { input: { goalId: "00000000-0000-4000-8000-000000000000", status: "DROPPED" } });
    expect(denial(errorAt(unknown, "updatePlanGoal"))).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
    const foreignPlan = await subgraph.as(as.ginestra()).query(ADD_GOAL, { input: goal(id) });
    expect(denial(errorAt(foreignPlan, "addPlanGoal"))).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
  });
});

describe("referPathway", () => {
  it.each([
    ["to its own holder", "cav-aurora"],
    ["to the control room", "cabina-di-regia"],
    ["to an organisation outside the network", "nowhere"],
  ])("refuses a referral %s and writes nothing", async (_case, toOrganisationId) => {
    const id = await assessedPathway();
    const before = await subgraph.count("referrals");
    const response = await subgraph.as(as.aurora()).query(REFER, { input: { pathwayId: id, toOrganisationId, purpose: "JOB_PLACEMENT" } });
    expect(code(response)).toBe("BAD_USER_INPUT");
    expect(response.errors?.[0]?.extensions?.field).toBe("toOrganisationId");
    expect(await subgraph.count("referrals")).toBe(before);
  });

  it("refuses a referral no consent of hers covers, and writes nothing", async () => {
    const id = await assessedPathway();
    await consentTo(id, "cpi-milano-centro", ["JOB_PLACEMENT"]);
    const before = await subgraph.count("referrals");
    for (const input of [
      { pathwayId: id, toOrganisationId: "cpi-rho", purpose: "JOB_PLACEMENT" },
      { pathwayId: id, toOrganisationId: "cpi-milano-centro", purpose: "TRAINING" },
    ]) {
      const response = await subgraph.as(as.aurora()).query(REFER, { input });
      expect(code(response)).toBe("BAD_USER_INPUT");
      expect(response.errors?.[0]?.message).toContain("No consent");
      expect(response.errors?.[0]?.extensions?.field).toBe("toOrganisationId");
    }
    expect(await subgraph.count("referrals")).toBe(before);
  });

  it("sends a referral, and refuses a second open one to the same organisation", async () => {
    const id = await assessedPathway();
    await consentTo(id, "cpi-milano-centro", ["JOB_PLACEMENT", "JOB_RETENTION"]);
    await consentTo(id, "formazione-atelier", ["TRAINING"]);
    const sent = await subgraph.as(as.aurora()).query(REFER, { input: { pathwayId: id, toOrganisationId: "cpi-milano-centro", purpose: "JOB_PLACEMENT", note: "Mornings only" } });
    expect(sent.data.referPathway).toMatchObject({
      status: "SENT",
      purpose: "JOB_PLACEMENT",
      note: "Mornings only",
      sentOn: today(),
      from: { id: "cav-aurora" },
      to: { id: "cpi-milano-centro" },
      pathway: { id },
    });
    const before = await subgraph.count("referrals");
    const again = await subgraph.as(as.aurora()).query(REFER, { input: { pathwayId: id, toOrganisationId: "cpi-milano-centro", purpose: "JOB_RETENTION" } });
    expect(code(again)).toBe("BAD_USER_INPUT");
    expect(await subgraph.count("referrals")).toBe(before);
    const elsewhere = await subgraph.as(as.aurora()).query(REFER, { input: { pathwayId: id, toOrganisationId: "formazione-atelier", purpose: "TRAINING" } });
    expect(elsewhere.errors).toBeUndefined();
  });

  it("is refused to an operator of another centre", async () => {
    const id = await assessedPathway();
    const response = await subgraph.as(as.ginestra()).query(REFER, { input: { pathwayId: id, toOrganisationId: "cpi-rho", purpose: "JOB_PLACEMENT" } });
    expect(denial(errorAt(response, "referPathway"))).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
  });
});

describe("the referral state machine", () => {
  async function sent(toOrganisationId = "cpi-milano-centro", pathwayId?: string) {
    const id = pathwayId ?? (await assessedPathway());
    if (!pathwayId) await consentTo(id, toOrganisationId, ["JOB_PLACEMENT"]);
    const response = await subgraph.as(as.aurora()).query(REFER, { input: { pathwayId: id, toOrganisationId, purpose: "JOB_PLACEMENT" } });
    expect(response.errors).toBeUndefined();
    return { pathwayId: id, referralId: response.data.referPathway.id as string };
  }

  it("SENT → ACCEPTED → DONE, each step only by the receiving organisation and from the right status", async () => {
    const { pathwayId, referralId } = await sent();
    const byHolder = await subgraph.as(as.aurora()).query(move("acceptReferral"), { id: referralId });
    expect(denial(errorAt(byHolder, "acceptReferral"))).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
    const byStranger = await subgraph.as(as.cpiRho()).query(move("acceptReferral"), { id: referralId });
    expect(denial(errorAt(byStranger, "acceptReferral"))).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
    const tooEarly = await subgraph.as(as.cpiCentro()).query(move("completeReferral"), { id: referralId });
    expect(code(tooEarly)).toBe("BAD_USER_INPUT");
    expect(tooEarly.errors?.[0]?.message).toBe("A referral can be completed only while ACCEPTED.");

    // Before accepting, the job centre sees the pathway (her consent names it) but not its case status.
    expect(denial(errorAt(await subgraph.as(as.cpiCentro()).query(STAGE, { id: pathwayId }), "pathway.stage"))).toEqual({ code: "FORBIDDEN", reason: "NO_CONSENT" });
    const accepted = await subgraph.as(as.cpiCentro()).query(move("acceptReferral"), { id: referralId });
    expect(accepted.data.acceptReferral).toEqual({ id: referralId, status: "ACCEPTED", respondedOn: today(), rejectionReason: null });
    expect((await subgraph.as(as.cpiCentro()).query(STAGE, { id: pathwayId })).data.pathway.stage).toBe("NEEDS_ANALYSIS");

    const twice = await subgraph.as(as.cpiCentro()).query(move("acceptReferral"), { id: referralId });
    expect(code(twice)).toBe("BAD_USER_INPUT");
    const lateRejection = await subgraph.as(as.cpiCentro()).query(REJECT, { input: { referralId, reason: "No capacity" } });
    expect(code(lateRejection)).toBe("BAD_USER_INPUT");
    // Withdrawing is a case-holder's act: a job centre is refused by role before anything else.
    const withdrawnByReceiver = await subgraph.as(as.cpiCentro()).query(move("withdrawReferral"), { id: referralId });
    expect(denial(errorAt(withdrawnByReceiver, "withdrawReferral"))).toEqual({ code: "FORBIDDEN", reason: "ROLE" });

    const done = await subgraph.as(as.cpiCentro()).query(move("completeReferral"), { id: referralId });
    expect(done.data.completeReferral.status).toBe("DONE");
    const lateWithdrawal = await subgraph.as(as.aurora()).query(move("withdrawReferral"), { id: referralId });
    expect(code(lateWithdrawal)).toBe("BAD_USER_INPUT");
    // A finished referral no longer shows the case status: only an open one does.
    expect(denial(errorAt(await subgraph.as(as.cpiCentro()).query(STAGE, { id: pathwayId }), "pathway.stage"))).toEqual({ code: "FORBIDDEN", reason: "NO_CONSENT" });
    // And it is no longer open: the pathway may be referred there again.
    await sent("cpi-milano-centro", pathwayId);
  });

  it("SENT → REJECTED needs a reason, which the holder then reads", async () => {
    const { pathwayId, referralId } = await sent();
    const blank = await subgraph.as(as.cpiCentro()).query(REJECT, { input: { referralId, reason: "" } });
    expect(code(blank)).toBe("BAD_USER_INPUT");
    const rejected = await subgraph.as(as.cpiCentro()).query(REJECT, { input: { referralId, reason: "No suitable vacancies nearby" } });
    expect(rejected.data.rejectReferral).toEqual({ id: referralId, status: "REJECTED", respondedOn: today(), rejectionReason: "No suitable vacancies nearby" });
    const holderView = await subgraph.as(as.aurora()).query(`query($id: ID!) { pathway(id: $id) { referrals { id status rejectionReason } } }`, { id: pathwayId });
    expect(holderView.data.pathway.referrals).toEqual([{ id: referralId, status: "REJECTED", rejectionReason: "No suitable vacancies nearby" }]);
    const accepted = await subgraph.as(as.cpiCentro()).query(move("acceptReferral"), { id: referralId });
    expect(code(accepted)).toBe("BAD_USER_INPUT");
    expect(denial(errorAt(await subgraph.as(as.cpiCentro()).query(STAGE, { id: pathwayId }), "pathway.stage"))).toEqual({ code: "FORBIDDEN", reason: "NO_CONSENT" });
  });

  it("records a rejection's code beside its note, OTHER when none is given, and refuses a code outside the vocabulary", async () => {
    const REJECT_CODED = `mutation($input: RejectReferralInput!) { rejectReferral(input: $input) { id status rejectionReason rejectionCode } }`;
    const coded = await sent();
    const unknownCode = await subgraph.as(as.cpiCentro()).query(REJECT_CODED, { input: { referralId: coded.referralId, reason: "Full", code: "FULL" } });
    expect(code(unknownCode)).toBe("BAD_USER_INPUT");
    const rejected = await subgraph.as(as.cpiCentro()).query(REJECT_CODED, { input: { referralId: coded.referralId, reason: "Outside our district", code: "OUT_OF_AREA" } });
    expect(rejected.data.rejectReferral).toEqual({ id: coded.referralId, status: "REJECTED", rejectionReason: "Outside our district", rejectionCode: "OUT_OF_AREA" });
    const holderView = await subgraph.as(as.aurora()).query(`query($id: ID!) { pathway(id: $id) { referrals { id rejectionCode } } }`, { id: coded.pathwayId });
    expect(holderView.data.pathway.referrals).toEqual([{ id: coded.referralId, rejectionCode: "OUT_OF_AREA" }]);

    const uncoded = await sent();
    const plain = await subgraph.as(as.cpiCentro()).query(REJECT_CODED, { input: { referralId: uncoded.referralId, reason: "Not now" } });
    expect(plain.data.rejectReferral).toMatchObject({ status: "REJECTED", rejectionCode: "OTHER" });
    const rows = await subgraph.db.query("select id, rejection_code from referrals where id = any($1::uuid[]) order by rejection_code", [[coded.referralId, uncoded.referralId]]);
    expect(rows).toEqual([
      { id: uncoded.referralId, rejection_code: "OTHER" },
      { id: coded.referralId, rejection_code: "OUT_OF_AREA" },
    ]);
    // Only a rejection has a code.
    const accepted = await sent();
    const answer = await subgraph.as(as.cpiCentro()).query(`mutation($id: ID!) { acceptReferral(id: $id) { rejectionCode } }`, { id: accepted.referralId });
    expect(answer.data.acceptReferral).toEqual({ rejectionCode: null });
  });

  it("the holder withdraws a SENT or an ACCEPTED referral, which ends the receiver's view", async () => {
    const pending = await sent();
    const withdrawn = await subgraph.as(as.aurora()).query(move("withdrawReferral"), { id: pending.referralId });
    expect(withdrawn.data.withdrawReferral.status).toBe("WITHDRAWN");
    const acceptWithdrawn = await subgraph.as(as.cpiCentro()).query(move("acceptReferral"), { id: pending.referralId });
    expect(code(acceptWithdrawn)).toBe("BAD_USER_INPUT");

    const running = await sent("cpi-milano-centro", pending.pathwayId);
    await subgraph.as(as.cpiCentro()).query(move("acceptReferral"), { id: running.referralId });
    expect((await subgraph.as(as.cpiCentro()).query(STAGE, { id: running.pathwayId })).data.pathway.stage).toBe("NEEDS_ANALYSIS");
    const calledOff = await subgraph.as(as.aurora()).query(move("withdrawReferral"), { id: running.referralId });
    expect(calledOff.data.withdrawReferral.status).toBe("WITHDRAWN");
    expect(denial(errorAt(await subgraph.as(as.cpiCentro()).query(STAGE, { id: running.pathwayId }), "pathway.stage"))).toEqual({ code: "FORBIDDEN", reason: "NO_CONSENT" });
  });

  it("a centre receiving a referral answers it but cannot withdraw it", async () => {
    const { referralId } = await sent("casa-rifugio-iris");
    // Answering needs the referral's own purpose (JOB_PLACEMENT here): under another, refused and nothing moves.
    const otherPurpose = await subgraph.as(as.iris("HOUSING_SUPPORT")).query(move("acceptReferral"), { id: referralId });
    expect(denial(errorAt(otherPurpose, "acceptReferral"))).toEqual({ code: "FORBIDDEN", reason: "PURPOSE" });
    const [row] = await subgraph.db.query<{ status: string }>("select status from referrals where id = $1", [referralId]);
    expect(row!.status).toBe("SENT");
    const accepted = await subgraph.as(as.iris("JOB_PLACEMENT")).query(move("acceptReferral"), { id: referralId });
    expect(accepted.data.acceptReferral.status).toBe("ACCEPTED");
    const withdrawn = await subgraph.as(as.iris("JOB_PLACEMENT")).query(move("withdrawReferral"), { id: referralId });
    expect(denial(errorAt(withdrawn, "withdrawReferral"))).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
  });

  it("refuses ids that are not referral ids, and unknown referrals like foreign ones", async () => {
    const malformed = await subgraph.as(as.cpiCentro()).query(move("acceptReferral"), { id: "42" });
    expect(code(malformed)).toBe("BAD_USER_INPUT");
    const unknown = await subgraph.as(as.cpiCentro()).query(move("acceptReferral"), { id: "00000000-0000-4000-8000-000000000000" });
    expect(denial(errorAt(unknown, "acceptReferral"))).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
  });
});

describe("writing about her needs a declared purpose, as reading does", () => {
  it("refuses a write without one (PURPOSE) and writes nothing; withdrawing and sealing never wait for one", async () => {
    const id = await assessedPathway();
    const before = await subgraph.count("plan_goals");
    const goal = await subgraph.as(as.aurora(null)).query(ADD_GOAL, {
      input: { pathwayId: id, area: "EMPLOYMENT", description: "Find a part-time job", responsibleOrganisationId: "cpi-milano-centro" },
    });
    expect(denial(errorAt(goal, "addPlanGoal"))).toEqual({ code: "FORBIDDEN", reason: "PURPOSE" });
    expect(await subgraph.count("plan_goals")).toBe(before);
    const opened = await subgraph.as(as.aurora(null)).query(
      `mutation { openPathway(input: { identity: { givenName: "No", familyName: "Purpose", preferredContact: THROUGH_CENTRE } }) { id } }`,
    );
    expect(denial(errorAt(opened, "openPathway"))).toEqual({ code: "FORBIDDEN", reason: "PURPOSE" });

    const granted = await subgraph.as(as.aurora()).query(GRANT, {
      input: { pathwayId: id, evidenceReference: "Signed form 2026/15", provisions: [{ type: "PERMIT", granteeOrganisationId: "cpi-rho", categories: ["EDUCATION_SKILLS"], purposes: ["JOB_PLACEMENT"] }] },
    });
    const withdrawn = await subgraph.as(as.aurora(null)).query(`mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { status } }`, {
      input: { consentId: granted.data.grantConsent.id },
    });
    expect(withdrawn.errors).toBeUndefined();
    expect(withdrawn.data.withdrawConsent.status).toBe("WITHDRAWN");
    const sealed = await subgraph.as(as.aurora(null)).query(`mutation($input: SealPathwayInput!) { sealPathway(input: $input) { id } }`, {
      input: { pathwayId: id, reason: "Emergency lockdown" },
    });
    expect(sealed.errors).toBeUndefined();
    // Lifting the seal shares again: it needs a purpose.
    const unsealed = await subgraph.as(as.aurora(null)).query(`mutation($id: ID!) { unsealPathway(pathwayId: $id) { id } }`, { id });
    expect(denial(errorAt(unsealed, "unsealPathway"))?.reason).toBe("PURPOSE");
  });
});
