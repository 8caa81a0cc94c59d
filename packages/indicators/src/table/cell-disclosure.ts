import { addMonths } from "../calendar.js";
import { perturb, type Ptable } from "../perturbation.js";

// What a cell may show. A count about women is perturbed by its cell key (perturbation.ts): its
// noise depends only on the records it counts, so it reads the same in every table. A rate and a
// median are derived from published counts only, so they add nothing the counts do not show. An
// outcome is withheld by dates alone until its follow-up has closed.

/** The published count of a cell: exact for a count that involves no woman, else perturbed by its records' key sum. */
export function publishedCount(exact: boolean, count: number, keySum: number, ptable: Ptable): number {
  return exact ? count : perturb(ptable, count, keySum);
}

/** A rate in percent (to 0.1) of published counts; noise can put the numerator above its denominator: capped at 100%. */
export function ratePercent(numerator: number, denominator: number): number {
  return Math.round((Math.min(numerator, denominator) / denominator) * 1000) / 10;
}

/** The fewest values a median is shown over (by the published count of its events). */
export function minimumMedianValues(threshold: number): number {
  return Math.max(10, threshold);
}

/** Median rounded to 0.5 (of an even count: the mean of the middle two). */
export function median(values: number[]): number {
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  const value = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return Math.round(value * 2) / 2;
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
