import type { GroupLayout } from "./group-layout.js";
import { monthSlot, PERIODS_PER_YEAR, quarterSlot } from "./table-model.js";

// The table's margins, summed from its leaves (month × organisation) the same way for counts and
// for record-key sums, so every margin is consistent with its parts before any noise is drawn.

/** Fills months → quarters → year of the organisations' rows, then organisations → types → network. */
export function fillMargins(table: Float64Array, layout: GroupLayout, at: (slot: number, group: number) => number): void {
  for (const group of layout.organisationGroups) {
    for (let quarter = 1; quarter <= 4; quarter += 1) {
      let sum = 0;
      for (let k = 1; k <= 3; k += 1) sum += table[at(monthSlot(3 * (quarter - 1) + k), group)]!;
      table[at(quarterSlot(quarter), group)] = sum;
      increase(table, at(0, group), sum);
    }
  }
  for (let slot = 0; slot < PERIODS_PER_YEAR; slot += 1) {
    for (const group of layout.typeGroups) {
      let sum = 0;
      for (const member of layout.membersOfType.get(group)!) sum += table[at(slot, member)]!;
      table[at(slot, group)] = sum;
      increase(table, at(slot, 0), sum);
    }
  }
}

export function increase(values: Float64Array, index: number, by: number): void {
  values[index] = values[index]! + by;
}
