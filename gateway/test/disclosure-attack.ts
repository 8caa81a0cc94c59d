import GLPK from "glpk.js/node";
import { OUTCOME_SECTIONS, REFERENCE_SECTIONS, eventsIn, groupsOf, periodsOfYear, type ReferenceData, type ReferenceGroup, type ReferencePeriod } from "./indicators.reference.js";

// A statistical-disclosure auditor's linear program over everything an analyst reads of the
// indicators. The unknowns are the true counts of the finest cells the definitions imply (an
// indicator's events by month × organisation × category); every published cell is the sum of some
// of them, so every relation between cells (months → quarters → year, organisations → types →
// network, categories → total) is in the model without being listed. Each published cell bounds
// its sum by what the method's public parameters allow (`bounds`); rates add their numerator and
// denominator, and "the numerator's events are among the denominator's" (leaf by leaf). Solving
// min and max of one cell's sum gives the range of true values consistent with all of it.

export interface PublishedCell {
  indicatorId: string;
  period: string;
  group: string;
  category: string | null;
  value: number | null;
  suppressed: boolean;
  reason: string | null;
  numerator: number | null;
  denominator: number | null;
}

/** What a published figure tells of a true count: an interval (hi may be Infinity), or nothing (null). */
export type Bounds = (cell: { value: number | null; suppressed: boolean; reason: string | null }) => { lo: number; hi: number } | null;

export interface CountCell {
  indicatorId: string;
  year: number;
  period: ReferencePeriod;
  group: ReferenceGroup;
  category: string | null;
  key: string;
}

const cellKey = (indicatorId: string, period: string, group: string, category: string | null) => `${indicatorId}|${period}|${group}|${category ?? ""}`;

/**
 * Every section the releases publish: the outcomes by intake cohort too (a cell whose follow-up is
 * open has no value, so no bound). Within the case-holders' outcomes every step's women are among
 * the started ones, at the same holder and intake month: that is in the model as for a rate.
 */
const ATTACKED_SECTIONS = [...REFERENCE_SECTIONS, ...OUTCOME_SECTIONS];
const OUTCOME_SUBSETS: [string, string][] = OUTCOME_SECTIONS.find((s) => s.name === "pathwayOutcomes")!
  .listed.filter((l) => l.id !== "pathway_outcomes.started")
  .map((l) => [l.id, "pathway_outcomes.started"]);

/** The COUNTs about women (the others are the protocol's activities, published exactly by design) with their categories, and the rate pairs. */
export function attackedCounts(exclude: ReadonlySet<string>) {
  const counts = new Map<string, { section: string; types: readonly string[]; categories: readonly string[] }>();
  const pairs: [string, string][] = [];
  for (const section of ATTACKED_SECTIONS) {
    for (const listed of section.listed) {
      if (listed.kind === "COUNT" && !exclude.has(listed.id)) counts.set(listed.id, { section: section.name, types: section.types, categories: listed.categories ?? [] });
      if (listed.kind === "RATE" && listed.denominator !== "operators" && !exclude.has(listed.numerator)) {
        for (const id of [listed.numerator, listed.denominator]) if (!counts.has(id)) counts.set(id, { section: section.name, types: section.types, categories: [] });
        pairs.push([listed.numerator, listed.denominator]);
      }
    }
  }
  for (const [step, started] of OUTCOME_SUBSETS) if (counts.has(step) && counts.has(started)) pairs.push([step, started]);
  return { counts, pairs };
}

/**
 * The published bounds of every count cell: from its own COUNT cell and from any rate that gives
 * it as numerator or denominator. Keyed like `cellKey`.
 */
export function publishedBounds(cells: Iterable<PublishedCell>, bounds: Bounds): Map<string, { lo: number; hi: number }> {
  const rates = new Map<string, { numerator: string; denominator: string }>();
  for (const section of REFERENCE_SECTIONS) {
    for (const listed of section.listed) if (listed.kind === "RATE" && listed.denominator !== "operators") rates.set(listed.id, listed);
  }
  const countIds = new Set(ATTACKED_SECTIONS.flatMap((section) => section.listed.filter((l) => l.kind === "COUNT").map((l) => l.id)));
  const out = new Map<string, { lo: number; hi: number }>();
  const add = (key: string, b: { lo: number; hi: number } | null) => {
    if (!b) return;
    const known = out.get(key);
    out.set(key, known ? { lo: Math.max(known.lo, b.lo), hi: Math.min(known.hi, b.hi) } : b);
  };
  for (const cell of cells) {
    const rate = rates.get(cell.indicatorId);
    if (rate) {
      if (cell.numerator !== null) add(cellKey(rate.numerator, cell.period, cell.group, null), bounds({ value: cell.numerator, suppressed: false, reason: null }));
      if (cell.denominator !== null) add(cellKey(rate.denominator, cell.period, cell.group, null), bounds({ value: cell.denominator, suppressed: false, reason: null }));
    } else if (countIds.has(cell.indicatorId)) {
      add(cellKey(cell.indicatorId, cell.period, cell.group, cell.category), bounds(cell));
    }
  }
  return out;
}

export interface AttackModel {
  /** The range of a cell's true count: [min, max] over everything published (and known). */
  range(cell: CountCell): { lo: number; hi: number };
  /** Every count cell of the model (all periods, rows and categories of its years). */
  cells: CountCell[];
  /** The true count of a cell, from the reference (for checking and choosing what to attack). */
  truth(cell: CountCell): number;
}

interface Component {
  ids: string[];
  year: number;
}

/**
 * The model over the given years. `known` pins leaves an insider knows (their true counts): every
 * leaf of the given organisations.
 */
export async function attackModel(input: {
  reference: ReferenceData;
  published: Map<string, { lo: number; hi: number }>;
  years: readonly number[];
  exclude: ReadonlySet<string>;
  insider?: string;
}): Promise<AttackModel> {
  const glpk = await GLPK();
  const { counts, pairs } = attackedCounts(input.exclude);
  // Components: a rate's numerator and denominator are solved together.
  const parent = new Map<string, string>([...counts.keys()].map((id) => [id, id]));
  const root = (id: string): string => (parent.get(id) === id ? id : root(parent.get(id)!));
  for (const [a, b] of pairs) parent.set(root(a), root(b));
  const componentOf = new Map<string, string[]>();
  for (const id of counts.keys()) componentOf.set(root(id), [...(componentOf.get(root(id)) ?? []), id]);

  const sectionOrganisations = (id: string) => input.reference.organisations.filter((o) => counts.get(id)!.types.includes(o.type));
  const organisationsOf = (id: string) => sectionOrganisations(id).map((o) => o.id);
  const months = (period: ReferencePeriod) => periodsOfYear(Number(period.id.slice(0, 4)), "MONTH").filter((m) => m.from >= period.from && m.to <= period.to);
  const leafName = (id: string, month: string, organisation: string, category: string | null) => `${id}|${month}|${organisation}|${category ?? ""}`.replace(/[^A-Za-z0-9_]/g, "_");
  const leavesOf = (cell: { indicatorId: string; period: ReferencePeriod; group: ReferenceGroup; category: string | null }): string[] => {
    const categories = counts.get(cell.indicatorId)!.categories;
    const leafCategories = cell.category !== null ? [cell.category] : categories.length ? categories : [null];
    const names: string[] = [];
    for (const month of months(cell.period)) for (const organisation of cell.group.organisations) for (const category of leafCategories) names.push(leafName(cell.indicatorId, month.id, organisation, category));
    return names;
  };
  const truthOf = (cell: { indicatorId: string; period: ReferencePeriod; group: ReferenceGroup; category: string | null }) =>
    eventsIn(input.reference.events.get(cell.indicatorId), cell.period, cell.group, cell.category).length;

  const cells: CountCell[] = [];
  const lps = new Map<string, { subjectTo: { name: string; vars: { name: string; coef: number }[]; bnds: { type: number; ub: number; lb: number } }[]; bounds: { name: string; type: number; lb: number; ub: number }[] }>();
  for (const year of input.years) {
    for (const [componentRoot, ids] of componentOf) {
      const component: Component = { ids, year };
      const subjectTo: { name: string; vars: { name: string; coef: number }[]; bnds: { type: number; ub: number; lb: number } }[] = [];
      const leafBounds = new Map<string, { lo: number; hi: number }>();
      for (const id of component.ids) {
        const organisations = organisationsOf(id);
        const categories = counts.get(id)!.categories;
        for (const month of periodsOfYear(year, "MONTH")) {
          for (const organisation of organisations) {
            for (const category of categories.length ? categories : [null]) {
              const known = input.insider === organisation;
              const group = { label: organisation, organisations: new Set([organisation]) };
              const trueCount = known ? truthOf({ indicatorId: id, period: month, group, category }) : 0;
              leafBounds.set(leafName(id, month.id, organisation, category), known ? { lo: trueCount, hi: trueCount } : { lo: 0, hi: Infinity });
            }
          }
        }
        for (const granularity of ["YEAR", "QUARTER", "MONTH"] as const) {
          for (const period of periodsOfYear(year, granularity)) {
            for (const breakdown of ["NETWORK", "ORGANISATION_TYPE", "ORGANISATION"] as const) {
              for (const group of groupsOf(sectionOrganisations(id), breakdown)) {
                for (const category of [null, ...categories]) {
                  const cell: CountCell = { indicatorId: id, year, period, group, category, key: cellKey(id, period.id, group.label, category) };
                  cells.push(cell);
                  const b = input.published.get(cell.key);
                  if (!b) continue;
                  const vars = leavesOf(cell).map((name) => ({ name, coef: 1 }));
                  subjectTo.push({ name: `c${subjectTo.length}`, vars, bnds: boundsOf(glpk, b) });
                }
              }
            }
          }
        }
      }
      // A rate's numerator events are among its denominator's (same day and organisation).
      for (const [numerator, denominator] of pairs) {
        if (!component.ids.includes(numerator)) continue;
        for (const month of periodsOfYear(year, "MONTH")) {
          for (const organisation of organisationsOf(numerator)) {
            subjectTo.push({
              name: `c${subjectTo.length}`,
              vars: [
                { name: leafName(denominator, month.id, organisation, null), coef: 1 },
                { name: leafName(numerator, month.id, organisation, null), coef: -1 },
              ],
              bnds: { type: glpk.GLP_LO, lb: 0, ub: 0 },
            });
          }
        }
      }
      const bounds = [...leafBounds].map(([name, b]) => ({ name, ...boundsOf(glpk, b) }));
      lps.set(`${componentRoot}|${year}`, { subjectTo, bounds });
    }
  }
  const componentKey = (cell: CountCell) => `${root(cell.indicatorId)}|${cell.year}`;
  return {
    cells,
    truth: truthOf,
    range(cell) {
      const lp = lps.get(componentKey(cell))!;
      const vars = leavesOf(cell).map((name) => ({ name, coef: 1 }));
      const solve = (direction: number) => {
        const result = glpk.solve({ name: "attack", objective: { direction, name: "cell", vars }, subjectTo: lp.subjectTo, bounds: lp.bounds }, { msglev: glpk.GLP_MSG_OFF });
        if (result.result.status === glpk.GLP_UNBND) return direction === glpk.GLP_MAX ? Infinity : 0;
        if (result.result.status !== glpk.GLP_OPT) throw new Error(`the attack's LP for ${cell.key} has no optimum (status ${result.result.status}): the model contradicts the published figures`);
        return result.result.z;
      };
      return { lo: solve(glpk.GLP_MIN), hi: solve(glpk.GLP_MAX) };
    },
  };
}

function boundsOf(glpk: { GLP_DB: number; GLP_LO: number; GLP_FX: number }, b: { lo: number; hi: number }) {
  if (b.hi === Infinity) return { type: glpk.GLP_LO, lb: b.lo, ub: 0 };
  if (b.lo === b.hi) return { type: glpk.GLP_FX, lb: b.lo, ub: b.hi };
  return { type: glpk.GLP_DB, lb: b.lo, ub: b.hi };
}

/** The integers a real range holds (an LP relaxation: the true integer range is within it). */
export const integerRange = (range: { lo: number; hi: number }) => ({ lo: Math.ceil(range.lo - 1e-6), hi: Math.floor(range.hi + 1e-6) });
