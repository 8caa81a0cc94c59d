import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoNetwork } from "@percorsi/demo";
import { migrate, rowLoader, type Database } from "@percorsi/kit/author";
import { countRows, sqlState, testBackends } from "@percorsi/kit/testing";
import { seedTraining } from "../seed/seed.js";
import { CourseRepository } from "../src/modules/course/course.repository.js";
import { EnrolmentRepository, type NewEnrolment } from "../src/modules/enrolment/enrolment.repository.js";
import { OperatorTrainingRepository } from "../src/modules/operator-training/operator-training.repository.js";
import { ATELIER, PONTE } from "./fixtures.js";

const MIGRATIONS = fileURLToPath(new URL("../migrations", import.meta.url));
const network = demoNetwork();
const demoEnrolments = network.pathways.flatMap((p) => p.enrolments.map((e) => ({ ...e, pathwayId: p.id })));

describe.each(testBackends())("store on $name", (backend) => {
  let db: Database;
  beforeAll(async () => {
    db = await backend.open();
  });
  afterAll(() => db.close());

  describe("migrations", () => {
    it("apply once and are then up to date", async () => {
      expect((await migrate(db, MIGRATIONS)).applied).toEqual([1, 2]);
      expect((await migrate(db, MIGRATIONS)).applied).toEqual([]);
    });

    it("enforce the enrolment rules themselves, whatever a caller does", async () => {
      const course = network.courses.find((c) => c.trainingBodyId === ATELIER)!;
      const tx = (sql: string, params: unknown[]) => db.transaction((t) => t.query(sql, params));
      await expect(tx("insert into courses (id, training_body_id, title, schedule, district, seats, starts_on, ends_on) values ($1, 'x', 't', 's', 'd', 0, '2026-01-01', '2026-02-01')", [randomUUID()])).rejects.toMatchObject({ code: "23514" });
      await expect(tx("insert into courses (id, training_body_id, title, schedule, district, seats, starts_on, ends_on) values ($1, 'x', 't', 's', 'd', 5, '2026-02-01', '2026-01-01')", [randomUUID()])).rejects.toMatchObject({ code: "23514" });
      // A completed enrolment needs its date; an enrolment must name its course's own training body.
      await expect(tx("insert into enrolments (id, pathway_id, course_id, training_body_id, status, enrolled_on) values ($1, $2, $3, $4, 'COMPLETED', '2026-01-01')", [randomUUID(), randomUUID(), course.id, ATELIER])).rejects.toMatchObject({ code: "23514" });
      await expect(tx("insert into enrolments (id, pathway_id, course_id, training_body_id, status, enrolled_on) values ($1, $2, $3, $4, 'ENROLLED', '2026-01-01')", [randomUUID(), randomUUID(), course.id, PONTE])).rejects.toMatchObject({ code: "23503" });
    });
  });

  describe("seed", () => {
    it("writes the demo network's courses, enrolments and sessions", async () => {
      await seedTraining(db);
      expect(await countRows(db, "courses")).toBe(network.courses.length);
      expect(await countRows(db, "enrolments")).toBe(demoEnrolments.length);
      expect(await countRows(db, "operator_training_sessions")).toBe(network.operatorTrainingSessions.length);
      expect(demoEnrolments.length).toBeGreaterThan(0);
    });

    it("is idempotent", async () => {
      await seedTraining(db);
      expect(await countRows(db, "courses")).toBe(network.courses.length);
      expect(await countRows(db, "enrolments")).toBe(demoEnrolments.length);
      expect(await countRows(db, "operator_training_sessions")).toBe(network.operatorTrainingSessions.length);
    });

    it("keeps every enrolment with the training body of its course", async () => {
      const [row] = await db.query<{ wrong: number }>(
        "select count(*)::int as wrong from enrolments e join courses c on c.id = e.course_id where c.training_body_id <> e.training_body_id",
      );
      expect(row?.wrong).toBe(0);
    });
  });

  describe("courses", () => {
    const courses = () => new CourseRepository(db);

    it("read by ids, ignoring ids that are not UUIDs", async () => {
      const [first] = network.courses;
      const read = await courses().byIds([first!.id, "not-a-uuid"]);
      expect(read).toHaveLength(1);
      expect(read[0]).toMatchObject({ id: first!.id, title: first!.title, skillsTaught: first!.skillsTaught, startsOn: first!.startsOn, seats: first!.seats });
    });

    it("page with a keyset cursor, latest first, without gaps or repeats", async () => {
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page = await courses().list({}, 3, after);
        expect(page.totalCount).toBe(network.courses.length);
        seen.push(...page.nodes.map((c) => c.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      const expected = [...network.courses].sort((a, b) => (b.startsOn + b.id).localeCompare(a.startsOn + a.id)).map((c) => c.id);
      expect(seen).toEqual(expected);
    });

    it("filter by district and childcare", async () => {
      const page = await courses().list({ district: "Rho", childcareOffered: true }, 100);
      const expected = network.courses.filter((c) => c.district === "Rho" && c.childcareOffered);
      expect(page.nodes.map((c) => c.id).sort()).toEqual(expected.map((c) => c.id).sort());
      expect(page.totalCount).toBe(expected.length);
    });

    it("refuse a forged cursor as bad input", async () => {
      const forged = Buffer.from(JSON.stringify(["yesterday", "x"])).toString("base64url");
      await expect(courses().list({}, 3, forged)).rejects.toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
    });

    it("count taken seats without withdrawn enrolments", async () => {
      const taken = new Map((await courses().seatsTaken(network.courses.map((c) => c.id))).map((r) => [r.courseId, r.taken]));
      for (const course of network.courses) {
        const expected = demoEnrolments.filter((e) => e.courseId === course.id && e.status !== "WITHDRAWN").length;
        expect(taken.get(course.id) ?? 0).toBe(expected);
      }
    });
  });

  describe("enrolments", () => {
    const enrolments = () => new EnrolmentRepository(db);
    const atelierCourseIds = new Set(network.courses.filter((c) => c.trainingBodyId === ATELIER).map((c) => c.id));

    it("list one training body's caseload: its pathways, one each, newest enrolment first; filtered by status and course", async () => {
      const page = await enrolments().caseload(ATELIER, {}, 100);
      const own = demoEnrolments.filter((e) => atelierCourseIds.has(e.courseId));
      const latest = new Map<string, string>();
      for (const e of own) if ((latest.get(e.pathwayId) ?? "") < e.enrolledOn) latest.set(e.pathwayId, e.enrolledOn);
      expect(page.totalCount).toBe(latest.size);
      expect(new Set(page.nodes.map((n) => n.pathwayId))).toEqual(new Set(latest.keys()));
      expect(page.nodes.every((n) => latest.get(n.pathwayId) === n.latestEnrolledOn)).toBe(true);
      const days = page.nodes.map((n) => n.latestEnrolledOn);
      expect(days).toEqual([...days].sort().reverse());
      const completed = await enrolments().caseload(ATELIER, { status: "COMPLETED" }, 100);
      expect(new Set(completed.nodes.map((n) => n.pathwayId))).toEqual(new Set(own.filter((e) => e.status === "COMPLETED").map((e) => e.pathwayId)));
      const courseId = own[0]!.courseId;
      const inCourse = await enrolments().caseload(ATELIER, { courseId }, 100);
      expect(new Set(inCourse.nodes.map((n) => n.pathwayId))).toEqual(new Set(own.filter((e) => e.courseId === courseId).map((e) => e.pathwayId)));
      expect((await enrolments().caseload(PONTE, { courseId }, 100)).totalCount).toBe(0);
    });

    it("of pathways: every body's enrolments of each pathway, oldest first; ids that are no ids ignored", async () => {
      const pathwayIds = [...new Set(demoEnrolments.map((e) => e.pathwayId))];
      const all = await enrolments().ofPathways([...pathwayIds, "not-a-uuid"]);
      expect(all.map((e) => e.id).sort()).toEqual(demoEnrolments.map((e) => e.id).sort());
      expect(all.some((e) => e.trainingBodyId === ATELIER) && all.some((e) => e.trainingBodyId === PONTE)).toBe(true);
      const one = pathwayIds[0]!;
      const rows = await enrolments().ofPathways([one]);
      expect(rows.map((e) => e.id).sort()).toEqual(demoEnrolments.filter((e) => e.pathwayId === one).map((e) => e.id).sort());
      const days = rows.map((e) => e.enrolledOn);
      expect(days).toEqual([...days].sort());
      expect(await enrolments().ofPathways([])).toEqual([]);
    });

    it("refuse a second active enrolment of a pathway in a course (the index is the last guard)", async () => {
      const existing = demoEnrolments.find((e) => e.status !== "WITHDRAWN")!;
      const duplicate: NewEnrolment = {
        id: randomUUID(),
        pathwayId: existing.pathwayId,
        courseId: existing.courseId,
        trainingBodyId: network.courses.find((c) => c.id === existing.courseId)!.trainingBodyId,
        status: "ENROLLED",
        enrolledOn: existing.enrolledOn,
        completedOn: null,
        withdrawnOn: null,
        certificate: null,
      };
      await expect(db.transaction((tx) => new EnrolmentRepository(tx).insertMany([duplicate]))).rejects.toMatchObject({ code: "23505" });
      expect(await countRows(db, "enrolments")).toBe(demoEnrolments.length);
    });
  });

  describe("operator-training sessions", () => {
    it("keep their lists in order and their hours as numbers", async () => {
      const repository = new OperatorTrainingRepository(db);
      const id = randomUUID();
      await db.transaction((tx) =>
        new OperatorTrainingRepository(tx).insertMany([
          {
            id,
            trainerOrganisationId: "cav-ginestra",
            hostTrainingBodyId: PONTE,
            heldOn: "2026-06-01",
            topics: ["Z topic", "A topic, with \"quotes\" and {braces}"],
            hours: 2.5,
            attendingOperatorIds: ["op-cpi-rho", "op-ponte"],
            attendingOrganisationIds: [],
          },
        ]),
      );
      const [session] = await repository.byIds([id]);
      expect(session).toMatchObject({
        topics: ["Z topic", "A topic, with \"quotes\" and {braces}"],
        hours: 2.5,
        attendingOperatorIds: ["op-cpi-rho", "op-ponte"],
        attendingOrganisationIds: [],
      });
      const page = await repository.list(2);
      expect(page.totalCount).toBe(network.operatorTrainingSessions.length + 1);
      const next = await repository.list(100, page.pageInfo.endCursor);
      expect(next.nodes.length + page.nodes.length).toBe(page.totalCount);
    });
  });

  describe("operator attendances", () => {
    const session = (attendees?: { operatorId: string; organisationId: string }[]) => ({
      id: randomUUID(),
      trainerOrganisationId: "cav-aurora",
      hostTrainingBodyId: ATELIER,
      heldOn: "2026-05-04",
      topics: ["Recognising signs of violence"],
      hours: 2,
      attendingOperatorIds: attendees?.map((a) => a.operatorId) ?? ["op-x"],
      attendingOrganisationIds: [...new Set(attendees?.map((a) => a.organisationId) ?? [])],
      ...(attendees ? { attendees } : {}),
    });
    const attendancesOf = (ids: string[]) =>
      db.query<{ session_id: string; operator_id: string; organisation_id: string }>(
        "select session_id, operator_id, organisation_id from operator_attendances where session_id = any($1::uuid[]) order by session_id, operator_id",
        [ids],
      );

    it("are written with their sessions, one statement per table whatever the number of sessions and attendees", async () => {
      const sessions = Array.from({ length: 12 }, (_, n) =>
        session([
          { operatorId: `op-a${n}`, organisationId: "cpi-milano-centro" },
          { operatorId: `op-b${n}`, organisationId: "cpi-rho" },
        ]),
      );
      const before = db.roundTrips;
      await new OperatorTrainingRepository(db).insertMany(sessions);
      expect(db.roundTrips - before).toBe(2);
      const written = await attendancesOf(sessions.map((s) => s.id));
      expect(written).toHaveLength(24);
      expect(written).toEqual(
        expect.arrayContaining([{ session_id: sessions[3]!.id, operator_id: "op-b3", organisation_id: "cpi-rho" }]),
      );
    });

    it("are optional: sessions without them cost one statement and write none", async () => {
      const plain = session();
      const before = db.roundTrips;
      await new OperatorTrainingRepository(db).insertMany([plain]);
      expect(db.roundTrips - before).toBe(1);
      expect(await attendancesOf([plain.id])).toEqual([]);
    });

    it("are kept once per session and operator, and go with their session", async () => {
      const one = session([{ operatorId: "op-once", organisationId: "cpi-rho" }]);
      await new OperatorTrainingRepository(db).insertMany([one]);
      expect(
        await sqlState(db.query("insert into operator_attendances (session_id, operator_id, organisation_id) values ($1, 'op-once', 'cpi-milano-centro')", [one.id])),
      ).toBe("23505");
      expect(
        await sqlState(db.query("insert into operator_attendances (session_id, operator_id, organisation_id) values ($1, 'op-x', 'cpi-rho')", [randomUUID()])),
      ).toBe("23503");
      // Seeding twice skips what exists, attendances included.
      await new OperatorTrainingRepository(db).insertMany([one]);
      expect(await attendancesOf([one.id])).toHaveLength(1);
      await db.query("delete from operator_training_sessions where id = $1", [one.id]);
      expect(await attendancesOf([one.id])).toEqual([]);
    });
  });

  describe("loaders", () => {
    it("read any number of courses in one round trip", async () => {
      const loader = rowLoader((ids) => new CourseRepository(db).byIds(ids), (c) => c.id);
      const before = db.roundTrips;
      const read = await Promise.all(network.courses.map((c) => loader.load(c.id)));
      expect(read.every((c) => c !== null)).toBe(true);
      expect(db.roundTrips - before).toBe(1);
    });
  });
});
