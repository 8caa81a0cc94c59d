import { addMonths } from "./calendar.js";

// When releases are due and what each computes. Pure: the consent authority's runner asks it
// with the releases it has and today's date (docs/indicators.md, "Releases").

/** A release covers the calendar year of its cut-off and the three before. */
export const RELEASE_COVERAGE_YEARS = 4;
/** The longest follow-up of an outcome indicator (placed within 12 months, then kept 12 months). */
export const LONGEST_FOLLOW_UP_MONTHS = 24;
/** A year's figures are revised once, three months after it closes (late records, withdrawals). */
export const REVISION_DELAY_MONTHS = 3;

export interface ReleaseRecord {
  seq: number;
  id: string;
  version: number;
  status: "DRAFT" | "PUBLISHED";
  cutOff: string;
}

/** A year a release computes, and the key epoch its cells' noise is drawn in. */
export interface ReleaseYear {
  year: number;
  epoch: string;
}

export interface PlannedRelease {
  seq: number;
  id: string;
  version: number;
  /** The last day of the periods it publishes. */
  cutOff: string;
  /** The day outcome follow-ups are measured at: the cut-off, or for a revision the last closed month's end. */
  asOf: string;
  years: ReleaseYear[];
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/** "2026-11" → "2026-11-30". */
export function cutOffOf(releaseId: string): string {
  const [year, month] = releaseId.split("-").map(Number) as [number, number];
  return `${releaseId}-${pad2(new Date(Date.UTC(year, month, 0)).getUTCDate())}`;
}

/** The last month closed on that day: "2026-12-06" → "2026-11". */
export function lastClosedMonth(day: string): string {
  return addMonths(`${day.slice(0, 7)}-01`, -1).slice(0, 7);
}

/** The first day a release with this cut-off covers. */
export function coverageStart(cutOff: string): string {
  return `${Number(cutOff.slice(0, 4)) - RELEASE_COVERAGE_YEARS + 1}-01-01`;
}

/** Which version of a year's figures is in force: 1, then 2 once its revision is published (or is being computed). */
function yearVersion(records: readonly ReleaseRecord[], year: number): number {
  return Math.max(1, ...records.filter((r) => r.id === `${year}-12` && r.version > 1).map((r) => r.version));
}

/** The epoch of a year's cells at a given version; `base` is the deployment's INDICATOR_KEY_EPOCH. */
export const epochOf = (base: string, year: number, version: number): string => `${base}:${year}.${version}`;

/**
 * What is due on `today`, given every release recorded so far: an unfinished draft first (retried
 * as it was planned), then the release of the month that last closed, then a year's revision due
 * three months after the year closed. Null when nothing is due.
 *
 * A monthly release computes the years whose cells can still change in its epoch: its own year and
 * those whose outcome follow-ups are still open; the first release of a network computes its whole
 * coverage. A revision recomputes one year in a new epoch.
 */
export function planRelease(records: readonly ReleaseRecord[], today: string, base: string): PlannedRelease | null {
  const seq = Math.max(0, ...records.map((r) => r.seq)) + 1;
  const draft = records.find((r) => r.status === "DRAFT");
  const month = lastClosedMonth(today);
  const published = records.filter((r) => r.status === "PUBLISHED");
  const asOf = cutOffOf(month);
  if (draft) return { ...plannedYears(records.filter((r) => r !== draft), draft.id, draft.version, base), asOf: draft.version > 1 ? asOf : draft.cutOff, seq: draft.seq };
  if (!records.some((r) => r.id === month)) return { ...plannedYears(published, month, 1, base), asOf, seq };
  for (const r of published) {
    if (r.version !== 1 || !r.id.endsWith("-12")) continue;
    const year = Number(r.id.slice(0, 4));
    const due = addMonths(`${year + 1}-01-01`, REVISION_DELAY_MONTHS);
    if (today >= due && !records.some((o) => o.id === r.id && o.version > 1)) return { ...plannedYears(published, r.id, 2, base), asOf, seq };
  }
  return null;
}

function plannedYears(before: readonly ReleaseRecord[], id: string, version: number, base: string): Omit<PlannedRelease, "seq" | "asOf"> {
  const cutOff = cutOffOf(id);
  const year = Number(id.slice(0, 4));
  if (version > 1) return { id, version, cutOff, years: [{ year, epoch: epochOf(base, year, version) }] };
  const first = Number(coverageStart(cutOff).slice(0, 4));
  // Nothing published yet: the whole coverage; otherwise the years whose follow-ups are still open.
  const from = before.length === 0 ? first : Math.max(first, Number(addMonths(cutOff, -LONGEST_FOLLOW_UP_MONTHS).slice(0, 4)));
  const years: ReleaseYear[] = [];
  for (let y = from; y <= year; y += 1) years.push({ year: y, epoch: epochOf(base, y, yearVersion(before, y)) });
  return { id, version, cutOff, years };
}
