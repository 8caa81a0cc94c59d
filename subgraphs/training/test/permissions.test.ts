import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SignJWT, generateKeyPair } from "jose";
import { demoNetwork, type DemoPathway } from "@percorsi/demo";
import type { Actor } from "@percorsi/kit/author";
import { CONSENT_RECEIPT_ISSUER } from "@percorsi/kit/authority";
import {
  AUDIT_WRITE_ROUND_TRIPS,
  errorAt,
  postGraphQL,
  referred,
  representations,
  testReceipt,
  type Caller,
  type GraphQLResponse,
  type ReceiptOptions,
  type SubgraphTester,
} from "@percorsi/kit/testing";
import { ATELIER, AURORA, PONTE, actorOf, admin, analyst, atelierOperator, centreOperator, ponteOperator, startTraining } from "./fixtures.js";

const network = demoNetwork();
const bodyOfCourse = new Map(network.courses.map((c) => [c.id, c.trainingBodyId]));
const pathwayOf = (id: string) => network.pathways.find((p) => p.id === id)!;
const bodiesOf = (pathwayId: string) => new Set(pathwayOf(pathwayId).enrolments.map((e) => bodyOfCourse.get(e.courseId)));
const enrolledOnlyAt = (body: string) => network.pathways.filter((p) => p.enrolments.length > 0 && p.seal === null && [...bodiesOf(p.id)].every((b) => b === body));
const notEnrolled = network.pathways.find((p) => p.enrolments.length === 0)!;
/** Distinct unsealed pathways enrolled at Atelier only (the demo has plenty), and one at Ponte only. */
const [atelierOnly, toShare, atelierOnlyToo] = enrolledOnlyAt(ATELIER) as [DemoPathway, DemoPathway, DemoPathway];
const ponteOnly = enrolledOnlyAt(PONTE)[0]!;
/** What the consent authority would say of a pathway with no consent to the caller: unsealed, her centre holds it. */
const plain = (id: string): ReceiptOptions => ({ holder: pathwayOf(id)?.holderId ?? AURORA });
/**
 * Told nothing, a training body that keeps enrolments of hers reads under a live TRAINING
 * referral (how it came to enrol her): her pathway is visible to it. Anyone else: `plain`.
 */
const standingOf = (actor: Actor) => (id: string): ReceiptOptions =>
  actor.organisationType === "TRAINING_BODY" && bodiesOf(id).has(actor.organisationId) ? { ...plain(id), referralPurposes: ["TRAINING"] } : plain(id);

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Pathway { id enrolments { id status enrolledOn course { id } } } } }`;
const OTHER_CENTRE = "cav-ginestra";
/** The case-holder's operator, building her empowerment plan. */
const holderOperator = (pathwayId: string): Caller => ({
  organisationId: pathwayOf(pathwayId).holderId,
  organisationType: "ANTI_VIOLENCE_CENTRE",
  roles: ["CENTRE_OPERATOR"],
  purpose: "EMPOWERMENT_PLAN",
});

describe("permissions over HTTP", () => {
  let api: SubgraphTester;
  beforeAll(async () => {
    api = await startTraining();
  });
  afterAll(() => api.stop());

  /** Plays the query planner: `_entities` for the pathways, each with a receipt minted for this very request (or none). */
  const read = async (caller: Caller | Actor, ids: string[], given?: ReceiptOptions | null | ((id: string) => ReceiptOptions | null), query = ENTITIES) => {
    const actor = "requestId" in caller ? caller : actorOf(caller);
    const options = given !== undefined ? given : standingOf(actor);
    return api.as(actor).query(query, { r: await representations(actor, ids, options) });
  };
  const auditOf = (requestId: string) =>
    api.db.query<{ decision: string; basis: string | null; reason: string | null; consent_id: string | null; pathway_id: string; category: string }>(
      "select decision, basis, reason, consent_id, pathway_id, category from audit_log where request_id = $1 order by seq",
      [requestId],
    );
  const idsOf = (response: { data?: any }) => (response.data._entities[0].enrolments as { id: string }[]).map((e) => e.id).sort();

  describe("trust", () => {
    it("refuses a request without an actor assertion (401)", async () => {
      const response = await api.as(null).query("{ courses { totalCount } }");
      expect(response.status).toBe(401);
      expect(response.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    });

    it("refuses an assertion minted for another subgraph", async () => {
      const { assertionHeaders, postGraphQL, testActor } = await import("@percorsi/kit/testing");
      const headers = await assertionHeaders(testActor(ATELIER, "TRAINING_BODY", ["TRAINING_OPERATOR"]), "employment", { query: "{ courses { totalCount } }" });
      const response = await postGraphQL(api.url, "{ courses { totalCount } }", {}, headers);
      expect(response.status).toBe(401);
    });

    describe("assertions bound to their request, accepted once", () => {
      const COURSES = `query($first: Int) { courses(first: $first) { totalCount } }`;
      const unauthenticated = (response: GraphQLResponse) => {
        expect(response.status).toBe(401);
        expect(response.data ?? null).toBeNull();
        expect(response.errors?.map((e) => e.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
      };

      it("refuses an assertion replayed: the same headers a second time", async () => {
        const headers = await api.as(actorOf(atelierOperator)).headers(COURSES, { first: 1 });
        const first = await postGraphQL(api.url, COURSES, { first: 1 }, headers);
        expect(first.status).toBe(200);
        expect(first.errors).toBeUndefined();
        unauthenticated(await postGraphQL(api.url, COURSES, { first: 1 }, headers));
      });

      it("refuses an assertion sent with another query, other variables or other receipts", async () => {
        unauthenticated(await postGraphQL(api.url, `{ courses { totalCount } }`, {}, await api.as(actorOf(atelierOperator)).headers(COURSES, { first: 1 })));
        unauthenticated(await postGraphQL(api.url, COURSES, { first: 2 }, await api.as(actorOf(atelierOperator)).headers(COURSES, { first: 1 })));
        // Receipts cannot be added to an assertion minted without them.
        const ENROL = `mutation($i: EnrolInCourseInput!) { enrolInCourse(input: $i) { id } }`;
        const course = network.courses.find((c) => c.trainingBodyId === ATELIER && c.endsOn >= new Date().toISOString().slice(0, 10))!;
        const variables = { i: { pathwayId: randomUUID(), courseId: course.id } };
        const actor = actorOf(atelierOperator);
        const bare = await api.as(actor).headers(ENROL, variables);
        const withReceipt = await api.as(actor).headers(ENROL, variables, { receipts: { [variables.i.pathwayId]: referred("TRAINING") } });
        const receiptsOnly = Object.fromEntries(Object.entries(withReceipt).filter(([name]) => name !== "x-percorsi-actor"));
        expect(Object.keys(receiptsOnly)).toEqual(["x-percorsi-consent-receipts"]);
        unauthenticated(await postGraphQL(api.url, ENROL, variables, { ...bare, ...receiptsOnly }));
        const [row] = await api.db.query<{ n: number }>("select count(*)::int as n from enrolments where pathway_id = $1", [variables.i.pathwayId]);
        expect(row?.n).toBe(0);
      });
    });

    it("keeps federation working under the shield: _service carries keys, labels and the receipt requirement", async () => {
      const response = await api.as(analyst).query("{ _service { sdl } }");
      const sdl: string = response.data._service.sdl;
      expect(sdl).toMatch(/type Organisation\s+@key\(fields: "id", resolvable: false\)/);
      expect(sdl).toMatch(/type Pathway\s+@key\(fields: "id"\)/);
      expect(sdl).toMatch(/consentReceipt: String @external/);
      expect(sdl).toMatch(/enrolments: \[Enrolment!\] @sensitive\(category: TRAINING\) @requires\(fields: "consentReceipt"\)/);
      expect(sdl).toMatch(/type AccessReport\s+@key\(fields: "pathwayId view"\)/);
      expect(sdl).toMatch(/training\([^)]*\): \[AccessEvent!\] @requires\(fields: "consentReceipt"\)/);
      expect(sdl).toMatch(/trainingCaseload\(/);
      expect(sdl).toMatch(/enrolInCourse\(input: EnrolInCourseInput!\): Pathway\n/);
      expect(sdl).not.toMatch(/\benrolments\(/);
    });

    it("never echoes a receipt it was handed", async () => {
      const response = await read(atelierOperator, [atelierOnly.id], plain, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Pathway { consentReceipt } } }`);
      expect(response.data?._entities?.[0]?.consentReceipt ?? null).toBeNull();
      expect(JSON.stringify(response.data)).not.toContain("eyJ");
      expect(errorAt(response, "_entities.0.consentReceipt")?.extensions?.code).toBe("FORBIDDEN");
    });
  });

  describe("courses and operator training (not personal data)", () => {
    it("are readable by any authenticated caller", async () => {
      for (const caller of [analyst, centreOperator, ponteOperator]) {
        const response = await api.as(caller).query(
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
      const response = await api.as(analyst).query(`{ courses(district: "Rho", childcareOffered: false) { nodes { district childcareOffered } } }`);
      expect(response.data.courses.nodes.length).toBeGreaterThan(0);
      expect(response.data.courses.nodes.every((c: any) => c.district === "Rho" && c.childcareOffered === false)).toBe(true);
    });

    it("reads one course by id; a malformed id is bad input", async () => {
      const course = network.courses[0]!;
      expect((await api.as(centreOperator).query(`query($id: ID!) { course(id: $id) { title } }`, { id: course.id })).data.course.title).toBe(course.title);
      expect((await api.as(centreOperator).query(`query($id: ID!) { course(id: $id) { title } }`, { id: randomUUID() })).data.course).toBeNull();
      const bad = await api.as(centreOperator).query(`{ course(id: "1") { title } }`);
      expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    });
  });

  describe("trainingCaseload", () => {
    const CASELOAD = `query($first: Int, $after: String, $status: EnrolmentStatus, $courseId: ID) {
      trainingCaseload(first: $first, after: $after, status: $status, courseId: $courseId) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } }`;
    /** Atelier's pathways, newest enrolment first (ties: pathway id, descending), as the demo network has them. */
    const expected = (keep: (e: { courseId: string; status: string }) => boolean = () => true) =>
      network.pathways
        .map((p) => ({ id: p.id, days: p.enrolments.filter((e) => bodyOfCourse.get(e.courseId) === ATELIER && keep(e)).map((e) => e.enrolledOn) }))
        .filter((p) => p.days.length > 0)
        .map((p) => ({ id: p.id, latest: p.days.sort().at(-1)! }))
        .sort((a, b) => (a.latest === b.latest ? (a.id < b.id ? 1 : -1) : a.latest < b.latest ? 1 : -1))
        .map((p) => p.id);

    it("lists the pathways enrolled in the caller's body's courses only, one node per pathway, newest enrolment first", async () => {
      const response = await api.as(atelierOperator).query(CASELOAD, { first: 100 });
      expect(response.errors).toBeUndefined();
      const ids = response.data.trainingCaseload.nodes.map((n: { id: string }) => n.id);
      expect(ids).toEqual(expected());
      expect(response.data.trainingCaseload.totalCount).toBe(ids.length);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).not.toContain(ponteOnly.id);
      const ponte = await api.as(ponteOperator).query(CASELOAD, { first: 100 });
      expect(ponte.data.trainingCaseload.nodes.map((n: { id: string }) => n.id)).toContain(ponteOnly.id);
      expect(ponte.data.trainingCaseload.nodes.map((n: { id: string }) => n.id)).not.toContain(atelierOnly.id);
    });

    it("paginates on a keyset cursor, without gaps or repeats", async () => {
      const all = expected();
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 20; page++) {
        const response: any = await api.as(atelierOperator).query(CASELOAD, { first: 3, after });
        expect(response.errors).toBeUndefined();
        expect(response.data.trainingCaseload.totalCount).toBe(all.length);
        seen.push(...response.data.trainingCaseload.nodes.map((n: { id: string }) => n.id));
        if (!response.data.trainingCaseload.pageInfo.hasNextPage) break;
        after = response.data.trainingCaseload.pageInfo.endCursor;
      }
      expect(seen).toEqual(all);
      const forged = await api.as(atelierOperator).query(CASELOAD, { first: 3, after: "bm90LWEtY3Vyc29y" });
      expect(forged.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    });

    it("filters by status and by course; another body's course lists nothing; a malformed course id is bad input", async () => {
      const completed = await api.as(atelierOperator).query(CASELOAD, { first: 100, status: "COMPLETED" });
      expect(completed.data.trainingCaseload.nodes.map((n: { id: string }) => n.id)).toEqual(expected((e) => e.status === "COMPLETED"));
      const course = network.courses.find((c) => c.trainingBodyId === ATELIER && network.pathways.some((p) => p.enrolments.some((e) => e.courseId === c.id)))!;
      const inCourse = await api.as(atelierOperator).query(CASELOAD, { first: 100, courseId: course.id });
      expect(inCourse.data.trainingCaseload.nodes.map((n: { id: string }) => n.id)).toEqual(expected((e) => e.courseId === course.id));
      expect(inCourse.data.trainingCaseload.totalCount).toBeGreaterThan(0);
      const ponteCourse = network.courses.find((c) => c.trainingBodyId === PONTE)!;
      expect((await api.as(atelierOperator).query(CASELOAD, { courseId: ponteCourse.id })).data.trainingCaseload.totalCount).toBe(0);
      const bad = await api.as(atelierOperator).query(CASELOAD, { courseId: "course-1" });
      expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    });

    it("gives references only: what is read under them without the planner's receipt is sealed", async () => {
      const response = await api.as(atelierOperator).query(`{ trainingCaseload(first: 2) { nodes { id enrolments { id } } } }`);
      expect(response.data.trainingCaseload.nodes).toHaveLength(2);
      expect(response.data.trainingCaseload.nodes.every((n: any) => n.enrolments === null)).toBe(true);
      expect(errorAt(response, "trainingCaseload.nodes.0.enrolments")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
    });

    it("is for training operators with a purpose", async () => {
      const byAnalyst = await api.as(analyst).query(`{ trainingCaseload { totalCount } }`);
      expect(byAnalyst.data).toEqual({ trainingCaseload: null }); // the root only: it is nullable
      expect(errorAt(byAnalyst, "trainingCaseload")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ROLE" });
      const byCentre = await api.as(centreOperator).query(`{ trainingCaseload { totalCount } }`);
      expect(errorAt(byCentre, "trainingCaseload")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ROLE" });
      const noPurpose = await api.as({ ...atelierOperator, purpose: null }).query(`{ trainingCaseload { totalCount } }`);
      expect(errorAt(noPurpose, "trainingCaseload")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "PURPOSE" });
    });
  });

  describe("Pathway.enrolments on her consent receipt", () => {
    it("releases the keeping training body's own enrolments on a valid, unsealed receipt (OWNERSHIP, audited)", async () => {
      const response = await read(atelierOperator, [atelierOnly.id]);
      expect(response.errors).toBeUndefined();
      expect(idsOf(response)).toEqual(atelierOnly.enrolments.map((e) => e.id).sort());
      expect(response.data._entities[0].enrolments.every((e: any) => e.status !== null && e.course.id)).toBe(true);
      const audit = await auditOf(response.actor.requestId);
      expect(audit).toContainEqual(expect.objectContaining({ pathway_id: atelierOnly.id, category: "TRAINING", decision: "ALLOW", basis: "OWNERSHIP" }));
      expect(audit.every((row) => row.decision === "ALLOW")).toBe(true);
    });

    it("denies even the keeping body SEALED when the receipt says sealed, and audits the denial", async () => {
      const response = await read(atelierOperator, [atelierOnly.id], (id) => ({ ...plain(id), sealed: true }));
      expect(response.data._entities[0]).toEqual({ id: atelierOnly.id, enrolments: null });
      expect(errorAt(response, "_entities.0.enrolments")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
      expect(await auditOf(response.actor.requestId)).toEqual([expect.objectContaining({ decision: "DENY", reason: "ORGANISATION" })]);
    });

    it("counts a pathway reached without a receipt as sealed", async () => {
      const response = await read(atelierOperator, [atelierOnly.id], null);
      expect(response.data._entities[0].enrolments).toBeNull();
      expect(errorAt(response, "_entities.0.enrolments")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
      // A plain `{ id }` representation (no receipt key at all) likewise.
      const bare = await api.as(atelierOperator).query(ENTITIES, { r: [{ __typename: "Pathway", id: atelierOnly.id }] });
      expect(errorAt(bare, "_entities.0.enrolments")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
    });

    describe("releases nothing on a receipt that is not this request's", () => {
      const refusedWith = async (actor: Actor, consentReceipt: string) => {
        const response = await api.as(actor).query(ENTITIES, { r: [{ __typename: "Pathway", id: atelierOnly.id, consentReceipt }] });
        expect(response.data._entities[0].enrolments).toBeNull();
        expect(errorAt(response, "_entities.0.enrolments")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
        expect(JSON.stringify(response.data)).not.toContain(atelierOnly.enrolments[0]!.id);
      };

      it("minted for another request (another actor of the same organisation)", async () => {
        const other = actorOf(atelierOperator);
        await refusedWith(actorOf(atelierOperator), await testReceipt(other, atelierOnly.id, plain(atelierOnly.id)));
      });

      it("minted for another organisation, or for another pathway", async () => {
        const actor = actorOf(atelierOperator);
        await refusedWith(actor, await testReceipt({ ...actor, organisationId: PONTE }, atelierOnly.id, plain(atelierOnly.id)));
        await refusedWith(actor, await testReceipt(actor, ponteOnly.id, plain(ponteOnly.id)));
      });

      it("minted for another purpose", async () => {
        const actor = actorOf(atelierOperator);
        await refusedWith(actor, await testReceipt({ ...actor, purpose: "JOB_PLACEMENT" }, atelierOnly.id, plain(atelierOnly.id)));
      });

      it("signed with another key, or not a receipt at all", async () => {
        const actor = actorOf(atelierOperator);
        const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
        const forged = await new SignJWT({
          rid: actor.requestId,
          org: actor.organisationId,
          purpose: actor.purpose,
          holder: atelierOnly.holderId,
          sealed: false,
          referral: false,
          permitted: { TRAINING: "consent-forged" },
          withdrawn: [],
          other_purposes: [],
        })
          .setProtectedHeader({ alg: "EdDSA", typ: "consent-receipt+jwt" })
          .setIssuer(CONSENT_RECEIPT_ISSUER)
          .setSubject(atelierOnly.id)
          .setAudience(actor.organisationId)
          .setIssuedAt()
          .setExpirationTime("60s")
          .sign(privateKey);
        await refusedWith(actor, forged);
        await refusedWith(actor, "not-a-receipt");
      });
    });

    describe("the case-holder (CENTRE_OPERATOR, EMPOWERMENT_PLAN)", () => {
      let shared: { id: string; ponteEnrolmentId: string };
      beforeAll(async () => {
        // A pathway enrolled at two training bodies: Atelier (demo) and Ponte (enrolled here).
        const ponteCourse = network.courses.find((c) => c.trainingBodyId === PONTE && c.endsOn >= new Date().toISOString().slice(0, 10));
        const courseId =
          ponteCourse?.id ??
          (
            await api.as(ponteOperator).query(
              `mutation { createCourse(input: { title: "Extra", schedule: "MON", district: "Rho", seats: 5, startsOn: "2026-01-01", endsOn: "2099-01-01" }) { id } }`,
            )
          ).data.createCourse.id;
        const pathway = toShare;
        // On her referral to Ponte for training, as the gateway would send it.
        const enrolled = await api.as(ponteOperator).write(`mutation($i: EnrolInCourseInput!) { enrolInCourse(input: $i) { id } }`, {
          i: { pathwayId: pathway.id, courseId },
        });
        expect(enrolled.errors).toBeUndefined();
        expect(enrolled.data.enrolInCourse.id).toBe(pathway.id);
        const [row] = await api.db.query<{ id: string }>("select id from enrolments where pathway_id = $1 and training_body_id = $2", [pathway.id, PONTE]);
        shared = { id: pathway.id, ponteEnrolmentId: row!.id };
      });
      const allOf = () => [...pathwayOf(shared.id).enrolments.map((e) => e.id), shared.ponteEnrolmentId].sort();

      it("reads every body's enrolments when her consent permits TRAINING to her centre, audited as CONSENT with the consent id", async () => {
        const consentId = randomUUID();
        const response = await read(holderOperator(shared.id), [shared.id], (id) => ({ ...plain(id), permitted: { TRAINING: consentId } }));
        expect(response.errors).toBeUndefined();
        expect(idsOf(response)).toEqual(allOf());
        expect(response.data._entities[0].enrolments.every((e: any) => e.status !== null && e.course.id)).toBe(true);
        const audit = await auditOf(response.actor.requestId);
        expect(audit.length).toBeGreaterThan(0);
        expect(audit.every((row) => row.decision === "ALLOW" && row.basis === "CONSENT" && row.consent_id === consentId)).toBe(true);
      });

      it("reads them even when she sealed her pathway (the seal spares the holder)", async () => {
        const response = await read(holderOperator(shared.id), [shared.id], (id) => ({ ...plain(id), sealed: true, permitted: { TRAINING: "c-1" } }));
        expect(response.errors).toBeUndefined();
        expect(idsOf(response)).toEqual(allOf());
      });

      it("is refused NO_CONSENT without her consent, WITHDRAWN after she withdrew it, PURPOSE for another purpose", async () => {
        const none = await read(holderOperator(shared.id), [shared.id]);
        expect(none.data._entities[0].enrolments).toBeNull();
        expect(errorAt(none, "_entities.0.enrolments")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "NO_CONSENT" });
        expect(await auditOf(none.actor.requestId)).toEqual([expect.objectContaining({ decision: "DENY", reason: "NO_CONSENT" })]);
        const withdrawn = await read(holderOperator(shared.id), [shared.id], (id) => ({ ...plain(id), withdrawn: ["TRAINING"] }));
        expect(withdrawn.data._entities[0].enrolments).toBeNull();
        expect(errorAt(withdrawn, "_entities.0.enrolments")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "WITHDRAWN" });
        const otherPurpose = await read(holderOperator(shared.id), [shared.id], (id) => ({ ...plain(id), otherPurposes: ["TRAINING"] }));
        expect(errorAt(otherPurpose, "_entities.0.enrolments")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "PURPOSE" });
      });

      it("another training body reads the other body's enrolments with her consent, and only its own without", async () => {
        const without = await read(ponteOperator, [shared.id], (id) => ({ ...plain(id), referralPurposes: ["TRAINING"] }));
        expect(without.errors).toBeUndefined();
        expect(idsOf(without)).toEqual([shared.ponteEnrolmentId]);
        // The withheld records' refusal is audited too: its referral shows Ponte her pathway, her consent not Atelier's records.
        expect(await auditOf(without.actor.requestId)).toContainEqual(expect.objectContaining({ decision: "DENY", reason: "NO_CONSENT" }));
        const consentId = randomUUID();
        const withConsent = await read(ponteOperator, [shared.id], (id) => ({ ...plain(id), permitted: { TRAINING: consentId } }));
        expect(withConsent.errors).toBeUndefined();
        expect(idsOf(withConsent)).toEqual(allOf());
        const audit = await auditOf(withConsent.actor.requestId);
        expect(audit).toContainEqual(expect.objectContaining({ decision: "ALLOW", basis: "CONSENT", consent_id: consentId }));
        expect(audit).toContainEqual(expect.objectContaining({ decision: "ALLOW", basis: "OWNERSHIP" }));
        // Atelier still sees its own only.
        expect(idsOf(await read(atelierOperator, [shared.id], (id) => ({ ...plain(id), referralPurposes: ["TRAINING"] })))).toEqual(pathwayOf(shared.id).enrolments.map((e) => e.id).sort());
      });

      it("a body that keeps none is not shown a pathway it has no standing on (ORGANISATION), and reads everything with her consent", async () => {
        const none = await read(ponteOperator, [atelierOnlyToo.id]);
        expect(none.data._entities[0].enrolments).toBeNull();
        expect(errorAt(none, "_entities.0.enrolments")?.extensions).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
        // A withdrawn consent, or one for another purpose, is no standing either, and is not told apart.
        const standings: Partial<ReceiptOptions>[] = [{ withdrawn: ["TRAINING"] }, { otherPurposes: ["TRAINING"] }];
        for (const standing of standings) {
          const refused = await read(ponteOperator, [atelierOnlyToo.id], (id) => ({ ...plain(id), ...standing }));
          expect(refused.errors).toEqual(none.errors);
        }
        const other = atelierOnlyToo;
        const granted = await read(ponteOperator, [other.id], (id) => ({ ...plain(id), permitted: { TRAINING: "c-2" } }));
        expect(granted.errors).toBeUndefined();
        expect(idsOf(granted)).toEqual(other.enrolments.map((e) => e.id).sort());
      });

      it("another centre's operator is not the holder: ORGANISATION without standing, and on a sealed pathway whatever her consent", async () => {
        const other: Caller = { ...holderOperator(shared.id), organisationId: OTHER_CENTRE === pathwayOf(shared.id).holderId ? AURORA : OTHER_CENTRE };
        const response = await read(other, [shared.id]);
        expect(response.data._entities[0].enrolments).toBeNull();
        expect(errorAt(response, "_entities.0.enrolments")?.extensions).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
        const sealed = await read(other, [shared.id], (id) => ({ ...plain(id), sealed: true, permitted: { TRAINING: "c-3" }, referralPurposes: ["TRAINING"] }));
        expect(sealed.data._entities[0].enrolments).toBeNull();
        expect(sealed.errors).toEqual(response.errors);
        expect(await auditOf(sealed.actor.requestId)).toEqual([expect.objectContaining({ decision: "DENY", reason: "ORGANISATION" })]);
      });

      it("on a pathway a referral makes visible, a non-holder reads only what her consent permits: NO_CONSENT, WITHDRAWN, PURPOSE", async () => {
        const cases: [Partial<ReceiptOptions>, string][] = [
          [{}, "NO_CONSENT"],
          [{ withdrawn: ["TRAINING"] }, "WITHDRAWN"],
          [{ otherPurposes: ["TRAINING"] }, "PURPOSE"],
        ];
        for (const [standing, reason] of cases) {
          const response = await read(ponteOperator, [atelierOnlyToo.id], (id) => ({ ...plain(id), ...referred("TRAINING"), ...standing }));
          expect(response.data._entities[0].enrolments, reason).toBeNull();
          expect(errorAt(response, "_entities.0.enrolments")?.extensions).toEqual({ code: "FORBIDDEN", reason });
          expect(await auditOf(response.actor.requestId)).toEqual([expect.objectContaining({ decision: "DENY", reason, category: "TRAINING" })]);
        }
        // A referral no longer accepted (DONE, withdrawn, no longer covered) makes nothing visible.
        const done = await read(ponteOperator, [atelierOnlyToo.id], (id) => ({ ...plain(id), referralAccepted: false, referralPurposes: ["TRAINING"] }));
        expect(errorAt(done, "_entities.0.enrolments")?.extensions).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
      });
    });

    it("releases every body's enrolments to a declared break-glass read (without a casework role) on a pathway it may see, audited as such; never widens the pathways", async () => {
      const caller: Caller = { organisationId: "cabina-di-regia", organisationType: "CONTROL_ROOM", roles: ["BREAK_GLASS"], purpose: "SAFETY_COORDINATION" };
      const breakGlass = { basis: "VITAL_INTEREST", reason: "Risk assessment meeting" } as const;
      // Her consent lets the control room see her pathway (another category): break-glass widens the categories.
      const visible = (id: string): ReceiptOptions => ({ ...plain(id), permitted: { CASE_STATUS: "c-status" } });
      const actor: Actor = { ...actorOf(caller), breakGlass };
      const response = await read(actor, [atelierOnly.id], visible);
      expect(response.errors).toBeUndefined();
      expect(idsOf(response)).toEqual(atelierOnly.enrolments.map((e) => e.id).sort());
      const [row] = await api.db.query<{ basis: string; break_glass_basis: string }>(
        "select basis, break_glass_basis from audit_log where request_id = $1 and decision = 'ALLOW' limit 1",
        [actor.requestId],
      );
      expect(row).toEqual({ basis: "BREAK_GLASS", break_glass_basis: "VITAL_INTEREST" });
      // Not the pathways: one it has no standing on, or a sealed one, stays refused as ORGANISATION.
      const invisible = await read({ ...actorOf(caller), breakGlass }, [atelierOnly.id]);
      expect(invisible.data._entities[0].enrolments).toBeNull();
      expect(errorAt(invisible, "_entities.0.enrolments")?.extensions).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
      const sealed = await read({ ...actorOf(caller), breakGlass }, [atelierOnly.id], (id) => ({ ...visible(id), sealed: true }));
      expect(sealed.data._entities[0].enrolments).toBeNull();
      expect(sealed.errors).toEqual(invisible.errors);
      // The role without a declared reason is no break-glass read.
      const undeclared = await read(caller, [atelierOnly.id], visible);
      expect(errorAt(undeclared, "_entities.0.enrolments")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ROLE" });
    });

    it("gives the control room null + FORBIDDEN by role, and a caller without purpose by purpose", async () => {
      for (const caller of [analyst, admin]) {
        const response = await read(caller, [atelierOnly.id]);
        expect(response.data._entities[0].enrolments).toBeNull();
        expect(errorAt(response, "_entities.0.enrolments")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ROLE" });
      }
      const response = await read({ ...atelierOperator, purpose: null }, [atelierOnly.id]);
      expect(response.data._entities[0].enrolments).toBeNull();
      expect(errorAt(response, "_entities.0.enrolments")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "PURPOSE" });
    });

    it("answers a pathway without enrolments exactly as one enrolled at another body: by her consent, never by what exists", async () => {
      // Visible (a referral) but no consent to TRAINING: refused alike, enrolled elsewhere or not.
      const referred = (id: string): ReceiptOptions => ({ ...plain(id), referralPurposes: ["TRAINING"] });
      const refused = await read(ponteOperator, [notEnrolled.id, atelierOnly.id], referred);
      expect(refused.data._entities.map((p: any) => p.enrolments)).toEqual([null, null]);
      const [none, elsewhere] = [0, 1].map((index) => {
        const { message, extensions } = errorAt(refused, `_entities.${index}.enrolments`) ?? {};
        return { message, extensions };
      });
      expect(none).toEqual(elsewhere);
      expect(elsewhere?.extensions).toEqual({ code: "FORBIDDEN", reason: "NO_CONSENT" });
      // With her consent to TRAINING, nothing there is nothing: an empty list.
      const consented = await read(ponteOperator, [notEnrolled.id], (id) => ({ ...referred(id), permitted: { TRAINING: "consent-t" } }));
      expect(consented.errors).toBeUndefined();
      expect(consented.data._entities.map((p: any) => p.enrolments)).toEqual([[]]);
    });

    it("does not tell, without a receipt, whether a pathway is enrolled anywhere (refused alike, as a pathway it cannot see: ORGANISATION)", async () => {
      const response = await read(ponteOperator, [notEnrolled.id, atelierOnly.id], null);
      expect(response.data._entities.map((p: any) => p.enrolments)).toEqual([null, null]);
      const [notEnrolledAnywhere, enrolledElsewhere] = [0, 1].map((index) => {
        const { message, extensions } = errorAt(response, `_entities.${index}.enrolments`) ?? {};
        return { message, extensions };
      });
      expect(notEnrolledAnywhere).toEqual(enrolledElsewhere);
      expect(enrolledElsewhere?.extensions).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
    });

    it("judges each pathway of one request on its own receipt", async () => {
      const pathway = atelierOnlyToo;
      const response = await read(atelierOperator, [atelierOnly.id, pathway.id], (id) => ({ ...plain(id), referralPurposes: ["TRAINING"], sealed: id === pathway.id }));
      expect(response.data._entities[0].enrolments.map((e: any) => e.id).sort()).toEqual(atelierOnly.enrolments.map((e) => e.id).sort());
      expect(response.data._entities[1].enrolments).toBeNull();
      expect(errorAt(response, "_entities.1.enrolments")?.extensions).toMatchObject({ reason: "ORGANISATION" });
    });
  });

  describe("access report part (AccessReport.training)", () => {
    const REPORT = `query($r: [_Any!]!) { _entities(representations: $r) { ... on AccessReport { pathwayId training { subgraph organisationId actorId roles purpose categories decision reasons bases } } } }`;
    const report = async (caller: Caller, pathwayId: string, view: "STAFF" | "SUBJECT", options: ReceiptOptions | null) => {
      const actor = actorOf(caller);
      const consentReceipt = options ? await testReceipt(actor, pathwayId, options) : null;
      return api.as(actor).query(REPORT, { r: [{ __typename: "AccessReport", pathwayId, view, consentReceipt }] });
    };
    beforeAll(async () => {
      // Something to report: Atelier read her enrolments, Ponte was refused them.
      expect((await read(atelierOperator, [atelierOnly.id])).errors).toBeUndefined();
      await read(ponteOperator, [atelierOnly.id]);
    });

    it("gives the holder's CENTRE_OPERATOR this subgraph's events, staff identities included in the STAFF view", async () => {
      const response = await report(holderOperator(atelierOnly.id), atelierOnly.id, "STAFF", plain(atelierOnly.id));
      expect(response.errors).toBeUndefined();
      const events: any[] = response.data._entities[0].training;
      expect(events).toContainEqual(
        expect.objectContaining({ subgraph: "training", organisationId: ATELIER, actorId: `user-of-${ATELIER}`, roles: ["TRAINING_OPERATOR"], decision: "ALLOW", bases: ["OWNERSHIP"], categories: ["TRAINING"] }),
      );
      // Ponte has no standing on her pathway: refused as ORGANISATION, and reported.
      expect(events).toContainEqual(expect.objectContaining({ organisationId: PONTE, decision: "DENY", reasons: ["ORGANISATION"] }));
    });

    it("withholds staff identities in the SUBJECT view", async () => {
      const response = await report(holderOperator(atelierOnly.id), atelierOnly.id, "SUBJECT", plain(atelierOnly.id));
      expect(response.errors).toBeUndefined();
      const events: any[] = response.data._entities[0].training;
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((e) => e.actorId === null && e.roles === null && e.organisationId)).toBe(true);
    });

    it("is refused to another organisation's operator, to a training operator, and without a valid receipt", async () => {
      const holder = pathwayOf(atelierOnly.id).holderId;
      const otherCentre: Caller = { ...holderOperator(atelierOnly.id), organisationId: holder === OTHER_CENTRE ? AURORA : OTHER_CENTRE };
      const foreign = await report(otherCentre, atelierOnly.id, "STAFF", plain(atelierOnly.id));
      expect(foreign.data._entities[0].training).toBeNull();
      expect(errorAt(foreign, "_entities.0.training")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
      const trainer = await report(atelierOperator, atelierOnly.id, "STAFF", plain(atelierOnly.id));
      expect(errorAt(trainer, "_entities.0.training")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ROLE" });
      const noReceipt = await report(holderOperator(atelierOnly.id), atelierOnly.id, "STAFF", null);
      expect(noReceipt.data._entities[0].training).toBeNull();
      expect(errorAt(noReceipt, "_entities.0.training")?.extensions?.code).toBe("FORBIDDEN");
      // A receipt minted for another request does not count either.
      const actor = actorOf(holderOperator(atelierOnly.id));
      const replayed = await testReceipt(actorOf(holderOperator(atelierOnly.id)), atelierOnly.id, plain(atelierOnly.id));
      const response = await api.as(actor).query(REPORT, { r: [{ __typename: "AccessReport", pathwayId: atelierOnly.id, view: "STAFF", consentReceipt: replayed }] });
      expect(errorAt(response, "_entities.0.training")?.extensions?.code).toBe("FORBIDDEN");
    });

    it("is given to a DPO", async () => {
      const dpo: Caller = { organisationId: "cabina-di-regia", organisationType: "CONTROL_ROOM", roles: ["DPO"], purpose: "MONITORING" };
      const response = await report(dpo, atelierOnly.id, "STAFF", plain(atelierOnly.id));
      expect(response.errors).toBeUndefined();
      expect(response.data._entities[0].training.length).toBeGreaterThan(0);
    });
  });

  describe("batching", () => {
    const FULL = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Pathway { id enrolments { id status enrolledOn certificate
      course { id title trainingBody { id } seatsTaken } pathway { id } } } } }`;
    const trips = async (caller: Caller, ids: string[], given?: (id: string) => ReceiptOptions | null) => {
      const actor = actorOf(caller);
      const options = given ?? standingOf(actor);
      const r = await representations(actor, ids, options);
      const before = api.db.roundTrips;
      const response = await api.as(actor).query(FULL, { r });
      // Pathways kept only by other bodies, with no standing for the caller, are refused (ORGANISATION); nothing else may fail.
      expect((response.errors ?? []).every((e) => e.extensions?.reason === "ORGANISATION")).toBe(true);
      expect(response.data._entities).toHaveLength(ids.length);
      return api.db.roundTrips - before;
    };
    const atelierPathways = network.pathways.filter((p) => p.seal === null && bodiesOf(p.id).has(ATELIER)).map((p) => p.id);

    it("reads Pathway.enrolments with course { trainingBody seatsTaken } for many pathways in a constant number of round trips", async () => {
      const one = await trips(atelierOperator, atelierPathways.slice(0, 1));
      const many = await trips(atelierOperator, network.pathways.filter((p) => p.seal === null).map((p) => p.id));
      expect(many).toBe(one);
      // the pathways' enrolments + courses + seats taken
      expect(many).toBe(3 + AUDIT_WRITE_ROUND_TRIPS);
    });

    it("stays constant when the case-holder reads every body's enrolments on her consent", async () => {
      const holder = pathwayOf(atelierPathways[0]!).holderId;
      const caller: Caller = { organisationId: holder, organisationType: "ANTI_VIOLENCE_CENTRE", roles: ["CENTRE_OPERATOR"], purpose: "EMPOWERMENT_PLAN" };
      const ofHolder = network.pathways.filter((p) => p.holderId === holder && p.seal === null && p.enrolments.length > 0).map((p) => p.id);
      const consent = (id: string): ReceiptOptions => ({ ...plain(id), permitted: { TRAINING: "c-batch" } });
      expect(ofHolder.length).toBeGreaterThan(2);
      expect(await trips(caller, ofHolder, consent)).toBe(await trips(caller, ofHolder.slice(0, 1), consent));
    });

    it("lists the caseload in one round trip, whatever the page size", async () => {
      const count = async (first: number) => {
        const before = api.db.roundTrips;
        const response = await api.as(atelierOperator).query(`query($first: Int) { trainingCaseload(first: $first) { totalCount nodes { id } } }`, { first });
        expect(response.errors).toBeUndefined();
        return api.db.roundTrips - before;
      };
      expect(await count(2)).toBe(1);
      expect(await count(100)).toBe(1);
    });
  });
});
