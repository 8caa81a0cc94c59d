import type { IndicatorDefinition, IndicatorEvent, IndicatorSection, SectionInput } from "@percorsi/kit/author";

// The protocol's own work with employers: information campaigns and safe-workplace commitments.
// No woman is involved, so every row counts; each event belongs to a job centre.

const SECTION = "employers";
const SOURCE = "employment";

export const EMPLOYERS_INDICATORS = {
  reached: "employers.reached_by_campaigns",
  commitments: "employers.safe_workplace_commitments",
} as const;

export const EMPLOYERS_DEFINITIONS: readonly IndicatorDefinition[] = [
  {
    id: EMPLOYERS_INDICATORS.reached,
    section: SECTION,
    kind: "COUNT",
    involvesNoWoman: true,
    unit: "COUNT",
    title: "Employers reached by information campaigns",
    numerator: "Employers reached by an information campaign: each employer counted once per campaign that reached it.",
    dateRule: "The day the campaign started (started_on).",
    source: SOURCE,
    notes:
      "The protocol's own activity: no woman involved, every campaign counts. It belongs to the job centre that ran the campaign. An employer reached by two campaigns counts twice, so counts add up over periods and job centres.",
  },
  {
    id: EMPLOYERS_INDICATORS.commitments,
    section: SECTION,
    kind: "COUNT",
    involvesNoWoman: true,
    unit: "COUNT",
    title: "Employers with a safe-workplace commitment",
    numerator: "Employers that signed the protocol's safe-workplace commitment.",
    dateRule: "The day the commitment was signed (safe_workplace_commitment_signed_on).",
    source: SOURCE,
    notes: "The protocol's own activity: no woman involved, every employer counts. It belongs to the job centre that follows the employer.",
  },
];

interface DayRow {
  organisation_id: string;
  day: string;
}

const REACHED = `
  select c.job_centre_id as organisation_id, c.started_on as day
  from campaign_employers ce
  join campaigns c on c.id = ce.campaign_id
  where extract(year from c.started_on)::int = any($1::int[]) and c.job_centre_id = any($2::text[])`;

const COMMITMENTS = `
  select job_centre_id as organisation_id, safe_workplace_commitment_signed_on as day
  from employers
  where extract(year from safe_workplace_commitment_signed_on)::int = any($1::int[]) and job_centre_id = any($2::text[])`;

/** Two statements; the cohort plays no part (no woman's data). */
async function employersEvents({ db, years, organisations }: SectionInput): Promise<IndicatorEvent[]> {
  const params = [[...years], organisations.map((o) => o.id)];
  const [reached, commitments] = await Promise.all([db.query<DayRow>(REACHED, params), db.query<DayRow>(COMMITMENTS, params)]);
  const event = (indicator: string) => (row: DayRow): IndicatorEvent => ({ indicator, on: row.day, organisationId: row.organisation_id });
  return [...reached.map(event(EMPLOYERS_INDICATORS.reached)), ...commitments.map(event(EMPLOYERS_INDICATORS.commitments))];
}

export const employersSection: IndicatorSection = {
  name: SECTION,
  description: "The protocol's work with employers: information campaigns and safe-workplace commitments.",
  organisationTypes: ["JOB_CENTRE"],
  definitions: EMPLOYERS_DEFINITIONS,
  events: employersEvents,
};
