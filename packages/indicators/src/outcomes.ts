import type { CohortPathway, SectionInput } from "./types.js";

// What every section of outcomes by intake cohort shares: whose outcomes a report reads, and one
// event per woman per step.

/**
 * The cohort's women whose intake day falls in the years the report reads: their outcomes are
 * dated by it (their steps may fall in later years, up to the follow-up horizon).
 */
export function intakeCohort(input: SectionInput): CohortPathway[] {
  const years = new Set(input.years);
  return input.cohort.pathways.filter((pathway) => {
    // A section of outcomes declares `cohortAttributes: ["openedOn"]`: a release without it is refused first.
    if (!pathway.openedOn) throw new Error("the cohort does not carry the women's intake day (openedOn)");
    return years.has(Number(pathway.openedOn.slice(0, 4)));
  });
}

/**
 * The first row of each woman that reached a step (the earliest by its day; ties by the order
 * given): one event per woman per step, at the organisation where she first reached it.
 */
export function firstPerWoman<Row extends { pathway_id: string }>(rows: readonly Row[], dayOf: (row: Row) => string | null): Row[] {
  const first = new Map<string, { row: Row; day: string }>();
  for (const row of rows) {
    const day = dayOf(row);
    if (day === null) continue;
    const seen = first.get(row.pathway_id);
    if (!seen || day < seen.day) first.set(row.pathway_id, { row, day });
  }
  return [...first.values()].map(({ row }) => row);
}
