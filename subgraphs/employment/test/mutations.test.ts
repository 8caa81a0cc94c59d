import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoNetwork } from "@percorsi/demo";
import { generateKeyPair } from "jose";
import {
  ACTOR_ASSERTION_HEADER,
  CONSENT_RECEIPTS_HEADER,
  daysFromToday,
  entitiesQuery,
  GATEWAY_KEY_NAME,
  signActorAssertion,
  errorAt,
  postGraphQL,
  referred,
  testBackends,
  testReceipt,
  type GraphQLResponse,
  type Standing,
  type SubgraphTester,
} from "@percorsi/kit/testing";
import { addMonths, type Actor } from "@percorsi/kit/author";
import { loadSigningKey, signConsentReceipt } from "@percorsi/kit/authority";
import { actors, AURORA, CENTRO, demoRegistrations, RHO, startEmployment, tableCounts, underReceipt } from "./fixtures.js";

const network = demoNetwork();
const centroEmployer = network.employers.find((e) => e.jobCentreId === CENTRO)!;
const rhoEmployer = network.employers.find((e) => e.jobCentreId === RHO)!;
const vacancyOfAnother = network.vacancies.find((v) => v.employerId !== centroEmployer.id)!;
const UNKNOWN_ID = "5d2f9a10-1111-4aaa-8bbb-0000000000ff";

// Writes about her return her pathway; what they wrote is read through it, under her receipt.
/** What registering her writes (and updating her registration): her job search and her skills. */
const REGISTERS = ["JOB_SEARCH", "EDUCATION_SKILLS"];
const REGISTER = `mutation($input: RegisterJobSeekerInput!) { registerJobSeeker(input: $input) { id } }`;
const UPDATE = `mutation($input: UpdateJobSeekerInput!) { updateJobSeeker(input: $input) { id } }`;
const APPOINTMENT = `mutation($input: RecordFirstAppointmentInput!) { recordFirstAppointment(input: $input) { id } }`;
const PLACEMENT = `mutation($input: RecordPlacementInput!) { recordPlacement(input: $input) { id } }`;
const CHECK = `mutation($input: RecordRetentionCheckInput!) { recordRetentionCheck(input: $input) { id } }`;
const READ = entitiesQuery(`jobSeeker { id status registeredOn firstAppointmentOn skills availability }
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
  let h: SubgraphTester;
  // A registration and a placement made here; the invalid inputs below are tried against them.
  const pathwayId = "5d2f9a10-1111-4aaa-8bbb-000000000001";
  const otherPathwayId = "5d2f9a10-1111-4aaa-8bbb-000000000002";
  const registeredOn = daysFromToday(-400);
  const firstAppointmentOn = daysFromToday(-395);
  const startOn = daysFromToday(-300);
  let jobSeekerId: string;
  let placementId: string;

  beforeAll(async () => {
    h = await startEmployment({ backend });
  });
  afterAll(() => h.stop());

  /** A write as the gateway sends it: with her receipt for `input.pathwayId`, by default a live job-placement referral. */
  const write = (query: string, input: Record<string, unknown>, actor = actors.centro(), standing: Standing | null = referred("JOB_PLACEMENT")) =>
    h.as(actor).write(query, { input }, standing);

  /** Sends an invalid write (on a live referral: only the input is wrong) and checks that it is refused as bad input, naming the field, with nothing written. */
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
    const response = await h.as(centro).query(READ, { r: [await underReceipt(centro, id)] });
    expect(response.errors).toBeUndefined();
    return response.data._entities[0];
  }

  /** Writes as a fresh Centro actor and checks its audit entries: the write allowed on her referral, one per category it writes. */
  async function writeOnReferral(query: string, input: Record<string, unknown>, categories: string[]): Promise<GraphQLResponse> {
    const centro = actors.centro();
    const response = await write(query, input, centro);
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    expect(await h.audit(centro.requestId)).toEqual(
      categories.map((category) => ({ action: "WRITE", pathway_id: pathwayId, category, decision: "ALLOW", reason: null, basis: "REFERRAL" })),
    );
    return response;
  }

  it("registers her, records her first appointment, a placement and its checks, each returning her pathway, each write audited", async () => {
    const skills = [" Cash handling ", "Cash handling", "Spoken English"];
    const registered = await writeOnReferral(
      REGISTER,
      { pathwayId, skills, wishedOccupations: ["Cashier"], availability: "PART_TIME_MORNINGS", registeredOn },
      ["JOB_SEARCH", "EDUCATION_SKILLS"],
    );
    expect(registered.data.registerJobSeeker).toEqual({ id: pathwayId });
    const afterRegistration = await read();
    expect(afterRegistration.jobSeeker).toMatchObject({ status: "REGISTERED", registeredOn, skills: ["Cash handling", "Spoken English"] });
    expect(afterRegistration.placements).toEqual([]);
    jobSeekerId = afterRegistration.jobSeeker.id;

    const appointment = await writeOnReferral(APPOINTMENT, { pathwayId, jobSeekerId, firstAppointmentOn }, ["JOB_SEARCH"]);
    expect(appointment.data.recordFirstAppointment).toEqual({ id: pathwayId });
    expect((await read()).jobSeeker).toMatchObject({ status: "ACTIVE_SEARCH", firstAppointmentOn });

    const endOn = daysFromToday(65);
    const placement = await writeOnReferral(PLACEMENT, {
      pathwayId,
      jobSeekerId,
      employerId: centroEmployer.id,
      occupation: "Cashier",
      contractType: "FIXED_TERM",
      weeklyHours: 24,
      startOn,
      endOn,
    }, ["PLACEMENT"]);
    expect(placement.data.recordPlacement).toEqual({ id: pathwayId });
    const afterPlacement = await read();
    expect(afterPlacement.jobSeeker.status).toBe("PLACED");
    expect(afterPlacement.placements).toEqual([
      expect.objectContaining({ contractType: "FIXED_TERM", startOn, endOn, employer: { id: centroEmployer.id }, vacancy: null, retentionChecks: [] }),
    ]);
    placementId = afterPlacement.placements[0].id;

    const check = await writeOnReferral(
      CHECK,
      { pathwayId, placementId, monthsAfterStart: 3, checkedOn: addMonths(startOn, 3), stillEmployed: true, note: "Settled in" },
      ["PLACEMENT"],
    );
    expect(check.data.recordRetentionCheck).toEqual({ id: pathwayId });
    expect((await read()).placements[0].retentionChecks).toEqual([
      expect.objectContaining({ monthsAfterStart: 3, stillEmployed: true, note: "Settled in" }),
    ]);

    const update = await writeOnReferral(UPDATE, { pathwayId, id: jobSeekerId, availability: "FULL_TIME" }, ["JOB_SEARCH", "EDUCATION_SKILLS"]);
    expect(update.data.updateJobSeeker).toEqual({ id: pathwayId });
    expect((await read()).jobSeeker).toMatchObject({ status: "PLACED", availability: "FULL_TIME", skills: ["Cash handling", "Spoken English"] });
  });

  it("answers a write with her pathway only: her registration is not released without her receipt", async () => {
    const response = await write(`mutation($input: UpdateJobSeekerInput!) { updateJobSeeker(input: $input) { id jobSeeker { status } } }`, {
      pathwayId,
      id: jobSeekerId,
      wishedOccupations: ["Cashier", "Shop assistant"],
    });
    expect(response.data.updateJobSeeker).toEqual({ id: pathwayId, jobSeeker: null });
    expect(errorAt(response, "updateJobSeeker.jobSeeker")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
  });

  it("refuses invalid registrations and updates, writing nothing", async () => {
    const valid = { pathwayId: otherPathwayId, skills: [], wishedOccupations: [], availability: "FULL_TIME" };
    await refused(REGISTER, { ...valid, pathwayId: "not-a-uuid" }, "pathwayId");
    await refused(REGISTER, { ...valid, pathwayId }, "pathwayId"); // already open here
    await refused(REGISTER, { ...valid, registeredOn: daysFromToday(3) }, "registeredOn");
    await refused(REGISTER, { ...valid, skills: ["  "] }, "skills");
    await refused(REGISTER, { ...valid, availability: "" }, "availability");
    await refused(UPDATE, { pathwayId, id: jobSeekerId });
    await refused(APPOINTMENT, { pathwayId, jobSeekerId, firstAppointmentOn: daysFromToday(-390) }, "firstAppointmentOn"); // already recorded
  });

  it("refuses invalid placements, writing nothing", async () => {
    const valid = {
      pathwayId,
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
    const valid = { pathwayId, placementId, monthsAfterStart: 6, checkedOn: addMonths(startOn, 6), stillEmployed: true };
    await refused(CHECK, { ...valid, monthsAfterStart: 4 }, "monthsAfterStart");
    await refused(CHECK, { ...valid, checkedOn: addMonths(startOn, 5) }, "checkedOn");
    await refused(CHECK, { ...valid, monthsAfterStart: 3, checkedOn: addMonths(startOn, 4) }, "monthsAfterStart"); // mark taken
    await refused(CHECK, { ...valid, checkedOn: daysFromToday(2) }, "checkedOn");
    expect((await write(CHECK, valid)).errors).toBeUndefined();
  });

  it("keeps a closed registration closed", async () => {
    const closed = await write(UPDATE, { pathwayId, id: jobSeekerId, status: "CLOSED" });
    expect(closed.errors).toBeUndefined();
    expect((await read()).jobSeeker.status).toBe("CLOSED");
    await refused(UPDATE, { pathwayId, id: jobSeekerId, status: "ACTIVE_SEARCH" });
    const placement = { pathwayId, jobSeekerId, employerId: centroEmployer.id, occupation: "Cashier", contractType: "PERMANENT", weeklyHours: 20 };
    await refused(PLACEMENT, { ...placement, startOn: daysFromToday(-5) }, "jobSeekerId");
    // A closed registration makes room for a new one for the same pathway.
    const again = await write(REGISTER, { pathwayId, skills: [], wishedOccupations: [], availability: "FULL_TIME" });
    expect(again.data.registerJobSeeker).toEqual({ id: pathwayId });
    const reopened = (await read()).jobSeeker;
    expect(reopened).toMatchObject({ status: "REGISTERED" });
    expect(reopened.id).not.toBe(jobSeekerId);
    // Her pathway is listed once in the caseload, whatever the number of her registrations there.
    const caseload = await h.as(actors.centro()).query(`{ jobCentreCaseload(first: 100) { totalCount nodes { id } } }`);
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

  describe("writes decided on her standing (the receipt the gateway obtained)", () => {
    /** Two demo registrations at this job centre, of two pathways, the first with a placement. */
    const [mine, another] = (() => {
      const open = demoRegistrations(CENTRO).filter((r) => r.jobSeeker.status !== "CLOSED");
      const withPlacement = open.find((r) => r.pathway.placements.length > 0)!;
      return [withPlacement, open.find((r) => r.pathway.id !== withPlacement.pathway.id)!] as const;
    })();
    const newPathway = () => randomUUID();
    const registration = (id: string) => ({ pathwayId: id, skills: ["Cooking"], wishedOccupations: [], availability: "FULL_TIME" });
    /** Every write about her that names an existing record, about `pathway`'s own records. */
    const recordWrites = (pathway = mine) => {
      const day = daysFromToday(-1);
      const placement = pathway.pathway.placements[0]!;
      return [
        { field: "updateJobSeeker", query: UPDATE, categories: ["JOB_SEARCH", "EDUCATION_SKILLS"], input: { pathwayId: pathway.pathway.id, id: pathway.jobSeeker.id, skills: ["Cooking"] } },
        {
          field: "recordFirstAppointment",
          query: APPOINTMENT,
          categories: ["JOB_SEARCH"],
          input: { pathwayId: pathway.pathway.id, jobSeekerId: pathway.jobSeeker.id, firstAppointmentOn: day },
        },
        {
          field: "recordPlacement",
          query: PLACEMENT,
          categories: ["PLACEMENT"],
          input: {
            pathwayId: pathway.pathway.id,
            jobSeekerId: pathway.jobSeeker.id,
            employerId: centroEmployer.id,
            occupation: "Cook",
            contractType: "PERMANENT",
            weeklyHours: 20,
            startOn: day,
          },
        },
        {
          field: "recordRetentionCheck",
          query: CHECK,
          categories: ["PLACEMENT"],
          input: { pathwayId: pathway.pathway.id, placementId: placement.id, monthsAfterStart: 12, checkedOn: day, stillEmployed: false },
        },
      ] as const;
    };
    const jobSeekerRow = async (id: string) => (await h.db.query("select * from job_seekers where id = $1", [id]))[0];
    const jobSeekersOf = async (id: string) =>
      (await h.db.query<{ n: number }>("select count(*)::int as n from job_seekers where pathway_id = $1", [id]))[0]!.n;

    /** Sends a write that must be refused FORBIDDEN `reason`, changing no table; returns the response and its audit. */
    async function forbiddenWrite(field: string, query: string, input: Record<string, unknown>, standing: Standing | null, reason: string, actor: Actor = actors.centro()) {
      const before = await tableCounts(h.db);
      const response = await write(query, input, actor, standing);
      expect(response.data?.[field] ?? null).toBeNull();
      expect(response.errors).toHaveLength(1);
      expect(errorAt(response, field)?.extensions).toEqual({ code: "FORBIDDEN", reason });
      expect(await tableCounts(h.db)).toEqual(before);
      return { response, audit: await h.audit(actor.requestId) };
    }

    it("refuses a write about a pathway never referred to it, writing nothing, and audits the refusal as a WRITE", async () => {
      // Her consent lets the job centre read her registration: that is no referral, so no write.
      for (const standing of [{}, { permitted: { JOB_SEARCH: "c-read", PLACEMENT: "c-read" } }] satisfies Standing[]) {
        const id = newPathway();
        const { audit } = await forbiddenWrite("registerJobSeeker", REGISTER, registration(id), standing, "ORGANISATION");
        expect(audit).toEqual(REGISTERS.map((category) => ({ action: "WRITE", pathway_id: id, category, decision: "DENY", reason: "ORGANISATION", basis: null })));
        expect(await jobSeekersOf(id)).toBe(0);
      }
      for (const { field, query, categories, input } of recordWrites()) {
        const { audit } = await forbiddenWrite(field, query, input, {}, "ORGANISATION");
        expect(audit, field).toEqual(
          categories.map((category) => ({ action: "WRITE", pathway_id: mine.pathway.id, category, decision: "DENY", reason: "ORGANISATION", basis: null })),
        );
      }
      expect(await jobSeekerRow(mine.jobSeeker.id)).toMatchObject({ skills: mine.jobSeeker.skills, status: mine.jobSeeker.status });
    });

    it("answers unknown, sealed and not-referred pathways alike: same code, reason and message", async () => {
      const cases: [string, Standing | null][] = [
        ["unknown: the gateway obtained no receipt", null],
        ["unknown to the consent authority", { holder: "" , referralPurposes: ["JOB_PLACEMENT"] }],
        ["sealed, though referred", { sealed: true, referralPurposes: ["JOB_PLACEMENT"] }],
        ["not referred", {}],
        ["a referral no longer accepted", { referralAccepted: false, referralPurposes: ["JOB_PLACEMENT"] }],
      ];
      const answers = [];
      for (const [name, standing] of cases) {
        const { response } = await forbiddenWrite("registerJobSeeker", REGISTER, registration(newPathway()), standing, "ORGANISATION");
        answers.push({ name, errors: response.errors });
      }
      for (const answer of answers) expect(answer.errors, answer.name).toEqual(answers[0]!.errors);
      // Sealed: not even the records the job centre keeps itself can be changed.
      for (const { field, query, input } of recordWrites()) {
        const sealed = await forbiddenWrite(field, query, input, { sealed: true, referralPurposes: ["JOB_PLACEMENT"] }, "ORGANISATION");
        const unknown = await forbiddenWrite(field, query, { ...input, pathwayId: newPathway() }, null, "ORGANISATION");
        expect(sealed.response.errors, field).toEqual(unknown.response.errors);
      }
    });

    it("allows a write on a live referral for the declared purpose, audited ALLOW on the REFERRAL basis", async () => {
      const id = newPathway();
      const centro = actors.centro();
      const response = await write(REGISTER, registration(id), centro, { referralPurposes: ["TRAINING", "JOB_PLACEMENT"] });
      expect(response.errors).toBeUndefined();
      expect(response.data.registerJobSeeker).toEqual({ id });
      expect(await jobSeekersOf(id)).toBe(1);
      expect(await h.audit(centro.requestId)).toEqual(
        REGISTERS.map((category) => ({ action: "WRITE", pathway_id: id, category, decision: "ALLOW", reason: null, basis: "REFERRAL" })),
      );
    });

    it("records a caller its role refuses as a DENY/ROLE of every category, never the write decision's ALLOW", async () => {
      // Even on a live referral to its own organisation: the role rule runs first, the write decision never.
      const id = newPathway();
      for (const actor of [actors.centreOperator(), actors.analyst(), actors.dpo()]) {
        const { audit } = await forbiddenWrite("registerJobSeeker", REGISTER, registration(id), referred("JOB_PLACEMENT"), "ROLE", actor);
        expect(audit).toEqual(REGISTERS.map((category) => ({ action: "WRITE", pathway_id: id, category, decision: "DENY", reason: "ROLE", basis: null })));
      }
      // A malformed id is refused alike and recorded nowhere.
      const analyst = actors.analyst();
      await forbiddenWrite("registerJobSeeker", REGISTER, registration("not-a-pathway"), null, "ROLE", analyst);
      expect(await h.audit(analyst.requestId)).toEqual([]);
    });

    it("refuses a write on a referral for another purpose (PURPOSE), writing nothing", async () => {
      const id = newPathway();
      const referredForTraining = await forbiddenWrite("registerJobSeeker", REGISTER, registration(id), referred("TRAINING"), "PURPOSE");
      expect(referredForTraining.audit).toEqual(
        REGISTERS.map((category) => ({ action: "WRITE", pathway_id: id, category, decision: "DENY", reason: "PURPOSE", basis: null })),
      );
      // Referred for job placement, but the counsellor declared another purpose.
      await forbiddenWrite("registerJobSeeker", REGISTER, registration(id), referred("JOB_PLACEMENT"), "PURPOSE", actors.centro("EMPOWERMENT_PLAN"));
      for (const { field, query, input } of recordWrites()) await forbiddenWrite(field, query, input, referred("TRAINING"), "PURPOSE");
      expect(await jobSeekersOf(id)).toBe(0);
    });

    it("refuses a record of another pathway (ORGANISATION) as it refuses an unknown record, whatever referral the write came with", async () => {
      // Her referral to this job centre decides writes about her, not about another woman's records.
      for (const { field, query, input } of recordWrites()) {
        const crossed = await forbiddenWrite(field, query, { ...input, pathwayId: another.pathway.id }, referred("JOB_PLACEMENT"), "ORGANISATION");
        const unknownRecord = {
          ...input,
          ...("id" in input ? { id: UNKNOWN_ID } : {}),
          ...("jobSeekerId" in input ? { jobSeekerId: UNKNOWN_ID } : {}),
          ...("placementId" in input ? { placementId: UNKNOWN_ID } : {}),
        };
        const unknown = await forbiddenWrite(field, query, unknownRecord, referred("JOB_PLACEMENT"), "ORGANISATION");
        expect(crossed.response.errors, field).toEqual(unknown.response.errors);
      }
      expect(await jobSeekerRow(mine.jobSeeker.id)).toMatchObject({ skills: mine.jobSeeker.skills, status: mine.jobSeeker.status });
    });

    it("counts a forged, foreign or unreadable receipt as no receipt", async () => {
      const id = newPathway();
      const none = await forbiddenWrite("registerJobSeeker", REGISTER, registration(id), null, "ORGANISATION");
      const { privateKey } = await generateKeyPair("EdDSA");
      const live = { holder: AURORA, ...referred("JOB_PLACEMENT") };
      // Each made for the actor of the request it is sent with, but for all that not a receipt of that request.
      const receipts: [string, (actor: Actor) => Promise<string>][] = [
        [
          "signed with another key",
          (actor) =>
            signConsentReceipt({ kid: "consent-authority", privateKey }, actor, {
              pathwayId: id,
              holderOrganisationId: AURORA,
              sealed: false,
              referralAccepted: true,
              referralPurposes: ["JOB_PLACEMENT"],
              permitted: {},
              withdrawn: [],
              otherPurposes: [],
            }),
        ],
        ["minted for another request", () => testReceipt(actors.centro(), id, live)],
        ["minted for another job centre", (actor) => testReceipt({ ...actors.rho(), requestId: actor.requestId }, id, live)],
        ["minted for another purpose", (actor) => testReceipt({ ...actor, purpose: "TRAINING" }, id, live)],
        ["minted for another pathway", (actor) => testReceipt(actor, another.pathway.id, live)],
        ["not a token", async () => "not.a.receipt"],
      ];
      for (const [name, mint] of receipts) {
        const actor = actors.centro();
        const receipt = await mint(actor);
        const refused = await forbiddenWrite("registerJobSeeker", REGISTER, registration(id), receipt, "ORGANISATION", actor);
        expect(refused.response.errors, name).toEqual(none.response.errors);
        expect(refused.audit, name).toEqual(
          REGISTERS.map((category) => ({ action: "WRITE", pathway_id: id, category, decision: "DENY", reason: "ORGANISATION", basis: null })),
        );
      }
      // A receipts header that is no map of receipts at all, bound into a valid assertion.
      const variables = { input: registration(id) };
      const garbage = Buffer.from("not json").toString("base64url");
      const actor = actors.centro();
      const token = await signActorAssertion(await loadSigningKey(GATEWAY_KEY_NAME), actor, "employment", { query: REGISTER, variables, receipts: garbage });
      const before = await tableCounts(h.db);
      const unreadable = await postGraphQL(h.url, REGISTER, variables, { [ACTOR_ASSERTION_HEADER]: token, [CONSENT_RECEIPTS_HEADER]: garbage });
      expect(unreadable.errors).toEqual(none.response.errors);
      expect(await tableCounts(h.db)).toEqual(before);
      expect(await jobSeekersOf(id)).toBe(0);
    });
  });

  it("pages the employers' directory through cursors", async () => {
    const first = await h.as(actors.analyst()).query(`{ employers(first: 4) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`);
    const next = await h.as(actors.analyst()).query(`query($a: String) { employers(first: 100, after: $a) { nodes { id } pageInfo { hasNextPage } } }`, {
      a: first.data.employers.pageInfo.endCursor,
    });
    const ids = [...first.data.employers.nodes, ...next.data.employers.nodes].map((n: { id: string }) => n.id);
    expect(new Set(ids).size).toBe(first.data.employers.totalCount);
    expect(next.data.employers.pageInfo.hasNextPage).toBe(false);
    expect(codeOf(await h.as(actors.analyst()).query(`{ employers(after: "not-a-cursor") { totalCount } }`))).toBe("BAD_USER_INPUT");
    expect(codeOf(await h.as(actors.analyst()).query(`{ employers(first: 1000) { totalCount } }`))).toBe("BAD_USER_INPUT");
  });
});
