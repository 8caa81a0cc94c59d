import { today, type IndicatorEvent, type Queryable, type SectionInput } from "@percorsi/kit/author";
import { caseHolderTypes } from "@percorsi/schema";

/** Every anti-violence section's rows: the case-holders' organisations. */
export const CASE_HOLDERS = caseHolderTypes();

export const SOURCE = "anti-violence";

/** What every section's SQL reads: one row per event, nothing aggregated across women. */
export interface EventRow {
  indicator: string;
  /** Her pathway: the cell-key perturbation needs her record key. */
  pathway_id: string;
  on: string;
  organisation_id: string;
  category: string | null;
  value: number | null;
}

/**
 * The parameters a section statement takes: $1 the cohort's pathway ids (reporting consent
 * granted: no other pathway counts), $2 the years read (events dated in them only) and, when
 * asked for, $3 today (UTC, like the API's days) for what "in the past" means. (PostgreSQL
 * refuses a parameter a statement does not use, so today is passed only where it is used.)
 */
export function sectionParameters(input: SectionInput, withToday = false): unknown[] {
  const params: unknown[] = [input.cohort.pathways.map((p) => p.id), [...input.years]];
  if (withToday) params.push(today());
  return params;
}

/** The day a timestamp falls on, in UTC like every day of the API (`today()`). */
export const utcDay = (column: string) => `(${column} at time zone 'UTC')::date`;

/** `column`'s day is in one of the years read ($2). */
export const inYears = (column: string) => `extract(year from ${column})::int = any($2::int[])`;

export function toEvent(row: EventRow): IndicatorEvent {
  const event: IndicatorEvent = { indicator: row.indicator, on: row.on, organisationId: row.organisation_id, pathwayId: row.pathway_id };
  if (row.category !== null) event.category = row.category;
  if (row.value !== null) event.value = Number(row.value);
  return event;
}

/**
 * Runs one section statement (branches of `union all`, each selecting
 * `indicator, pathway_id, on, organisation_id, category, value`) and returns its events. An empty cohort or
 * no year reads nothing.
 */
export async function readEvents(db: Queryable, input: SectionInput, sql: string, options: { withToday?: boolean } = {}): Promise<IndicatorEvent[]> {
  if (nothingToRead(input)) return [];
  const rows = await db.query<EventRow>(sql, sectionParameters(input, options.withToday));
  return rows.map(toEvent);
}

/** No pathway counts, or no year is read: no statement at all. */
export const nothingToRead = (input: SectionInput) => input.cohort.pathways.length === 0 || input.years.length === 0;

/** One branch of a section statement: `select 'id'::text as indicator, pathway_id, on, organisation_id, category, value`. */
export function branch(indicator: string, parts: { on: string; category?: string; value?: string; from: string }): string {
  return `select '${indicator}'::text as indicator, p.id::text as pathway_id, (${parts.on})::date as "on", p.holder_id as organisation_id,
    ${parts.category ? `(${parts.category})::text` : "null::text"} as category, ${parts.value ? `(${parts.value})::int` : "null::int"} as value
  ${parts.from}`;
}
