import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoNetwork } from "@percorsi/demo";
import { openDatabase, AUDIT_WRITE_ROUND_TRIPS } from "@percorsi/kit";
import { errorAt } from "@percorsi/kit/testing";
import { ATELIER, PONTE, admin, analyst, atelierOperator, centreOperator, ponteOperator, startTraining, type TestServer } from "./helpers.js";

const network = demoNetwork();
const bodyOfCourse = new Map(network.courses.map((c) => [c.id, c.trainingBodyId]));
const bodiesOf = (pathwayId: string) =>
  new Set(network.pathways.find((p) => p.id === pathwayId)!.enrolments.map((e) => bodyOfCourse.get(e.courseId)));
const enrolledAt = (body: string) => network.pathways.find((p) => p.enrolments.length > 0 && [...bodiesOf(p.id)].every((b) => b === body))!;
const notEnrolled = network.pathways.find((p) => p.enrolments.length === 0)!;

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Pathway { id enrolments { id status enrolledOn course { id } } } } }`;
const pathways = (...ids: string[]) => ({ r: ids.map((id) => ({ __typename: "Pathway", id })) });
const OWN_ENROLMENTS = `query($first: Int) { enrolments(first: $first) { totalCount nodes { id status enrolledOn certificate
  course { id title trainingBody { id } seatsTaken } pathway { id enrolments { id status } } } } }`;

describe("permissions over HTTP", () => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startTraining(await openDatabase(), true);
  });
  afterAll(() => api.stop());

  describe("trust", () => {
    it("refuses a request without an actor assertion (401)", async () => {
      const response = await api.as(null, "{ courses { totalCount } }");
      expect(response.status).toBe(401);
      expect(response.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    });

    it("refuses an assertion minted for another subgraph", async () => {
      const { assertionHeaders, postGraphQL, testActor } = await import("@percorsi/kit/testing");
      const headers = await assertionHeaders(testActor(ATELIER, "TRAINING_BODY", ["TRAINING_OPERATOR"]), "employment");
      const response = await postGraphQL(api.url, "{ courses { totalCount } }", {}, headers);
      expect(response.status).toBe(401);
    });

    it("keeps federation working under the shield: _service carries keys and labels", async () => {
      const response = await api.as(analyst, "{ _service { sdl } }");
      const sdl: string = response.data._service.sdl;
      expect(sdl).toMatch(/type Organisation\s+@key\(fields: "id", resolvable: false\)/);
      expect(sdl).toMatch(/type Pathway\s+@key\(fields: "id"\)/);
      expect(sdl).toMatch(/enrolments: \[Enrolment!\] @sensitive\(category: TRAINING\)/);
    });
  });

  describe("courses and operator training (not personal data)", () => {
    it("are readable by any authenticated caller", async () => {
      for (const caller of [analyst, centreOperator, ponteOperator]) {
        const response = await api.as(
          caller,
          `{ courses(first: 100) { totalCount nodes { id trainingBody { id } seatsTaken } }
             operatorTrainingSessions { totalCount nodes { trainerOrganisation { id } hostTrainingBody { id } attendingOrganisations { id } attendingOperatorIds attendeeCount hours topics } } }`,
        );
        expect(response.errors).toBeUndefined();
        expect(response.data.courses.totalCount).toBe(network.courses.length);
        expect(response.data.operatorTrainingSessions.totalCount).toBe(network.operatorTrainingSessions.length);
        const session = response.data.operatorTrainingSessions.nodes[0];
        expect(session.attendeeCount).toBe(session.attendingOperatorIds.length);
      }
    });

    it("filter courses through the API", async () => {
      const response = await api.as(analyst, `{ courses(district: "Rho", childcareOffered: false) { nodes { district childcareOffered } } }`);
      expect(response.data.courses.nodes.length).toBeGreaterThan(0);
      expect(response.data.courses.nodes.every((c: any) => c.district === "Rho" && c.childcareOffered === false)).toBe(true);
    });

    it("reads one course by id; a malformed id is bad input", async () => {
      const course = network.courses[0]!;
      expect((await api.as(centreOperator, `query($id: ID!) { course(id: $id) { title } }`, { id: course.id })).data.course.title).toBe(course.title);
      expect((await api.as(centreOperator, `query($id: ID!) { course(id: $id) { title } }`, { id: randomUUID() })).data.course).toBeNull();
      const bad = await api.as(centreOperator, `{ course(id: "1") { title } }`);
      expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    });
  });

  describe("enrolments", () => {
    it("list only the caller's training body's own, every field released", async () => {
      const response = await api.as(atelierOperator, OWN_ENROLMENTS, { first: 100 });
      expect(response.errors).toBeUndefined();
      const expected = network.pathways.flatMap((p) => p.enrolments).filter((e) => bodyOfCourse.get(e.courseId) === ATELIER);
      expect(response.data.enrolments.totalCount).toBe(expected.length);
      expect(new Set(response.data.enrolments.nodes.map((e: any) => e.id))).toEqual(new Set(expected.map((e) => e.id)));
      expect(response.data.enrolments.nodes.every((e: any) => e.course.trainingBody.id === ATELIER && e.status !== null)).toBe(true);
    });

    it("are forbidden to an analyst (no rows for the control room)", async () => {
      const response = await api.as(analyst, OWN_ENROLMENTS);
      expect(response.data).toBeNull();
      expect(errorAt(response, "enrolments")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ROLE" });
    });

    it("are forbidden to a centre operator as a list (not a training operator)", async () => {
      const response = await api.as(centreOperator, OWN_ENROLMENTS);
      expect(errorAt(response, "enrolments")?.extensions?.code).toBe("FORBIDDEN");
    });
  });

  describe("Pathway.enrolments through _entities", () => {
    const atelierOnly = enrolledAt(ATELIER);

    it("releases the holding training body's own enrolments", async () => {
      const response = await api.as(atelierOperator, ENTITIES, pathways(atelierOnly.id));
      expect(response.errors).toBeUndefined();
      expect(response.data._entities[0].enrolments.map((e: any) => e.id).sort()).toEqual(atelierOnly.enrolments.map((e) => e.id).sort());
    });

    it("gives another training body null + FORBIDDEN (no consent yet)", async () => {
      const response = await api.as(ponteOperator, ENTITIES, pathways(atelierOnly.id));
      expect(response.data._entities[0]).toEqual({ id: atelierOnly.id, enrolments: null });
      expect(errorAt(response, "_entities.0.enrolments")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "NO_CONSENT" });
    });

    it("gives a centre operator null + FORBIDDEN", async () => {
      const response = await api.as(
        centreOperator,
        `query($r:[_Any!]!){ _entities(representations:$r){ ... on Pathway { enrolments { status } } } }`,
        pathways(atelierOnly.id),
      );
      expect(response.data._entities[0].enrolments).toBeNull();
      expect(errorAt(response, "_entities.0.enrolments")?.extensions?.code).toBe("FORBIDDEN");
    });

    it("gives the control room null + FORBIDDEN by role, and a caller without purpose by purpose", async () => {
      for (const caller of [analyst, admin]) {
        const response = await api.as(caller, ENTITIES, pathways(atelierOnly.id));
        expect(response.data._entities[0].enrolments).toBeNull();
        expect(errorAt(response, "_entities.0.enrolments")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ROLE" });
      }
      const response = await api.as({ ...atelierOperator, purpose: null }, ENTITIES, pathways(atelierOnly.id));
      expect(response.data._entities[0].enrolments).toBeNull();
      expect(errorAt(response, "_entities.0.enrolments")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "PURPOSE" });
    });

    it("releases nothing, and needs nothing, for a pathway without enrolments or an id that is no pathway", async () => {
      const response = await api.as(ponteOperator, ENTITIES, pathways(notEnrolled.id, "not-a-uuid"));
      expect(response.errors).toBeUndefined();
      expect(response.data._entities.map((p: any) => p.enrolments)).toEqual([[], []]);
    });

    it("shows each body only its own when two bodies enrolled the same pathway", async () => {
      const ponteCourse = network.courses.find((c) => c.trainingBodyId === PONTE && c.endsOn >= new Date().toISOString().slice(0, 10));
      // The demo's last editions run until after today; without one, create a course to enrol into.
      const courseId =
        ponteCourse?.id ??
        (
          await api.as(
            ponteOperator,
            `mutation { createCourse(input: { title: "Extra", schedule: "MON", district: "Rho", seats: 5, startsOn: "2026-01-01", endsOn: "2099-01-01" }) { id } }`,
          )
        ).data.createCourse.id;
      const enrolled = await api.as(ponteOperator, `mutation($i: EnrolInCourseInput!) { enrolInCourse(input: $i) { id } }`, {
        i: { pathwayId: atelierOnly.id, courseId },
      });
      expect(enrolled.errors).toBeUndefined();
      const ponteView = await api.as(ponteOperator, ENTITIES, pathways(atelierOnly.id));
      expect(ponteView.errors).toBeUndefined();
      expect(ponteView.data._entities[0].enrolments.map((e: any) => e.id)).toEqual([enrolled.data.enrolInCourse.id]);
      const atelierView = await api.as(atelierOperator, ENTITIES, pathways(atelierOnly.id));
      expect(atelierView.data._entities[0].enrolments.map((e: any) => e.id).sort()).toEqual(atelierOnly.enrolments.map((e) => e.id).sort());
    });
  });

  describe("batching", () => {
    it("reads N enrolments with course { trainingBody } and pathway in a constant number of round trips", async () => {
      const trips = async (first: number) => {
        const before = api.db.roundTrips;
        const response = await api.as(atelierOperator, OWN_ENROLMENTS, { first });
        expect(response.errors).toBeUndefined();
        expect(response.data.enrolments.nodes).toHaveLength(Math.min(first, response.data.enrolments.totalCount));
        return api.db.roundTrips - before;
      };
      const few = await trips(2);
      const many = await trips(100);
      expect(many).toBe(few);
      // page + courses + seats taken + keepers of the pathways + their own enrolments
      expect(many).toBe(5 + AUDIT_WRITE_ROUND_TRIPS);
    });

    it("reads enrolments with course { trainingBody } and pathway { id } in two round trips (page, courses)", async () => {
      const before = api.db.roundTrips;
      const response = await api.as(atelierOperator, `{ enrolments(first: 100) { nodes { status course { title trainingBody { id } } pathway { id } } } }`);
      expect(response.errors).toBeUndefined();
      expect(response.data.enrolments.nodes.length).toBeGreaterThan(10);
      expect(api.db.roundTrips - before).toBe(2 + AUDIT_WRITE_ROUND_TRIPS);
    });

    it("resolves Pathway.enrolments for many pathways in a constant number of round trips", async () => {
      const trips = async (ids: string[]) => {
        const before = api.db.roundTrips;
        const response = await api.as(atelierOperator, ENTITIES, pathways(...ids));
        expect(response.data._entities).toHaveLength(ids.length);
        return api.db.roundTrips - before;
      };
      const atelierPathways = network.pathways.filter((p) => bodiesOf(p.id).has(ATELIER)).map((p) => p.id);
      expect(await trips(network.pathways.map((p) => p.id))).toBe(await trips(atelierPathways.slice(0, 1)));
    });
  });
});
