import { isUuid, readPage, type Connection, type Queryable } from "@percorsi/kit/author";
import { Employer } from "./employer.type.js";

export interface EmployerRow {
  id: string;
  job_centre_id: string;
  name: string;
  sector: string;
  district: string;
  safe_workplace_commitment_signed_on: string | null;
  has_anti_harassment_policy: boolean;
}

const COLUMN_NAMES = ["id", "job_centre_id", "name", "sector", "district", "safe_workplace_commitment_signed_on", "has_anti_harassment_policy"];
const COLUMNS = COLUMN_NAMES.join(", ");

export function toEmployer(row: EmployerRow): Employer {
  return Object.assign(new Employer(), {
    id: row.id,
    jobCentreId: row.job_centre_id,
    name: row.name,
    sector: row.sector,
    district: row.district,
    safeWorkplaceCommitmentSignedOn: row.safe_workplace_commitment_signed_on,
    hasAntiHarassmentPolicy: row.has_anti_harassment_policy,
  });
}

export class EmployerRepository {
  constructor(private readonly db: Queryable) {}

  async byIds(ids: readonly string[]): Promise<Employer[]> {
    // Ids come from callers: anything that is not a UUID matches nothing (and breaks no cast).
    const rows = await this.db.query<EmployerRow>(`select ${COLUMNS} from employers where id = any($1::uuid[])`, [ids.filter(isUuid)]);
    return rows.map(toEmployer);
  }

  /** Alphabetical, keyset-paginated on (name, id). */
  list(first: number, after?: string | null): Promise<Connection<Employer>> {
    return readPage<EmployerRow, Employer>(this.db, {
      base: `select ${COLUMNS} from employers`,
      params: [],
      sort: [["name", "text"], ["id", "uuid"]],
      direction: "asc",
      first,
      after,
      map: toEmployer,
      cursorOf: (e) => [e.name, e.id],
    });
  }

  /** Employers reached by each campaign, alphabetical. */
  async reachedByCampaigns(campaignIds: readonly string[]): Promise<(Employer & { campaignId: string })[]> {
    const rows = await this.db.query<EmployerRow & { campaign_id: string }>(
      `select ce.campaign_id, ${COLUMN_NAMES.map((c) => `e.${c}`).join(", ")}
       from campaign_employers ce join employers e on e.id = ce.employer_id
       where ce.campaign_id = any($1::uuid[]) order by e.name, e.id`,
      [campaignIds.filter(isUuid)],
    );
    return rows.map((row) => Object.assign(toEmployer(row), { campaignId: row.campaign_id }));
  }

  /** How many of `ids` exist (callers pass distinct ids). */
  async countExisting(ids: readonly string[]): Promise<number> {
    const [row] = await this.db.query<{ count: number }>("select count(*)::int as count from employers where id = any($1::uuid[])", [ids]);
    return row?.count ?? 0;
  }

  /** Many rows in one statement; rows already there are left as they are. */
  async insertMany(rows: readonly EmployerRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `insert into employers (${COLUMNS})
       select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::boolean[])
       on conflict (id) do nothing`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.job_centre_id),
        rows.map((r) => r.name),
        rows.map((r) => r.sector),
        rows.map((r) => r.district),
        rows.map((r) => r.safe_workplace_commitment_signed_on),
        rows.map((r) => r.has_anti_harassment_policy),
      ],
    );
  }
}
