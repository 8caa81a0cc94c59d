import { firstPerWoman, intakeCohort, type IndicatorDefinition, type IndicatorEvent, type IndicatorSection, type SectionInput } from "@percorsi/kit/author";

// Outcomes by intake cohort at the job centres: of the women whose pathway opened in a period
// (her intake day, from the consent authority's cohort), how many registered, were placed, and
// kept the job. Every event is dated by HER INTAKE DAY, one per woman per step, and belongs to
// the job centre where she reached the step.

const SECTION = "employmentOutcomes";
const SOURCE = "employment";

const KEPT_MONTHS = [3, 6, 12] as const;
type KeptMonths = (typeof KEPT_MONTHS)[number];

export const EMPLOYMENT_OUTCOMES = {
  registered: "employment_outcomes.registered_within_12_months",
  placed6: "employment_outcomes.placed_within_6_months",
  placed12: "employment_outcomes.placed_within_12_months",
  kept: (months: KeptMonths) => `employment_outcomes.kept_${months}_months`,
} as const;

const ids = EMPLOYMENT_OUTCOMES;
const INTAKE_DAY = "Her intake day (the day her pathway was opened, as the consent authority gives it), not the day of the step.";
const CONSENT = "Only pathways whose woman granted reporting consent count.";
const WINDOW = (months: number) =>
  `A step counts when it happened on or after her intake day and at most ${months} calendar months after it (the same day of the month, or the month's last day). Each woman counts once, at the job centre where she first reached the step.`;
const FOLLOW_UP = (months: number) => `A period's cells are FOLLOW_UP_OPEN until ${months} months have passed since the period's last day.`;

const keptDefinitions = KEPT_MONTHS.map(
  (months): IndicatorDefinition => ({
    id: ids.kept(months),
    section: SECTION,
    kind: "COUNT",
    unit: "COUNT",
    title: `Of them, placed within 12 months and still employed ${months} months later`,
    numerator: `Women of the intake cohort placed within 12 months of intake in a job whose retention check at ${months} months after its start found her still employed.`,
    dateRule: INTAKE_DAY,
    source: SOURCE,
    followUpMonths: 12 + months,
    notes: `${CONSENT} Retention as the employment section counts it: a retention check made ${months} months after the start of the placement that found her still employed; a placement without that check does not count. ${WINDOW(12)} ${FOLLOW_UP(12 + months)}`,
  }),
);

export const EMPLOYMENT_OUTCOMES_DEFINITIONS: readonly IndicatorDefinition[] = [
  {
    id: ids.registered,
    section: SECTION,
    kind: "COUNT",
    unit: "COUNT",
    title: "Of them, registered with a job centre within 12 months",
    numerator: "Women of the intake cohort registered with a job centre within 12 months of intake.",
    dateRule: INTAKE_DAY,
    source: SOURCE,
    followUpMonths: 12,
    notes: `${CONSENT} The day of registration. ${WINDOW(12)} ${FOLLOW_UP(12)}`,
  },
  {
    id: ids.placed6,
    section: SECTION,
    kind: "COUNT",
    unit: "COUNT",
    title: "Of them, placed in work within 6 months",
    numerator: "Women of the intake cohort with a job placement starting within 6 months of intake, whatever the contract.",
    dateRule: INTAKE_DAY,
    source: SOURCE,
    followUpMonths: 6,
    notes: `${CONSENT} The first day of work. ${WINDOW(6)} ${FOLLOW_UP(6)}`,
  },
  {
    id: ids.placed12,
    section: SECTION,
    kind: "COUNT",
    unit: "COUNT",
    title: "Of them, placed in work within 12 months",
    numerator: "Women of the intake cohort with a job placement starting within 12 months of intake, whatever the contract.",
    dateRule: INTAKE_DAY,
    source: SOURCE,
    followUpMonths: 12,
    notes: `${CONSENT} The first day of work; includes those placed within 6 months. ${WINDOW(12)} ${FOLLOW_UP(12)}`,
  },
  ...keptDefinitions,
];

interface RegistrationRow {
  pathway_id: string;
  organisation_id: string;
  opened_on: string;
  registered_on: string;
}

interface PlacementRow {
  pathway_id: string;
  organisation_id: string;
  opened_on: string;
  start_on: string;
  within_6: boolean;
  kept_3: boolean;
  kept_6: boolean;
  kept_12: boolean;
}

/** $1 her pathway, $2 her intake day (the cohort's women with intake in the years read), $3 the job centres. */
const INTAKE = `with intake as (select * from unnest($1::uuid[], $2::date[]) as c(pathway_id, opened_on))`;
const within = (column: string, months: number) => `${column} >= c.opened_on and ${column} <= (c.opened_on + interval '${months} months')::date`;

const REGISTRATIONS = `${INTAKE}
  select js.pathway_id::text, js.job_centre_id as organisation_id, c.opened_on, js.registered_on
  from job_seekers js join intake c on c.pathway_id = js.pathway_id
  where js.job_centre_id = any($3::text[]) and ${within("js.registered_on", 12)}
  order by js.pathway_id, js.registered_on, js.id`;

/** Placements within 12 months of intake, each with its retention checks' findings (the employment section's rule). */
const PLACEMENTS = `${INTAKE}
  select js.pathway_id::text, js.job_centre_id as organisation_id, c.opened_on, p.start_on,
    p.start_on <= (c.opened_on + interval '6 months')::date as within_6,
    ${KEPT_MONTHS.map((m) => `coalesce(bool_or(rc.months_after_start = ${m} and rc.still_employed), false) as kept_${m}`).join(",\n    ")}
  from placements p
  join job_seekers js on js.id = p.job_seeker_id
  join intake c on c.pathway_id = js.pathway_id
  left join retention_checks rc on rc.placement_id = p.id
  where js.job_centre_id = any($3::text[]) and ${within("p.start_on", 12)}
  group by p.id, js.pathway_id, js.job_centre_id, c.opened_on, p.start_on
  order by js.pathway_id, p.start_on, p.id`;

/** Two statements, whatever the size of the cohort. */
async function employmentOutcomesEvents(input: SectionInput): Promise<IndicatorEvent[]> {
  const women = intakeCohort(input);
  if (women.length === 0 || input.organisations.length === 0) return [];
  const params = [women.map((p) => p.id), women.map((p) => p.openedOn), input.organisations.map((o) => o.id)];
  const [registrations, placements] = await Promise.all([
    input.db.query<RegistrationRow>(REGISTRATIONS, params),
    input.db.query<PlacementRow>(PLACEMENTS, params),
  ]);
  const events: IndicatorEvent[] = [];
  const step = (indicator: string, rows: readonly { pathway_id: string; organisation_id: string; opened_on: string }[]) => {
    for (const row of rows) events.push({ indicator, on: row.opened_on, organisationId: row.organisation_id, pathwayId: row.pathway_id });
  };
  step(ids.registered, firstPerWoman(registrations, (row) => row.registered_on));
  step(ids.placed6, firstPerWoman(placements, (row) => (row.within_6 ? row.start_on : null)));
  step(ids.placed12, firstPerWoman(placements, (row) => row.start_on));
  for (const months of KEPT_MONTHS) step(ids.kept(months), firstPerWoman(placements, (row) => (row[`kept_${months}`] ? row.start_on : null)));
  return events;
}

export const employmentOutcomesSection: IndicatorSection = {
  name: SECTION,
  description:
    "Outcomes by intake cohort at the job centres: of the women whose pathway opened in a period, how many registered and were placed in work within 6 and 12 months, and kept the job 3, 6 and 12 months. Dated by her intake day.",
  organisationTypes: ["JOB_CENTRE"],
  cohortAttributes: ["openedOn"],
  definitions: EMPLOYMENT_OUTCOMES_DEFINITIONS,
  events: employmentOutcomesEvents,
};
