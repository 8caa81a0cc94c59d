import type { Database, Queryable } from "../../db/database.js";
import { BREAKDOWNS, GRANULARITIES, indicatorCellsOf, prepareIndicatorTable, type IndicatorCellValue, type ReportingCohort } from "@percorsi/indicators";
import type { IndicatorSection } from "../section.js";
import { indicatorThreshold } from "../report.js";
import type { ReleaseCohortPathway, ReleaseHeader, ReleasePartPage } from "./release-messages.js";

// A subgraph's part of a release: its sections computed for the release's years from its own
// store, on the cohort the consent authority handed over, and stored as cells. A cell already
// stored and measured in the same key epoch is never stored again, so what was published stays
// as published: a withdrawal, a late record or a correction changes only cells not yet published
// (and, at a year's revision, the whole year in a new epoch).

export class ReleasePartRefused extends Error {}

const INSERT_CHUNK = 4_000;

/** The cohort of a page sequence, kept in the store between pages. */
export async function storeCohortPage(db: Database, part: ReleasePartPage): Promise<void> {
  const { release } = part;
  await db.transaction(async (tx) => {
    const [existing] = await tx.query<{ status: string; id: string; version: number }>("select status, id, version from indicator_releases where seq = $1", [release.seq]);
    if (existing && (existing.status === "PUBLISHED" || existing.id !== release.id || existing.version !== release.version)) {
      throw new ReleasePartRefused("this release is already published here, or the sequence number is another release's");
    }
    if (!existing) {
      await tx.query("insert into indicator_releases (seq, id, version, status, cut_off) values ($1, $2, $3, 'DRAFT', $4)", [release.seq, release.id, release.version, release.cutOff]);
    }
    if (part.page === 0) {
      // A release computed again (a retried draft) starts over.
      await tx.query("delete from indicator_release_cohort where seq = $1", [release.seq]);
      await tx.query("delete from indicator_release_cells where seq = $1", [release.seq]);
      await tx.query("update indicator_releases set computed_at = null where seq = $1", [release.seq]);
    }
    for (let i = 0; i < part.pathways.length; i += INSERT_CHUNK) {
      const chunk = part.pathways.slice(i, i + INSERT_CHUNK);
      await tx.query(
        `insert into indicator_release_cohort (seq, pathway_id, attributes)
         select $1, id, attributes from unnest($2::uuid[], $3::jsonb[]) as p(id, attributes)
         on conflict (seq, pathway_id) do update set attributes = excluded.attributes`,
        [release.seq, chunk.map((p) => p.id), chunk.map((p) => JSON.stringify(p))],
      );
    }
  });
}

/** The cohort stored for a release, then forgotten: only cells are kept. */
export async function takeStoredCohort(db: Queryable, seq: number): Promise<ReleaseCohortPathway[]> {
  const rows = await db.query<{ attributes: ReleaseCohortPathway }>("select attributes from indicator_release_cohort where seq = $1 order by pathway_id", [seq]);
  await db.query("delete from indicator_release_cohort where seq = $1", [seq]);
  return rows.map((row) => (typeof row.attributes === "string" ? JSON.parse(row.attributes) : row.attributes));
}

export interface ReleasePartInput {
  release: ReleaseHeader;
  sections: readonly IndicatorSection[];
  organisations: ReportingCohort["organisations"];
  pathways: readonly ReleaseCohortPathway[];
  threshold: number;
  /** What the cohort carries: a section reading more is refused (it would count on missing data). */
  attributes: readonly string[];
  /** The subgraph's loaders, for sections that read an existing system through them (a REST source). */
  loaders?: unknown;
}

/** Computes and stores this subgraph's cells of a release; returns how many were stored. */
export async function computeReleasePart(db: Database, input: ReleasePartInput): Promise<number> {
  const { release, sections } = input;
  for (const section of sections) {
    const missing = (section.cohortAttributes ?? []).filter((a) => !input.attributes.includes(a));
    if (missing.length > 0) throw new ReleasePartRefused(`section ${section.name} reads ${missing.join(", ")}, which its cohort does not carry`);
  }
  // The network's threshold is the consent authority's; a subgraph may only be stricter.
  const threshold = Math.max(indicatorThreshold(), input.threshold);
  let stored = 0;
  for (const [index, { year, epoch }] of release.years.entries()) {
    const cohort: ReportingCohort = {
      organisations: input.organisations,
      threshold,
      pathways: input.pathways.map(({ keys, ...rest }) => ({ ...rest, recordKey: keys[index]! })),
    };
    const recordKeys = new Map(cohort.pathways.map((p) => [p.id, p.recordKey]));
    const range = { from: `${year}-01-01`, to: minDay(`${year}-12-31`, release.cutOff) };
    if (range.from > range.to) continue;
    for (const section of sections) {
      const organisations = input.organisations.filter((o) => section.organisationTypes.includes(o.type));
      const events = await section.events({ db, cohort, years: [year], organisations, loaders: input.loaders });
      const cells: IndicatorCellValue[] = [];
      const table = prepareIndicatorTable({ definitions: section.definitions, events, organisations, threshold, recordKeys, asOf: release.asOf, years: [year] });
      for (const granularity of GRANULARITIES) {
        for (const breakdown of BREAKDOWNS) {
          // Let the requests that arrived meanwhile be read: a release is computed beside live traffic.
          await new Promise((resolve) => setImmediate(resolve));
          for (const cell of indicatorCellsOf(table, { range, granularity, breakdown })) {
            // Only closed periods are published.
            if (cell.periodTo <= release.cutOff) cells.push(Object.assign(cell, { granularity, breakdown }));
          }
        }
      }
      stored += await storeCells(db, release.seq, section.name, epoch, cells as StoredCell[]);
    }
  }
  await db.query("update indicator_releases set computed_at = now() where seq = $1", [release.seq]);
  return stored;
}

type StoredCell = IndicatorCellValue & { granularity: string; breakdown: string };

async function storeCells(db: Database, seq: number, section: string, epoch: string, cells: StoredCell[]): Promise<number> {
  let stored = 0;
  for (let i = 0; i < cells.length; i += INSERT_CHUNK) {
    const chunk = cells.slice(i, i + INSERT_CHUNK);
    const column = <K extends keyof StoredCell>(k: K) => chunk.map((c) => c[k]);
    const rows = await db.query<{ n: number }>(
      `with c as (
         select * from unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::date[], $9::date[], $10::text[], $11::text[],
                              $12::float8[], $13::bool[], $14::text[], $15::int[], $16::int[])
           as c(granularity, breakdown, indicator_id, period, period_from, period_to, grp, category, value, suppressed, reason, numerator, denominator)
       ), inserted as (
         insert into indicator_release_cells (seq, section, epoch, granularity, breakdown, indicator_id, period, period_from, period_to, grp,
                                              category, value, suppressed, reason, numerator, denominator)
         select $1, $2, $3, c.* from c
         where not exists (
           select 1 from indicator_release_cells s join indicator_releases r on r.seq = s.seq and r.status = 'PUBLISHED'
           where s.section = $2 and s.granularity = c.granularity and s.breakdown = c.breakdown and s.indicator_id = c.indicator_id
             and s.period = c.period and s.grp = c.grp and s.category = c.category and s.epoch = $3
             and s.reason is distinct from 'FOLLOW_UP_OPEN')
         returning 1
       ) select count(*)::int as n from inserted`,
      [
        seq,
        section,
        epoch,
        column("granularity"),
        column("breakdown"),
        column("indicatorId"),
        column("period"),
        column("periodFrom"),
        column("periodTo"),
        column("group"),
        chunk.map((c) => c.category ?? ""),
        column("value"),
        column("suppressed"),
        column("reason"),
        column("numerator"),
        column("denominator"),
      ],
    );
    stored += rows[0]!.n;
  }
  return stored;
}

const minDay = (a: string, b: string) => (a < b ? a : b);
