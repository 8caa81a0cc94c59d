import type { IndicatorDefinition } from "../types.js";
import type { GroupLayout } from "./group-layout.js";

// Where each cell of a year's canonical table sits: a block per COUNT of
// (categories × periods × groups), category 0 being the total. A year's periods are the year,
// its 4 quarters and its 12 months, each at a fixed slot.

/** Periods of a year in the canonical table: the year, its 4 quarters, its 12 months. */
export const PERIODS_PER_YEAR = 17;
export const quarterSlot = (quarter: number): number => quarter; // 1..4
export const monthSlot = (month: number): number => 4 + month; // 1..12 → 5..16

/** The year and slot of a period id ("2025", "2025-Q2", "2025-07"). */
export function slotOf(periodId: string): { year: number; slot: number } {
  const year = Number(periodId.slice(0, 4));
  if (periodId.length === 4) return { year, slot: 0 };
  if (periodId[5] === "Q") return { year, slot: quarterSlot(Number(periodId.slice(6))) };
  return { year, slot: monthSlot(Number(periodId.slice(5, 7))) };
}

/** The index of a cell: block, category, period slot, group (of `groups` rows). */
export const cellIndex = (blockBase: number, category: number, slot: number, groups: number, group: number): number =>
  blockBase + (category * PERIODS_PER_YEAR + slot) * groups + group;

export interface CountBlock {
  base: number;
  categories: number;
  /** Involves no woman: published as counted. */
  exact: boolean;
}

export interface TableModel {
  blockOf: Map<string, CountBlock>;
  counts: IndicatorDefinition[];
  medians: IndicatorDefinition[];
  size: number;
}

export function tableModel(definitions: readonly IndicatorDefinition[], layout: GroupLayout): TableModel {
  const blockOf = new Map<string, CountBlock>();
  const counts = definitions.filter((definition) => definition.kind === "COUNT");
  let size = 0;
  for (const definition of counts) {
    const categories = 1 + (definition.categories?.length ?? 0);
    blockOf.set(definition.id, { base: size, categories, exact: definition.involvesNoWoman === true });
    size += categories * PERIODS_PER_YEAR * layout.size;
  }
  return { blockOf, counts, medians: definitions.filter((definition) => definition.kind === "MEDIAN"), size };
}
