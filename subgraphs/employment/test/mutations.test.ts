import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoNetwork } from "@percorsi/demo";
import { errorAt, testBackends, type GraphQLResponse } from "@percorsi/kit/testing";
import { addMonths } from "@percorsi/kit";
import { actors, CENTRO, daysFromToday, entities, RHO, startEmployment, tableCounts, underReceipt, type Harness } from "./harness.js";

const network = demoNetwork();
const centroEmployer = network.employers.find((e) => e.jobCentreId === CENTRO)!;
const rhoEmployer = network.employers.find((e) => e.jobCentreId === RHO)!;
const vacancyOfAnother = network.vacancies.find((v) => v.employerId !== centroEmployer.id)!;
const UNKNOWN_ID = "5d2f9a10-1111-4aaa-8bbb-0000000000ff";

// Writes about her return her pathway; what they wrote is read through it, under her receipt.
const REGISTER = `mutation($input: RegisterJobSeekerInput!) { registerJobSeeker(input: $input) { id } }`;
const UPDATE = `mutation($input: UpdateJobSeekerInput!) { updateJobSeeker(input: $input) { id } }`;
const APPOINTMENT = `mutation($input: RecordFirstAppointmentInput!) { recordFirstAppointment(input: $input) { id } }`;
const PLACEMENT = `mutation($input: RecordPlacementInput!) { recordPlacement(input: $input) { id } }`;
const CHECK = `mutation($input: RecordRetentionCheckInput!) { recordRetentionCheck(input: $input) { id } }`;
const READ = entities(`jobSeeker { id status registeredOn firstAppointmentOn skills availability }
  placements { id contractType startOn endOn employer { id } vacancy { id } retentionChecks { id monthsAfterStart checkedOn stillEmployed note } }`);
const ADD_EMPLOYER = `mutation($input: AddEmployerInput!) { addEmployer(input: $input) { id jobCentre { id } } }`;
const OPEN_VACANCY = `mutation($input: OpenVacancyInput!) { openVacancy(input: $input) { id district closedOn } }`;
const CLOSE_VACANCY = `mutation($input: CloseVacancyInput!) { closeVacancy(input: $input) { id closedOn } }`;
const CAMPAIGN = `mutation($input: RecordCampaignInput!) {
  recordCampaign(input: $input) { id title employersReachedCount employersReached { id } } }`;

/** The code of a response's first error, if any. */
const codeOf = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.code;

// Writes take locks and transactions: run them on every backend, not only on PGlite.
describe.each(testBackends())("mutations over HTTP on $name", (backend) => {
  let h: Harness;
  // A registration and a placement made here; the invalid inputs below are tried against them.
  const pathwayId = "5d2f9a10-1111-4aaa-8bbb-000000000001";
  const otherPathwayId = "5d2f9a10-1111-4aaa-8bbb-000000000002";
  const registeredOn = daysFromToday(-400);
  const firstAppointmentOn = daysFromToday(-395);
  const startOn = daysFromToday(-300);
  let jobSeekerId: string;
  let placementId: string;

  beforeAll(async () => {
    h = await startEmployment(await backend.open());
  });
  afterAll(() => h.stop());

  const write = (query: string, input: Record<string, unknown>, actor = actors.centro()) => h.ask(actor, query, { input });

  /** Sends an invalid write and checks that it is refused as bad input, naming the field, with nothing written. */
  async function refused(query: string, input: Record<string, unknown>, field?: string): Promise<void> {
    const before = await tableCounts(h.db);
    const response = await write(query, input);
    expect(codeOf(response), JSON.stringify(response.errors)).toBe("BAD_USER_INPUT");
    if (field) expect(JSON.stringify(response.errors?.[0]?.extensions)).toContain(field);
    expect(await tableCounts(h.db)).toEqual(before);
  }

  /** What the job centre holds about her, read as the planner would: under a receipt for this very request. */
  async function read(id = pathwayId): Promise<any> {
    const centro = actors.centro();
    const response = await h.ask(centro, READ, { r: [await underReceipt(centro, id)] });
    expect(response.errors).toBeUndefined();
    return response.data._entities[0];
  }

  it("registers her, records her first appointment, a placement and its checks, each returning her pathway", async () => {
    const skills = [" Cash handling ", "Cash handling", "Spoken English"];
    const registered = await write(REGISTER, { pathwayId, skills, wishedOccupations: ["Cashier"], availability: "PART_TIME_MORNINGS", registeredOn });
    expect(registered.errors).toBeUndefined();
    expect(registered.data.registerJobSeeker).toEqual({ id: pathwayId });
    const afterRegistration = await read();
    expect(afterRegistration.jobSeeker).toMatchObject({ status: "REGISTERED", registeredOn, skills: ["Cash handling", "Spoken English"] });
    expect(afterRegistration.placements).toEqual([]);
    jobSeekerId = afterRegistration.jobSeeker.id;

    const appointment = await write(APPOINTMENT, { jobSeekerId, firstAppointmentOn });
    expect(appointment.data.recordFirstAppointment).toEqual({ id: pathwayId });
    expect((await read()).jobSeeker).toMatchObject({ status: "ACTIVE_SEARCH", firstAppointmentOn });

    const endOn = daysFromToday(65);
    const placement = await write(PLACEMENT, {
      jobSeekerId,
      employerId: centroEmployer.id,
      occupation: "Cashier",
      contractType: "FIXED_TERM",
      weeklyHours: 24,
      startOn,
      endOn,
    });
    expect(placement.errors).toBeUndefined();
    expect(placement.data.recordPlacement).toEqual({ id: pathwayId });
    const afterPlacement = await read();
    expect(afterPlacement.jobSeeker.status).toBe("PLACED");
    expect(afterPlacement.placements).toEqual([
      expect.objectContaining({ contractType: "FIXED_TERM", startOn, endOn, employer: { id: centroEmployer.id }, vacancy: null, retentionChecks: [] }),
    ]);
    placementId = afterPlacement.placements[0].id;

    const check = await write(CHECK, { placementId, monthsAfterStart: 3, checkedOn: addMonths(startOn, 3), stillEmployed: true, note: "Settled in" });
    expect(check.data.recordRetentionCheck).toEqual({ id: pathwayId });
    expect((await read()).placements[0].retentionChecks).toEqual([
      expect.objectContaining({ monthsAfterStart: 3, stillEmployed: true, note: "Settled in" }),
    ]);

    const update = await write(UPDATE, { id: jobSeekerId, availability: "FULL_TIME" });
    expect(update.data.updateJobSeeker).toEqual({ id: pathwayId });
    expect((await read()).jobSeeker).toMatchObject({ status: "PLACED", availability: "FULL_TIME", skills: ["Cash handling", "Spoken English"] });
  });

  it("answers a write with her pathway only: her registration is not released without her receipt", async () => {
    const response = await write(`mutation($input: UpdateJobSeekerInput!) { updateJobSeeker(input: $input) { id jobSeeker { status } } }`, {
      id: jobSeekerId,
      wishedOccupations: ["Cashier", "Shop assistant"],
    });
    expect(response.data.updateJobSeeker).toEqual({ id: pathwayId, jobSeeker: null });
    expect(errorAt(response, "updateJobSeeker.jobSeeker")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "SEALED" });
  });

  it("refuses invalid registrations and updates, writing nothing", async () => {
    const valid = { pathwayId: otherPathwayId, skills: [], wishedOccupations: [], availability: "FULL_TIME" };
    await refused(REGISTER, { ...valid, pathwayId: "not-a-uuid" }, "pathwayId");
    await refused(REGISTER, { ...valid, pathwayId }, "pathwayId"); // already open here
    await refused(REGISTER, { ...valid, registeredOn: daysFromToday(3) }, "registeredOn");
    await refused(REGISTER, { ...valid, skills: ["  "] }, "skills");
    await refused(REGISTER, { ...valid, availability: "" }, "availability");
    await refused(UPDATE, { id: jobSeekerId });
    await refused(APPOINTMENT, { jobSeekerId, firstAppointmentOn: daysFromToday(-390) }, "firstAppointmentOn"); // already recorded
  });

  it("refuses invalid placements, writing nothing", async () => {
    const valid = {
      jobSeekerId,
      employerId: centroEmployer.id,
      occupation: "Cashier",
      contractType: "PERMANENT",
      weeklyHours: 24,
      startOn: daysFromToday(-10),
    };
    await refused(PLACEMENT, { ...valid, weeklyHours: 60 }, "weeklyHours");
    await refused(PLACEMENT, { ...valid, weeklyHours: 0 }, "weeklyHours");
    await refused(PLACEMENT, { ...valid, contractType: "FIXED_TERM" }, "endOn");
    await refused(PLACEMENT, { ...valid, endOn: valid.startOn }, "endOn");
    await refused(PLACEMENT, { ...valid, employerId: UNKNOWN_ID }, "employerId");
    await refused(PLACEMENT, { ...valid, vacancyId: vacancyOfAnother.id }, "vacancyId");
    await refused(PLACEMENT, { ...valid, startOn: daysFromToday(-500) }, "startOn"); // before she registered
  });

  it("refuses invalid retention checks, writing nothing", async () => {
    const valid = { placementId, monthsAfterStart: 6, checkedOn: addMonths(startOn, 6), stillEmployed: true };
    await refused(CHECK, { ...valid, monthsAfterStart: 4 }, "monthsAfterStart");
    await refused(CHECK, { ...valid, checkedOn: addMonths(startOn, 5) }, "checkedOn");
    await refused(CHECK, { ...valid, monthsAfterStart: 3, checkedOn: addMonths(startOn, 4) }, "monthsAfterStart"); // mark taken
    await refused(CHECK, { ...valid, checkedOn: daysFromToday(2) }, "checkedOn");
    expect((await write(CHECK, valid)).errors).toBeUndefined();
  });

  it("keeps a closed registration closed", async () => {
    const closed = await write(UPDATE, { id: jobSeekerId, status: "CLOSED" });
    expect(closed.errors).toBeUndefined();
    expect((await read()).jobSeeker.status).toBe("CLOSED");
    await refused(UPDATE, { id: jobSeekerId, status: "ACTIVE_SEARCH" });
    const placement = { jobSeekerId, employerId: centroEmployer.id, occupation: "Cashier", contractType: "PERMANENT", weeklyHours: 20 };
    await refused(PLACEMENT, { ...placement, startOn: daysFromToday(-5) }, "jobSeekerId");
    // A closed registration makes room for a new one for the same pathway.
    const again = await write(REGISTER, { pathwayId, skills: [], wishedOccupations: [], availability: "FULL_TIME" });
    expect(again.data.registerJobSeeker).toEqual({ id: pathwayId });
    const reopened = (await read()).jobSeeker;
    expect(reopened).toMatchObject({ status: "REGISTERED" });
    expect(reopened.id).not.toBe(jobSeekerId);
    // Her pathway is listed once in the caseload, whatever the number of her registrations there.
    const caseload = await h.ask(actors.centro(), `{ jobCentreCaseload(first: 100) { totalCount nodes { id } } }`);
    const ids = caseload.data.jobCentreCaseload.nodes.map((n: { id: string }) => n.id);
    expect(ids.filter((id: string) => id === pathwayId)).toHaveLength(1);
    expect(caseload.data.jobCentreCaseload.totalCount).toBe(ids.length);
    expect(ids[0]).toBe(pathwayId); // the newest registration first
  });

  it("follows employers and their vacancies, each job centre its own", async () => {
    const added = await write(ADD_EMPLOYER, { name: "Forno Test", sector: "Retail", district: "Municipio 4", hasAntiHarassmentPolicy: true });
    expect(added.data.addEmployer.jobCentre.id).toBe(CENTRO);
    const employerId: string = added.data.addEmployer.id;
    await refused(ADD_EMPLOYER, { name: " ", sector: "Retail", district: "Rho" }, "name");

    const vacancy = { employerId, title: "Baker's assistant", occupation: "Kitchen assistant", contractType: "APPRENTICESHIP", weeklyHours: 30 };
    const opened = await write(OPEN_VACANCY, vacancy);
    expect(opened.data.openVacancy).toMatchObject({ district: "Municipio 4", closedOn: null });
    const vacancyId: string = opened.data.openVacancy.id;
    await refused(OPEN_VACANCY, { ...vacancy, weeklyHours: 49 }, "weeklyHours");
    await refused(OPEN_VACANCY, { ...vacancy, employerId: UNKNOWN_ID }, "employerId");

    const forRho = await write(OPEN_VACANCY, { ...vacancy, employerId: rhoEmployer.id });
    expect(errorAt(forRho, "openVacancy")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
    const byRho = await write(CLOSE_VACANCY, { vacancyId }, actors.rho());
    expect(errorAt(byRho, "closeVacancy")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });

    await refused(CLOSE_VACANCY, { vacancyId, closedOn: "2020-01-01" }, "closedOn");
    const closed = await write(CLOSE_VACANCY, { vacancyId });
    expect(closed.data.closeVacancy.closedOn).toBe(daysFromToday(0));
    await refused(CLOSE_VACANCY, { vacancyId }, "vacancyId");
  });

  it("records campaigns with the employers they reached, or nothing at all", async () => {
    const [first, second] = network.employers.filter((e) => e.jobCentreId === CENTRO).map((e) => e.id) as [string, string];
    const campaign = { title: "Respect at work", topic: "ANTI_HARASSMENT", startedOn: daysFromToday(-30), employerIdsReached: [first, second] };
    // The campaign row would be valid: an unknown employer among those reached refuses it whole.
    await refused(CAMPAIGN, { ...campaign, employerIdsReached: [first, UNKNOWN_ID] }, "employerIdsReached");
    await refused(CAMPAIGN, { ...campaign, employerIdsReached: ["nope"] }, "employerIdsReached");
    await refused(CAMPAIGN, { ...campaign, endedOn: daysFromToday(-31) }, "endedOn");
    const recorded = await write(CAMPAIGN, { ...campaign, employerIdsReached: [first, first.toUpperCase(), second] });
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data.recordCampaign.employersReachedCount).toBe(2);
  });

  it("pages the employers' directory through cursors", async () => {
    const first = await h.ask(actors.analyst(), `{ employers(first: 4) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`);
    const next = await h.ask(actors.analyst(), `query($a: String) { employers(first: 100, after: $a) { nodes { id } pageInfo { hasNextPage } } }`, {
      a: first.data.employers.pageInfo.endCursor,
    });
    const ids = [...first.data.employers.nodes, ...next.data.employers.nodes].map((n: { id: string }) => n.id);
    expect(new Set(ids).size).toBe(first.data.employers.totalCount);
    expect(next.data.employers.pageInfo.hasNextPage).toBe(false);
    expect(codeOf(await h.ask(actors.analyst(), `{ employers(after: "not-a-cursor") { totalCount } }`))).toBe("BAD_USER_INPUT");
    expect(codeOf(await h.ask(actors.analyst(), `{ employers(first: 1000) { totalCount } }`))).toBe("BAD_USER_INPUT");
  });
});
