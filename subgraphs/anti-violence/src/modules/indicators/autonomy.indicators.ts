import type { IndicatorDefinition, IndicatorEvent, IndicatorSection } from "@percorsi/kit/author";
import {
  ECONOMIC_SITUATIONS,
  HOUSING_SITUATIONS,
  type EconomicSituation,
  type HousingSituation,
} from "../needs-assessment/needs-assessment.type.js";
import { CASE_HOLDERS, inYears, nothingToRead, sectionParameters, SOURCE } from "./section-events.js";

const section = "autonomy";

/** Her own means, from none to enough: a step up the ladder is an improvement. */
export const ECONOMIC_LADDER: Readonly<Record<EconomicSituation, number>> = {
  NO_INCOME: 0,
  INCOME_SUPPORT: 1,
  IRREGULAR_INCOME: 2,
  LOW_INCOME: 3,
  SELF_SUFFICIENT: 4,
};

/**
 * Where she lives, from least to most autonomous: at risk of losing her home (or of staying where
 * she is not safe), in a shelter, in temporary housing, with relatives, in a home of her own
 * (rented and owned are the same rung: leaving an owned home for a rented one is no step down).
 */
export const HOUSING_LADDER: Readonly<Record<HousingSituation, number>> = {
  AT_RISK: 0,
  SHELTER: 1,
  TEMPORARY: 2,
  WITH_RELATIVES: 3,
  RENTED: 4,
  OWNED: 4,
};

const ECONOMIC_ORDER = "NO_INCOME < INCOME_SUPPORT < IRREGULAR_INCOME < LOW_INCOME < SELF_SUFFICIENT";
const HOUSING_ORDER = "AT_RISK < SHELTER < TEMPORARY < WITH_RELATIVES < RENTED = OWNED";
const LATEST =
  "Her latest review is the one with the latest review day (the last recorded on the same day): when a newer review is recorded, she moves to the newer review's period.";

const definitions: IndicatorDefinition[] = [
  {
    id: "autonomy.economic_at_intake",
    section,
    kind: "COUNT",
    unit: "COUNT",
    title: "Economic situation at intake",
    numerator: "Women by their economic situation as recorded in the needs analysis.",
    dateRule: "The day of the needs analysis.",
    source: SOURCE,
    categories: ECONOMIC_SITUATIONS,
  },
  {
    id: "autonomy.economic_latest",
    section,
    kind: "COUNT",
    unit: "COUNT",
    title: "Economic situation at the latest review",
    numerator: "Women by their economic situation at their latest situation review.",
    dateRule: "The day of her latest situation review.",
    source: SOURCE,
    categories: ECONOMIC_SITUATIONS,
    notes: `${LATEST} Women never reviewed do not count.`,
  },
  {
    id: "autonomy.housing_at_intake",
    section,
    kind: "COUNT",
    unit: "COUNT",
    title: "Housing situation at intake",
    numerator: "Women by their housing situation as recorded in the needs analysis.",
    dateRule: "The day of the needs analysis.",
    source: SOURCE,
    categories: HOUSING_SITUATIONS,
  },
  {
    id: "autonomy.housing_latest",
    section,
    kind: "COUNT",
    unit: "COUNT",
    title: "Housing situation at the latest review",
    numerator: "Women by their housing situation at their latest situation review.",
    dateRule: "The day of her latest situation review.",
    source: SOURCE,
    categories: HOUSING_SITUATIONS,
    notes: `${LATEST} Women never reviewed do not count.`,
  },
  {
    id: "autonomy.improved",
    section,
    kind: "COUNT",
    unit: "COUNT",
    title: "Women whose economic situation improved",
    numerator: `Women whose economic situation at their latest review is higher than at the needs analysis on the ladder ${ECONOMIC_ORDER}.`,
    dateRule: "The day of her latest situation review.",
    source: SOURCE,
    notes: `${LATEST} Only a review on or after the needs analysis day is compared with it.`,
  },
  {
    id: "autonomy.housing_improved",
    section,
    kind: "COUNT",
    unit: "COUNT",
    title: "Women whose housing situation improved",
    numerator: `Women whose housing situation at their latest review is higher than at the needs analysis on the ladder ${HOUSING_ORDER}.`,
    dateRule: "The day of her latest situation review.",
    source: SOURCE,
    notes: `${LATEST} Only a review on or after the needs analysis day is compared with it. Rented and owned homes are one rung: a move between them is no change.`,
  },
];

interface AutonomyRow {
  organisation_id: string;
  assessed_on: string | null;
  economic_at_intake: EconomicSituation | null;
  housing_at_intake: HousingSituation | null;
  reviewed_on: string | null;
  economic_latest: EconomicSituation | null;
  housing_latest: HousingSituation | null;
  pathway_id: string;
}

// One row per pathway with her situation at intake and at her latest review: the comparison
// is per woman, so it is made here rather than aggregated in SQL.
const SQL = `with latest as (
    select distinct on (pathway_id) pathway_id, reviewed_on, economic_situation, housing_situation
    from situation_reviews where pathway_id = any($1::uuid[])
    order by pathway_id, reviewed_on desc, created_at desc, id desc)
  select p.id::text as pathway_id, p.holder_id as organisation_id,
    a.assessed_on, a.economic_situation as economic_at_intake, a.housing_situation as housing_at_intake,
    l.reviewed_on, l.economic_situation as economic_latest, l.housing_situation as housing_latest
  from pathways p
  left join needs_assessments a on a.pathway_id = p.id
  left join latest l on l.pathway_id = p.id
  where p.id = any($1::uuid[]) and (${inYears("a.assessed_on")} or ${inYears("l.reviewed_on")})`;

function eventsOf(row: AutonomyRow, years: ReadonlySet<number>): IndicatorEvent[] {
  const events: IndicatorEvent[] = [];
  const organisationId = row.organisation_id;
  const pathwayId = row.pathway_id;
  const read = (day: string | null): day is string => day !== null && years.has(Number(day.slice(0, 4)));
  if (read(row.assessed_on)) {
    if (row.economic_at_intake) events.push({ indicator: "autonomy.economic_at_intake", on: row.assessed_on, organisationId, pathwayId, category: row.economic_at_intake });
    if (row.housing_at_intake) events.push({ indicator: "autonomy.housing_at_intake", on: row.assessed_on, organisationId, pathwayId, category: row.housing_at_intake });
  }
  if (read(row.reviewed_on)) {
    const on = row.reviewed_on;
    if (row.economic_latest) events.push({ indicator: "autonomy.economic_latest", on, organisationId, pathwayId, category: row.economic_latest });
    if (row.housing_latest) events.push({ indicator: "autonomy.housing_latest", on, organisationId, pathwayId, category: row.housing_latest });
    const comparable = row.assessed_on !== null && row.assessed_on <= on;
    if (comparable && row.economic_latest && row.economic_at_intake && ECONOMIC_LADDER[row.economic_latest] > ECONOMIC_LADDER[row.economic_at_intake]) {
      events.push({ indicator: "autonomy.improved", on, organisationId, pathwayId });
    }
    if (comparable && row.housing_latest && row.housing_at_intake && HOUSING_LADDER[row.housing_latest] > HOUSING_LADDER[row.housing_at_intake]) {
      events.push({ indicator: "autonomy.housing_improved", on, organisationId, pathwayId });
    }
  }
  return events;
}

export const autonomySection: IndicatorSection = {
  name: section,
  description: "Economic and housing autonomy: her situation at intake, at her latest review, and whether it improved.",
  organisationTypes: CASE_HOLDERS,
  definitions,
  async events(input) {
    if (nothingToRead(input)) return [];
    const rows = await input.db.query<AutonomyRow>(SQL, sectionParameters(input));
    const years = new Set(input.years);
    return rows.flatMap((row) => eventsOf(row, years));
  },
};
