import { isUuid, type Queryable } from "@percorsi/kit/author";
import { RetentionCheck } from "./retention-check.type.js";

interface RetentionCheckRow {
  id: string;
  placement_id: string;
  pathway_id: string;
  job_centre_id: string;
  months_after_start: number;
  checked_on: string;
  still_employed: boolean;
  note: string | null;
}

export interface NewRetentionCheckRow extends Omit<RetentionCheckRow, "pathway_id" | "job_centre_id"> {
  recorded_by: string;
}

// Ownership comes from the placement's registration, in the same query.
const SELECT = `select rc.id, rc.placement_id, js.pathway_id, js.job_centre_id, rc.months_after_start, rc.checked_on,
  rc.still_employed, rc.note
  from retention_checks rc join placements p on p.id = rc.placement_id join job_seekers js on js.id = p.job_seeker_id`;

function toRetentionCheck(row: RetentionCheckRow): RetentionCheck {
  return Object.assign(new RetentionCheck(), {
    id: row.id,
    placementId: row.placement_id,
    pathwayId: row.pathway_id,
    jobCentreId: row.job_centre_id,
    monthsAfterStart: row.months_after_start,
    checkedOn: row.checked_on,
    stillEmployed: row.still_employed,
    note: row.note,
  });
}

export class RetentionCheckRepository {
  constructor(private readonly db: Queryable) {}


  /** Checks per placement, in month order. */
  async byPlacementIds(placementIds: readonly string[]): Promise<RetentionCheck[]> {
    const rows = await this.db.query<RetentionCheckRow>(
      `${SELECT} where rc.placement_id = any($1::uuid[]) order by rc.placement_id, rc.months_after_start`,
      [placementIds.filter(isUuid)],
    );
    return rows.map(toRetentionCheck);
  }

  async exists(placementId: string, monthsAfterStart: number): Promise<boolean> {
    const rows = await this.db.query("select 1 from retention_checks where placement_id = $1 and months_after_start = $2", [
      placementId,
      monthsAfterStart,
    ]);
    return rows.length > 0;
  }

  /** Many rows in one statement; rows already there are left as they are. */
  async insertMany(rows: readonly NewRetentionCheckRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `insert into retention_checks (id, placement_id, months_after_start, checked_on, still_employed, note, recorded_by)
       select * from unnest($1::uuid[], $2::uuid[], $3::int[], $4::date[], $5::boolean[], $6::text[], $7::text[])
       on conflict (id) do nothing`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.placement_id),
        rows.map((r) => r.months_after_start),
        rows.map((r) => r.checked_on),
        rows.map((r) => r.still_employed),
        rows.map((r) => r.note),
        rows.map((r) => r.recorded_by),
      ],
    );
  }
}
