/** Today as "YYYY-MM-DD" (UTC): the form of DATE columns and of the Date scalar. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
