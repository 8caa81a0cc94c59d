import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorAt, testBackends } from "@percorsi/kit/testing";
import {
  AURORA,
  actorOf,
  analyst,
  atelierOperator,
  centreOperator,
  codes,
  countRows,
  day,
  ponteOperator,
  startTraining,
  withReceipts,
  type Caller,
  type TestServer,
} from "./helpers.js";

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
  let api: TestServer;
  beforeAll(async () => {
    api = await startTraining(await backend.open(), false);
  });
  afterAll(() => api.stop());

  const createCourse = async (caller: Caller = atelierOperator, overrides: Record<string, unknown> = {}) => {
    const response = await api.as(caller, CREATE_COURSE, { i: courseInput(overrides) });
    expect(response.errors).toBeUndefined();
    return response.data.createCourse as { id: string; seats: number };
  };
  const enrol = (courseId: string, pathwayId: string = randomUUID(), caller: Caller = atelierOperator, extra: Record<string, unknown> = {}) =>
    api.as(caller, ENROL, { i: { pathwayId, courseId, ...extra } });
  /** Her enrolments as `caller` reads them through the planner, on a valid unsealed receipt of this request. */
  const enrolmentsOf = async (pathwayId: string, caller: Caller = atelierOperator) => {
    const actor = actorOf(caller);
    const response = await api.as(actor, ENROLMENTS, { r: await withReceipts(actor, [pathwayId], { holder: AURORA }) });
    expect(response.errors).toBeUndefined();
    return response.data._entities[0].enrolments as Record<string, any>[];
  };
  const enrolmentIdOf = async (pathwayId: string, courseId: string) =>
    (await api.db.query<{ id: string }>("select id from enrolments where pathway_id = $1 and course_id = $2 and status <> 'WITHDRAWN'", [pathwayId, courseId]))[0]!.id;

  /** Runs a refused write and checks that it changed no table. */
  const refused = async (write: () => Promise<{ errors?: readonly { extensions?: Record<string, unknown> }[] }>, code: string) => {
    const before = await Promise.all([countRows(api.db, "courses"), countRows(api.db, "enrolments"), countRows(api.db, "operator_training_sessions")]);
    const response = await write();
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual([code]);
    const after = await Promise.all([countRows(api.db, "courses"), countRows(api.db, "enrolments"), countRows(api.db, "operator_training_sessions")]);
    expect(after).toEqual(before);
    return response;
  };

  describe("createCourse", () => {
    it("adds a course of the caller's training body", async () => {
      const response = await api.as(atelierOperator, CREATE_COURSE, { i: courseInput() });
      expect(response.errors).toBeUndefined();
      expect(response.data.createCourse).toMatchObject({ title: "Customer care", seats: 2, seatsTaken: 0, trainingBody: { id: "formazione-atelier" } });
    });

    it("refuses invalid input as BAD_USER_INPUT, writing nothing", async () => {
      await refused(() => api.as(atelierOperator, CREATE_COURSE, { i: courseInput({ startsOn: day(10), endsOn: day(9) }) }), "BAD_USER_INPUT");
      await refused(() => api.as(atelierOperator, CREATE_COURSE, { i: courseInput({ seats: 0 }) }), "BAD_USER_INPUT");
      await refused(() => api.as(atelierOperator, CREATE_COURSE, { i: courseInput({ seats: 201 }) }), "BAD_USER_INPUT");
      await refused(() => api.as(atelierOperator, CREATE_COURSE, { i: courseInput({ title: "   " }) }), "BAD_USER_INPUT");
      await refused(() => api.as(atelierOperator, CREATE_COURSE, { i: courseInput({ skillsTaught: [""] }) }), "BAD_USER_INPUT");
    });

    it("names the broken rule, never the value sent", async () => {
      const secret = "x".repeat(201);
      const response = await api.as(atelierOperator, CREATE_COURSE, { i: courseInput({ title: secret }) });
      expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(JSON.stringify(response.errors)).not.toContain(secret);
    });

    it("is for training operators only", async () => {
      await refused(() => api.as(centreOperator, CREATE_COURSE, { i: courseInput() }), "FORBIDDEN");
      await refused(() => api.as(analyst, CREATE_COURSE, { i: courseInput() }), "FORBIDDEN");
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

    it("releases nothing of the enrolment in its own answer without the planner's receipt (SEALED)", async () => {
      const course = await createCourse();
      const pathwayId = randomUUID();
      const response = await api.as(atelierOperator, `mutation($i: EnrolInCourseInput!) { enrolInCourse(input: $i) { id enrolments { status } } }`, {
        i: { pathwayId, courseId: course.id },
      });
      expect(response.data.enrolInCourse).toEqual({ id: pathwayId, enrolments: null });
      expect(errorAt(response, "enrolInCourse.enrolments")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "SEALED" });
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
      const first = await enrolmentIdOf(responses.find((r) => r.errors === undefined)!.data.enrolInCourse.id, course.id);
      expect((await api.as(atelierOperator, WITHDRAW, { i: { enrolmentId: first } })).errors).toBeUndefined();
      expect((await enrol(course.id)).errors).toBeUndefined();
    });

    it("refuses a second active enrolment of the same pathway in the same course", async () => {
      const course = await createCourse(atelierOperator, { seats: 10 });
      const pathwayId = randomUUID();
      const first = await enrol(course.id, pathwayId);
      expect(first.errors).toBeUndefined();
      await refused(() => enrol(course.id, pathwayId), "BAD_USER_INPUT");
      // After she withdraws she may enrol again.
      expect((await api.as(atelierOperator, WITHDRAW, { i: { enrolmentId: await enrolmentIdOf(pathwayId, course.id) } })).data.withdrawEnrolment).toEqual({
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
    const statusOf = async (id: string) =>
      (await api.db.query<{ status: string }>("select status from enrolments where id = $1", [id]))[0]?.status;

    it("completes an ENROLLED enrolment, with its certificate", async () => {
      const id = await newEnrolment();
      const response = await api.as(atelierOperator, COMPLETE, { i: { enrolmentId: id, completedOn: day(-1), certificate: "Attestato" } });
      expect(response.errors).toBeUndefined();
      expect(response.data.completeEnrolment).toEqual({ id: pathwayOfEnrolment.get(id) });
      expect(await enrolmentAsRead(id)).toMatchObject({ id, status: "COMPLETED", completedOn: day(-1), certificate: "Attestato" });
    });

    it("changes ENROLLED enrolments only", async () => {
      const id = await newEnrolment();
      await api.as(atelierOperator, COMPLETE, { i: { enrolmentId: id } });
      await refused(() => api.as(atelierOperator, COMPLETE, { i: { enrolmentId: id } }), "BAD_USER_INPUT");
      await refused(() => api.as(atelierOperator, WITHDRAW, { i: { enrolmentId: id } }), "BAD_USER_INPUT");
      expect(await statusOf(id)).toBe("COMPLETED");
    });

    it("needs a declared purpose, leaving it unchanged", async () => {
      const id = await newEnrolment();
      const noPurpose = { ...atelierOperator, purpose: null };
      for (const write of [COMPLETE, WITHDRAW]) {
        const response = await refused(() => api.as(noPurpose, write, { i: { enrolmentId: id } }), "FORBIDDEN");
        expect(response.errors?.[0]?.extensions?.reason).toBe("PURPOSE");
      }
      expect(await statusOf(id)).toBe("ENROLLED");
    });

    it("refuses dates before the enrolment or in the future, leaving it unchanged", async () => {
      const id = await newEnrolment();
      await refused(() => api.as(atelierOperator, COMPLETE, { i: { enrolmentId: id, completedOn: day(-6) } }), "BAD_USER_INPUT");
      await refused(() => api.as(atelierOperator, WITHDRAW, { i: { enrolmentId: id, withdrawnOn: day(2) } }), "BAD_USER_INPUT");
      await refused(() => api.as(atelierOperator, COMPLETE, { i: { enrolmentId: id, certificate: "" } }), "BAD_USER_INPUT");
      expect(await statusOf(id)).toBe("ENROLLED");
    });

    it("refuses another body's enrolment and an unknown one alike (FORBIDDEN)", async () => {
      const id = await newEnrolment();
      const foreign = await api.as(ponteOperator, WITHDRAW, { i: { enrolmentId: id } });
      const unknown = await api.as(ponteOperator, WITHDRAW, { i: { enrolmentId: randomUUID() } });
      expect(codes(foreign)).toEqual(["FORBIDDEN"]);
      expect(foreign.errors?.[0]?.message).toBe(unknown.errors?.[0]?.message);
      expect(await statusOf(id)).toBe("ENROLLED");
    });

    it("withdraws an ENROLLED enrolment", async () => {
      const id = await newEnrolment();
      const response = await api.as(atelierOperator, WITHDRAW, { i: { enrolmentId: id } });
      expect(response.errors).toBeUndefined();
      expect(response.data.withdrawEnrolment).toEqual({ id: pathwayOfEnrolment.get(id) });
      expect(await enrolmentAsRead(id)).toMatchObject({ id, status: "WITHDRAWN", withdrawnOn: day(0), course: { seatsTaken: 0 } });
    });
  });

  describe("recordOperatorTrainingSession", () => {
    it("records a session hosted by the caller's training body", async () => {
      const response = await api.as(atelierOperator, RECORD, { i: sessionInput() });
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
      const bad = (overrides: Record<string, unknown>) => refused(() => api.as(atelierOperator, RECORD, { i: sessionInput(overrides) }), "BAD_USER_INPUT");
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
      await refused(() => api.as(centreOperator, RECORD, { i: sessionInput() }), "FORBIDDEN");
    });
  });
});
