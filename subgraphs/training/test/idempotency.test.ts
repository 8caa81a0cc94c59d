// Creating mutations take an optional idempotency key: a client's retry (a timeout, a lost
// answer, a two-field mutation whose other field failed) gets what the first request created,
// never a duplicate; the same key with another input is refused; keys belong to an organisation.
// The test plays the gateway: an assertion per request, and for a write about her the consent
// receipt the gateway obtains for the pathway it names.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@percorsi/kit/author";
import { daysFromToday as day, errorAt, refusalAt as refusal, testActor, testBackends, type SubgraphTester } from "@percorsi/kit/testing";
import { startTraining } from "./fixtures.js";

const atelier = (): Actor => testActor("formazione-atelier", "TRAINING_BODY", ["TRAINING_OPERATOR"], "TRAINING", "op-atelier");
const ponte = (): Actor => testActor("formazione-ponte", "TRAINING_BODY", ["TRAINING_OPERATOR"], "TRAINING", "op-ponte");

const key = (name: string) => `${name}-${randomUUID()}`;
const REUSED = { code: "BAD_USER_INPUT", reason: "IDEMPOTENCY_KEY_REUSED", field: "idempotencyKey" };

const CREATE_COURSE = `mutation($i: CreateCourseInput!) { createCourse(input: $i) { id title seats seatsTaken trainingBody { id } } }`;
const ENROL = `mutation($i: EnrolInCourseInput!) { enrolInCourse(input: $i) { id } }`;
const RECORD = `mutation($i: RecordOperatorTrainingSessionInput!) { recordOperatorTrainingSession(input: $i) { id attendeeCount hostTrainingBody { id } } }`;

const courseInput = (overrides: Record<string, unknown> = {}) => ({
  title: "Customer care",
  skillsTaught: ["Listening"],
  schedule: "TUE_THU_MORNING",
  district: "Municipio 3",
  seats: 5,
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

describe.each(testBackends())("idempotent creating mutations on $name", (backend) => {
  let api: SubgraphTester;
  beforeAll(async () => {
    api = await startTraining({ backend, seed: false });
  });
  afterAll(() => api.stop());

  /** About no woman: no receipt. */
  const ask = (actor: Actor, query: string, i: Record<string, unknown>) => api.as(actor).query(query, { i });
  /** About her: with a receipt for `i.pathwayId` minted for this request (an accepted TRAINING referral to the caller). */
  const write = (actor: Actor, query: string, i: Record<string, unknown> & { pathwayId: string }) => api.as(actor).write(query, { i });
  const count = (table: string, where?: string, params?: unknown[]) => api.count(table, where, params);
  const newCourse = async (actor = atelier(), overrides: Record<string, unknown> = {}) => {
    const response = await ask(actor, CREATE_COURSE, courseInput(overrides));
    expect(response.errors).toBeUndefined();
    return response.data.createCourse.id as string;
  };

  describe("createCourse", () => {
    it("a retry creates one course and answers with it; another input with the key is refused", async () => {
      const idempotencyKey = key("course");
      const input = courseInput({ idempotencyKey });
      const before = await count("courses");
      const first = await ask(atelier(), CREATE_COURSE, input);
      const retry = await ask(atelier(), CREATE_COURSE, input);
      expect(first.errors).toBeUndefined();
      expect(retry.errors).toBeUndefined();
      expect(retry.data.createCourse).toEqual(first.data.createCourse);
      expect(await count("courses")).toBe(before + 1);

      const other = await ask(atelier(), CREATE_COURSE, { ...input, seats: 6 });
      expect(other.data).toEqual({ createCourse: null });
      expect(refusal(other, "createCourse")).toEqual(REUSED);
      expect(JSON.stringify(other.errors)).not.toContain(idempotencyKey);
      expect(await count("courses")).toBe(before + 1);
    });

    it("keeps keys per organisation: another body's same key creates its own course", async () => {
      const input = courseInput({ idempotencyKey: key("course") });
      const mine = await ask(atelier(), CREATE_COURSE, input);
      const theirs = await ask(ponte(), CREATE_COURSE, input);
      expect(mine.errors).toBeUndefined();
      expect(theirs.errors).toBeUndefined();
      expect(theirs.data.createCourse.id).not.toBe(mine.data.createCourse.id);
      expect([mine.data.createCourse.trainingBody.id, theirs.data.createCourse.trainingBody.id]).toEqual(["formazione-atelier", "formazione-ponte"]);
    });

    it("a failed field nulls only itself: the other field's course is committed and answered", async () => {
      const response = await api.as(atelier()).query(
        `mutation($ok: CreateCourseInput!, $bad: CreateCourseInput!) { ok: createCourse(input: $ok) { id } bad: createCourse(input: $bad) { id } }`,
        { ok: courseInput(), bad: courseInput({ endsOn: day(-20) }) },
      );
      expect(response.data.ok.id).toEqual(expect.any(String));
      expect(response.data.bad).toBeNull();
      expect(errorAt(response, "bad")?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(await count("courses", "id = $1", [response.data.ok.id])).toBe(1);
    });
  });

  describe("enrolInCourse", () => {
    it("a retry holds one seat, not a refusal for a seat already held", async () => {
      const courseId = await newCourse();
      const pathwayId = randomUUID();
      const input = { pathwayId, courseId, idempotencyKey: key("enrol") };
      const first = await write(atelier(), ENROL, input);
      const retry = await write(atelier(), ENROL, input);
      expect(first.errors).toBeUndefined();
      expect(retry.errors).toBeUndefined();
      expect(retry.data.enrolInCourse).toEqual({ id: pathwayId });
      expect(await count("enrolments", "pathway_id = $1 and course_id = $2", [pathwayId, courseId])).toBe(1);

      const other = await write(atelier(), ENROL, { ...input, enrolledOn: day(-1) });
      expect(refusal(other, "enrolInCourse")).toEqual(REUSED);
      // Without a key, enrolling her again is refused as before.
      const again = await write(atelier(), ENROL, { pathwayId, courseId });
      expect(errorAt(again, "enrolInCourse")?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(await count("enrolments", "pathway_id = $1 and course_id = $2", [pathwayId, courseId])).toBe(1);
    });

    it("another body's same key is judged on its own: not its course, refused, nothing stored", async () => {
      const courseId = await newCourse();
      const pathwayId = randomUUID();
      const idempotencyKey = key("enrol");
      expect((await write(atelier(), ENROL, { pathwayId, courseId, idempotencyKey })).errors).toBeUndefined();
      const foreign = await write(ponte(), ENROL, { pathwayId, courseId, idempotencyKey });
      expect(errorAt(foreign, "enrolInCourse")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
      expect(await count("idempotency_key", "key = $1 and organisation_id = $2", [idempotencyKey, "formazione-ponte"])).toBe(0);
      expect(await count("enrolments", "pathway_id = $1 and course_id = $2", [pathwayId, courseId])).toBe(1);
    });
  });

  describe("recordOperatorTrainingSession", () => {
    it("a retry records one session and answers with it; another input with the key is refused", async () => {
      const input = sessionInput({ idempotencyKey: key("session") });
      const before = await count("operator_training_sessions");
      const first = await ask(atelier(), RECORD, input);
      const retry = await ask(atelier(), RECORD, input);
      expect(first.errors).toBeUndefined();
      expect(retry.data.recordOperatorTrainingSession).toEqual(first.data.recordOperatorTrainingSession);
      expect(await count("operator_training_sessions")).toBe(before + 1);
      expect(refusal(await ask(atelier(), RECORD, { ...input, hours: 4 }), "recordOperatorTrainingSession")).toEqual(REUSED);
      expect(await count("operator_training_sessions")).toBe(before + 1);
    });
  });
});
