import { firstPerWoman, intakeCohort, type IndicatorDefinition, type IndicatorEvent, type IndicatorSection, type SectionInput } from "@percorsi/kit/author";

// Outcomes by intake cohort at the training bodies: of the women whose pathway opened in a
// period (her intake day, from the consent authority's cohort), how many enrolled in a course
// and completed one within 12 months. Every event is dated by HER INTAKE DAY, one per woman per
// step, and belongs to the training body where she reached the step.

const SECTION = "trainingOutcomes";
const SOURCE = "training";

export const TRAINING_OUTCOMES = {
  enrolled: "training_outcomes.enrolled_within_12_months",
  completed: "training_outcomes.completed_within_12_months",
} as const;

const ids = TRAINING_OUTCOMES;
const INTAKE_DAY = "Her intake day (the day her pathway was opened, as the consent authority gives it), not the day of the step.";
const COMMON =
  "Only pathways whose woman granted reporting consent count. A step counts when it happened on or after her intake day and at most 12 calendar months after it (the same day of the month, or the month's last day). Each woman counts once, at the training body where she first reached the step. A period's cells are FOLLOW_UP_OPEN until 12 months have passed since the period's last day.";

export const TRAINING_OUTCOMES_DEFINITIONS: readonly IndicatorDefinition[] = [
  {
    id: ids.enrolled,
    section: SECTION,
    kind: "COUNT",
    unit: "COUNT",
    title: "Of them, enrolled in a course within 12 months",
    numerator: "Women of the intake cohort enrolled in a course within 12 months of intake, whatever became of the enrolment.",
    dateRule: INTAKE_DAY,
    source: SOURCE,
    followUpMonths: 12,
    notes: `The day of enrolment. ${COMMON}`,
  },
  {
    id: ids.completed,
    section: SECTION,
    kind: "COUNT",
    unit: "COUNT",
    title: "Of them, completed a course within 12 months",
    numerator: "Women of the intake cohort who completed a course within 12 months of intake.",
    dateRule: INTAKE_DAY,
    source: SOURCE,
    followUpMonths: 12,
    notes: `The day of completion (the enrolment may be older than her intake). ${COMMON}`,
  },
];

interface EnrolmentRow {
  pathway_id: string;
  organisation_id: string;
  opened_on: string;
  enrolled_on: string | null;
  completed_on: string | null;
}

/** $1 her pathway, $2 her intake day (the cohort's women with intake in the years read), $3 the training bodies. Each day kept only when in her window. */
const ENROLMENTS = `
  with intake as (select * from unnest($1::uuid[], $2::date[]) as c(pathway_id, opened_on)),
  dated as (
    select e.id, e.pathway_id::text, e.training_body_id as organisation_id, c.opened_on,
      case when e.enrolled_on >= c.opened_on and e.enrolled_on <= (c.opened_on + interval '12 months')::date then e.enrolled_on end as enrolled_on,
      case when e.completed_on >= c.opened_on and e.completed_on <= (c.opened_on + interval '12 months')::date then e.completed_on end as completed_on
    from enrolments e join intake c on c.pathway_id = e.pathway_id
    where e.training_body_id = any($3::text[]))
  select pathway_id, organisation_id, opened_on, enrolled_on, completed_on from dated
  where enrolled_on is not null or completed_on is not null
  order by pathway_id, id`;

/** One statement, whatever the size of the cohort. */
async function trainingOutcomesEvents(input: SectionInput): Promise<IndicatorEvent[]> {
  const women = intakeCohort(input);
  if (women.length === 0 || input.organisations.length === 0) return [];
  const rows = await input.db.query<EnrolmentRow>(ENROLMENTS, [women.map((p) => p.id), women.map((p) => p.openedOn), input.organisations.map((o) => o.id)]);
  const event = (indicator: string) => (row: EnrolmentRow): IndicatorEvent => ({ indicator, on: row.opened_on, organisationId: row.organisation_id, pathwayId: row.pathway_id });
  return [
    ...firstPerWoman(rows, (row) => row.enrolled_on).map(event(ids.enrolled)),
    ...firstPerWoman(rows, (row) => row.completed_on).map(event(ids.completed)),
  ];
}

export const trainingOutcomesSection: IndicatorSection = {
  name: SECTION,
  description:
    "Outcomes by intake cohort at the training bodies: of the women whose pathway opened in a period, how many enrolled in a course and completed one within 12 months. Dated by her intake day.",
  organisationTypes: ["TRAINING_BODY"],
  cohortAttributes: ["openedOn"],
  definitions: TRAINING_OUTCOMES_DEFINITIONS,
  events: trainingOutcomesEvents,
};
