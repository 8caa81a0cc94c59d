import type { IndicatorDefinition, IndicatorEvent, IndicatorSection, SectionInput } from "@percorsi/kit/author";

// Training bodies' courses for women (enrolments and their outcomes, counted only for pathways in
// the reporting cohort) and the operator-training sessions they host (no woman involved, all
// count). Every event belongs to a training body.

const SECTION = "training";
const SOURCE = "training";
const CONSENT = "Only pathways whose woman granted reporting consent count.";

export const TRAINING_INDICATORS = {
  enrolments: "training.enrolments",
  completions: "training.completions",
  ended: "training.ended",
  completionRate: "training.completion_rate",
  certificates: "training.certificates",
  operatorSessions: "training.operator_sessions",
} as const;

const ids = TRAINING_INDICATORS;

export const TRAINING_DEFINITIONS: readonly IndicatorDefinition[] = [
  {
    id: ids.enrolments,
    section: SECTION,
    kind: "COUNT",
    unit: "COUNT",
    title: "Enrolments",
    numerator: "Enrolments of women in a course, whatever became of them.",
    dateRule: "The day of enrolment (enrolled_on).",
    source: SOURCE,
    notes: `${CONSENT} The enrolment belongs to the training body that runs the course.`,
  },
  {
    id: ids.completions,
    section: SECTION,
    kind: "COUNT",
    unit: "COUNT",
    title: "Completions",
    numerator: "Enrolments completed (the course finished by her).",
    dateRule: "The day of completion (completed_on).",
    source: SOURCE,
    notes: CONSENT,
  },
  {
    id: ids.ended,
    section: SECTION,
    kind: "COUNT",
    unit: "COUNT",
    title: "Enrolments ended",
    numerator: "Enrolments that ended: completed or withdrawn.",
    dateRule: "The day it ended (completed_on or withdrawn_on).",
    source: SOURCE,
    notes: `${CONSENT} The denominator of the completion rate.`,
    hidden: true,
  },
  {
    id: ids.completionRate,
    section: SECTION,
    kind: "RATE",
    unit: "PERCENT",
    title: "Completion rate",
    numerator: "Enrolments completed.",
    denominator: "Enrolments that ended: completed or withdrawn.",
    dateRule: "The day it ended (completed_on or withdrawn_on).",
    source: SOURCE,
    notes: `${CONSENT} Enrolments still running are in neither count.`,
    rate: { numerator: ids.completions, denominator: ids.ended },
  },
  {
    id: ids.certificates,
    section: SECTION,
    kind: "COUNT",
    unit: "COUNT",
    title: "Certificates",
    numerator: "Enrolments completed with a certificate awarded.",
    dateRule: "The day of completion (completed_on).",
    source: SOURCE,
    notes: CONSENT,
  },
  {
    id: ids.operatorSessions,
    section: SECTION,
    kind: "COUNT",
    unit: "COUNT",
    title: "Operator training sessions delivered",
    numerator: "Sessions in which the network trained operators (of job centres and other services).",
    dateRule: "The day the session was held (held_on).",
    source: SOURCE,
    notes:
      "The protocol's own activity: no woman involved, every session counts. It belongs to the training body that hosted it, whoever delivered it.",
    involvesNoWoman: true,
  },
];

interface EnrolmentRow {
  pathway_id: string;
  organisation_id: string;
  enrolled_on: string;
  completed_on: string | null;
  withdrawn_on: string | null;
  certified: boolean;
}

interface SessionRow {
  organisation_id: string;
  day: string;
}

/** Every enrolment with one of its dates in the years; which date falls where is sorted out below. */
const ENROLMENTS = `
  select pathway_id::text, training_body_id as organisation_id, enrolled_on, completed_on, withdrawn_on, certificate is not null as certified
  from enrolments
  where pathway_id = any($1::uuid[]) and training_body_id = any($3::text[])
    and (extract(year from enrolled_on)::int = any($2::int[])
      or extract(year from completed_on)::int = any($2::int[])
      or extract(year from withdrawn_on)::int = any($2::int[]))`;

const SESSIONS = `
  select host_training_body_id as organisation_id, held_on as day
  from operator_training_sessions
  where extract(year from held_on)::int = any($1::int[]) and host_training_body_id = any($2::text[])`;

/** Two statements, whatever the size of the cohort. */
async function trainingEvents({ db, cohort, years, organisations }: SectionInput): Promise<IndicatorEvent[]> {
  const organisationIds = organisations.map((o) => o.id);
  const [enrolments, sessions] = await Promise.all([
    db.query<EnrolmentRow>(ENROLMENTS, [cohort.pathways.map((p) => p.id), [...years], organisationIds]),
    db.query<SessionRow>(SESSIONS, [[...years], organisationIds]),
  ]);
  const inYears = (day: string | null): day is string => day !== null && years.includes(Number(day.slice(0, 4)));
  const events: IndicatorEvent[] = [];
  const at = (indicator: string, on: string, organisationId: string, pathwayId?: string) =>
    events.push({ indicator, on, organisationId, ...(pathwayId === undefined ? {} : { pathwayId }) });
  for (const row of enrolments) {
    const her = row.pathway_id;
    if (inYears(row.enrolled_on)) at(ids.enrolments, row.enrolled_on, row.organisation_id, her);
    if (inYears(row.completed_on)) {
      at(ids.completions, row.completed_on, row.organisation_id, her);
      at(ids.ended, row.completed_on, row.organisation_id, her);
      if (row.certified) at(ids.certificates, row.completed_on, row.organisation_id, her);
    }
    if (inYears(row.withdrawn_on)) at(ids.ended, row.withdrawn_on, row.organisation_id, her);
  }
  for (const row of sessions) at(ids.operatorSessions, row.day, row.organisation_id);
  return events;
}

export const trainingSection: IndicatorSection = {
  name: SECTION,
  description: "Training bodies: women's enrolments and their outcomes, and the operator-training sessions they host.",
  organisationTypes: ["TRAINING_BODY"],
  definitions: TRAINING_DEFINITIONS,
  events: trainingEvents,
};
