// Calendar days as the network carries them ("YYYY-MM-DD", UTC): what periods, follow-ups and
// release cut-offs are computed on. The kit re-exports these for the API's `Date` scalar.

/** "YYYY-MM-DD": how the API (`DateScalar`) and DATE columns carry a calendar day. */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day in ISO form (refuses 2026-02-30 as well as other shapes). */
export function isIsoDate(value: unknown): value is string {
  return typeof value === "string" && ISO_DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

/** Adds calendar months, clamping to the month's last day (2025-01-31 + 1 → 2025-02-28). */
export function addMonths(iso: string, months: number): string {
  const [year, month, day] = iso.split("-").map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}
