import { isUuid, readPage, type Connection, type Queryable } from "@percorsi/kit/author";
import { Campaign } from "./campaign.type.js";

export interface CampaignRow {
  id: string;
  job_centre_id: string;
  title: string;
  topic: string;
  started_on: string;
  ended_on: string | null;
}

const COLUMNS = "id, job_centre_id, title, topic, started_on, ended_on";

function toCampaign(row: CampaignRow): Campaign {
  return Object.assign(new Campaign(), {
    id: row.id,
    jobCentreId: row.job_centre_id,
    title: row.title,
    topic: row.topic,
    startedOn: row.started_on,
    endedOn: row.ended_on,
  });
}

export class CampaignRepository {
  constructor(private readonly db: Queryable) {}

  async byIds(ids: readonly string[]): Promise<Campaign[]> {
    const rows = await this.db.query<CampaignRow>(`select ${COLUMNS} from campaigns where id = any($1::uuid[])`, [ids.filter(isUuid)]);
    return rows.map(toCampaign);
  }

  /** Newest first, keyset-paginated on (started_on, id). */
  list(first: number, after?: string | null): Promise<Connection<Campaign>> {
    return readPage<CampaignRow, Campaign>(this.db, {
      base: `select ${COLUMNS} from campaigns`,
      params: [],
      sort: [["started_on", "date"], ["id", "uuid"]],
      direction: "desc",
      first,
      after,
      map: toCampaign,
      cursorOf: (c) => [c.startedOn, c.id],
    });
  }

  /** Many rows in one statement; rows already there are left as they are. */
  async insertMany(rows: readonly CampaignRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `insert into campaigns (${COLUMNS})
       select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::date[], $6::date[])
       on conflict (id) do nothing`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.job_centre_id),
        rows.map((r) => r.title),
        rows.map((r) => r.topic),
        rows.map((r) => r.started_on),
        rows.map((r) => r.ended_on),
      ],
    );
  }

  /** Which employers each campaign reached, as (campaign, employer) pairs. */
  async insertReached(pairs: readonly { campaign_id: string; employer_id: string }[]): Promise<void> {
    if (pairs.length === 0) return;
    await this.db.query(
      `insert into campaign_employers (campaign_id, employer_id)
       select * from unnest($1::uuid[], $2::uuid[])
       on conflict do nothing`,
      [pairs.map((p) => p.campaign_id), pairs.map((p) => p.employer_id)],
    );
  }
}
