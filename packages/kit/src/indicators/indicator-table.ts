import { addMonths, isIsoDate } from "../util/dates.js";
import { alignRange, periodsIn, yearsTouched } from "./periods.js";
import { networkPtable, perturb, type Ptable } from "./perturbation.js";
import {
  NETWORK_GROUP,
  type Breakdown,
  type CellReason,
  type Granularity,
  type IndicatorCellValue,
  type IndicatorDefinition,
  type IndicatorEvent,
  type ReportOrganisation,
} from "./types.js";

// A section's indicators as cells. Each count is perturbed by the cell-key method
// (perturbation.ts): its noise depends only on the records it counts, through the sum of their
// record keys, so a cell reads the same whatever range, granularity, breakdown or caller asked
// for it, and two reports over the same women can be differenced without learning anything the
// noise hides. Counts of the protocol's activities that involve no woman are published exactly.

const UNIT_OF_KIND = { COUNT: "COUNT", RATE: "PERCENT", MEDIAN: "DAYS" } as const;

/** Refuses definitions a section must not declare (a programming error, caught by the section's tests). */
export function validateDefinitions(definitions: readonly IndicatorDefinition[]): void {
  const byId = new Map<string, IndicatorDefinition>();
  for (const definition of definitions) {
    const { id } = definition;
    if (byId.has(id)) throw new Error(`indicator ${id} is defined twice`);
    byId.set(id, definition);
    // The prefix is the section's field name, or its snake_case form (pathwayOutcomes → pathway_outcomes.started).
    const prefix = [definition.section, snakeCase(definition.section)].find((name) => id.startsWith(`${name}.`));
    if (prefix === undefined || id.length === prefix.length + 1) {
      throw new Error(`indicator ${id} is not named <section>.<name> for section ${definition.section}`);
    }
    if (UNIT_OF_KIND[definition.kind] !== definition.unit) throw new Error(`indicator ${id}: a ${definition.kind} is in ${UNIT_OF_KIND[definition.kind]}`);
    if (definition.hidden && definition.kind !== "COUNT") throw new Error(`indicator ${id}: only a COUNT can be hidden`);
    if (definition.involvesNoWoman && definition.kind !== "COUNT") throw new Error(`indicator ${id}: only a COUNT involves no woman`);
    if (definition.categories && definition.kind !== "COUNT") throw new Error(`indicator ${id}: only a COUNT has categories`);
    if (definition.categories && new Set(definition.categories).size !== definition.categories.length) {
      throw new Error(`indicator ${id} lists a category twice`);
    }
    if ((definition.kind === "RATE") !== (definition.rate !== undefined)) throw new Error(`indicator ${id}: a RATE, and only a RATE, has rate inputs`);
    if ((definition.kind === "MEDIAN") !== (definition.median !== undefined)) throw new Error(`indicator ${id}: a MEDIAN, and only a MEDIAN, has median inputs`);
    if (definition.followUpMonths !== undefined) {
      if (definition.kind !== "COUNT" || definition.hidden || definition.involvesNoWoman || definition.categories) {
        throw new Error(`indicator ${id}: only a listed COUNT about women, without categories, has a follow-up horizon`);
      }
      if (!Number.isInteger(definition.followUpMonths) || definition.followUpMonths < 0) throw new Error(`indicator ${id}: a follow-up horizon is a whole number of months`);
    }
  }
  const isCount = (id: string): boolean => byId.get(id)?.kind === "COUNT";
  for (const definition of definitions) {
    const { id, rate, median } = definition;
    if (rate) {
      if (!isCount(rate.numerator)) throw new Error(`indicator ${id}: numerator ${rate.numerator} is not a COUNT of the section`);
      if ("denominator" in rate) {
        if (!isCount(rate.denominator)) throw new Error(`indicator ${id}: denominator ${rate.denominator} is not a COUNT of the section`);
        if (rate.denominator === rate.numerator) throw new Error(`indicator ${id}: numerator and denominator are the same`);
      } else if (rate.denominatorFromOrganisation !== "operators") {
        throw new Error(`indicator ${id}: unknown organisation figure ${String(rate.denominatorFromOrganisation)}`);
      }
    }
    if (median && !isCount(median.countOf)) throw new Error(`indicator ${id}: ${median.countOf} is not a COUNT of the section`);
  }
}

const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

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

/** Periods of a year in the canonical table: the year, its 4 quarters, its 12 months. */
const PERIODS_PER_YEAR = 17;
const quarterSlot = (quarter: number): number => quarter; // 1..4
const monthSlot = (month: number): number => 4 + month; // 1..12 → 5..16

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
  const minValues = Math.max(10, threshold);
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
        const at = (blockBase: number, category: number): number => blockBase + (category * PERIODS_PER_YEAR + period.slot) * layout.size + group;
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
          // From the published numerator and denominator, so a rate adds nothing the counts do not
          // show; noise can put the numerator above its denominator: capped at 100%.
          const numerator = published[at(numeratorBase, 0)]!;
          const denominator = denominatorBase >= 0 ? published[at(denominatorBase, 0)]! : (layout.operators[group] ?? null);
          if (!denominator) cells.push(cell(null, null, false, "NOT_APPLICABLE", numerator, denominator));
          else cells.push(cell(null, Math.round((Math.min(numerator, denominator) / denominator) * 1000) / 10, false, null, numerator, denominator));
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

/**
 * An outcome of the women whose intake falls in a period ending on `periodTo` is measurable once
 * her follow-up has ended for the last of them: `periodTo` + the horizon (calendar months,
 * clamped to the month's last day, as PostgreSQL's interval arithmetic the sections use) is on or
 * before the "as of" day.
 */
export function followUpOpen(periodTo: string, followUpMonths: number, asOf: string): boolean {
  return addMonths(periodTo, followUpMonths) > asOf;
}

/** Median rounded to 0.5 (of an even count: the mean of the middle two). */
function median(values: number[]): number {
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  const value = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return Math.round(value * 2) / 2;
}

function slotOf(periodId: string): { year: number; slot: number } {
  const year = Number(periodId.slice(0, 4));
  if (periodId.length === 4) return { year, slot: 0 };
  if (periodId[5] === "Q") return { year, slot: quarterSlot(Number(periodId.slice(6))) };
  return { year, slot: monthSlot(Number(periodId.slice(5, 7))) };
}

// ---- Groups: NETWORK, organisation types, organisations (sorted: the table is the same whatever order the directory came in).

interface GroupLayout {
  /** NETWORK at 0, then the types present, then the organisations. */
  labels: string[];
  size: number;
  typeGroups: number[];
  organisationGroups: number[];
  /** For each type group, its organisation groups. */
  membersOfType: Map<number, number[]>;
  groupOfOrganisation: Map<string, number>;
  /** Σ operators of each group's organisations; null when one of them has no figure. */
  operators: (number | null)[];
}

function groupLayout(organisations: readonly ReportOrganisation[]): GroupLayout {
  const sorted = [...organisations].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const types = [...new Set(sorted.map((organisation) => organisation.type))].sort();
  const labels = [NETWORK_GROUP, ...types, ...sorted.map((organisation) => organisation.id)];
  if (new Set(labels).size !== labels.length) throw new Error("organisation ids and types must be distinct (and not NETWORK)");
  const typeGroups = types.map((_, k) => 1 + k);
  const organisationGroups = sorted.map((_, k) => 1 + types.length + k);
  const groupOfOrganisation = new Map(sorted.map((organisation, k) => [organisation.id, organisationGroups[k]!]));
  const membersOfType = new Map<number, number[]>(typeGroups.map((group) => [group, []]));
  sorted.forEach((organisation, k) => membersOfType.get(1 + types.indexOf(organisation.type))!.push(organisationGroups[k]!));
  const figure = (members: readonly ReportOrganisation[]): number | null =>
    members.some((organisation) => organisation.operators === null || organisation.operators === undefined)
      ? null
      : members.reduce((sum, organisation) => sum + organisation.operators!, 0);
  const operators = [
    figure(sorted),
    ...types.map((type) => figure(sorted.filter((organisation) => organisation.type === type))),
    ...sorted.map((organisation) => figure([organisation])),
  ];
  return { labels, size: labels.length, typeGroups, organisationGroups, membersOfType, groupOfOrganisation, operators };
}

function askedGroups(layout: GroupLayout, breakdown: Breakdown, visible: readonly string[] | undefined): number[] {
  if (breakdown === "ORGANISATION") {
    if (visible === undefined) return layout.organisationGroups;
    const allowed = new Set(visible);
    return layout.organisationGroups.filter((group) => allowed.has(layout.labels[group]!));
  }
  // Another breakdown mixes other organisations' figures: nothing for a caller limited to its own.
  if (visible !== undefined) return [];
  return breakdown === "NETWORK" ? [0] : layout.typeGroups;
}

// ---- The canonical table's cells: a block per COUNT (categories × periods × groups).

interface TableModel {
  blockOf: Map<string, { base: number; categories: number; exact: boolean }>;
  counts: IndicatorDefinition[];
  medians: IndicatorDefinition[];
  size: number;
}

function tableModel(definitions: readonly IndicatorDefinition[], layout: GroupLayout): TableModel {
  const blockOf = new Map<string, { base: number; categories: number; exact: boolean }>();
  const counts = definitions.filter((definition) => definition.kind === "COUNT");
  let size = 0;
  for (const definition of counts) {
    const categories = 1 + (definition.categories?.length ?? 0);
    blockOf.set(definition.id, { base: size, categories, exact: definition.involvesNoWoman === true });
    size += categories * PERIODS_PER_YEAR * layout.size;
  }
  return { blockOf, counts, medians: definitions.filter((definition) => definition.kind === "MEDIAN"), size };
}

// ---- Events, checked and placed by year, month, organisation and category.

interface PlacedEvent {
  indicator: string;
  month: number;
  group: number;
  category: number;
  value: number;
  /** Its woman's record key; 0 for an event that involves no woman. */
  key: number;
}

function eventsByYear(
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

// ---- One year's table: true counts and key sums, aggregated the same way, then perturbed.

interface YearTable {
  published: Float64Array;
  medianValues(id: string, slot: number, group: number): number[];
}

function buildYear(model: TableModel, layout: GroupLayout, events: readonly PlacedEvent[], ptable: Ptable): YearTable {
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
      const leaf = (slot: number, category: number): number => block.base + (category * PERIODS_PER_YEAR + slot) * G + event.group;
      increase(values, leaf(monthSlot(event.month), 0), 1);
      increase(keySums, leaf(monthSlot(event.month), 0), event.key);
      if (event.category > 0) {
        increase(values, leaf(monthSlot(event.month), event.category), 1);
        increase(keySums, leaf(monthSlot(event.month), event.category), event.key);
      }
    } else {
      medianLeaves.get(event.indicator)![(event.month - 1) * G + event.group]!.push(event.value);
    }
  }

  /** Fills months → quarters → year of the organisations' rows, then organisations → types → network. */
  const aggregate = (table: Float64Array, at: (slot: number, group: number) => number): void => {
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
  };

  const published = new Float64Array(model.size);
  for (const definition of model.counts) {
    const block = model.blockOf.get(definition.id)!;
    for (let category = 0; category < block.categories; category += 1) {
      const at = (slot: number, group: number): number => block.base + (category * PERIODS_PER_YEAR + slot) * G + group;
      aggregate(values, at);
      aggregate(keySums, at);
    }
    const end = block.base + block.categories * PERIODS_PER_YEAR * G;
    for (let cell = block.base; cell < end; cell += 1) published[cell] = block.exact ? values[cell]! : perturb(ptable, values[cell]!, keySums[cell]!);
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

function increase(values: Float64Array, index: number, by: number): void {
  values[index] = values[index]! + by;
}
