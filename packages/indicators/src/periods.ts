import { isIsoDate } from "./calendar.js";
import type { Granularity } from "./types.js";

// Calendar periods of a report. Days are ISO strings and all arithmetic is on the calendar (UTC),
// so a period never shifts with a server's time zone.

/** A report never spans more calendar years than this (the canonical table is computed per year). */
export const MAX_REPORT_YEARS = 5;

export interface ReportPeriod {
  /** "2025" | "2025-Q1" | "2025-01". */
  id: string;
  from: string;
  to: string;
}

function parts(day: string): { year: number; month: number } {
  if (!isIsoDate(day)) throw new RangeError(`not a calendar day: ${JSON.stringify(day)}`);
  return { year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)) };
}

const pad2 = (n: number): string => String(n).padStart(2, "0");
const pad4 = (n: number): string => String(n).padStart(4, "0");

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function monthPeriod(year: number, month: number): ReportPeriod {
  const prefix = `${pad4(year)}-${pad2(month)}`;
  return { id: prefix, from: `${prefix}-01`, to: `${prefix}-${pad2(lastDayOfMonth(year, month))}` };
}

function quarterPeriod(year: number, quarter: number): ReportPeriod {
  const last = quarter * 3;
  return {
    id: `${pad4(year)}-Q${quarter}`,
    from: `${pad4(year)}-${pad2(last - 2)}-01`,
    to: `${pad4(year)}-${pad2(last)}-${pad2(lastDayOfMonth(year, last))}`,
  };
}

function yearPeriod(year: number): ReportPeriod {
  return { id: pad4(year), from: `${pad4(year)}-01-01`, to: `${pad4(year)}-12-31` };
}

/** The period of the granularity that contains the day. */
export function periodOf(day: string, granularity: Granularity): ReportPeriod {
  const { year, month } = parts(day);
  switch (granularity) {
    case "MONTH":
      return monthPeriod(year, month);
    case "QUARTER":
      return quarterPeriod(year, Math.ceil(month / 3));
    case "YEAR":
      return yearPeriod(year);
    default:
      throw new RangeError(`unknown granularity: ${String(granularity)}`);
  }
}

/**
 * Widens [from, to] to whole periods of the granularity. Refuses a reversed range, a day that is
 * not a calendar day, and a range touching more than MAX_REPORT_YEARS calendar years.
 */
export function alignRange(from: string, to: string, granularity: Granularity): { from: string; to: string } {
  const start = periodOf(from, granularity).from;
  const end = periodOf(to, granularity).to;
  if (from > to) throw new RangeError("the range ends before it starts");
  const years = Number(end.slice(0, 4)) - Number(start.slice(0, 4)) + 1;
  if (years > MAX_REPORT_YEARS) throw new RangeError(`a report spans at most ${MAX_REPORT_YEARS} calendar years`);
  return { from: start, to: end };
}

/** The periods of the granularity that meet [from, to], in order (the range is aligned first). */
export function periodsIn(from: string, to: string, granularity: Granularity): ReportPeriod[] {
  const range = alignRange(from, to, granularity);
  const first = parts(range.from);
  const last = parts(range.to);
  const periods: ReportPeriod[] = [];
  if (granularity === "YEAR") {
    for (let year = first.year; year <= last.year; year += 1) periods.push(yearPeriod(year));
    return periods;
  }
  const step = granularity === "MONTH" ? 1 : 3;
  for (let year = first.year; year <= last.year; year += 1) {
    const fromMonth = year === first.year ? first.month : 1;
    const toMonth = year === last.year ? last.month : 12;
    for (let month = fromMonth; month <= toMonth; month += step) {
      periods.push(granularity === "MONTH" ? monthPeriod(year, month) : quarterPeriod(year, Math.ceil(month / 3)));
    }
  }
  return periods;
}

/** The calendar years [from, to] touches, in order. */
export function yearsTouched(from: string, to: string): number[] {
  const first = parts(from).year;
  const last = parts(to).year;
  if (from > to) throw new RangeError("the range ends before it starts");
  const years: number[] = [];
  for (let year = first; year <= last; year += 1) years.push(year);
  return years;
}
