import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorAt } from "@percorsi/kit/testing";
import { actors, CENTRO, daysFromToday, demoRegistrations, RHO, startEmployment, tableCounts, type Harness } from "./harness.js";

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Pathway { id jobSeeker { skills } } } }`;
const ENTITIES_WITH_PLACEMENTS = `query($r: [_Any!]!) {
  _entities(representations: $r) { ... on Pathway { id jobSeeker { id status } placements { id occupation } } } }`;
const JOB_SEEKER = `query($id: ID!) { jobSeeker(id: $id) { id skills status jobCentre { id } } }`;
const CASELOAD = `{ jobSeekers(first: 100) { totalCount nodes { id skills status jobCentre { id } pathway { id } } } }`;

const centroCase = demoRegistrations(CENTRO).find((r) => r.pathway.placements.length > 0)!;
const pathwayOnlyAtCentro = demoRegistrations(CENTRO).find(
  (r) => !demoRegistrations(RHO).some((other) => other.pathway.id === r.pathway.id),
)!.pathway.id;
const pathwayRef = (id: string) => ({ r: [{ __typename: "Pathway", id }] });

describe("permissions over HTTP", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startEmployment();
  });
  afterAll(() => h.stop());

  it("refuses a request without the gateway's assertion", async () => {
    const response = await h.ask(null, CASELOAD);
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("shows a job centre its own caseload, and only it", async () => {
    const response = await h.ask(actors.centro(), CASELOAD);
    expect(response.errors).toBeUndefined();
    const { nodes, totalCount } = response.data.jobSeekers;
    expect(totalCount).toBe(demoRegistrations(CENTRO).length);
    expect(nodes.every((n: { jobCentre: { id: string } }) => n.jobCentre.id === CENTRO)).toBe(true);
    expect(nodes.every((n: { skills: unknown }) => Array.isArray(n.skills))).toBe(true);
  });

  it("refuses another job centre's record, whole and field by field", async () => {
    const record = await h.ask(actors.rho(), JOB_SEEKER, { id: centroCase.jobSeeker.id });
    expect(record.data?.jobSeeker).toBeNull();
    expect(errorAt(record, "jobSeeker")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });

    const caseload = await h.ask(actors.rho(), CASELOAD);
    expect(caseload.data.jobSeekers.nodes.map((n: { id: string }) => n.id)).not.toContain(centroCase.jobSeeker.id);

    // Through the entity: her registration is held elsewhere and no consent covers it yet.
    const entity = await h.ask(actors.rho(), ENTITIES_WITH_PLACEMENTS, pathwayRef(pathwayOnlyAtCentro));
    expect(entity.data._entities[0]).toEqual({ id: pathwayOnlyAtCentro, jobSeeker: null, placements: null });
    expect(errorAt(entity, "_entities.0.jobSeeker")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "NO_CONSENT" });
    expect(errorAt(entity, "_entities.0.placements")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "NO_CONSENT" });
  });

  it("refuses another job centre's writes on a record, leaving it as it was", async () => {
    const before = await tableCounts(h.db);
    const update = await h.ask(actors.rho(), `mutation($id: ID!) { updateJobSeeker(input: { id: $id, status: SUSPENDED }) { id } }`, {
      id: centroCase.jobSeeker.id,
    });
    expect(errorAt(update, "updateJobSeeker")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
    const check = await h.ask(
      actors.rho(),
      `mutation($input: RecordRetentionCheckInput!) { recordRetentionCheck(input: $input) { id } }`,
      { input: { placementId: centroCase.pathway.placements[0]!.id, monthsAfterStart: 12, checkedOn: daysFromToday(-1), stillEmployed: true } },
    );
    expect(errorAt(check, "recordRetentionCheck")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
    const [row] = await h.db.query<{ status: string }>("select status from job_seekers where id = $1", [centroCase.jobSeeker.id]);
    expect(row?.status).toBe(centroCase.jobSeeker.status);
    expect(await tableCounts(h.db)).toEqual(before);
  });

  it("releases a pathway's registration to the job centre that holds it", async () => {
    const response = await h.ask(actors.centro(), ENTITIES_WITH_PLACEMENTS, pathwayRef(centroCase.pathway.id));
    expect(response.errors).toBeUndefined();
    expect(response.data._entities[0]).toMatchObject({
      jobSeeker: { id: centroCase.jobSeeker.id, status: centroCase.jobSeeker.status },
      placements: centroCase.pathway.placements.map((p) => ({ id: p.id, occupation: p.occupation })),
    });
  });

  it("answers nothing, and refuses nothing, about a pathway with no registration", async () => {
    const response = await h.ask(actors.centreOperator(), ENTITIES_WITH_PLACEMENTS, pathwayRef("7b1e2c4a-0000-4000-8000-000000000000"));
    expect(response.errors).toBeUndefined();
    expect(response.data._entities[0]).toEqual({ id: "7b1e2c4a-0000-4000-8000-000000000000", jobSeeker: null, placements: [] });
  });

  it("refuses a centre operator a job centre's data through the entity", async () => {
    const response = await h.ask(actors.centreOperator(), ENTITIES, pathwayRef(centroCase.pathway.id));
    expect(response.data._entities[0]).toEqual({ id: centroCase.pathway.id, jobSeeker: null });
    expect(errorAt(response, "_entities.0.jobSeeker")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "NO_CONSENT" });
  });

  it("refuses the control room any row, but not the employers' directory", async () => {
    const caseload = await h.ask(actors.analyst(), CASELOAD);
    expect(caseload.data).toBeNull();
    expect(errorAt(caseload, "jobSeekers")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ROLE" });
    const entity = await h.ask(actors.analyst(), ENTITIES, pathwayRef(centroCase.pathway.id));
    expect(entity.data._entities[0].jobSeeker).toBeNull();
    expect(errorAt(entity, "_entities.0.jobSeeker")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ROLE" });
    const directory = await h.ask(
      actors.analyst(),
      `{ employers { totalCount } vacancies(openOnly: true) { nodes { title employer { name } } }
         campaigns { nodes { title employersReachedCount } } }`,
    );
    expect(directory.errors).toBeUndefined();
    expect(directory.data.employers.totalCount).toBeGreaterThan(0);
  });

  it("releases no personal field without a declared purpose", async () => {
    const response = await h.ask(actors.centro(null), `{ jobSeekers(first: 2) { nodes { id skills } } }`);
    expect(response.data.jobSeekers.nodes).toHaveLength(2);
    expect(response.data.jobSeekers.nodes[0]).toMatchObject({ skills: null });
    expect(errorAt(response, "jobSeekers.nodes.0.skills")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "PURPOSE" });
  });

  it("lets only a job centre's counsellors write, and about her only with a purpose", async () => {
    const register = `mutation($p: ID!) {
      registerJobSeeker(input: { pathwayId: $p, skills: [], wishedOccupations: [], availability: "FULL_TIME" }) { id } }`;
    const variables = { p: "7b1e2c4a-0000-4000-8000-000000000001" };
    const byOperator = await h.ask(actors.centreOperator(), register, variables);
    expect(errorAt(byOperator, "registerJobSeeker")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ROLE" });
    const withoutPurpose = await h.ask(actors.centro(null), register, variables);
    expect(errorAt(withoutPurpose, "registerJobSeeker")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "PURPOSE" });
    const employer = await h.ask(actors.analyst(), `mutation { addEmployer(input: { name: "X", sector: "Retail", district: "Rho" }) { id } }`);
    expect(errorAt(employer, "addEmployer")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ROLE" });
  });

  it("refuses every write about her without a purpose, whatever the record, and changes nothing", async () => {
    const id = "7b1e2c4a-0000-4000-8000-000000000002";
    const day = daysFromToday(-1);
    const writes: [string, string][] = [
      ["updateJobSeeker", `mutation { updateJobSeeker(input: { id: "${id}", skills: ["Cooking"] }) { id } }`],
      ["recordFirstAppointment", `mutation { recordFirstAppointment(input: { jobSeekerId: "${id}", firstAppointmentOn: "${day}" }) { id } }`],
      [
        "recordPlacement",
        `mutation { recordPlacement(input: { jobSeekerId: "${id}", employerId: "${id}", occupation: "Cook", contractType: PERMANENT,
          weeklyHours: 20, startOn: "${day}" }) { id } }`,
      ],
      [
        "recordRetentionCheck",
        `mutation { recordRetentionCheck(input: { placementId: "${id}", monthsAfterStart: 3, checkedOn: "${day}", stillEmployed: true }) { id } }`,
      ],
    ];
    const before = await tableCounts(h.db);
    for (const [field, mutation] of writes) {
      const response = await h.ask(actors.centro(null), mutation);
      expect(errorAt(response, field)?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "PURPOSE" });
    }
    expect(await tableCounts(h.db)).toEqual(before);
  });

  it("keeps federation's own fields open, with the privacy labels in the SDL", async () => {
    const response = await h.ask(actors.analyst(), `{ _service { sdl } }`);
    const sdl: string = response.data._service.sdl;
    expect(sdl).toMatch(/type Pathway\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Organisation\s+@key\(fields: "id", resolvable: false\)/);
    expect(sdl).toMatch(/skills: \[String!\] @sensitive\(category: EDUCATION_SKILLS\)/);
    expect(sdl).toMatch(/employer: Employer @sensitive\(category: PLACEMENT\)/);
  });
});
