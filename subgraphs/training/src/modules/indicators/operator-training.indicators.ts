import type { IndicatorDefinition, IndicatorEvent, IndicatorSection, SectionInput } from "@percorsi/kit/author";

// The network's training of job-centre operators, seen from the job centres whose staff were
// trained. No woman is involved, so every attendance counts.

const SECTION = "operatorTraining";
const SOURCE = "training";

export const OPERATOR_TRAINING_INDICATORS = {
  trained: "operatorTraining.operators_trained",
  trainedShare: "operatorTraining.operators_trained_share",
} as const;

const FIRST_SESSION =
  "Each operator counts once, at the first session they attended as an operator of a job centre (in any year): an operator trained again later is not counted again.";

export const OPERATOR_TRAINING_DEFINITIONS: readonly IndicatorDefinition[] = [
  {
    id: OPERATOR_TRAINING_INDICATORS.trained,
    section: SECTION,
    kind: "COUNT",
    involvesNoWoman: true,
    unit: "COUNT",
    title: "Job-centre operators trained",
    numerator: "Job-centre operators trained by the network for the first time.",
    dateRule: "The day of the operator's first session (held_on).",
    source: SOURCE,
    notes: `The protocol's own activity: no woman involved. ${FIRST_SESSION} The operator belongs to the job centre they attended for. Sessions recorded without their attendees' organisations count no operator.`,
  },
  {
    id: OPERATOR_TRAINING_INDICATORS.trainedShare,
    section: SECTION,
    kind: "RATE",
    unit: "PERCENT",
    title: "Share of job-centre staff newly trained",
    numerator: "Job-centre operators trained by the network for the first time.",
    denominator: "The job centre's operators, as the network directory gives them (the same figure in every period).",
    dateRule: "The day of the operator's first session (held_on).",
    source: SOURCE,
    notes: `The share of the centre's staff newly trained in the period, not the share of its staff ever trained. ${FIRST_SESSION}`,
    rate: { numerator: OPERATOR_TRAINING_INDICATORS.trained, denominatorFromOrganisation: "operators" },
  },
];

interface FirstSessionRow {
  organisation_id: string;
  day: string;
}

/** Each operator's first attendance for one of the job centres, ever; then only those in the years. */
const FIRST_SESSIONS = `
  select organisation_id, day from (
    select distinct on (a.operator_id) a.organisation_id, s.held_on as day
    from operator_attendances a
    join operator_training_sessions s on s.id = a.session_id
    where a.organisation_id = any($2::text[])
    order by a.operator_id, s.held_on, s.id
  ) first
  where extract(year from day)::int = any($1::int[])`;

/** One statement; the cohort plays no part (no woman's data). */
async function operatorTrainingEvents({ db, years, organisations }: SectionInput): Promise<IndicatorEvent[]> {
  const rows = await db.query<FirstSessionRow>(FIRST_SESSIONS, [[...years], organisations.map((o) => o.id)]);
  return rows.map((row) => ({ indicator: OPERATOR_TRAINING_INDICATORS.trained, on: row.day, organisationId: row.organisation_id }));
}

export const operatorTrainingSection: IndicatorSection = {
  name: SECTION,
  description: "The network's training of job-centre operators, counted at the job centres whose staff were trained.",
  organisationTypes: ["JOB_CENTRE"],
  definitions: OPERATOR_TRAINING_DEFINITIONS,
  events: operatorTrainingEvents,
};
