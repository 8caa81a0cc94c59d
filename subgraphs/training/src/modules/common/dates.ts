/** "YYYY-MM-DD", as `DateScalar` and the database's DATE columns carry a day. */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day in ISO form (rejects 2026-02-30 as well as other shapes). */
export function isIsoDate(value: unknown): value is string {
  return typeof value === "string" && ISO_DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

/** Today as a day in UTC, the default for dates a caller leaves out. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
