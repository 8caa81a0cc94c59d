import { isUuid, type Queryable } from "@percorsi/kit/author";
import type { ContractType } from "../shared/contract-type.js";
import { Placement } from "./placement.type.js";

interface PlacementRow {
  id: string;
  job_seeker_id: string;
  pathway_id: string;
  job_centre_id: string;
  employer_id: string;
  vacancy_id: string | null;
  occupation: string;
  contract_type: ContractType;
  weekly_hours: number;
  start_on: string;
  end_on: string | null;
}

export interface NewPlacementRow extends Omit<PlacementRow, "pathway_id" | "job_centre_id"> {
  recorded_by: string;
}

// Pathway and job centre come from the registration: one source of truth for ownership.
const SELECT = `select p.id, p.job_seeker_id, js.pathway_id, js.job_centre_id, p.employer_id, p.vacancy_id, p.occupation,
  p.contract_type, p.weekly_hours, p.start_on, p.end_on
  from placements p join job_seekers js on js.id = p.job_seeker_id`;

function toPlacement(row: PlacementRow): Placement {
  return Object.assign(new Placement(), {
    id: row.id,
    jobSeekerId: row.job_seeker_id,
    pathwayId: row.pathway_id,
    jobCentreId: row.job_centre_id,
    employerId: row.employer_id,
    vacancyId: row.vacancy_id,
    occupation: row.occupation,
    contractType: row.contract_type,
    weeklyHours: row.weekly_hours,
    startOn: row.start_on,
    endOn: row.end_on,
  });
}

export class PlacementRepository {
  constructor(private readonly db: Queryable) {}


  /** Placements per pathway, at every job centre, oldest first. */
  async byPathwayIds(pathwayIds: readonly string[]): Promise<Placement[]> {
    const rows = await this.db.query<PlacementRow>(`${SELECT} where js.pathway_id = any($1::uuid[]) order by p.start_on, p.id`, [
      pathwayIds.filter(isUuid),
    ]);
    return rows.map(toPlacement);
  }

  /** Reads a placement inside a transaction and holds it until the write is done. */
  async lock(id: string): Promise<Placement | null> {
    const [row] = await this.db.query<PlacementRow>(`${SELECT} where p.id = $1 for update of p`, [id]);
    return row ? toPlacement(row) : null;
  }

  /** Many rows in one statement; rows already there are left as they are. */
  async insertMany(rows: readonly NewPlacementRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `insert into placements (id, job_seeker_id, employer_id, vacancy_id, occupation, contract_type, weekly_hours, start_on, end_on, recorded_by)
       select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::int[], $8::date[], $9::date[], $10::text[])
       on conflict (id) do nothing`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.job_seeker_id),
        rows.map((r) => r.employer_id),
        rows.map((r) => r.vacancy_id),
        rows.map((r) => r.occupation),
        rows.map((r) => r.contract_type),
        rows.map((r) => r.weekly_hours),
        rows.map((r) => r.start_on),
        rows.map((r) => r.end_on),
        rows.map((r) => r.recorded_by),
      ],
    );
  }
}
