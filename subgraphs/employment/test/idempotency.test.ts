// Creating mutations take an optional idempotency key: a client's retry (a timeout, a lost
// answer, a two-field mutation whose other field failed) gets what the first request created,
// never a duplicate; the same key with another input is refused; keys belong to an organisation.
// The test plays the gateway: an assertion per request, and for a write about her the consent
// receipt the gateway obtains for the pathway it names.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@percorsi/kit/author";
import { daysFromToday, errorAt, refusalAt as refusal, testActor, type SubgraphTester } from "@percorsi/kit/testing";
import { startEmployment } from "./fixtures.js";

let api: SubgraphTester;
beforeAll(async () => {
  api = await startEmployment();
});
afterAll(() => api.stop());

const centro = (): Actor => testActor("cpi-milano-centro", "JOB_CENTRE", ["EMPLOYMENT_COUNSELLOR"], "JOB_PLACEMENT", "op-cpi-centro");
const rho = (): Actor => testActor("cpi-rho", "JOB_CENTRE", ["EMPLOYMENT_COUNSELLOR"], "JOB_PLACEMENT", "op-cpi-rho");

/** About no woman: no receipt. */
const ask = (actor: Actor, query: string, input: Record<string, unknown>) => api.as(actor).query(query, { input });
/** About her: with a receipt for `input.pathwayId`, minted for this request (an accepted referral to the caller for its purpose). */
const write = (actor: Actor, query: string, input: Record<string, unknown> & { pathwayId: string }) => api.as(actor).write(query, { input });
const count = (table: string, where?: string, params?: unknown[]) => api.count(table, where, params);

const key = (name: string) => `${name}-${randomUUID()}`;
const REUSED = { code: "BAD_USER_INPUT", reason: "IDEMPOTENCY_KEY_REUSED", field: "idempotencyKey" };

const ADD_EMPLOYER = `mutation($input: AddEmployerInput!) { addEmployer(input: $input) { id name jobCentre { id } } }`;
const OPEN_VACANCY = `mutation($input: OpenVacancyInput!) { openVacancy(input: $input) { id title } }`;
const RECORD_CAMPAIGN = `mutation($input: RecordCampaignInput!) { recordCampaign(input: $input) { id employersReachedCount } }`;
const REGISTER = `mutation($input: RegisterJobSeekerInput!) { registerJobSeeker(input: $input) { id } }`;
const PLACEMENT = `mutation($input: RecordPlacementInput!) { recordPlacement(input: $input) { id } }`;
const RETENTION = `mutation($input: RecordRetentionCheckInput!) { recordRetentionCheck(input: $input) { id } }`;

const employer = (name = "Forno Solidale") => ({ name, sector: "Food", district: "Municipio 2", hasAntiHarassmentPolicy: true });

async function centroEmployer(): Promise<string> {
  const added = await ask(centro(), ADD_EMPLOYER, employer());
  expect(added.errors).toBeUndefined();
  return added.data.addEmployer.id;
}

/** A woman referred to Centro and registered there some months ago: her pathway and registration. */
async function registered(monthsAgo = 5): Promise<{ pathwayId: string; jobSeekerId: string }> {
  const pathwayId = randomUUID();
  const response = await write(centro(), REGISTER, {
    pathwayId,
    skills: ["Cashier"],
    wishedOccupations: ["Shop assistant"],
    availability: "PART_TIME_MORNINGS",
    registeredOn: daysFromToday(-31 * monthsAgo),
  });
  expect(response.errors).toBeUndefined();
  const [row] = await api.db.query<{ id: string }>("select id from job_seekers where pathway_id = $1", [pathwayId]);
  return { pathwayId, jobSeekerId: row!.id };
}

describe("mutations about no woman, with an idempotency key", () => {
  it("addEmployer: a retry adds one employer and answers with it; another input with the key is refused", async () => {
    const input = { ...employer(), idempotencyKey: key("employer") };
    const before = await count("employers");
    const first = await ask(centro(), ADD_EMPLOYER, input);
    const retry = await ask(centro(), ADD_EMPLOYER, input);
    expect(first.errors).toBeUndefined();
    expect(retry.errors).toBeUndefined();
    expect(retry.data.addEmployer).toEqual(first.data.addEmployer);
    expect(await count("employers")).toBe(before + 1);

    const other = await ask(centro(), ADD_EMPLOYER, { ...input, name: "Another employer" });
    expect(other.data).toEqual({ addEmployer: null });
    expect(refusal(other, "addEmployer")).toEqual(REUSED);
    expect(JSON.stringify(other.errors)).not.toContain(input.idempotencyKey);
    expect(await count("employers")).toBe(before + 1);
  });

  it("keeps keys per organisation: another job centre's same key adds its own employer", async () => {
    const input = { ...employer(), idempotencyKey: key("employer") };
    const mine = await ask(centro(), ADD_EMPLOYER, input);
    const theirs = await ask(rho(), ADD_EMPLOYER, input);
    expect(mine.errors).toBeUndefined();
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data.addEmployer.id).not.toBe(mine.data.addEmployer.id);
    expect([mine.data.addEmployer.jobCentre.id, theirs.data.addEmployer.jobCentre.id]).toEqual(["cpi-milano-centro", "cpi-rho"]);
  });

  it("openVacancy: a retry opens one vacancy; a refusal stores nothing and a stored result bypasses no check", async () => {
    const employerId = await centroEmployer();
    const input = { employerId, occupation: "Baker", contractType: "PERMANENT", weeklyHours: 30, title: "Baker, mornings", idempotencyKey: key("vacancy") };
    const before = await count("vacancies");
    const first = await ask(centro(), OPEN_VACANCY, input);
    const retry = await ask(centro(), OPEN_VACANCY, input);
    expect(first.errors).toBeUndefined();
    expect(retry.data.openVacancy).toEqual(first.data.openVacancy);
    expect(await count("vacancies")).toBe(before + 1);
    expect(refusal(await ask(centro(), OPEN_VACANCY, { ...input, weeklyHours: 20 }), "openVacancy")).toEqual(REUSED);

    // Rho does not speak for Centro's employer: refused, and its key stays free.
    const rhoKey = key("vacancy");
    const foreign = await ask(rho(), OPEN_VACANCY, { ...input, idempotencyKey: rhoKey });
    expect(errorAt(foreign, "openVacancy")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
    expect(await count("idempotency_key", "key = $1", [rhoKey])).toBe(0);
    expect(await count("vacancies")).toBe(before + 1);
  });

  it("recordCampaign: a retry records one campaign (and its employers reached once)", async () => {
    const employerId = await centroEmployer();
    const input = { title: "Safe workplaces", topic: "SAFE_WORKPLACE", startedOn: daysFromToday(-10), employerIdsReached: [employerId], idempotencyKey: key("campaign") };
    const [campaigns, reached] = [await count("campaigns"), await count("campaign_employers")];
    const first = await ask(centro(), RECORD_CAMPAIGN, input);
    const retry = await ask(centro(), RECORD_CAMPAIGN, input);
    expect(first.errors).toBeUndefined();
    expect(retry.data.recordCampaign).toEqual(first.data.recordCampaign);
    expect(first.data.recordCampaign.employersReachedCount).toBe(1);
    expect([await count("campaigns"), await count("campaign_employers")]).toEqual([campaigns + 1, reached + 1]);
    expect(refusal(await ask(centro(), RECORD_CAMPAIGN, { ...input, title: "Another campaign" }), "recordCampaign")).toEqual(REUSED);
  });

  it("a failed field nulls only itself: the other field's write is committed and answered", async () => {
    const response = await api.as(centro()).query(
      `mutation($ok: AddEmployerInput!, $bad: AddEmployerInput!) { ok: addEmployer(input: $ok) { id } bad: addEmployer(input: $bad) { id } }`,
      { ok: employer("Committed employer"), bad: { ...employer(), name: "   " } },
    );
    expect(response.data.ok.id).toEqual(expect.any(String));
    expect(response.data.bad).toBeNull();
    expect(errorAt(response, "bad")?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await count("employers", "id = $1", [response.data.ok.id])).toBe(1);
  });
});

describe("writes about her, with an idempotency key", () => {
  it("registerJobSeeker: a retry gets her registration back, not a refusal for an open one", async () => {
    const pathwayId = randomUUID();
    const input = { pathwayId, skills: ["Cashier"], wishedOccupations: ["Shop assistant"], availability: "PART_TIME_MORNINGS", idempotencyKey: key("register") };
    const first = await write(centro(), REGISTER, input);
    const retry = await write(centro(), REGISTER, input);
    expect(first.errors).toBeUndefined();
    expect(retry.errors).toBeUndefined();
    expect(retry.data.registerJobSeeker).toEqual({ id: pathwayId });
    expect(await count("job_seekers", "pathway_id = $1", [pathwayId])).toBe(1);

    const other = await write(centro(), REGISTER, { ...input, availability: "FULL_TIME" });
    expect(refusal(other, "registerJobSeeker")).toEqual(REUSED);
    expect(await count("job_seekers", "pathway_id = $1", [pathwayId])).toBe(1);
    // Without a key, registering her again is refused as before.
    const again = await write(centro(), REGISTER, { ...input, idempotencyKey: undefined });
    expect(errorAt(again, "registerJobSeeker")?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("recordPlacement: a retry records one placement", async () => {
    const employerId = await centroEmployer();
    const { pathwayId, jobSeekerId } = await registered();
    const input = {
      pathwayId,
      jobSeekerId,
      employerId,
      occupation: "Baker",
      contractType: "PERMANENT",
      weeklyHours: 30,
      startOn: daysFromToday(-100),
      idempotencyKey: key("placement"),
    };
    const first = await write(centro(), PLACEMENT, input);
    const retry = await write(centro(), PLACEMENT, input);
    expect(first.errors).toBeUndefined();
    expect(retry.errors).toBeUndefined();
    expect(retry.data.recordPlacement).toEqual({ id: pathwayId });
    expect(await count("placements", "job_seeker_id = $1", [jobSeekerId])).toBe(1);
    expect(refusal(await write(centro(), PLACEMENT, { ...input, weeklyHours: 20 }), "recordPlacement")).toEqual(REUSED);
    expect(await count("placements", "job_seeker_id = $1", [jobSeekerId])).toBe(1);

    // Another job centre using the same key is judged on its own: not its registration.
    const foreign = await write(rho(), PLACEMENT, input);
    expect(errorAt(foreign, "recordPlacement")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
    expect(await count("placements", "job_seeker_id = $1", [jobSeekerId])).toBe(1);
  });

  it("recordRetentionCheck: a retry gets the check back, not a refusal for a mark already checked", async () => {
    const employerId = await centroEmployer();
    const { pathwayId, jobSeekerId } = await registered();
    const placed = await write(centro(), PLACEMENT, {
      pathwayId,
      jobSeekerId,
      employerId,
      occupation: "Baker",
      contractType: "PERMANENT",
      weeklyHours: 30,
      startOn: daysFromToday(-100),
    });
    expect(placed.errors).toBeUndefined();
    const [placement] = await api.db.query<{ id: string }>("select id from placements where job_seeker_id = $1", [jobSeekerId]);
    const input = { pathwayId, placementId: placement!.id, monthsAfterStart: 3, checkedOn: daysFromToday(0), stillEmployed: true, idempotencyKey: key("check") };
    const first = await write(centro(), RETENTION, input);
    const retry = await write(centro(), RETENTION, input);
    expect(first.errors).toBeUndefined();
    expect(retry.errors).toBeUndefined();
    expect(retry.data.recordRetentionCheck).toEqual({ id: pathwayId });
    expect(await count("retention_checks", "placement_id = $1", [placement!.id])).toBe(1);
    expect(refusal(await write(centro(), RETENTION, { ...input, stillEmployed: false }), "recordRetentionCheck")).toEqual(REUSED);
    expect(await count("retention_checks", "placement_id = $1", [placement!.id])).toBe(1);
  });
});
