import type { Ptable } from "../perturbation.js";
import { publishedCount } from "./cell-disclosure.js";
import type { GroupLayout } from "./group-layout.js";
import { fillMargins, increase } from "./margins.js";
import type { PlacedEvent } from "./placed-events.js";
import { cellIndex, monthSlot, PERIODS_PER_YEAR, type TableModel } from "./table-model.js";

// One year's table: true counts and record-key sums at the leaves, their margins summed the same
// way, then every cell published (perturbed by its key sum); medians keep their leaves' values.

export interface YearTable {
  published: Float64Array;
  medianValues(id: string, slot: number, group: number): number[];
}

export function buildYear(model: TableModel, layout: GroupLayout, events: readonly PlacedEvent[], ptable: Ptable): YearTable {
  const G = layout.size;
  const values = new Float64Array(model.size);
  // Σ record keys of each cell's records: integers below 2^32 each, summed exactly (< 2^53).
  const keySums = new Float64Array(model.size);
  const medianLeaves = new Map<string, number[][]>();
  for (const definition of model.medians) medianLeaves.set(definition.id, Array.from({ length: 12 * G }, () => []));

  // Leaves: (category, month, organisation); the category total counts every event.
  for (const event of events) {
    const block = model.blockOf.get(event.indicator);
    if (block) {
      const total = cellIndex(block.base, 0, monthSlot(event.month), G, event.group);
      increase(values, total, 1);
      increase(keySums, total, event.key);
      if (event.category > 0) {
        const ofCategory = cellIndex(block.base, event.category, monthSlot(event.month), G, event.group);
        increase(values, ofCategory, 1);
        increase(keySums, ofCategory, event.key);
      }
    } else {
      medianLeaves.get(event.indicator)![(event.month - 1) * G + event.group]!.push(event.value);
    }
  }

  const published = new Float64Array(model.size);
  for (const definition of model.counts) {
    const block = model.blockOf.get(definition.id)!;
    for (let category = 0; category < block.categories; category += 1) {
      const at = (slot: number, group: number): number => cellIndex(block.base, category, slot, G, group);
      fillMargins(values, layout, at);
      fillMargins(keySums, layout, at);
    }
    const end = block.base + block.categories * PERIODS_PER_YEAR * G;
    for (let cell = block.base; cell < end; cell += 1) published[cell] = publishedCount(block.exact, values[cell]!, keySums[cell]!, ptable);
  }

  const medianValues = (id: string, slot: number, group: number): number[] => {
    const leaves = medianLeaves.get(id)!;
    const months = slot === 0 ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] : slot <= 4 ? [1, 2, 3].map((k) => 3 * (slot - 1) + k) : [slot - 4];
    const members = group === 0 ? layout.organisationGroups : layout.membersOfType.get(group) ?? [group];
    const collected: number[] = [];
    for (const month of months) for (const member of members) for (const value of leaves[(month - 1) * G + member]!) collected.push(value);
    return collected;
  };
  return { published, medianValues };
}
