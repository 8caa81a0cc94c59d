import { isUuid, readPage, type Connection, type Queryable } from "@percorsi/kit/author";
import { Pathway, type PathwayStage } from "./pathway.type.js";

export interface PathwayRow {
  id: string;
  holder_id: string;
  stage: PathwayStage;
  opened_on: string;
  closed_on: string | null;
  closing_reason: string | null;
  /** Read, never written: whether an open seal exists. */
  sealed?: boolean;
}

// The open seal rides along with the row, so permission facts need no extra statement for it.
const COLUMNS = `p.id, p.holder_id, p.stage, p.opened_on, p.closed_on, p.closing_reason,
  exists (select 1 from pathway_seals s where s.pathway_id = p.id and s.lifted_at is null) as sealed`;

export function toPathway(row: PathwayRow): Pathway {
  return Object.assign(new Pathway(), {
    id: row.id,
    holderId: row.holder_id,
    stage: row.stage,
    openedOn: row.opened_on,
    closedOn: row.closed_on,
    closingReason: row.closing_reason,
    sealed: row.sealed ?? false,
  });
}

/**
 * Pathways of other holders that might be visible to an organisation: an open referral to it,
 * or an active consent naming it or its type. Only candidates: the visibility rule itself
 * (`pathwayVisible`) decides, in code, on each one's standing.
 */
const CANDIDATES = `select p.id from pathways p
  where p.holder_id <> $1
    and not exists (select 1 from pathway_seals s where s.pathway_id = p.id and s.lifted_at is null)
    and (exists (select 1 from referrals r where r.pathway_id = p.id and r.to_organisation_id = $1 and r.status = 'ACCEPTED')
      or exists (select 1 from consents c join consent_provisions cp on cp.consent_id = c.id
                 where c.pathway_id = p.id and c.status = 'ACTIVE' and cp.type = 'PERMIT'
                   and (cp.grantee_organisation_id = $1 or cp.grantee_organisation_type = $2)))`;

export interface PathwayFilter {
  stage?: PathwayStage | null;
}

export class PathwayRepository {
  constructor(private readonly db: Queryable) {}

  async byIds(ids: readonly string[]): Promise<Pathway[]> {
    // Ids come from callers (entity references too): anything that is not a UUID matches nothing.
    const rows = await this.db.query<PathwayRow>(`select ${COLUMNS} from pathways p where p.id = any($1::uuid[])`, [ids.filter(isUuid)]);
    return rows.map(toPathway);
  }

  /** `count` pathways drawn at random, with their holders: the stand-ins an unknown id's standing reads (`decoys.ts`). */
  async sample(count: number): Promise<{ id: string; holderId: string }[]> {
    const rows = await this.db.query<{ id: string; holder_id: string }>("select id::text as id, holder_id from pathways order by random() limit $1", [count]);
    return rows.map((row) => ({ id: row.id, holderId: row.holder_id }));
  }

  /** Ids of other holders' pathways that may be visible to an organisation (see `CANDIDATES`). */
  async candidateIds(organisationId: string, organisationType: string): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(CANDIDATES, [organisationId, organisationType]);
    return rows.map((row) => row.id);
  }

  /**
   * Newest first, keyset-paginated on (opened_on, id); the page and its total in one query:
   * the organisation's own cases and the other pathways `visibleIds` names.
   */
  visibleTo(organisationId: string, visibleIds: readonly string[], filter: PathwayFilter, first: number, after?: string | null): Promise<Connection<Pathway>> {
    return readPage<PathwayRow, Pathway>(this.db, {
      base: `select ${COLUMNS} from pathways p where (p.holder_id = $1 or p.id = any($3::uuid[])) and ($2::text is null or p.stage = $2)`,
      params: [organisationId, filter.stage ?? null, visibleIds],
      sort: [["opened_on", "date"], ["id", "uuid"]],
      direction: "desc",
      first,
      after,
      map: toPathway,
      cursorOf: (p) => [p.openedOn!, p.id],
    });
  }

  async insert(row: Omit<PathwayRow, "closed_on" | "closing_reason"> & { opened_by: string }): Promise<void> {
    await this.db.query(
      "insert into pathways (id, holder_id, stage, opened_on, opened_by) values ($1, $2, $3, $4, $5)",
      [row.id, row.holder_id, row.stage, row.opened_on, row.opened_by],
    );
  }

  /**
   * Locks a pathway's row for the rest of the transaction and returns its current stage, so
   * that checks made before a write (one open referral per organisation, goal positions) hold.
   */
  async lockStage(id: string): Promise<PathwayStage | null> {
    const [row] = await this.db.query<{ stage: PathwayStage }>("select stage from pathways where id = $1 for update", [id]);
    return row?.stage ?? null;
  }

  /** Moves a pathway forward only from the expected stage; says whether it moved. */
  async advanceStage(id: string, from: PathwayStage, to: PathwayStage): Promise<boolean> {
    const rows = await this.db.query("update pathways set stage = $3 where id = $1 and stage = $2 returning id", [id, from, to]);
    return rows.length > 0;
  }

  /** Many pathways in one statement (the demo seed). */
  async insertMany(rows: readonly (PathwayRow & { opened_by: string })[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `insert into pathways (id, holder_id, stage, opened_on, closed_on, closing_reason, opened_by)
       select * from unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::date[], $6::text[], $7::text[])`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.holder_id),
        rows.map((r) => r.stage),
        rows.map((r) => r.opened_on),
        rows.map((r) => r.closed_on),
        rows.map((r) => r.closing_reason),
        rows.map((r) => r.opened_by),
      ],
    );
  }

  async updateStage(id: string, stage: PathwayStage, closedOn: string | null, closingReason: string | null): Promise<void> {
    await this.db.query("update pathways set stage = $2, closed_on = $3, closing_reason = $4 where id = $1", [
      id,
      stage,
      closedOn,
      closingReason,
    ]);
  }
}
