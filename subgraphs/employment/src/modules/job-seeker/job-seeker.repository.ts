import { isUuid, readPage, type Connection, type Queryable } from "@percorsi/kit/author";
import { JobSeeker, type JobSeekerStatus } from "./job-seeker.type.js";

export interface JobSeekerRow {
  id: string;
  pathway_id: string;
  job_centre_id: string;
  counsellor_id: string;
  registered_on: string;
  first_appointment_on: string | null;
  skills: string[];
  wished_occupations: string[];
  availability: string;
  status: JobSeekerStatus;
}

const COLUMNS =
  "id, pathway_id, job_centre_id, counsellor_id, registered_on, first_appointment_on, skills, wished_occupations, availability, status";

export function toJobSeeker(row: JobSeekerRow): JobSeeker {
  return Object.assign(new JobSeeker(), {
    id: row.id,
    pathwayId: row.pathway_id,
    jobCentreId: row.job_centre_id,
    counsellorId: row.counsellor_id,
    registeredOn: row.registered_on,
    firstAppointmentOn: row.first_appointment_on,
    skills: row.skills,
    wishedOccupations: row.wished_occupations,
    availability: row.availability,
    status: row.status,
  });
}

export interface JobSeekerChanges {
  status?: JobSeekerStatus | null;
  skills?: string[] | null;
  wishedOccupations?: string[] | null;
  availability?: string | null;
  firstAppointmentOn?: string | null;
}

/** A JSON array column of a multi-row insert, back to text[] in its order. */
const textArray = (column: string) => `array(select e from jsonb_array_elements_text(${column}) with ordinality as t (e, n) order by n)`;

export class JobSeekerRepository {
  constructor(private readonly db: Queryable) {}

  async byIds(ids: readonly string[]): Promise<JobSeeker[]> {
    const rows = await this.db.query<JobSeekerRow>(`select ${COLUMNS} from job_seekers where id = any($1::uuid[])`, [ids.filter(isUuid)]);
    return rows.map(toJobSeeker);
  }

  /** Registrations per pathway: open ones first, then newest (the order `Pathway.jobSeeker` picks in). */
  async byPathwayIds(pathwayIds: readonly string[]): Promise<JobSeeker[]> {
    const rows = await this.db.query<JobSeekerRow>(
      `select ${COLUMNS} from job_seekers where pathway_id = any($1::uuid[])
       order by pathway_id, status = 'CLOSED', registered_on desc, id desc`,
      [pathwayIds.filter(isUuid)],
    );
    return rows.map(toJobSeeker);
  }

  /**
   * A job centre's own caseload: per pathway, the registration it is shown (open before closed,
   * then newest, as `Pathway.jobSeeker` picks), filtered on that one's status; newest
   * registration first, keyset-paginated on (registered_on, id). One node per pathway.
   */
  caseload(jobCentreId: string, status: JobSeekerStatus | null, first: number, after?: string | null): Promise<Connection<JobSeeker>> {
    return readPage<JobSeekerRow, JobSeeker>(this.db, {
      base: `select ${COLUMNS} from (
               select distinct on (pathway_id) ${COLUMNS} from job_seekers where job_centre_id = $1
               order by pathway_id, status = 'CLOSED', registered_on desc, id desc
             ) shown where ($2::text is null or status = $2)`,
      params: [jobCentreId, status],
      sort: [["registered_on", "date"], ["id", "uuid"]],
      direction: "desc",
      first,
      after,
      map: toJobSeeker,
      cursorOf: (j) => [j.registeredOn!, j.id],
    });
  }

  /**
   * Reads a registration of `jobCentreId` about `pathwayId` inside a transaction and holds it
   * until the write is done. Another job centre's, another pathway's and an unknown id all find
   * no row and lock nothing: a refusal costs the same whether the id exists (a row lock is a write).
   */
  async lock(id: string, of: { jobCentreId: string; pathwayId: string }): Promise<JobSeeker | null> {
    const [row] = await this.db.query<JobSeekerRow>(
      `select ${COLUMNS} from job_seekers where id = $1 and job_centre_id = $2 and pathway_id = $3 for update`,
      [id, of.jobCentreId, of.pathwayId.toLowerCase()],
    );
    return row ? toJobSeeker(row) : null;
  }

  async hasOpenRegistration(pathwayId: string, jobCentreId: string): Promise<boolean> {
    const rows = await this.db.query(
      "select 1 from job_seekers where pathway_id = $1 and job_centre_id = $2 and status <> 'CLOSED'",
      [pathwayId, jobCentreId],
    );
    return rows.length > 0;
  }

  /** Many rows in one statement; rows already there are left as they are. */
  async insertMany(rows: readonly JobSeekerRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `insert into job_seekers (${COLUMNS})
       select id, pathway_id, job_centre_id, counsellor_id, registered_on, first_appointment_on,
              ${textArray("skills")}, ${textArray("wished_occupations")}, availability, status
       from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::date[], $6::date[], $7::jsonb[], $8::jsonb[], $9::text[], $10::text[])
         as r (id, pathway_id, job_centre_id, counsellor_id, registered_on, first_appointment_on, skills, wished_occupations, availability, status)
       on conflict (id) do nothing`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.pathway_id),
        rows.map((r) => r.job_centre_id),
        rows.map((r) => r.counsellor_id),
        rows.map((r) => r.registered_on),
        rows.map((r) => r.first_appointment_on),
        // Arrays of arrays cannot ride in one PostgreSQL array (unnest would flatten them): JSON each.
        rows.map((r) => JSON.stringify(r.skills)),
        rows.map((r) => JSON.stringify(r.wished_occupations)),
        rows.map((r) => r.availability),
        rows.map((r) => r.status),
      ],
    );
  }

  /** Sets the given fields; null or absent ones stay as they are. */
  async update(id: string, changes: JobSeekerChanges): Promise<void> {
    await this.db.query(
      `update job_seekers set
         status = coalesce($2, status),
         skills = coalesce($3::text[], skills),
         wished_occupations = coalesce($4::text[], wished_occupations),
         availability = coalesce($5, availability),
         first_appointment_on = coalesce($6::date, first_appointment_on),
         updated_at = now()
       where id = $1`,
      [
        id,
        changes.status ?? null,
        changes.skills ?? null,
        changes.wishedOccupations ?? null,
        changes.availability ?? null,
        changes.firstAppointmentOn ?? null,
      ],
    );
  }
}
