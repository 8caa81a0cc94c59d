import type { IndicatorFieldsFragment, IndicatorReportQuery } from "../gql/graphql.js";
import { cellStats, GRANULARITIES, type Granularity, type StatsByGranularity } from "./granularity.model.js";

export type Report = NonNullable<IndicatorReportQuery["indicators"]>;
export type Indicator = IndicatorFieldsFragment;
export type Cell = Indicator["cells"][number];

/** The report's sections, in the order the control room reads them. */
export const SECTIONS = ["intake", "plans", "referrals", "autonomy", "rights", "employment", "employers", "training", "operatorTraining"] as const;
export type Section = (typeof SECTIONS)[number];

/** A section's indicators; null when the section could not be read (outage, refusal). */
export function sectionOf(report: Report, section: Section): Indicator[] | null {
  return (report[section] as Indicator[] | null | undefined) ?? null;
}

/** The groups an indicator has cells for, in the API's order (NETWORK, types, organisations). */
export function groupsOf(indicator: Indicator, category: string | null): string[] {
  const groups: string[] = [];
  for (const cell of indicator.cells) if (cell.category === category && !groups.includes(cell.group)) groups.push(cell.group);
  return groups;
}

export interface TableRow {
  period: Report["periods"][number];
  /** One per group, in `groups` order; undefined where the API gave no cell. */
  cells: (Cell | undefined)[];
}

export interface IndicatorTable {
  indicator: Indicator;
  category: string | null;
  groups: string[];
  rows: TableRow[];
}

/** Period × group for one indicator and one category (null: the indicator's total). */
export function tableOf(report: Report, indicator: Indicator, category: string | null): IndicatorTable {
  const groups = groupsOf(indicator, category);
  const byKey = new Map<string, Cell>();
  for (const cell of indicator.cells) if (cell.category === category) byKey.set(`${cell.period}\u0000${cell.group}`, cell);
  const rows = report.periods.map((period) => ({ period, cells: groups.map((group) => byKey.get(`${period.id}\u0000${group}`)) }));
  return { indicator, category, groups, rows };
}

/** Every cell the table shows, row by row: what the CSV exports. */
export function shownCells(table: IndicatorTable): Cell[] {
  return table.rows.flatMap((row) => row.cells.filter((cell): cell is Cell => cell !== undefined));
}

/** A section's share of shown cells and of small counts at each granularity answered (a section that could not be read has none). */
export function sectionStats(reports: Partial<Record<Granularity, Report>>, section: Section): StatsByGranularity {
  const stats: StatsByGranularity = {};
  for (const granularity of GRANULARITIES) {
    const indicators = reports[granularity] ? sectionOf(reports[granularity]!, section) : null;
    if (indicators) stats[granularity] = cellStats(indicators);
  }
  return stats;
}
