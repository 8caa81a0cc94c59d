import type { IndicatorDefinition, IndicatorEvent, IndicatorSection, SectionInput } from "@percorsi/kit/author";

// The job centres' work with women: registrations, placements and whether the jobs last. Every
// event belongs to the job centre she is registered with (job_seekers.job_centre_id) and counts
// only when her pathway is in the reporting cohort (her reporting consent).

const SECTION = "employment";
const SOURCE = "employment";
const CONSENT = "Only pathways whose woman granted reporting consent count.";

export const EMPLOYMENT_INDICATORS = {
  registered: "employment.job_seekers_registered",
  afterReferral: "employment.registrations_after_referral",
  medianReferralToRegistration: "employment.median_days_referral_to_registration",
  placements: "employment.placements",
  within6: "employment.placements_within_6_months_of_plan",
  within12: "employment.placements_within_12_months_of_plan",
  quality: "employment.quality_placements",
  qualityShare: "employment.quality_placements_share",
  checks: (months: RetentionMonths) => `employment.retention_checks_${months}_months`,
  stillEmployed: (months: RetentionMonths) => `employment.retention_still_employed_${months}_months`,
  retention: (months: RetentionMonths) => `employment.retention_${months}_months`,
} as const;

const RETENTION_MONTHS = [3, 6, 12] as const;
type RetentionMonths = (typeof RETENTION_MONTHS)[number];

const ids = EMPLOYMENT_INDICATORS;

const retentionDefinitions = RETENTION_MONTHS.flatMap((months): IndicatorDefinition[] => [
  {
    id: ids.checks(months),
    section: SECTION,
    kind: "COUNT",
    unit: "COUNT",
    title: `Retention checks at ${months} months`,
    numerator: `Retention checks made ${months} months after the start of a placement.`,
    dateRule: "The day of the check (checked_on).",
    source: SOURCE,
    notes: `${CONSENT} The denominator of the ${months}-month retention rate.`,
    hidden: true,
  },
  {
    id: ids.stillEmployed(months),
    section: SECTION,
    kind: "COUNT",
    unit: "COUNT",
    title: `Still employed at ${months} months`,
    numerator: `Retention checks at ${months} months that found her still employed.`,
    dateRule: "The day of the check (checked_on).",
    source: SOURCE,
    notes: `${CONSENT} The numerator of the ${months}-month retention rate.`,
    hidden: true,
  },
  {
    id: ids.retention(months),
    section: SECTION,
    kind: "RATE",
    unit: "PERCENT",
    title: `Retention at ${months} months`,
    numerator: `Retention checks at ${months} months after the start of a placement that found her still employed.`,
    denominator: `Retention checks at ${months} months after the start of a placement.`,
    dateRule: "The day of the check (checked_on).",
    source: SOURCE,
    notes: `${CONSENT} A placement without a check at ${months} months is in neither count: the rate is over the checks made, not over every placement.`,
    rate: { numerator: ids.stillEmployed(months), denominator: ids.checks(months) },
  },
]);

export const EMPLOYMENT_DEFINITIONS: readonly IndicatorDefinition[] = [
  {
    id: ids.registered,
    section: SECTION,
    kind: "COUNT",
    unit: "COUNT",
    title: "Job seekers registered",
    numerator: "Registrations of women with a job centre.",
    dateRule: "The day of registration (registered_on).",
    source: SOURCE,
    notes: `${CONSENT} A woman registered again after a closed registration counts once per registration.`,
  },
  {
    id: ids.afterReferral,
    section: SECTION,
    kind: "COUNT",
    unit: "COUNT",
    title: "Registrations following a referral",
    numerator:
      "Registrations with a job centre that the woman's case-holder had referred her to, the referral sent on or before the day of registration.",
    dateRule: "The day of registration (registered_on).",
    source: SOURCE,
    notes: `${CONSENT} The values of the median days from referral to registration are these registrations.`,
  },
  {
    id: ids.medianReferralToRegistration,
    section: SECTION,
    kind: "MEDIAN",
    unit: "DAYS",
    title: "Median days from referral to registration",
    numerator:
      "For each registration following a referral: the days from the latest referral of her pathway to that job centre sent on or before the day of registration, to the day of registration.",
    dateRule: "The day of registration (registered_on).",
    source: SOURCE,
    notes: `${CONSENT} Referrals are the case-holders' (the reporting cohort's), whether or not yet accepted; a registration with no earlier referral to that job centre has no value.`,
    median: { countOf: ids.afterReferral },
  },
  {
    id: ids.placements,
    section: SECTION,
    kind: "COUNT",
    unit: "COUNT",
    title: "Placements",
    numerator: "Job placements (a woman starting a job through the job centre), whatever the contract.",
    dateRule: "The first day of work (start_on).",
    source: SOURCE,
    notes: `${CONSENT} The placement belongs to the job centre she is registered with.`,
  },
  {
    id: ids.within6,
    section: SECTION,
    kind: "COUNT",
    unit: "COUNT",
    title: "Placements within 6 months of the plan",
    numerator:
      "Placements starting on or after the day her empowerment plan was signed and at most 6 calendar months after it (the same day of the month, or the month's last day).",
    dateRule: "The first day of work (start_on).",
    source: SOURCE,
    notes: `${CONSENT} The plan's signature comes from the case-holder (the reporting cohort); a placement of a pathway without a signed plan, or starting before it, is not counted.`,
  },
  {
    id: ids.within12,
    section: SECTION,
    kind: "COUNT",
    unit: "COUNT",
    title: "Placements within 12 months of the plan",
    numerator:
      "Placements starting on or after the day her empowerment plan was signed and at most 12 calendar months after it (the same day of the month, or the month's last day).",
    dateRule: "The first day of work (start_on).",
    source: SOURCE,
    notes: `${CONSENT} Includes the placements within 6 months. A placement of a pathway without a signed plan, or starting before it, is not counted.`,
  },
  {
    id: ids.quality,
    section: SECTION,
    kind: "COUNT",
    unit: "COUNT",
    title: "Quality placements",
    numerator:
      "Placements on a permanent contract, or on a fixed-term contract whose planned end is at least 6 calendar months after its start.",
    dateRule: "The first day of work (start_on).",
    source: SOURCE,
    notes: `${CONSENT} Apprenticeships, traineeships and fixed-term contracts without a planned end are not counted.`,
  },
  {
    id: ids.qualityShare,
    section: SECTION,
    kind: "RATE",
    unit: "PERCENT",
    title: "Share of quality placements",
    numerator:
      "Placements on a permanent contract, or on a fixed-term contract whose planned end is at least 6 calendar months after its start.",
    denominator: "Placements, whatever the contract.",
    dateRule: "The first day of work (start_on).",
    source: SOURCE,
    notes: CONSENT,
    rate: { numerator: ids.quality, denominator: ids.placements },
  },
  ...retentionDefinitions,
];

interface RegistrationRow {
  pathway_id: string;
  organisation_id: string;
  day: string;
  days_since_referral: number | null;
}

interface PlacementRow {
  pathway_id: string;
  organisation_id: string;
  day: string;
  within_6: boolean;
  within_12: boolean;
  quality: boolean;
}

interface CheckRow {
  pathway_id: string;
  organisation_id: string;
  day: string;
  months: number;
  still_employed: boolean;
}

/** Registrations, each with the days since the latest referral to that job centre sent on or before it (null when none). */
const REGISTRATIONS = `
  with referral as (select * from unnest($4::uuid[], $5::text[], $6::date[]) as r(pathway_id, to_id, sent_on))
  select js.pathway_id::text, js.job_centre_id as organisation_id, js.registered_on as day, js.registered_on - max(r.sent_on) as days_since_referral
  from job_seekers js
  left join referral r on r.pathway_id = js.pathway_id and r.to_id = js.job_centre_id and r.sent_on <= js.registered_on
  where js.pathway_id = any($1::uuid[]) and extract(year from js.registered_on)::int = any($2::int[]) and js.job_centre_id = any($3::text[])
  group by js.id`;

/** Placements with their tests; "within N months" uses PostgreSQL's calendar-month arithmetic (31 Aug + 6 months = 28/29 Feb). */
const PLACEMENTS = `
  with cohort as (select * from unnest($1::uuid[], $4::date[]) as c(pathway_id, plan_signed_on))
  select js.pathway_id::text, js.job_centre_id as organisation_id, p.start_on as day,
    coalesce(p.start_on >= c.plan_signed_on and p.start_on <= (c.plan_signed_on + interval '6 months')::date, false) as within_6,
    coalesce(p.start_on >= c.plan_signed_on and p.start_on <= (c.plan_signed_on + interval '12 months')::date, false) as within_12,
    coalesce(p.contract_type = 'PERMANENT'
      or (p.contract_type = 'FIXED_TERM' and p.end_on >= (p.start_on + interval '6 months')::date), false) as quality
  from placements p
  join job_seekers js on js.id = p.job_seeker_id
  join cohort c on c.pathway_id = js.pathway_id
  where extract(year from p.start_on)::int = any($2::int[]) and js.job_centre_id = any($3::text[])`;

const CHECKS = `
  select js.pathway_id::text, js.job_centre_id as organisation_id, rc.checked_on as day, rc.months_after_start as months, rc.still_employed
  from retention_checks rc
  join placements p on p.id = rc.placement_id
  join job_seekers js on js.id = p.job_seeker_id
  where js.pathway_id = any($1::uuid[]) and extract(year from rc.checked_on)::int = any($2::int[]) and js.job_centre_id = any($3::text[])`;

/** Three statements, whatever the size of the cohort. */
async function employmentEvents({ db, cohort, years, organisations }: SectionInput): Promise<IndicatorEvent[]> {
  const pathwayIds = cohort.pathways.map((p) => p.id);
  const organisationIds = organisations.map((o) => o.id);
  const jobCentres = new Set(organisationIds);
  const referrals = cohort.pathways.flatMap((p) => (p.referrals ?? []).filter((r) => jobCentres.has(r.to)).map((r) => ({ pathwayId: p.id, ...r })));
  const scope = [pathwayIds, [...years], organisationIds];
  const [registrations, placements, checks] = await Promise.all([
    db.query<RegistrationRow>(REGISTRATIONS, [...scope, referrals.map((r) => r.pathwayId), referrals.map((r) => r.to), referrals.map((r) => r.sentOn)]),
    db.query<PlacementRow>(PLACEMENTS, [...scope, cohort.pathways.map((p) => p.planSignedOn ?? null)]),
    db.query<CheckRow>(CHECKS, scope),
  ]);

  const events: IndicatorEvent[] = [];
  const at = (indicator: string, row: { pathway_id: string; organisation_id: string; day: string }, value?: number) =>
    events.push({ indicator, on: row.day, organisationId: row.organisation_id, pathwayId: row.pathway_id, ...(value === undefined ? {} : { value }) });
  for (const row of registrations) {
    at(ids.registered, row);
    if (row.days_since_referral === null) continue;
    at(ids.afterReferral, row);
    at(ids.medianReferralToRegistration, row, Number(row.days_since_referral));
  }
  for (const row of placements) {
    at(ids.placements, row);
    if (row.within_6) at(ids.within6, row);
    if (row.within_12) at(ids.within12, row);
    if (row.quality) at(ids.quality, row);
  }
  for (const row of checks) {
    const months = row.months as RetentionMonths;
    at(ids.checks(months), row);
    if (row.still_employed) at(ids.stillEmployed(months), row);
  }
  return events;
}

export const employmentSection: IndicatorSection = {
  name: SECTION,
  description: "Job centres: women registered, placed in work, and still employed months later.",
  organisationTypes: ["JOB_CENTRE"],
  definitions: EMPLOYMENT_DEFINITIONS,
  cohortAttributes: ["planSignedOn", "referralsSentOn"],
  events: employmentEvents,
};
