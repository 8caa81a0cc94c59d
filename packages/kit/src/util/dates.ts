// The network's calendar helpers: day shape and month arithmetic come from @percorsi/indicators
// (periods and follow-ups are computed on them), the rest is the servers' own.
export { ISO_DATE, isIsoDate, addMonths } from "@percorsi/indicators";

/** Today in UTC, as an ISO day: the same on every server, whatever its time zone. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Whole days from one ISO day to another (negative if `to` comes first). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
