import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { daysFromToday, entitiesQuery, errorAt, postGraphQL, referred, type GraphQLResponse, type Standing, type SubgraphTester } from "@percorsi/kit/testing";
import type { Actor } from "@percorsi/kit/author";
import { actors, AURORA, bare, CENTRO, demoRegistrations, RHO, startEmployment, holderOf, tableCounts, underReceipt } from "./fixtures.js";

const ENTITIES = entitiesQuery(`jobSeeker { skills }`);
const ENTITIES_WITH_PLACEMENTS = entitiesQuery(`jobSeeker { id status } placements { id occupation }`);
const CASELOAD = `query($first: Int, $after: String, $status: JobSeekerStatus) {
  jobCentreCaseload(first: $first, after: $after, status: $status) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`;

const centroCase = demoRegistrations(CENTRO).find((r) => r.pathway.placements.length > 0)!;
const pathwayOnlyAtCentro = demoRegistrations(CENTRO).find(
  (r) => !demoRegistrations(RHO).some((other) => other.pathway.id === r.pathway.id),
)!.pathway.id;

describe("permissions over HTTP", () => {
  let h: SubgraphTester;
  beforeAll(async () => {
    h = await startEmployment();
  });
  afterAll(() => h.stop());

  it("refuses a request without the gateway's assertion", async () => {
    const response = await h.as(null).query(CASELOAD);
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  describe("assertions bound to their request, accepted once", () => {
    const LIST = `query($first: Int) { jobCentreCaseload(first: $first) { totalCount } }`;
    const unauthenticated = (response: GraphQLResponse) => {
      expect(response.status).toBe(401);
      expect(response.data ?? null).toBeNull();
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
    };

    it("refuses an assertion replayed: the same headers a second time", async () => {
      const headers = await h.as(actors.centro()).headers(LIST, { first: 1 });
      const first = await postGraphQL(h.url, LIST, { first: 1 }, headers);
      expect(first.status).toBe(200);
      expect(first.errors).toBeUndefined();
      unauthenticated(await postGraphQL(h.url, LIST, { first: 1 }, headers));
    });

    it("refuses an assertion sent with another query, other variables or other receipts", async () => {
      const headers = await h.as(actors.centro()).headers(LIST, { first: 1 });
      unauthenticated(await postGraphQL(h.url, `{ jobCentreCaseload(first: 100) { nodes { id } } }`, {}, headers));
      unauthenticated(await postGraphQL(h.url, LIST, { first: 100 }, await h.as(actors.centro()).headers(LIST, { first: 1 })));
      // Receipts cannot be added to, or swapped under, an assertion minted without them.
      const REGISTER = `mutation($input: RegisterJobSeekerInput!) { registerJobSeeker(input: $input) { id } }`;
      const input = { pathwayId: "7b1e2c4a-0000-4000-8000-0000000000b1", skills: [], wishedOccupations: [], availability: "FULL_TIME" };
      const centro = actors.centro();
      const bare = await h.as(centro).headers(REGISTER, { input });
      const withReceipts = await h.as(centro).headers(REGISTER, { input }, { receipts: { [input.pathwayId]: referred("JOB_PLACEMENT") } });
      const before = await tableCounts(h.db);
      unauthenticated(await postGraphQL(h.url, REGISTER, { input }, { ...bare, ...Object.fromEntries(Object.entries(withReceipts).filter(([k]) => k !== "x-percorsi-actor")) }));
      expect(await tableCounts(h.db)).toEqual(before);
    });
  });

  it("records the categories the gateway removed for the caller's role, on every pathway it resolves here", async () => {
    const denied: Actor = { ...actors.centro(), roleDenied: ["HEALTH", "SAFETY"] };
    const listed = await h.as(denied).query(`{ jobCentreCaseload(first: 3) { nodes { id } } }`);
    expect(listed.errors).toBeUndefined();
    const ids: string[] = listed.data.jobCentreCaseload.nodes.map((n: { id: string }) => n.id);
    expect(ids).toHaveLength(3);
    const audit = await h.audit(denied.requestId);
    expect(audit).toHaveLength(6);
    expect(new Set(audit.map((row) => `${row.action} ${row.pathway_id} ${row.category} ${row.decision} ${row.reason}`))).toEqual(
      new Set(ids.flatMap((id) => [`READ ${id} HEALTH DENY ROLE`, `READ ${id} SAFETY DENY ROLE`])),
    );
  });

  it("lists a job centre its own caseload's pathways, and only them, newest registration first, page by page", async () => {
    const own = demoRegistrations(CENTRO);
    const newestFirst = [...own].sort(
      (a, b) => b.jobSeeker.registeredOn.localeCompare(a.jobSeeker.registeredOn) || b.jobSeeker.id.localeCompare(a.jobSeeker.id),
    );
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const response: GraphQLResponse = await h.as(actors.centro()).query(CASELOAD, { first: 3, after });
      expect(response.errors).toBeUndefined();
      const connection: { totalCount: number; nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } =
        response.data.jobCentreCaseload;
      expect(connection.totalCount).toBe(own.length);
      expect(connection.nodes.length).toBeLessThanOrEqual(3);
      seen.push(...connection.nodes.map((n: { id: string }) => n.id));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(newestFirst.map((r) => r.pathway.id));

    const rho = await h.as(actors.rho()).query(CASELOAD, { first: 100 });
    const rhoIds = rho.data.jobCentreCaseload.nodes.map((n: { id: string }) => n.id);
    expect(rhoIds).toHaveLength(demoRegistrations(RHO).length);
    expect(rhoIds).not.toContain(pathwayOnlyAtCentro);

    const placed = await h.as(actors.centro()).query(CASELOAD, { first: 100, status: "PLACED" });
    expect(placed.data.jobCentreCaseload.totalCount).toBe(own.filter((r) => r.jobSeeker.status === "PLACED").length);
  });

  it("lists references only: what it holds about her needs her receipt", async () => {
    const response = await h.as(actors.centro()).query(`{ jobCentreCaseload(first: 1) { nodes { id jobSeeker { status } } } }`);
    expect(response.data.jobCentreCaseload.nodes[0].jobSeeker).toBeNull();
    expect(errorAt(response, "jobCentreCaseload.nodes.0.jobSeeker")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
  });

  it("does not show another job centre a pathway her receipt gives it no standing on (ORGANISATION), whatever else the receipt says", async () => {
    // No referral and nothing permitted; a withdrawn consent, one for another purpose, or a
    // seal do not make a pathway visible either, and are not told apart.
    const standings: Exclude<Standing, string>[] = [
      { referralPurposes: [] },
      // A live referral to it, but for another purpose than the one it declares.
      { referralPurposes: ["TRAINING"] },
      { withdrawn: ["JOB_SEARCH", "PLACEMENT"] },
      { otherPurposes: ["JOB_SEARCH", "PLACEMENT"] },
      { sealed: true, permitted: { JOB_SEARCH: "c" } },
    ];
    const answers = [];
    for (const standing of standings) {
      const rho = actors.rho();
      const entity = await h.as(rho).query(ENTITIES_WITH_PLACEMENTS, { r: [await underReceipt(rho, pathwayOnlyAtCentro, standing)] });
      expect(entity.data._entities[0]).toEqual({ id: pathwayOnlyAtCentro, jobSeeker: null, placements: null });
      expect(errorAt(entity, "_entities.0.jobSeeker")?.extensions).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
      expect(errorAt(entity, "_entities.0.placements")?.extensions).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
      expect(new Set((await h.audit(rho.requestId)).map((row) => `${row.decision} ${row.reason}`))).toEqual(new Set(["DENY ORGANISATION"]));
      answers.push(entity.errors);
    }
    for (const answer of answers) expect(answer).toEqual(answers[0]);
  });

  it("on a pathway a referral makes visible, releases only what her consent permits: NO_CONSENT, WITHDRAWN, PURPOSE", async () => {
    const cases: [Exclude<Standing, string>, string][] = [
      [referred("JOB_PLACEMENT"), "NO_CONSENT"],
      [{ ...referred("JOB_PLACEMENT"), withdrawn: ["JOB_SEARCH"] }, "WITHDRAWN"],
      [{ ...referred("JOB_PLACEMENT"), otherPurposes: ["JOB_SEARCH"] }, "PURPOSE"],
    ];
    for (const [standing, reason] of cases) {
      const rho = actors.rho();
      const entity = await h.as(rho).query(ENTITIES_WITH_PLACEMENTS, { r: [await underReceipt(rho, pathwayOnlyAtCentro, standing)] });
      expect(entity.data._entities[0]).toEqual({ id: pathwayOnlyAtCentro, jobSeeker: null, placements: null });
      expect(errorAt(entity, "_entities.0.jobSeeker")?.extensions, reason).toEqual({ code: "FORBIDDEN", reason });
      expect(errorAt(entity, "_entities.0.placements")?.extensions).toEqual({ code: "FORBIDDEN", reason: "NO_CONSENT" });
    }
    // A referral that is no longer accepted (DONE, withdrawn, not covered) makes nothing visible.
    const rho = actors.rho();
    const done = await h.as(rho).query(ENTITIES_WITH_PLACEMENTS, {
      r: [await underReceipt(rho, pathwayOnlyAtCentro, { referralAccepted: false, referralPurposes: ["JOB_PLACEMENT"] })],
    });
    expect(errorAt(done, "_entities.0.jobSeeker")?.extensions).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
  });

  it("releases another job centre's record when her consent permits it to that job centre", async () => {
    const rho = actors.rho();
    const receipt = await underReceipt(rho, pathwayOnlyAtCentro, { permitted: { JOB_SEARCH: "consent-rho-1" } });
    const entity = await h.as(rho).query(ENTITIES_WITH_PLACEMENTS, { r: [receipt] });
    expect(entity.data._entities[0].jobSeeker).toMatchObject({ status: expect.any(String) });
    // Placements are another category: not permitted.
    expect(errorAt(entity, "_entities.0.placements")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "NO_CONSENT" });
  });

  it("refuses another job centre's writes on a record, leaving it as it was, even when she is referred to it", async () => {
    const before = await tableCounts(h.db);
    const UPDATE = `mutation($input: UpdateJobSeekerInput!) { updateJobSeeker(input: $input) { id } }`;
    const CHECK = `mutation($input: RecordRetentionCheckInput!) { recordRetentionCheck(input: $input) { id } }`;
    const update = { pathwayId: centroCase.pathway.id, id: centroCase.jobSeeker.id, status: "SUSPENDED" };
    const check = {
      pathwayId: centroCase.pathway.id,
      placementId: centroCase.pathway.placements[0]!.id,
      monthsAfterStart: 12,
      checkedOn: daysFromToday(-1),
      stillEmployed: true,
    };
    // Without a referral, the write decision refuses; with one, the record is still Centro's.
    for (const standing of [null, referred("JOB_PLACEMENT")]) {
      const updated = await h.as(actors.rho()).write(UPDATE, { input: update }, standing);
      expect(updated.data?.updateJobSeeker ?? null).toBeNull();
      expect(errorAt(updated, "updateJobSeeker")?.extensions).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
      const checked = await h.as(actors.rho()).write(CHECK, { input: check }, standing);
      expect(checked.data?.recordRetentionCheck ?? null).toBeNull();
      expect(errorAt(checked, "recordRetentionCheck")?.extensions).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
      expect(checked.errors?.[0]?.message).toBe(updated.errors?.[0]?.message);
    }
    const [row] = await h.db.query<{ status: string }>("select status from job_seekers where id = $1", [centroCase.jobSeeker.id]);
    expect(row?.status).toBe(centroCase.jobSeeker.status);
    expect(await tableCounts(h.db)).toEqual(before);
  });

  it("releases a pathway's registration and placements to the job centre that holds them, on ownership", async () => {
    const centro = actors.centro();
    const response = await h.as(centro).query(ENTITIES_WITH_PLACEMENTS, { r: [await underReceipt(centro, centroCase.pathway.id)] });
    expect(response.errors).toBeUndefined();
    expect(response.data._entities[0]).toMatchObject({
      jobSeeker: { id: centroCase.jobSeeker.id, status: centroCase.jobSeeker.status },
      placements: centroCase.pathway.placements.map((p) => ({ id: p.id, occupation: p.occupation })),
    });
    const bases = await h.db.query<{ basis: string }>(
      "select distinct basis from audit_log where request_id = $1 and decision = 'ALLOW'",
      [centro.requestId],
    );
    expect(bases.map((b) => b.basis)).toEqual(["OWNERSHIP"]);
  });

  describe("a pathway with no registration answers as one registered at another job centre (existence is not disclosed)", () => {
    // Made up: no job centre registered it. `pathwayOnlyAtCentro` is registered at Centro only.
    const unregistered = "7b1e2c4a-0000-4000-8000-000000000000";
    /** What the answer at one pathway tells: its data and its errors, whatever they are. */
    const told = (response: GraphQLResponse, index: number) => ({
      data: response.data?._entities?.[index] ? { ...response.data._entities[index], id: "·" } : response.data?._entities?.[index],
      errors: (response.errors ?? [])
        .filter((e) => e.path?.[1] === index)
        .map((e) => ({ message: e.message, path: e.path?.slice(2), extensions: e.extensions })),
    });
    /** Both pathways in one request, under receipts that say the same of each. */
    const both = async (actor: Actor, standing: Partial<Parameters<typeof underReceipt>[2]> | null) => {
      const representation = (id: string) => (standing === null ? bare(id) : underReceipt(actor, id, { holder: AURORA, ...standing }));
      const response = await h.as(actor).query(ENTITIES_WITH_PLACEMENTS, { r: [await representation(unregistered), await representation(pathwayOnlyAtCentro)] });
      return { none: told(response, 0), elsewhere: told(response, 1), response };
    };

    it("to another job centre, straight at the subgraph, on every standing: refused alike, or released alike", async () => {
      const standings: [string, Partial<Parameters<typeof underReceipt>[2]> | null, string | null][] = [
        // No receipt (a caller going around the gateway, or a pathway the authority does not know).
        ["no receipt", null, "ORGANISATION"],
        ["sealed", { sealed: true, referralPurposes: ["JOB_PLACEMENT"] }, "ORGANISATION"],
        ["not visible to it", {}, "ORGANISATION"],
        // Visible (a referral for its purpose), but her consent does not cover her job search there.
        ["referred, no consent", { referralPurposes: ["JOB_PLACEMENT"] }, "NO_CONSENT"],
        ["referred, consent withdrawn", { referralPurposes: ["JOB_PLACEMENT"], withdrawn: ["JOB_SEARCH", "PLACEMENT"] }, "WITHDRAWN"],
        ["referred, consent for another purpose", { referralPurposes: ["JOB_PLACEMENT"], otherPurposes: ["JOB_SEARCH", "PLACEMENT"] }, "PURPOSE"],
      ];
      for (const [what, standing, reason] of standings) {
        const rho = actors.rho();
        const { none, elsewhere, response } = await both(rho, standing);
        expect(none, what).toEqual(elsewhere);
        expect(none.data, what).toEqual({ id: "·", jobSeeker: null, placements: null });
        expect(none.errors.map((e) => e.extensions), what).toEqual([
          { code: "FORBIDDEN", reason },
          { code: "FORBIDDEN", reason },
        ]);
        // Her access report says the same of both: one refusal per category.
        expect(response.status).toBe(200);
        const entries = await h.audit(rho.requestId);
        const of = (id: string) => entries.filter((e) => e.pathway_id === id).map(({ pathway_id: _, ...rest }) => rest);
        expect(of(unregistered), what).toEqual(of(pathwayOnlyAtCentro));
      }
      // Her consent releases another job centre's records to it: then there is nothing to hide,
      // and nothing registered is nothing (null), as her registration elsewhere is released.
      const consented = await both(actors.rho(), { referralPurposes: ["JOB_PLACEMENT"], permitted: { JOB_SEARCH: "c-js", PLACEMENT: "c-pl" } });
      expect(consented.response.errors).toBeUndefined();
      expect(consented.none.data).toEqual({ id: "·", jobSeeker: null, placements: [] });
      expect(consented.elsewhere.data.jobSeeker).not.toBeNull();
    });

    it("to the case-holder: null where her consent lets it read her job-centre records, NO_CONSENT alike where it does not", async () => {
      const holder = actors.holder();
      const refused = await both(holder, {});
      expect(refused.none).toEqual(refused.elsewhere);
      expect(refused.none.errors.map((e) => e.extensions?.reason)).toEqual(["NO_CONSENT", "NO_CONSENT"]);
      const consented = await both(holder, { permitted: { JOB_SEARCH: "c-js", PLACEMENT: "c-pl" } });
      expect(consented.response.errors).toBeUndefined();
      expect(consented.none.data).toEqual({ id: "·", jobSeeker: null, placements: [] });
    });

    it("to the job centre that keeps her registration: its own, on ownership; to one that keeps none, as anyone else", async () => {
      const centro = actors.centro();
      const own = await h.as(centro).query(ENTITIES_WITH_PLACEMENTS, { r: [await underReceipt(centro, pathwayOnlyAtCentro)] });
      expect(own.errors).toBeUndefined();
      expect(own.data._entities[0].jobSeeker).not.toBeNull();
      // Referred to it, no consent to her job search: the job centre that has not registered her
      // yet is refused as for a registration elsewhere (it knows it has none; it learns nothing).
      const notYet = await h.as(centro).query(ENTITIES_WITH_PLACEMENTS, { r: [await underReceipt(centro, unregistered)] });
      expect(notYet.data._entities[0]).toEqual({ id: unregistered, jobSeeker: null, placements: null });
      expect(errorAt(notYet, "_entities.0.jobSeeker")?.extensions).toEqual({ code: "FORBIDDEN", reason: "NO_CONSENT" });
    });
  });

  it("refuses the case-holder's operator a job centre's data without her consent (NO_CONSENT), and another centre's operator the pathway (ORGANISATION)", async () => {
    expect(holderOf(centroCase.pathway.id)).toBe(AURORA);
    const operator = actors.centreOperator();
    const response = await h.as(operator).query(ENTITIES, { r: [await underReceipt(operator, centroCase.pathway.id)] });
    expect(response.data._entities[0]).toEqual({ id: centroCase.pathway.id, jobSeeker: null });
    expect(errorAt(response, "_entities.0.jobSeeker")?.extensions).toEqual({ code: "FORBIDDEN", reason: "NO_CONSENT" });
    const other: Actor = { ...actors.centreOperator(), organisationId: "cav-ginestra" };
    const foreign = await h.as(other).query(ENTITIES, { r: [await underReceipt(other, centroCase.pathway.id)] });
    expect(foreign.data._entities[0]).toEqual({ id: centroCase.pathway.id, jobSeeker: null });
    expect(errorAt(foreign, "_entities.0.jobSeeker")?.extensions).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
  });

  it("refuses the control room any row, but not the employers' directory", async () => {
    const caseload = await h.as(actors.analyst()).query(CASELOAD);
    expect(caseload.data).toEqual({ jobCentreCaseload: null }); // the root only: it is nullable
    expect(errorAt(caseload, "jobCentreCaseload")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ROLE" });
    const analyst = actors.analyst();
    const entity = await h.as(analyst).query(ENTITIES, { r: [await underReceipt(analyst, centroCase.pathway.id, { permitted: { EDUCATION_SKILLS: "c1", JOB_SEARCH: "c1" } })] });
    expect(entity.data._entities[0].jobSeeker).toBeNull();
    expect(errorAt(entity, "_entities.0.jobSeeker")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ROLE" });
    const directory = await h.as(actors.analyst()).query(
      `{ employers { totalCount } vacancies(openOnly: true) { nodes { title employer { name } } }
         campaigns { nodes { title employersReachedCount } } }`,
    );
    expect(directory.errors).toBeUndefined();
    expect(directory.data.employers.totalCount).toBeGreaterThan(0);
  });

  it("releases no personal field without a declared purpose", async () => {
    // Not even the list of her pathways: which women a job centre follows is about them too.
    const refused = await h.as(actors.centro(null)).query(`{ jobCentreCaseload(first: 2) { nodes { id } } }`);
    expect(errorAt(refused, "jobCentreCaseload")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "PURPOSE" });
    // And under a pathway reached otherwise, no field.
    const listed = await h.as(actors.centro()).query(`{ jobCentreCaseload(first: 2) { nodes { id } } }`);
    expect(listed.data.jobCentreCaseload.nodes).toHaveLength(2);
    const centro = actors.centro(null);
    const representations = await Promise.all(listed.data.jobCentreCaseload.nodes.map((n: { id: string }) => underReceipt(centro, n.id)));
    const response = await h.as(centro).query(ENTITIES, { r: representations });
    expect(response.data._entities[0]).toMatchObject({ jobSeeker: null });
    expect(errorAt(response, "_entities.0.jobSeeker")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "PURPOSE" });
  });

  it("lets only a job centre's counsellors write, and about her only with a purpose", async () => {
    const register = `mutation($p: ID!) {
      registerJobSeeker(input: { pathwayId: $p, skills: [], wishedOccupations: [], availability: "FULL_TIME" }) { id } }`;
    const variables = { p: "7b1e2c4a-0000-4000-8000-000000000001" };
    // On a live referral (and, for the operator, as her case-holder): only the role or the purpose is missing.
    const receipts = { receipts: { [variables.p]: referred("JOB_PLACEMENT") } };
    const before = await tableCounts(h.db);
    const byOperator = await h.as(actors.centreOperator()).query(register, variables, receipts);
    expect(errorAt(byOperator, "registerJobSeeker")?.extensions).toEqual({ code: "FORBIDDEN", reason: "ROLE" });
    const withoutPurpose = await h.as(actors.centro(null)).query(register, variables, receipts);
    expect(errorAt(withoutPurpose, "registerJobSeeker")?.extensions).toEqual({ code: "FORBIDDEN", reason: "PURPOSE" });
    expect(await tableCounts(h.db)).toEqual(before);
    const employer = await h.as(actors.analyst()).query(`mutation { addEmployer(input: { name: "X", sector: "Retail", district: "Rho" }) { id } }`);
    expect(errorAt(employer, "addEmployer")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ROLE" });
  });

  it("refuses every write about her without a purpose, whatever the record, and changes nothing", async () => {
    // Her own records and pathway, on a live referral: only the purpose is missing.
    const p = centroCase.pathway.id;
    const id = centroCase.jobSeeker.id;
    const placementId = centroCase.pathway.placements[0]!.id;
    const day = daysFromToday(-1);
    const writes: [string, string][] = [
      ["registerJobSeeker", `mutation { registerJobSeeker(input: { pathwayId: "${p}", skills: [], wishedOccupations: [], availability: "FULL_TIME" }) { id } }`],
      ["updateJobSeeker", `mutation { updateJobSeeker(input: { pathwayId: "${p}", id: "${id}", skills: ["Cooking"] }) { id } }`],
      ["recordFirstAppointment", `mutation { recordFirstAppointment(input: { pathwayId: "${p}", jobSeekerId: "${id}", firstAppointmentOn: "${day}" }) { id } }`],
      [
        "recordPlacement",
        `mutation { recordPlacement(input: { pathwayId: "${p}", jobSeekerId: "${id}", employerId: "${id}", occupation: "Cook", contractType: PERMANENT,
          weeklyHours: 20, startOn: "${day}" }) { id } }`,
      ],
      [
        "recordRetentionCheck",
        `mutation { recordRetentionCheck(input: { pathwayId: "${p}", placementId: "${placementId}", monthsAfterStart: 12, checkedOn: "${day}", stillEmployed: true }) { id } }`,
      ],
    ];
    const before = await tableCounts(h.db);
    for (const [field, mutation] of writes) {
      const response = await h.as(actors.centro(null)).query(mutation, {}, { receipts: { [p]: referred("JOB_PLACEMENT") } });
      expect(response.data?.[field] ?? null).toBeNull();
      expect(errorAt(response, field)?.extensions).toEqual({ code: "FORBIDDEN", reason: "PURPOSE" });
    }
    expect(await tableCounts(h.db)).toEqual(before);
  });

  it("keeps federation's own fields open, with the privacy labels in the SDL", async () => {
    const response = await h.as(actors.analyst()).query(`{ _service { sdl } }`);
    const sdl: string = response.data._service.sdl;
    expect(sdl).toMatch(/type Pathway\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Organisation\s+@key\(fields: "id", resolvable: false\)/);
    expect(sdl).toMatch(/skills: \[String!\] @sensitive\(category: EDUCATION_SKILLS\)/);
    expect(sdl).toMatch(/employer: Employer @sensitive\(category: PLACEMENT\)/);
  });
});
