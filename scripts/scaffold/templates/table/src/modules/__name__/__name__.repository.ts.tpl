import { listLoader, type Queryable } from "@percorsi/kit/author";

export interface __Name__Row {
  id: string;
  pathwayId: string;
  organisationId: string;
  recordedOn: string;
}

export type New__Name__Row = Omit<__Name__Row, "id"> & { recordedBy: string };

const COLUMNS = `id::text, pathway_id::text as "pathwayId", organisation_id as "organisationId", recorded_on::text as "recordedOn"`;

/** Its own table (migrations/), read in batches of pathways. */
export class __Name__RecordRepository {
  constructor(private readonly db: Queryable) {}

  /** Every record of a batch of pathways in one statement. */
  loader() {
    return listLoader(
      (pathwayIds) => this.db.query<__Name__Row>(`select ${COLUMNS} from __name_snake___records where pathway_id = any($1::uuid[]) order by recorded_on, id`, [pathwayIds]),
      (row) => row.pathwayId,
    );
  }

  async countKeptBy(organisationId: string): Promise<number> {
    const [row] = await this.db.query<{ n: number }>("select count(*)::int as n from __name_snake___records where organisation_id = $1", [organisationId]);
    return row?.n ?? 0;
  }

  async insert(row: New__Name__Row): Promise<__Name__Row> {
    const [created] = await this.db.query<__Name__Row>(
      `insert into __name_snake___records (pathway_id, organisation_id, recorded_on, recorded_by) values ($1, $2, $3, $4) returning ${COLUMNS}`,
      [row.pathwayId, row.organisationId, row.recordedOn, row.recordedBy],
    );
    return created!;
  }
}
