import { isIsoDate } from "../calendar.js";
import { alignRange, yearsTouched } from "../periods.js";
import { networkPtable, type Ptable } from "../perturbation.js";
import type { Breakdown, Granularity, IndicatorCellValue, IndicatorDefinition, IndicatorEvent, ReportOrganisation } from "../types.js";
import { indicatorCellsOf } from "./cell-listing.js";
import { validateDefinitions } from "./definition-rules.js";
import { groupLayout, type GroupLayout } from "./group-layout.js";
import { eventsByYear } from "./placed-events.js";
import { tableModel, type TableModel } from "./table-model.js";
import { buildYear, type YearTable } from "./year-table.js";

// A section's indicators as cells. Each count is perturbed by the cell-key method
// (perturbation.ts): its noise depends only on the records it counts, through the sum of their
// record keys, so a cell reads the same whatever range, granularity, breakdown or caller asked
// for it, and two reports over the same women can be differenced without learning anything the
// noise hides. Counts of the protocol's activities that involve no woman are published exactly.
//
// The steps, one module each: definitions checked (definition-rules), rows laid out
// (group-layout) and cells placed (table-model), events placed (placed-events), each year's
// leaves summed into margins (margins) and published (year-table, cell-disclosure), then the
// asked cells listed (cell-listing).

export interface IndicatorCellsInput {
  definitions: readonly IndicatorDefinition[];
  events: readonly IndicatorEvent[];
  /** The section's own organisations, all of them, even those without events. */
  organisations: readonly ReportOrganisation[];
  range: { from: string; to: string };
  granularity: Granularity;
  breakdown: Breakdown;
  /** Medians need at least max(10, threshold) values (by the published count). */
  threshold: number;
  /** The record key (32-bit integer) of each pathway of the cohort: an event's key is its woman's. */
  recordKeys: ReadonlyMap<string, number>;
  /** The network's ptable unless a test gives another. */
  ptable?: Ptable;
  /** Only these groups are returned (an operator's own organisation); undefined: all groups of the breakdown. */
  visibleOrganisationIds?: readonly string[];
  /**
   * The report's "as of" day (ISO): an outcome's cell is FOLLOW_UP_OPEN until the follow-up
   * horizon of its period's last intake day has passed by then. Today in the live path; a
   * release's cut-off day for a frozen one.
   */
  asOf: string;
}

/** The asked cells of a section's indicators, each count perturbed by its records' cell key. */
export function computeIndicatorCells(input: IndicatorCellsInput): IndicatorCellValue[] {
  const range = alignRange(input.range.from, input.range.to, input.granularity);
  return indicatorCellsOf(prepareIndicatorTable({ ...input, years: yearsTouched(range.from, range.to) }), input);
}

/** A section's canonical tables of some years (every period, row and cell perturbed), to list cells from. */
export interface PreparedIndicatorTable {
  input: Omit<IndicatorCellsInput, "range" | "granularity" | "breakdown">;
  layout: GroupLayout;
  model: TableModel;
  perYear: Map<number, YearTable>;
}

/**
 * Builds the canonical tables once: a release lists every granularity and breakdown of a year
 * from one build (`indicatorCellsOf`), a report the ones it asks.
 */
export function prepareIndicatorTable(input: Omit<IndicatorCellsInput, "range" | "granularity" | "breakdown"> & { years: readonly number[] }): PreparedIndicatorTable {
  const { definitions, threshold } = input;
  if (!Number.isInteger(threshold) || threshold < 2) throw new Error("the threshold must be an integer of at least 2");
  validateDefinitions(definitions);
  if (!isIsoDate(input.asOf)) throw new Error("the report's as-of day must be an ISO day");
  const ptable = input.ptable ?? networkPtable();
  const layout = groupLayout(input.organisations);
  const model = tableModel(definitions, layout);
  const perYear = new Map<number, YearTable>();
  const events = eventsByYear(input.events, definitions, layout, new Set(input.years), input.recordKeys);
  for (const year of input.years) perYear.set(year, buildYear(model, layout, events.get(year) ?? [], ptable));
  return { input, layout, model, perYear };
}
