import { isUuid, readPage, type Connection, type Queryable } from "@percorsi/kit/author";
import type { ContractType } from "../shared/contract-type.js";
import { Vacancy } from "./vacancy.type.js";

export interface VacancyRow {
  id: string;
  employer_id: string;
  job_centre_id: string;
  title: string;
  occupation: string;
  contract_type: ContractType;
  weekly_hours: number;
  district: string;
  opened_on: string;
  closed_on: string | null;
}

const COLUMNS = "id, employer_id, job_centre_id, title, occupation, contract_type, weekly_hours, district, opened_on, closed_on";

function toVacancy(row: VacancyRow): Vacancy {
  return Object.assign(new Vacancy(), {
    id: row.id,
    employerId: row.employer_id,
    jobCentreId: row.job_centre_id,
    title: row.title,
    occupation: row.occupation,
    contractType: row.contract_type,
    weeklyHours: row.weekly_hours,
    district: row.district,
    openedOn: row.opened_on,
    closedOn: row.closed_on,
  });
}

export class VacancyRepository {
  constructor(private readonly db: Queryable) {}

  async byIds(ids: readonly string[]): Promise<Vacancy[]> {
    const rows = await this.db.query<VacancyRow>(`select ${COLUMNS} from vacancies where id = any($1::uuid[])`, [ids.filter(isUuid)]);
    return rows.map(toVacancy);
  }

  /** Newest first, keyset-paginated on (opened_on, id). */
  list(openOnly: boolean, first: number, after?: string | null): Promise<Connection<Vacancy>> {
    return readPage<VacancyRow, Vacancy>(this.db, {
      base: `select ${COLUMNS} from vacancies where not $1::boolean or closed_on is null`,
      params: [openOnly],
      sort: [["opened_on", "date"], ["id", "uuid"]],
      direction: "desc",
      first,
      after,
      map: toVacancy,
      cursorOf: (v) => [v.openedOn, v.id],
    });
  }

  /** Reads a vacancy inside a transaction and holds it until the write is done. */
  async lock(id: string): Promise<Vacancy | null> {
    const [row] = await this.db.query<VacancyRow>(`select ${COLUMNS} from vacancies where id = $1 for update`, [id]);
    return row ? toVacancy(row) : null;
  }

  /** Many rows in one statement; rows already there are left as they are. */
  async insertMany(rows: readonly VacancyRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `insert into vacancies (${COLUMNS})
       select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[], $9::date[], $10::date[])
       on conflict (id) do nothing`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.employer_id),
        rows.map((r) => r.job_centre_id),
        rows.map((r) => r.title),
        rows.map((r) => r.occupation),
        rows.map((r) => r.contract_type),
        rows.map((r) => r.weekly_hours),
        rows.map((r) => r.district),
        rows.map((r) => r.opened_on),
        rows.map((r) => r.closed_on),
      ],
    );
  }

  async close(id: string, closedOn: string): Promise<void> {
    await this.db.query("update vacancies set closed_on = $2 where id = $1", [id, closedOn]);
  }
}
