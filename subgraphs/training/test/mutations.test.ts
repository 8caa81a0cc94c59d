import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair } from "jose";
import type { Actor } from "@percorsi/kit/author";
import { signConsentReceipt } from "@percorsi/kit/authority";
import {
  codes,
  countRows,
  daysFromToday as day,
  errorAt,
  referred,
  representations,
  testBackends,
  testReceipt,
  type Caller,
  type Standing,
  type SubgraphTester,
} from "@percorsi/kit/testing";
import { AURORA, actorOf, analyst, atelierOperator, centreOperator, ponteOperator, startTraining } from "./fixtures.js";

const CREATE_COURSE = `mutation($i: CreateCourseInput!) { createCourse(input: $i) { id title seats seatsTaken skillsTaught trainingBody { id } startsOn endsOn } }`;
// Writes about her answer with her pathway; what they wrote is read under it, on her receipt.
const ENROL = `mutation($i: EnrolInCourseInput!) { enrolInCourse(input: $i) { id } }`;
const COMPLETE = `mutation($i: CompleteEnrolmentInput!) { completeEnrolment(input: $i) { id } }`;
const WITHDRAW = `mutation($i: WithdrawEnrolmentInput!) { withdrawEnrolment(input: $i) { id } }`;
const ENROLMENTS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Pathway { id enrolments {
  id status enrolledOn completedOn withdrawnOn certificate pathway { id } course { id seatsTaken } } } } }`;
const RECORD = `mutation($i: RecordOperatorTrainingSessionInput!) { recordOperatorTrainingSession(input: $i) {
  id heldOn topics hours attendingOperatorIds attendeeCount trainerOrganisation { id } hostTrainingBody { id } attendingOrganisations { id } } }`;

const courseInput = (overrides: Record<string, unknown> = {}) => ({
  title: "Customer care",
  skillsTaught: ["Listening", "Complaints"],
  schedule: "TUE_THU_MORNING",
  district: "Municipio 3",
  seats: 2,
  childcareOffered: true,
  startsOn: day(-10),
  endsOn: day(60),
  ...overrides,
});

const sessionInput = (overrides: Record<string, unknown> = {}) => ({
  trainerOrganisationId: "cav-aurora",
  heldOn: day(-3),
  topics: ["Recognising signs of violence"],
  hours: 3.5,
  attendingOperatorIds: ["op-cpi-centro", "op-training"],
  attendingOrganisationIds: ["cpi-milano-centro"],
  ...overrides,
});

describe.each(testBackends())("mutations on $name", (backend) => {
  let api: SubgraphTester;
  beforeAll(async () => {
    api = await startTraining({ backend, seed: false });
  });
  afterAll(() => api.stop());

  const createCourse = async (caller: Caller = atelierOperator, overrides: Record<string, unknown> = {}) => {
    const response = await api.as(caller).query(CREATE_COURSE, { i: courseInput(overrides) });
    expect(response.errors).toBeUndefined();
    return response.data.createCourse as { id: string; seats: number };
  };
  /** Enrols as the gateway would send it: with her receipt, by default a live TRAINING referral to the caller's body. */
  const enrol = (
    courseId: string,
    pathwayId: string = randomUUID(),
    caller: Caller | Actor = atelierOperator,
    extra: Record<string, unknown> = {},
    standing: Standing | null = referred("TRAINING"),
  ) => api.as(caller).write(ENROL, { i: { pathwayId, courseId, ...extra } }, standing);
  /** Her enrolments as `caller` reads them through the planner, on a valid unsealed receipt of this request. */
  const enrolmentsOf = async (pathwayId: string, caller: Caller = atelierOperator) => {
    const actor = actorOf(caller);
    const response = await api.as(actor).query(ENROLMENTS, { r: await representations(actor, [pathwayId], { holder: AURORA, referralPurposes: ["TRAINING"] }) });
    expect(response.errors).toBeUndefined();
    return response.data._entities[0].enrolments as Record<string, any>[];
  };
  const enrolmentIdOf = async (pathwayId: string, courseId: string) =>
    (await api.db.query<{ id: string }>("select id from enrolments where pathway_id = $1 and course_id = $2 and status <> 'WITHDRAWN'", [pathwayId, courseId]))[0]!.id;

  /** Runs a refused write and checks that it changed no table. */
  const refused = async <R extends { errors?: readonly { extensions?: Record<string, unknown> }[] }>(write: () => Promise<R>, code: string): Promise<R> => {
    const before = await Promise.all([countRows(api.db, "courses"), countRows(api.db, "enrolments"), countRows(api.db, "operator_training_sessions")]);
    const response = await write();
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual([code]);
    const after = await Promise.all([countRows(api.db, "courses"), countRows(api.db, "enrolments"), countRows(api.db, "operator_training_sessions")]);
    expect(after).toEqual(before);
    return response;
  };

  describe("createCourse", () => {
    it("adds a course of the caller's training body", async () => {
      const response = await api.as(atelierOperator).query(CREATE_COURSE, { i: courseInput() });
      expect(response.errors).toBeUndefined();
      expect(response.data.createCourse).toMatchObject({ title: "Customer care", seats: 2, seatsTaken: 0, trainingBody: { id: "formazione-atelier" } });
    });

    it("refuses invalid input as BAD_USER_INPUT, writing nothing", async () => {
      await refused(() => api.as(atelierOperator).query(CREATE_COURSE, { i: courseInput({ startsOn: day(10), endsOn: day(9) }) }), "BAD_USER_INPUT");
      await refused(() => api.as(atelierOperator).query(CREATE_COURSE, { i: courseInput({ seats: 0 }) }), "BAD_USER_INPUT");
      await refused(() => api.as(atelierOperator).query(CREATE_COURSE, { i: courseInput({ seats: 201 }) }), "BAD_USER_INPUT");
      await refused(() => api.as(atelierOperator).query(CREATE_COURSE, { i: courseInput({ title: "   " }) }), "BAD_USER_INPUT");
      await refused(() => api.as(atelierOperator).query(CREATE_COURSE, { i: courseInput({ skillsTaught: [""] }) }), "BAD_USER_INPUT");
    });

    it("names the broken rule, never the value sent", async () => {
      const secret = "x".repeat(201);
      const response = await api.as(atelierOperator).query(CREATE_COURSE, { i: courseInput({ title: secret }) });
      expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(JSON.stringify(response.errors)).not.toContain(secret);
    });

    it("is for training operators only", async () => {
      await refused(() => api.as(centreOperator).query(CREATE_COURSE, { i: courseInput() }), "FORBIDDEN");
      await refused(() => api.as(analyst).query(CREATE_COURSE, { i: courseInput() }), "FORBIDDEN");
    });
  });

  describe("enrolInCourse", () => {
    it("enrols a pathway in the caller's own course and answers with her pathway", async () => {
      const course = await createCourse();
      const pathwayId = randomUUID();
      const response = await enrol(course.id, pathwayId);
      expect(response.errors).toBeUndefined();
      expect(response.data.enrolInCourse).toEqual({ id: pathwayId });
      expect(await enrolmentsOf(pathwayId)).toEqual([
        expect.objectContaining({ status: "ENROLLED", enrolledOn: day(0), pathway: { id: pathwayId }, course: { id: course.id, seatsTaken: 1 } }),
      ]);
    });

    it("releases nothing of the enrolment in its own answer without the planner's receipt (as an unknown pathway)", async () => {
      const course = await createCourse();
      const pathwayId = randomUUID();
      const response = await api.as(atelierOperator).write(`mutation($i: EnrolInCourseInput!) { enrolInCourse(input: $i) { id enrolments { status } } }`, {
        i: { pathwayId, courseId: course.id },
      });
      expect(response.data.enrolInCourse).toEqual({ id: pathwayId, enrolments: null });
      expect(errorAt(response, "enrolInCourse.enrolments")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
      // The write itself happened.
      expect(await enrolmentsOf(pathwayId)).toHaveLength(1);
    });

    it("refuses another training body's course (FORBIDDEN) and an unknown one (BAD_USER_INPUT)", async () => {
      const course = await createCourse(atelierOperator);
      await refused(() => enrol(course.id, randomUUID(), ponteOperator), "FORBIDDEN");
      await refused(() => enrol(randomUUID()), "BAD_USER_INPUT");
    });

    it("refuses malformed ids and impossible dates", async () => {
      const course = await createCourse();
      await refused(() => enrol(course.id, "not-a-uuid"), "BAD_USER_INPUT");
      await refused(() => enrol("not-a-uuid"), "BAD_USER_INPUT");
      await refused(() => enrol(course.id, randomUUID(), atelierOperator, { enrolledOn: day(1) }), "BAD_USER_INPUT");
      const ended = await createCourse(atelierOperator, { startsOn: day(-60), endsOn: day(-30) });
      await refused(() => enrol(ended.id), "BAD_USER_INPUT");
    });

    it("never fills more seats than the course has, even when requests race", async () => {
      const course = await createCourse(atelierOperator, { seats: 2 });
      const responses = await Promise.all([enrol(course.id), enrol(course.id), enrol(course.id), enrol(course.id)]);
      expect(responses.filter((r) => r.errors === undefined)).toHaveLength(2);
      expect(responses.flatMap(codes).sort()).toEqual(["BAD_USER_INPUT", "BAD_USER_INPUT"]);
      const [row] = await api.db.query<{ taken: number }>("select count(*)::int as taken from enrolments where course_id = $1", [course.id]);
      expect(row?.taken).toBe(2);
      // Withdrawing frees a seat.
      const firstPathway: string = responses.find((r) => r.errors === undefined)!.data.enrolInCourse.id;
      const first = await enrolmentIdOf(firstPathway, course.id);
      expect((await api.as(atelierOperator).write(WITHDRAW, { i: { pathwayId: firstPathway, enrolmentId: first } })).errors).toBeUndefined();
      expect((await enrol(course.id)).errors).toBeUndefined();
    });

    it("refuses a second active enrolment of the same pathway in the same course", async () => {
      const course = await createCourse(atelierOperator, { seats: 10 });
      const pathwayId = randomUUID();
      const first = await enrol(course.id, pathwayId);
      expect(first.errors).toBeUndefined();
      await refused(() => enrol(course.id, pathwayId), "BAD_USER_INPUT");
      // After she withdraws she may enrol again.
      expect((await api.as(atelierOperator).write(WITHDRAW, { i: { pathwayId, enrolmentId: await enrolmentIdOf(pathwayId, course.id) } })).data.withdrawEnrolment).toEqual({
        id: pathwayId,
      });
      expect((await enrol(course.id, pathwayId)).errors).toBeUndefined();
    });

    it("needs a declared purpose", async () => {
      const course = await createCourse();
      const response = await refused(() => enrol(course.id, randomUUID(), { ...atelierOperator, purpose: null }), "FORBIDDEN");
      expect(response.errors?.[0]?.extensions?.reason).toBe("PURPOSE");
    });
  });

  describe("completeEnrolment and withdrawEnrolment", () => {
    const pathwayOfEnrolment = new Map<string, string>();
    const newEnrolment = async () => {
      const course = await createCourse(atelierOperator, { seats: 10 });
      const pathwayId = randomUUID();
      const response = await enrol(course.id, pathwayId, atelierOperator, { enrolledOn: day(-5) });
      expect(response.errors).toBeUndefined();
      const [enrolment] = await enrolmentsOf(pathwayId);
      pathwayOfEnrolment.set(enrolment!.id, pathwayId);
      return enrolment!.id as string;
    };
    const enrolmentAsRead = async (id: string) => (await enrolmentsOf(pathwayOfEnrolment.get(id)!)).find((e) => e.id === id);
    /** A status change as the gateway sends it, about the enrolment's own pathway unless told, on a live referral unless told. */
    const change = (write: string, caller: Caller | Actor, input: { enrolmentId: string } & Record<string, unknown>, standing: Standing | null = referred("TRAINING")) =>
      api.as(caller).write(write, { i: { pathwayId: pathwayOfEnrolment.get(input.enrolmentId) ?? randomUUID(), ...input } }, standing);
    const statusOf = async (id: string) =>
      (await api.db.query<{ status: string }>("select status from enrolments where id = $1", [id]))[0]?.status;

    it("completes an ENROLLED enrolment, with its certificate", async () => {
      const id = await newEnrolment();
      const response = await change(COMPLETE, atelierOperator, { enrolmentId: id, completedOn: day(-1), certificate: "Attestato" });
      expect(response.errors).toBeUndefined();
      expect(response.data.completeEnrolment).toEqual({ id: pathwayOfEnrolment.get(id) });
      expect(await enrolmentAsRead(id)).toMatchObject({ id, status: "COMPLETED", completedOn: day(-1), certificate: "Attestato" });
    });

    it("changes ENROLLED enrolments only", async () => {
      const id = await newEnrolment();
      await change(COMPLETE, atelierOperator, { enrolmentId: id });
      await refused(() => change(COMPLETE, atelierOperator, { enrolmentId: id }), "BAD_USER_INPUT");
      await refused(() => change(WITHDRAW, atelierOperator, { enrolmentId: id }), "BAD_USER_INPUT");
      expect(await statusOf(id)).toBe("COMPLETED");
    });

    it("needs a declared purpose, leaving it unchanged", async () => {
      const id = await newEnrolment();
      const noPurpose = { ...atelierOperator, purpose: null };
      for (const write of [COMPLETE, WITHDRAW]) {
        const response = await refused(() => change(write, noPurpose, { enrolmentId: id }), "FORBIDDEN");
        expect(response.errors?.[0]?.extensions?.reason).toBe("PURPOSE");
      }
      expect(await statusOf(id)).toBe("ENROLLED");
    });

    it("refuses dates before the enrolment or in the future, leaving it unchanged", async () => {
      const id = await newEnrolment();
      await refused(() => change(COMPLETE, atelierOperator, { enrolmentId: id, completedOn: day(-6) }), "BAD_USER_INPUT");
      await refused(() => change(WITHDRAW, atelierOperator, { enrolmentId: id, withdrawnOn: day(2) }), "BAD_USER_INPUT");
      await refused(() => change(COMPLETE, atelierOperator, { enrolmentId: id, certificate: "" }), "BAD_USER_INPUT");
      expect(await statusOf(id)).toBe("ENROLLED");
    });

    it("refuses another body's enrolment and an unknown one alike (FORBIDDEN)", async () => {
      const id = await newEnrolment();
      const foreign = await change(WITHDRAW, ponteOperator, { enrolmentId: id });
      const unknown = await change(WITHDRAW, ponteOperator, { enrolmentId: randomUUID() });
      expect(codes(foreign)).toEqual(["FORBIDDEN"]);
      expect(foreign.errors?.[0]?.extensions).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
      expect(foreign.errors).toEqual(unknown.errors);
      expect(await statusOf(id)).toBe("ENROLLED");
    });

    it("withdraws an ENROLLED enrolment", async () => {
      const id = await newEnrolment();
      const response = await change(WITHDRAW, atelierOperator, { enrolmentId: id });
      expect(response.errors).toBeUndefined();
      expect(response.data.withdrawEnrolment).toEqual({ id: pathwayOfEnrolment.get(id) });
      expect(await enrolmentAsRead(id)).toMatchObject({ id, status: "WITHDRAWN", withdrawnOn: day(0), course: { seatsTaken: 0 } });
    });
  });

  describe("writes decided on her standing (the receipt the gateway obtained)", () => {
    const seatsTaken = async (courseId: string) =>
      (await api.db.query<{ n: number }>("select count(*)::int as n from enrolments where course_id = $1 and status <> 'WITHDRAWN'", [courseId]))[0]!.n;
    const enrolmentsOfPathway = async (pathwayId: string) =>
      (await api.db.query<{ n: number }>("select count(*)::int as n from enrolments where pathway_id = $1", [pathwayId]))[0]!.n;
    const statusOf = async (id: string) => (await api.db.query<{ status: string }>("select status from enrolments where id = $1", [id]))[0]?.status;
    const deny = (pathwayId: string, reason: string) => ({ action: "WRITE", pathway_id: pathwayId, category: "TRAINING", decision: "DENY", reason, basis: null });

    /** A write that must be refused FORBIDDEN `reason`, changing no table; answers the response and the request's audit. */
    const forbiddenWrite = async (query: string, field: string, input: Record<string, unknown>, standing: Standing | null, reason: string, actor: Actor = actorOf(atelierOperator)) => {
      const response = await refused(() => api.as(actor).write(query, { i: input }, standing), "FORBIDDEN");
      expect((response as { data?: Record<string, unknown> | null }).data?.[field] ?? null).toBeNull();
      expect(errorAt(response, field)?.extensions).toEqual({ code: "FORBIDDEN", reason });
      return { response, audit: await api.audit(actor.requestId) };
    };
    /** An enrolment made on a live referral, with its pathway. */
    const enrolled = async () => {
      const course = await createCourse(atelierOperator, { seats: 10 });
      const pathwayId = randomUUID();
      expect((await enrol(course.id, pathwayId, atelierOperator, { enrolledOn: day(-5) })).errors).toBeUndefined();
      return { course, pathwayId, enrolmentId: await enrolmentIdOf(pathwayId, course.id) };
    };

    it("refuses enrolInCourse on a pathway never referred to the body: no seat taken, nothing written, the refusal audited", async () => {
      const course = await createCourse(atelierOperator, { seats: 1 });
      // Her consent lets the body read her training record: that is no referral, so no enrolment.
      for (const standing of [{}, { permitted: { TRAINING: "c-read" } }] satisfies Standing[]) {
        const pathwayId = randomUUID();
        const { audit } = await forbiddenWrite(ENROL, "enrolInCourse", { pathwayId, courseId: course.id }, standing, "ORGANISATION");
        expect(audit).toEqual([deny(pathwayId, "ORGANISATION")]);
        expect(await enrolmentsOfPathway(pathwayId)).toBe(0);
      }
      expect(await seatsTaken(course.id)).toBe(0);
      // The one seat is still free for a pathway that is referred.
      expect((await enrol(course.id)).errors).toBeUndefined();
      expect(await seatsTaken(course.id)).toBe(1);
    });

    it("answers unknown, sealed and not-referred pathways alike: same code, reason and message", async () => {
      const course = await createCourse(atelierOperator, { seats: 10 });
      const cases: [string, Standing | null][] = [
        ["unknown: the gateway obtained no receipt", null],
        ["unknown to the consent authority", { holder: "", referralPurposes: ["TRAINING"] }],
        ["sealed, though referred", { sealed: true, referralPurposes: ["TRAINING"] }],
        ["not referred", {}],
        ["a referral no longer accepted", { referralAccepted: false, referralPurposes: ["TRAINING"] }],
      ];
      const answers = [];
      for (const [name, standing] of cases) {
        const pathwayId = randomUUID();
        const { response, audit } = await forbiddenWrite(ENROL, "enrolInCourse", { pathwayId, courseId: course.id }, standing, "ORGANISATION");
        expect(audit, name).toEqual([deny(pathwayId, "ORGANISATION")]);
        answers.push({ name, errors: response.errors });
      }
      for (const answer of answers) expect(answer.errors, answer.name).toEqual(answers[0]!.errors);
      expect(await seatsTaken(course.id)).toBe(0);
      // Sealed: not even the body's own enrolment can change, and the answer is an unknown one's.
      const { pathwayId, enrolmentId } = await enrolled();
      for (const [query, field] of [[COMPLETE, "completeEnrolment"], [WITHDRAW, "withdrawEnrolment"]] as const) {
        const sealed = await forbiddenWrite(query, field, { pathwayId, enrolmentId }, { sealed: true, referralPurposes: ["TRAINING"] }, "ORGANISATION");
        const unknown = await forbiddenWrite(query, field, { pathwayId: randomUUID(), enrolmentId }, null, "ORGANISATION");
        expect(sealed.response.errors, field).toEqual(unknown.response.errors);
      }
      expect(await statusOf(enrolmentId)).toBe("ENROLLED");
    });

    it("allows enrolling, completing and withdrawing on a live referral for the declared purpose, each audited ALLOW on the REFERRAL basis", async () => {
      const course = await createCourse(atelierOperator, { seats: 10 });
      const allowed = async (query: string, input: Record<string, unknown>, standing: Standing = referred("TRAINING")) => {
        const actor = actorOf(atelierOperator);
        const response = await api.as(actor).write(query, { i: input }, standing);
        expect(response.errors).toBeUndefined();
        expect(await api.audit(actor.requestId)).toEqual([
          { action: "WRITE", pathway_id: input.pathwayId, category: "TRAINING", decision: "ALLOW", reason: null, basis: "REFERRAL" },
        ]);
      };
      const first = randomUUID();
      await allowed(ENROL, { pathwayId: first, courseId: course.id }, { referralPurposes: ["JOB_PLACEMENT", "TRAINING"] });
      await allowed(COMPLETE, { pathwayId: first, enrolmentId: await enrolmentIdOf(first, course.id) });
      const second = randomUUID();
      await allowed(ENROL, { pathwayId: second, courseId: course.id });
      const secondEnrolment = await enrolmentIdOf(second, course.id);
      await allowed(WITHDRAW, { pathwayId: second, enrolmentId: secondEnrolment });
      expect(await statusOf(secondEnrolment)).toBe("WITHDRAWN");
    });

    it("refuses a write on a referral for another purpose (PURPOSE), writing nothing", async () => {
      const course = await createCourse(atelierOperator, { seats: 10 });
      const pathwayId = randomUUID();
      const { audit } = await forbiddenWrite(ENROL, "enrolInCourse", { pathwayId, courseId: course.id }, referred("JOB_PLACEMENT"), "PURPOSE");
      expect(audit).toEqual([deny(pathwayId, "PURPOSE")]);
      // Referred for training, but the operator declared another purpose.
      await forbiddenWrite(ENROL, "enrolInCourse", { pathwayId, courseId: course.id }, referred("TRAINING"), "PURPOSE", actorOf({ ...atelierOperator, purpose: "EMPOWERMENT_PLAN" }));
      const existing = await enrolled();
      for (const [query, field] of [[COMPLETE, "completeEnrolment"], [WITHDRAW, "withdrawEnrolment"]] as const) {
        await forbiddenWrite(query, field, { pathwayId: existing.pathwayId, enrolmentId: existing.enrolmentId }, referred("JOB_PLACEMENT"), "PURPOSE");
      }
      expect(await statusOf(existing.enrolmentId)).toBe("ENROLLED");
      expect(await seatsTaken(course.id)).toBe(0);
    });

    it("refuses an enrolment of another pathway (ORGANISATION) as it refuses an unknown one, whatever referral the write came with", async () => {
      const mine = await enrolled();
      const another = await enrolled();
      for (const [query, field] of [[COMPLETE, "completeEnrolment"], [WITHDRAW, "withdrawEnrolment"]] as const) {
        // Her referral decides writes about her, not about another woman's enrolment.
        const crossed = await forbiddenWrite(query, field, { pathwayId: another.pathwayId, enrolmentId: mine.enrolmentId }, referred("TRAINING"), "ORGANISATION");
        const unknown = await forbiddenWrite(query, field, { pathwayId: another.pathwayId, enrolmentId: randomUUID() }, referred("TRAINING"), "ORGANISATION");
        expect(crossed.response.errors, field).toEqual(unknown.response.errors);
      }
      expect(await statusOf(mine.enrolmentId)).toBe("ENROLLED");
      expect(await statusOf(another.enrolmentId)).toBe("ENROLLED");
    });

    it("counts a forged, foreign or unreadable receipt as no receipt", async () => {
      const course = await createCourse(atelierOperator, { seats: 10 });
      const pathwayId = randomUUID();
      const input = { pathwayId, courseId: course.id };
      const none = await forbiddenWrite(ENROL, "enrolInCourse", input, null, "ORGANISATION");
      const { privateKey } = await generateKeyPair("EdDSA");
      const live = { holder: AURORA, ...referred("TRAINING") };
      const receipts: [string, (actor: Actor) => Promise<string>][] = [
        [
          "signed with another key",
          (actor) =>
            signConsentReceipt({ kid: "consent-authority", privateKey }, actor, {
              pathwayId,
              holderOrganisationId: AURORA,
              sealed: false,
              referralAccepted: true,
              referralPurposes: ["TRAINING"],
              permitted: {},
              withdrawn: [],
              otherPurposes: [],
            }),
        ],
        ["minted for another request", () => testReceipt(actorOf(atelierOperator), pathwayId, live)],
        ["minted for another body", (actor) => testReceipt({ ...actor, organisationId: ponteOperator.organisationId }, pathwayId, live)],
        ["minted for another purpose", (actor) => testReceipt({ ...actor, purpose: "JOB_PLACEMENT" }, pathwayId, live)],
        ["minted for another pathway", (actor) => testReceipt(actor, randomUUID(), live)],
        ["not a token", async () => "not.a.receipt"],
      ];
      for (const [name, mint] of receipts) {
        const actor = actorOf(atelierOperator);
        const { response, audit } = await forbiddenWrite(ENROL, "enrolInCourse", input, await mint(actor), "ORGANISATION", actor);
        expect(response.errors, name).toEqual(none.response.errors);
        expect(audit, name).toEqual([deny(pathwayId, "ORGANISATION")]);
      }
      // A receipt for this pathway sent under another pathway's id counts for neither.
      const actor = actorOf(atelierOperator);
      const misfiled = await refused(
        async () => api.as(actor).query(ENROL, { i: input }, { receipts: { [randomUUID()]: await testReceipt(actor, pathwayId, live) } }),
        "FORBIDDEN",
      );
      expect(misfiled.errors).toEqual(none.response.errors);
      expect(await seatsTaken(course.id)).toBe(0);
    });
  });

  describe("recordOperatorTrainingSession", () => {
    it("records a session hosted by the caller's training body", async () => {
      const response = await api.as(atelierOperator).query(RECORD, { i: sessionInput() });
      expect(response.errors).toBeUndefined();
      expect(response.data.recordOperatorTrainingSession).toMatchObject({
        heldOn: day(-3),
        hours: 3.5,
        attendeeCount: 2,
        attendingOperatorIds: ["op-cpi-centro", "op-training"],
        trainerOrganisation: { id: "cav-aurora" },
        hostTrainingBody: { id: "formazione-atelier" },
        attendingOrganisations: [{ id: "cpi-milano-centro" }],
      });
    });

    it("refuses invalid sessions as BAD_USER_INPUT, writing nothing", async () => {
      const bad = (overrides: Record<string, unknown>) => refused(() => api.as(atelierOperator).query(RECORD, { i: sessionInput(overrides) }), "BAD_USER_INPUT");
      await bad({ hours: 0 });
      await bad({ hours: 41 });
      await bad({ topics: [] });
      await bad({ attendingOperatorIds: [] });
      await bad({ attendingOperatorIds: ["op-a", "op-a"] });
      await bad({ trainerOrganisationId: "Not An Id" });
      await bad({ trainerOrganisationId: "formazione-atelier" });
      await bad({ heldOn: day(1) });
    });

    it("is for training operators only", async () => {
      await refused(() => api.as(centreOperator).query(RECORD, { i: sessionInput() }), "FORBIDDEN");
    });

    const attendancesOf = (sessionId: string) =>
      api.db.query<{ operator_id: string; organisation_id: string }>(
        "select operator_id, organisation_id from operator_attendances where session_id = $1 order by operator_id",
        [sessionId],
      );

    it("keeps each attendee's organisation when given", async () => {
      const attendees = [
        { operatorId: "op-cpi-centro", organisationId: "cpi-milano-centro" },
        { operatorId: "op-cpi-rho", organisationId: "cpi-rho" },
      ];
      const response = await api.as(atelierOperator).query(RECORD, {
        i: sessionInput({ attendingOperatorIds: ["op-cpi-centro", "op-cpi-rho", "op-training"], attendingOrganisationIds: ["cpi-milano-centro", "cpi-rho"], attendees }),
      });
      expect(response.errors).toBeUndefined();
      expect(await attendancesOf(response.data.recordOperatorTrainingSession.id)).toEqual([
        { operator_id: "op-cpi-centro", organisation_id: "cpi-milano-centro" },
        { operator_id: "op-cpi-rho", organisation_id: "cpi-rho" },
      ]);
    });

    it("records no attendance when none is given, as before", async () => {
      const response = await api.as(atelierOperator).query(RECORD, { i: sessionInput() });
      expect(response.errors).toBeUndefined();
      expect(await attendancesOf(response.data.recordOperatorTrainingSession.id)).toEqual([]);
    });

    it("refuses attendees that do not match the session, writing nothing", async () => {
      const attendances = () => countRows(api.db, "operator_attendances");
      const before = await attendances();
      const bad = (attendees: unknown) => refused(() => api.as(atelierOperator).query(RECORD, { i: sessionInput({ attendees }) }), "BAD_USER_INPUT");
      // The same operator twice.
      await bad([
        { operatorId: "op-cpi-centro", organisationId: "cpi-milano-centro" },
        { operatorId: "op-cpi-centro", organisationId: "cpi-milano-centro" },
      ]);
      // An organisation that is not among the attending ones.
      await bad([{ operatorId: "op-cpi-centro", organisationId: "cpi-rho" }]);
      // An operator who is not among the attending ones.
      await bad([{ operatorId: "op-someone-else", organisationId: "cpi-milano-centro" }]);
      // Not an organisation id (its pattern refuses it; it is not among the attending ones either).
      await bad([{ operatorId: "op-cpi-centro", organisationId: "Not An Id" }]);
      expect(await attendances()).toBe(before);
    });
  });
});
