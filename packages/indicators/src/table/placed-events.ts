import type { IndicatorDefinition, IndicatorEvent } from "../types.js";
import type { GroupLayout } from "./group-layout.js";

// A section's events, checked against its definitions and placed by year, month, organisation
// and category, each with its woman's record key (the cell-key method's input).

export interface PlacedEvent {
  indicator: string;
  month: number;
  group: number;
  category: number;
  value: number;
  /** Its woman's record key; 0 for an event that involves no woman. */
  key: number;
}

export function eventsByYear(
  events: readonly IndicatorEvent[],
  definitions: readonly IndicatorDefinition[],
  layout: GroupLayout,
  years: ReadonlySet<number>,
  recordKeys: ReadonlyMap<string, number>,
): Map<number, PlacedEvent[]> {
  const byId = new Map(definitions.map((definition) => [definition.id, definition]));
  const categoryIndex = new Map(definitions.map((definition) => [definition.id, new Map((definition.categories ?? []).map((category, k) => [category, 1 + k]))]));
  const days = new Map<string, { year: number; month: number }>();
  const placed = new Map<number, PlacedEvent[]>();
  for (const event of events) {
    const definition = byId.get(event.indicator);
    if (!definition || definition.kind === "RATE") throw new Error(`an event names ${event.indicator}, not a COUNT or MEDIAN of the section`);
    const group = layout.groupOfOrganisation.get(event.organisationId);
    if (group === undefined) throw new Error(`an event of ${event.indicator} names an organisation outside the section`);
    let category = 0;
    if (definition.categories) {
      const k = event.category === undefined ? undefined : categoryIndex.get(definition.id)!.get(event.category);
      if (k === undefined) throw new Error(`an event of ${event.indicator} has no category of the definition`);
      category = k;
    } else if (event.category !== undefined) {
      throw new Error(`an event of ${event.indicator} has a category the definition does not have`);
    }
    let key = 0;
    const woman = definition.kind === "MEDIAN" ? undefined : definition.involvesNoWoman !== true;
    if (woman === true) {
      // Every record about a woman carries her key; a missing one is a section's programming error.
      const found = event.pathwayId === undefined ? undefined : recordKeys.get(event.pathwayId);
      if (found === undefined) throw new Error(`an event of ${event.indicator} names no pathway of the cohort`);
      key = found;
    } else if (woman === false && event.pathwayId !== undefined) {
      throw new Error(`an event of ${event.indicator} names a pathway, but the indicator involves no woman`);
    }
    let value = 0;
    if (definition.kind === "MEDIAN") {
      if (typeof event.value !== "number" || !Number.isFinite(event.value)) throw new Error(`an event of ${event.indicator} has no value`);
      value = event.value;
    }
    let day = days.get(event.on);
    if (day === undefined) {
      day = calendarDay(event.on);
      days.set(event.on, day);
    }
    if (!years.has(day.year)) continue;
    let list = placed.get(day.year);
    if (!list) placed.set(day.year, (list = []));
    list.push({ indicator: event.indicator, month: day.month, group, category, value, key });
  }
  return placed;
}

function calendarDay(on: string): { year: number; month: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(on);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  if (!match || month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) {
    throw new Error("an event is not dated on a calendar day");
  }
  return { year, month };
}
