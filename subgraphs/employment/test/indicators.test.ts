import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, type CohortPathway, type Database, type IndicatorEvent, type IndicatorSection, type ReportOrganisation, type ReportingCohort } from "@percorsi/kit/author";
import { testBackends } from "@percorsi/kit/testing";
import { EMPLOYMENT_OUTCOMES, EMPLOYMENT_SECTIONS, employersSection, employmentOutcomesSection, employmentSection } from "../src/modules/indicators/index.js";
import { CENTRO, RHO } from "./fixtures.js";

const MIGRATIONS = fileURLToPath(new URL("../migrations", import.meta.url));
const ELSEWHERE = "cpi-altrove"; // a job centre the section is not asked about

const jobCentres: ReportOrganisation[] = [
  { id: CENTRO, type: "JOB_CENTRE", operators: 20 },
  { id: RHO, type: "JOB_CENTRE", operators: 12 },
];

const [P1, P2, P3, P4, P5, P6, OUTSIDE] = Array.from({ length: 7 }, () => randomUUID()) as [string, string, string, string, string, string, string];

/** What the consent authority signs of each pathway with reporting consent (OUTSIDE has none). */
const PATHWAYS: CohortPathway[] = [
  {
    id: P1,
    recordKey: 1,
    // Placed on 28 Feb 2025: the last day of 6 months after 31 Aug 2024.
    openedOn: "2024-08-31",
    planSignedOn: "2024-08-31",
    referrals: [
      { to: CENTRO, sentOn: "2024-08-01" },
      { to: CENTRO, sentOn: "2024-09-01" },
      // To another job centre, and after her registration: neither is her referral to this one.
      { to: RHO, sentOn: "2024-09-05" },
      { to: CENTRO, sentOn: "2024-09-20" },
    ],
  },
  { id: P2, recordKey: 1, openedOn: "2025-01-15", planSignedOn: "2025-03-15", referrals: [{ to: RHO, sentOn: "2025-01-20" }] },
  // Registered exactly 12 months after intake, placed a month later.
  { id: P3, recordKey: 1, openedOn: "2024-03-01", planSignedOn: null, referrals: [] },
  { id: P4, recordKey: 1, openedOn: "2023-11-20", planSignedOn: "2023-11-01", referrals: [] },
  // Referred and registered the same day: zero days.
  { id: P5, recordKey: 1, openedOn: "2025-05-01", planSignedOn: null, referrals: [{ to: CENTRO, sentOn: "2025-04-30" }] },
  { id: P6, recordKey: 1, openedOn: "2025-01-01", planSignedOn: null, referrals: [{ to: ELSEWHERE, sentOn: "2025-01-01" }] },
];
const cohortOf = (pathways: readonly CohortPathway[]): ReportingCohort => ({ organisations: jobCentres, pathways: [...pathways], threshold: 10 });
const COHORT = cohortOf(PATHWAYS);

/** Her pathway (for the cell key) must be one of the cohort's; compared without it. */
const sorted = (events: readonly IndicatorEvent[]) =>
  events.map(({ pathwayId, ...event }) => {
    if (pathwayId !== undefined) expect(PATHWAYS.map((p) => p.id)).toContain(pathwayId);
    return event;
  }).sort((a, b) => `${a.indicator} ${a.on} ${a.organisationId}`.localeCompare(`${b.indicator} ${b.on} ${b.organisationId}`));
const ev = (indicator: string, on: string, organisationId: string, value?: number): IndicatorEvent =>
  value === undefined ? { indicator, on, organisationId } : { indicator, on, organisationId, value };
const C = CENTRO;
const R = RHO;

describe.each(testBackends())("employment indicator sections on $name", (backend) => {
  let db: Database;

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db, MIGRATIONS);
    const employer = async (jobCentreId: string, committedOn: string | null) => {
      const id = randomUUID();
      await db.query(
        "insert into employers (id, job_centre_id, name, sector, district, safe_workplace_commitment_signed_on) values ($1, $2, 'Impresa', 'Retail', 'Municipio 2', $3)",
        [id, jobCentreId, committedOn],
      );
      return id;
    };
    const e1 = await employer(C, "2025-03-03");
    const e2 = await employer(R, "2024-10-10");
    const e3 = await employer(C, null);
    const e4 = await employer(R, "2023-05-05");
    await employer(ELSEWHERE, "2025-01-01");
    const campaign = async (jobCentreId: string, startedOn: string, employers: string[]) => {
      const id = randomUUID();
      await db.query("insert into campaigns (id, job_centre_id, title, topic, started_on) values ($1, $2, 'Luoghi sicuri', 'SAFE_WORKPLACE', $3)", [id, jobCentreId, startedOn]);
      for (const e of employers) await db.query("insert into campaign_employers (campaign_id, employer_id) values ($1, $2)", [id, e]);
    };
    await campaign(C, "2025-04-01", [e1, e2, e3]);
    await campaign(R, "2024-11-11", [e2, e4]);
    await campaign(C, "2023-10-01", [e1]);
    await campaign(C, "2025-06-01", [e1]);
    await campaign(ELSEWHERE, "2025-06-01", [e1]);

    const register = async (pathwayId: string, jobCentreId: string, registeredOn: string) => {
      const id = randomUUID();
      await db.query(
        "insert into job_seekers (id, pathway_id, job_centre_id, counsellor_id, registered_on, availability, status) values ($1, $2, $3, 'op-counsellor', $4, 'FULL_TIME', 'ACTIVE_SEARCH')",
        [id, pathwayId, jobCentreId, registeredOn],
      );
      return id;
    };
    const js1 = await register(P1, C, "2024-09-10");
    const js2 = await register(P2, R, "2025-02-04");
    const js3 = await register(P3, C, "2025-03-01");
    const js4 = await register(P4, R, "2023-12-01");
    await register(P5, C, "2025-04-30");
    const js6 = await register(P6, ELSEWHERE, "2025-01-10");
    const jsOut = await register(OUTSIDE, C, "2025-01-05");

    const place = async (jobSeekerId: string, contract: string, startOn: string, endOn: string | null = null) => {
      const id = randomUUID();
      await db.query(
        "insert into placements (id, job_seeker_id, employer_id, occupation, contract_type, weekly_hours, start_on, end_on, recorded_by) values ($1, $2, $3, 'Shop assistant', $4, 30, $5, $6, 'op')",
        [id, jobSeekerId, e1, contract, startOn, endOn],
      );
      return id;
    };
    // Plan signed 31 Aug 2024: six calendar months later is 28 Feb 2025 (the month's last day).
    const pl1 = await place(js1, "PERMANENT", "2025-02-28");
    // Fixed term of exactly 6 months: quality; a day past the 6 months of the plan.
    const pl2 = await place(js1, "FIXED_TERM", "2025-03-01", "2025-09-01");
    // Before her plan (15 Mar 2025); fixed term a day short of 6 months.
    const pl3 = await place(js2, "FIXED_TERM", "2025-03-10", "2025-09-09");
    // 8 months after the plan; an apprenticeship is not a quality contract, however long.
    await place(js2, "APPRENTICESHIP", "2025-11-20", "2026-11-20");
    // No plan at all.
    await place(js3, "PERMANENT", "2025-04-01");
    // Plan 1 Nov 2023: within 12 months, not 6; fixed term without a planned end.
    const pl6 = await place(js4, "FIXED_TERM", "2024-06-01");
    // In a year not asked (its check a year later is).
    const pl8 = await place(js4, "PERMANENT", "2023-12-15");
    await place(js6, "PERMANENT", "2025-02-01");
    const plOut = await place(jsOut, "PERMANENT", "2025-02-01");

    const check = (placementId: string, months: number, checkedOn: string, stillEmployed: boolean) =>
      db.query(
        "insert into retention_checks (id, placement_id, months_after_start, checked_on, still_employed, recorded_by) values ($1, $2, $3, $4, $5, 'op')",
        [randomUUID(), placementId, months, checkedOn, stillEmployed],
      );
    await check(pl1, 3, "2025-05-28", true);
    await check(pl1, 6, "2025-08-28", false);
    await check(pl2, 3, "2025-06-02", true);
    await check(pl3, 3, "2025-06-10", false);
    await check(pl3, 6, "2025-09-10", true);
    await check(pl3, 12, "2026-03-10", true);
    await check(pl6, 12, "2025-06-01", true);
    await check(pl8, 12, "2024-12-15", true);
    await check(plOut, 3, "2025-05-01", true);
  });
  afterAll(() => db.close());

  const eventsOf = (section: IndicatorSection, years: number[], cohort = COHORT) => section.events({ db, cohort, years, organisations: jobCentres });
  const of = (events: readonly IndicatorEvent[], indicator: string) => sorted(events.filter((e) => e.indicator === indicator));

  it("lists its three sections, every definition in its own section, every rate and median on counts of that section", () => {
    expect(EMPLOYMENT_SECTIONS.map((s) => [s.name, s.organisationTypes])).toEqual([
      ["employment", ["JOB_CENTRE"]],
      ["employmentOutcomes", ["JOB_CENTRE"]],
      ["employers", ["JOB_CENTRE"]],
    ]);
    for (const section of EMPLOYMENT_SECTIONS) {
      const counts = new Set(section.definitions.filter((d) => d.kind === "COUNT").map((d) => d.id));
      for (const d of section.definitions) {
        // employmentOutcomes' ids are employment_outcomes.*: the field's name in snake_case.
        expect(d.id.startsWith(`${section.name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)}.`)).toBe(true);
        expect(d.section).toBe(section.name);
        expect(d.unit).toBe({ COUNT: "COUNT", RATE: "PERCENT", MEDIAN: "DAYS" }[d.kind]);
        if (d.kind === "RATE") {
          expect(d.denominator).toBeTruthy();
          expect(counts.has(d.rate!.numerator)).toBe(true);
          if ("denominator" in d.rate!) expect(counts.has(d.rate.denominator)).toBe(true);
        }
        if (d.kind === "MEDIAN") expect(counts.has(d.median!.countOf)).toBe(true);
      }
    }
  });

  it("employment: every event of the cohort in the years asked, at her job centre, on its date rule", async () => {
    const events = await eventsOf(employmentSection, [2024, 2025]);
    expect(of(events, "employment.job_seekers_registered")).toEqual(
      sorted([ev("employment.job_seekers_registered", "2024-09-10", C), ev("employment.job_seekers_registered", "2025-02-04", R), ev("employment.job_seekers_registered", "2025-03-01", C), ev("employment.job_seekers_registered", "2025-04-30", C)]),
    );
    // The latest referral to that job centre sent on or before registration: 9, 15 and 0 days.
    expect(of(events, "employment.registrations_after_referral")).toEqual(
      sorted([ev("employment.registrations_after_referral", "2024-09-10", C), ev("employment.registrations_after_referral", "2025-02-04", R), ev("employment.registrations_after_referral", "2025-04-30", C)]),
    );
    expect(of(events, "employment.median_days_referral_to_registration")).toEqual(
      sorted([
        ev("employment.median_days_referral_to_registration", "2024-09-10", C, 9),
        ev("employment.median_days_referral_to_registration", "2025-02-04", R, 15),
        ev("employment.median_days_referral_to_registration", "2025-04-30", C, 0),
      ]),
    );
    const placements = ["2025-02-28 C", "2025-03-01 C", "2025-03-10 R", "2025-11-20 R", "2025-04-01 C", "2024-06-01 R"];
    const expectDays = (indicator: string, days: string[]) =>
      expect(of(events, indicator)).toEqual(sorted(days.map((d) => ev(indicator, d.slice(0, 10), d.endsWith("C") ? C : R))));
    expectDays("employment.placements", placements);
    expectDays("employment.placements_within_6_months_of_plan", ["2025-02-28 C"]);
    expectDays("employment.placements_within_12_months_of_plan", ["2025-02-28 C", "2025-03-01 C", "2025-11-20 R", "2024-06-01 R"]);
    expectDays("employment.quality_placements", ["2025-02-28 C", "2025-03-01 C", "2025-04-01 C"]);
    expectDays("employment.retention_checks_3_months", ["2025-05-28 C", "2025-06-02 C", "2025-06-10 R"]);
    expectDays("employment.retention_still_employed_3_months", ["2025-05-28 C", "2025-06-02 C"]);
    expectDays("employment.retention_checks_6_months", ["2025-08-28 C", "2025-09-10 R"]);
    expectDays("employment.retention_still_employed_6_months", ["2025-09-10 R"]);
    // A check is dated at the check: the 2023 placement's 12-month check counts in 2024.
    expectDays("employment.retention_checks_12_months", ["2025-06-01 R", "2024-12-15 R"]);
    expectDays("employment.retention_still_employed_12_months", ["2025-06-01 R", "2024-12-15 R"]);
    // Nothing else: no rate or hidden id of its own, no job centre outside the section, no value but the medians'.
    expect(events).toHaveLength(4 + 3 + 3 + 6 + 1 + 4 + 3 + 3 + 2 + 2 + 1 + 2 + 2);
    expect(new Set(events.map((e) => e.organisationId))).toEqual(new Set([C, R]));
    expect(events.filter((e) => e.value !== undefined).every((e) => e.indicator === "employment.median_days_referral_to_registration")).toBe(true);
  });

  it("employment: a year not asked gives nothing of it, and the years asked nothing else", async () => {
    const y2026 = await eventsOf(employmentSection, [2026]);
    expect(sorted(y2026)).toEqual(sorted([ev("employment.retention_checks_12_months", "2026-03-10", R), ev("employment.retention_still_employed_12_months", "2026-03-10", R)]));
    const y2024 = await eventsOf(employmentSection, [2024]);
    expect(y2024.every((e) => e.on.startsWith("2024-"))).toBe(true);
    expect(y2024.map((e) => e.indicator).sort()).toEqual(
      [
        "employment.job_seekers_registered",
        "employment.median_days_referral_to_registration",
        "employment.placements",
        "employment.placements_within_12_months_of_plan",
        "employment.registrations_after_referral",
        "employment.retention_checks_12_months",
        "employment.retention_still_employed_12_months",
      ].sort(),
    );
  });

  it("employment: only the cohort counts; her plan and referrals come from the cohort", async () => {
    const all = await eventsOf(employmentSection, [2023, 2024, 2025, 2026]);
    // OUTSIDE registered on 5 Jan 2025, was placed on 1 Feb 2025 and checked on 1 May 2025.
    expect(all.some((e) => ["2025-01-05", "2025-02-01", "2025-05-01"].includes(e.on))).toBe(false);
    const withoutP1 = await eventsOf(employmentSection, [2024, 2025], cohortOf(PATHWAYS.filter((p) => p.id !== P1)));
    expect(withoutP1.some((e) => ["2024-09-10", "2025-02-28", "2025-05-28", "2025-08-28", "2025-06-02"].includes(e.on))).toBe(false);
    // Her registration (3 events), two placements (4 + 3) and three checks (2 + 1 + 2) are gone; P3's registration on 1 Mar stays.
    expect(withoutP1).toHaveLength((await eventsOf(employmentSection, [2024, 2025])).length - 15);
    expect(withoutP1.filter((e) => e.on === "2025-03-01").map((e) => e.indicator)).toEqual(["employment.job_seekers_registered"]);
    expect(await eventsOf(employmentSection, [2024, 2025], cohortOf([]))).toEqual([]);
    // Without the plan's date, no placement is "within" it; without the referral, no median value.
    const bare = await eventsOf(employmentSection, [2024, 2025], cohortOf(PATHWAYS.map((p) => ({ ...p, planSignedOn: null, referrals: [] }))));
    expect(bare.filter((e) => e.indicator.includes("within") || e.indicator.includes("referral"))).toEqual([]);
    expect(bare.filter((e) => e.indicator === "employment.placements")).toHaveLength(6);
  });

  it("employers: campaigns' reach at the campaign's job centre and start, commitments at the employer's job centre, whoever is in the cohort", async () => {
    const events = await eventsOf(employersSection, [2024, 2025], cohortOf([]));
    expect(sorted(events)).toEqual(
      sorted([
        ev("employers.reached_by_campaigns", "2025-04-01", C),
        ev("employers.reached_by_campaigns", "2025-04-01", C),
        ev("employers.reached_by_campaigns", "2025-04-01", C),
        ev("employers.reached_by_campaigns", "2024-11-11", R),
        ev("employers.reached_by_campaigns", "2024-11-11", R),
        // The same employer reached again by another campaign counts again.
        ev("employers.reached_by_campaigns", "2025-06-01", C),
        ev("employers.safe_workplace_commitments", "2025-03-03", C),
        ev("employers.safe_workplace_commitments", "2024-10-10", R),
      ]),
    );
    expect(await eventsOf(employersSection, [2023])).toEqual(
      expect.arrayContaining([ev("employers.reached_by_campaigns", "2023-10-01", C), ev("employers.safe_workplace_commitments", "2023-05-05", R)]),
    );
    expect(await eventsOf(employersSection, [2023])).toHaveLength(2);
  });

  it("employmentOutcomes: each step once per woman, within its horizon, at the job centre, dated by her intake day", async () => {
    const events = await eventsOf(employmentOutcomesSection, [2023, 2024, 2025]);
    const o = EMPLOYMENT_OUTCOMES;
    // P3 registered 12 months to the day after intake (in), placed a month later (out); P5 registered
    // before her intake; P6 at a job centre not asked about; OUTSIDE has no reporting consent.
    expect(of(events, o.registered)).toEqual([ev(o.registered, "2023-11-20", R), ev(o.registered, "2024-03-01", C), ev(o.registered, "2024-08-31", C), ev(o.registered, "2025-01-15", R)]);
    // P1 placed on the horizon's last day (31 Aug + 6 months = 28 Feb); P4 twice, counted once.
    const placed = (indicator: string) => [ev(indicator, "2023-11-20", R), ev(indicator, "2024-08-31", C), ev(indicator, "2025-01-15", R)];
    expect(of(events, o.placed6)).toEqual(placed(o.placed6));
    expect(of(events, o.placed12)).toEqual(placed(o.placed12));
    // Still employed at the check N months after a placement within 12 months: P1's first job at 3 months (not 6);
    // P2's first job not at 3 months, but at 6 and 12; P4's at 12 (both her jobs: once). The apprenticeship has no check.
    expect(of(events, o.kept(3))).toEqual([ev(o.kept(3), "2024-08-31", C)]);
    expect(of(events, o.kept(6))).toEqual([ev(o.kept(6), "2025-01-15", R)]);
    expect(of(events, o.kept(12))).toEqual([ev(o.kept(12), "2023-11-20", R), ev(o.kept(12), "2025-01-15", R)]);
    // Only the women whose intake is in the years read, whatever year the step fell in.
    const of2024 = await eventsOf(employmentOutcomesSection, [2024]);
    expect(sorted(of2024)).toEqual(sorted(events.filter((e) => e.on.startsWith("2024"))));
    expect(of(of2024, o.placed12)).toEqual([ev(o.placed12, "2024-08-31", C)]);
  });

  it("reads in a constant number of statements, whatever the size of the cohort", async () => {
    const cost = async (section: IndicatorSection, cohort: ReportingCohort) => {
      const before = db.roundTrips;
      await eventsOf(section, [2024, 2025], cohort);
      return db.roundTrips - before;
    };
    const more = Array.from({ length: 24 }, (_, n): CohortPathway => ({
      id: randomUUID(),
      recordKey: n,
      openedOn: "2024-01-01",
      planSignedOn: "2024-01-01",
      referrals: [{ to: n % 2 ? C : R, sentOn: "2024-01-02" }],
    }));
    const small = cohortOf(PATHWAYS.slice(0, 3));
    const large = cohortOf([...PATHWAYS, ...more]);
    expect(large.pathways).toHaveLength(30);
    expect(await cost(employmentSection, small)).toBe(3);
    expect(await cost(employmentSection, large)).toBe(3);
    expect(await cost(employmentOutcomesSection, small)).toBe(2);
    expect(await cost(employmentOutcomesSection, large)).toBe(2);
    expect(await cost(employersSection, small)).toBe(2);
    expect(await cost(employersSection, large)).toBe(2);
  });
});
