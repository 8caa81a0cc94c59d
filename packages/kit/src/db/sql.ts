/**
 * Multi-row inserts go through `unnest` of one array per column. A column that is itself an
 * array cannot travel that way (PostgreSQL arrays are rectangular), so each row's list is sent
 * as JSON text and rebuilt in SQL, keeping its order: `jsonTextArray("$5")` with `jsonLists(...)`.
 */
export function jsonTextArray(column: string): string {
  return `array(select v from jsonb_array_elements_text(${column}::jsonb) with ordinality as t(v, n) order by n)`;
}

export function jsonLists(lists: readonly (readonly string[])[]): string[] {
  return lists.map((list) => JSON.stringify(list));
}
