import { alignRange, periodsIn, yearsTouched } from "../periods.js";
import type { CellReason, IndicatorCellValue } from "../types.js";
import { followUpOpen, median, minimumMedianValues, ratePercent } from "./cell-disclosure.js";
import { askedGroups } from "./group-layout.js";
import type { IndicatorCellsInput, PreparedIndicatorTable } from "./indicator-table.js";
import { cellIndex, slotOf } from "./table-model.js";

// The cells a report or a release lists, read from prepared canonical tables: for each listed
// indicator, period and group, its value or the reason it has none.

/** The cells of a range (within the prepared years), a granularity and a breakdown. */
export function indicatorCellsOf(prepared: PreparedIndicatorTable, asked: Pick<IndicatorCellsInput, "range" | "granularity" | "breakdown">): IndicatorCellValue[] {
  const { input, layout, model, perYear } = prepared;
  const { definitions, threshold } = input;
  const { granularity, breakdown } = asked;
  const range = alignRange(asked.range.from, asked.range.to, granularity);
  for (const year of yearsTouched(range.from, range.to)) if (!perYear.has(year)) throw new Error(`year ${year} was not prepared`);

  const groups = askedGroups(layout, breakdown, input.visibleOrganisationIds);
  const cells: IndicatorCellValue[] = [];
  if (groups.length === 0) return cells;
  const periods = periodsIn(range.from, range.to, granularity).map((period) => ({ ...period, ...slotOf(period.id) }));
  const minValues = minimumMedianValues(threshold);
  for (const definition of definitions) {
    if (definition.hidden) continue;
    const categories = [null, ...(definition.categories ?? [])];
    const rate = definition.rate;
    const numeratorBase = rate ? model.blockOf.get(rate.numerator)!.base : -1;
    const denominatorBase = rate && "denominator" in rate ? model.blockOf.get(rate.denominator)!.base : -1;
    const countBase = definition.median ? model.blockOf.get(definition.median.countOf)!.base : -1;
    const ownBase = definition.kind === "COUNT" ? model.blockOf.get(definition.id)!.base : -1;
    for (const period of periods) {
      const { published, medianValues } = perYear.get(period.year)!;
      for (const group of groups) {
        const label = layout.labels[group]!;
        /** The cell of a COUNT block for this period and group. */
        const at = (blockBase: number, category: number): number => cellIndex(blockBase, category, period.slot, layout.size, group);
        const cell = (category: string | null, value: number | null, suppressed: boolean, reason: CellReason | null, numerator: number | null, denominator: number | null): IndicatorCellValue => ({
          indicatorId: definition.id,
          period: period.id,
          periodFrom: period.from,
          periodTo: period.to,
          group: label,
          category,
          value,
          suppressed,
          reason,
          numerator,
          denominator,
        });
        if (definition.followUpMonths !== undefined && followUpOpen(period.to, definition.followUpMonths, input.asOf)) {
          // By dates alone: the same for every group and count, so it tells nothing about a cell's size.
          cells.push(cell(null, null, false, "FOLLOW_UP_OPEN", null, null));
        } else if (definition.kind === "COUNT") {
          for (let k = 0; k < categories.length; k += 1) cells.push(cell(categories[k]!, published[at(ownBase, k)]!, false, null, null, null));
        } else if (definition.kind === "RATE") {
          const numerator = published[at(numeratorBase, 0)]!;
          const denominator = denominatorBase >= 0 ? published[at(denominatorBase, 0)]! : (layout.operators[group] ?? null);
          if (!denominator) cells.push(cell(null, null, false, "NOT_APPLICABLE", numerator, denominator));
          else cells.push(cell(null, ratePercent(numerator, denominator), false, null, numerator, denominator));
        } else {
          // Shown by the published count of its events, never by their true number: a median
          // withheld or not tells nothing the published count does not.
          const count = published[at(countBase, 0)]!;
          if (count === 0) cells.push(cell(null, null, false, "NOT_APPLICABLE", null, null));
          else if (count < minValues) cells.push(cell(null, null, true, "TOO_FEW_VALUES", null, null));
          else cells.push(cell(null, median(medianValues(definition.id, period.slot, group)), false, null, null, null));
        }
      }
    }
  }
  return cells;
}
