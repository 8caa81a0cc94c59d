import type { IndicatorDefinition, IndicatorSection } from "@percorsi/kit/author";
import { ECONOMIC_LADDER, HOUSING_LADDER } from "./autonomy.indicators.js";
import { branch, CASE_HOLDERS, inYears, readEvents, SOURCE } from "./section-events.js";

// Outcomes by intake cohort: of the women whose pathway opened in a period, how many reached
// each step within a fixed horizon. Every event is dated by HER INTAKE DAY (so a period's
// figures grow until its follow-up closes, then stay), one per woman per step, and belongs to
// the case-holder that holds her pathway.

const section = "pathwayOutcomes";

export const PATHWAY_OUTCOMES = {
  started: "pathway_outcomes.started",
  plan: "pathway_outcomes.plan_within_6_months",
  referred: "pathway_outcomes.referred_within_6_months",
  economic: "pathway_outcomes.economic_improved_within_12_months",
  housing: "pathway_outcomes.housing_improved_within_12_months",
} as const;

const INTAKE_DAY = "Her intake day (the day her pathway was opened), not the day of the step.";
const WINDOW = (months: number) =>
  `A step counts when it happened on or after her intake day and at most ${months} calendar months after it (the same day of the month, or the month's last day). Each woman counts once, however many times she reached the step.`;
const FOLLOW_UP = (months: number) =>
  `A period's cells are FOLLOW_UP_OPEN until ${months} months have passed since the period's last day.`;

const definitions: IndicatorDefinition[] = [
  {
    id: PATHWAY_OUTCOMES.started,
    section,
    kind: "COUNT",
    unit: "COUNT",
    title: "Women who started a pathway",
    numerator: "Women whose pathway was opened by a case-holder: the intake cohort every other outcome is a share of.",
    dateRule: INTAKE_DAY,
    source: SOURCE,
    followUpMonths: 0,
    notes: `Counted for the case-holder that holds her pathway. A period still running is FOLLOW_UP_OPEN.`,
  },
  {
    id: PATHWAY_OUTCOMES.plan,
    section,
    kind: "COUNT",
    unit: "COUNT",
    title: "Of them, with a plan signed within 6 months",
    numerator: "Women of the intake cohort whose empowerment plan was signed within 6 months of intake.",
    dateRule: INTAKE_DAY,
    source: SOURCE,
    followUpMonths: 6,
    notes: `${WINDOW(6)} ${FOLLOW_UP(6)}`,
  },
  {
    id: PATHWAY_OUTCOMES.referred,
    section,
    kind: "COUNT",
    unit: "COUNT",
    title: "Of them, referred to the network within 6 months",
    numerator:
      "Women of the intake cohort referred within 6 months of intake to an organisation that is not a case-holder (a job centre, a training body...), whatever became of the referral.",
    dateRule: INTAKE_DAY,
    source: SOURCE,
    followUpMonths: 6,
    notes: `The day the referral was sent. ${WINDOW(6)} ${FOLLOW_UP(6)}`,
  },
  {
    id: PATHWAY_OUTCOMES.economic,
    section,
    kind: "COUNT",
    unit: "COUNT",
    title: "Of them, economic situation improved within 12 months",
    numerator:
      "Women of the intake cohort with a situation review within 12 months of intake whose economic situation is higher than at the needs analysis on the ladder NO_INCOME < INCOME_SUPPORT < IRREGULAR_INCOME < LOW_INCOME < SELF_SUFFICIENT.",
    dateRule: INTAKE_DAY,
    source: SOURCE,
    followUpMonths: 12,
    notes: `The day of the review; only a review on or after the needs analysis day is compared with it, and a woman without a needs analysis does not count. ${WINDOW(12)} ${FOLLOW_UP(12)}`,
  },
  {
    id: PATHWAY_OUTCOMES.housing,
    section,
    kind: "COUNT",
    unit: "COUNT",
    title: "Of them, housing situation improved within 12 months",
    numerator:
      "Women of the intake cohort with a situation review within 12 months of intake whose housing situation is higher than at the needs analysis on the ladder AT_RISK < SHELTER < TEMPORARY < WITH_RELATIVES < RENTED = OWNED.",
    dateRule: INTAKE_DAY,
    source: SOURCE,
    followUpMonths: 12,
    notes: `The day of the review; only a review on or after the needs analysis day is compared with it, and a woman without a needs analysis does not count. ${WINDOW(12)} ${FOLLOW_UP(12)}`,
  },
];

/** A rung of a ladder in SQL, from the ladder itself (constants of the code, never input). */
const rung = (ladder: Readonly<Record<string, number>>, column: string) =>
  `(case ${column} ${Object.entries(ladder).map(([value, k]) => `when '${value}' then ${k}`).join(" ")} end)`;

/** Her step day is in [intake, intake + N months] (PostgreSQL's calendar-month arithmetic). */
const within = (column: string, months: number) => `${column} >= p.opened_on and ${column} <= (p.opened_on + interval '${months} months')::date`;

const caseHolderList = CASE_HOLDERS.map((type) => `'${type}'`).join(", ");

const improved = (ladder: Readonly<Record<string, number>>, column: string) => `exists (
    select 1 from needs_assessments a join situation_reviews sr on sr.pathway_id = a.pathway_id
    where a.pathway_id = p.id and ${within("sr.reviewed_on", 12)} and sr.reviewed_on >= a.assessed_on
      and ${rung(ladder, `sr.${column}`)} > ${rung(ladder, `a.${column}`)})`;

// The women of the cohort whose intake falls in the years read ($2); their steps may fall later.
const SQL = `with intake as (select id, holder_id, opened_on from pathways where id = any($1::uuid[]) and ${inYears("opened_on")})
${[
  branch(PATHWAY_OUTCOMES.started, { on: "p.opened_on", from: "from intake p" }),
  branch(PATHWAY_OUTCOMES.plan, {
    on: "p.opened_on",
    from: `from intake p where exists (select 1 from plans pl where pl.pathway_id = p.id and ${within("pl.signed_on", 6)})`,
  }),
  branch(PATHWAY_OUTCOMES.referred, {
    on: "p.opened_on",
    from: `from intake p where exists (
      select 1 from referrals r join organisations o on o.id = r.to_organisation_id
      where r.pathway_id = p.id and o.type not in (${caseHolderList}) and ${within("r.sent_on", 6)})`,
  }),
  branch(PATHWAY_OUTCOMES.economic, { on: "p.opened_on", from: `from intake p where ${improved(ECONOMIC_LADDER, "economic_situation")}` }),
  branch(PATHWAY_OUTCOMES.housing, { on: "p.opened_on", from: `from intake p where ${improved(HOUSING_LADDER, "housing_situation")}` }),
].join("\nunion all\n")}`;

export const pathwayOutcomesSection: IndicatorSection = {
  name: section,
  description:
    "Outcomes by intake cohort at the case-holders: of the women whose pathway opened in a period, how many had a plan signed and were referred to the network within 6 months, and whose economic or housing situation improved within 12 months. Dated by her intake day.",
  organisationTypes: CASE_HOLDERS,
  definitions,
  events: (input) => readEvents(input.db, input, SQL),
};
