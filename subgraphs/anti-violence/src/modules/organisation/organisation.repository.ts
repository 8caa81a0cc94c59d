import type { Queryable } from "@percorsi/kit/author";
import type { OrganisationType } from "@percorsi/schema";
import { Organisation } from "./organisation.type.js";

interface OrganisationRow {
  id: string;
  name: string;
  type: OrganisationType;
  district: string;
}

function toOrganisation(row: OrganisationRow): Organisation {
  return Object.assign(new Organisation(), row);
}

export class OrganisationRepository {
  constructor(private readonly db: Queryable) {}

  async byIds(ids: readonly string[]): Promise<Organisation[]> {
    const rows = await this.db.query<OrganisationRow>("select id, name, type, district from organisations where id = any($1)", [ids]);
    return rows.map(toOrganisation);
  }

  async all(): Promise<Organisation[]> {
    const rows = await this.db.query<OrganisationRow>("select id, name, type, district from organisations order by type, name");
    return rows.map(toOrganisation);
  }

  /**
   * Makes the stored organisations say what the directory says: adds the missing ones and brings
   * the others up to date (the directory wins). One not in the directory any more is kept: her
   * referrals still name it.
   */
  async upsertMany(organisations: readonly (OrganisationRow & { operators: number | null })[]): Promise<void> {
    if (organisations.length === 0) return;
    await this.db.query(
      `insert into organisations (id, name, type, district, operators)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[])
       on conflict (id) do update set name = excluded.name, type = excluded.type, district = excluded.district, operators = excluded.operators
         where (organisations.name, organisations.type, organisations.district, organisations.operators)
           is distinct from (excluded.name, excluded.type, excluded.district, excluded.operators)`,
      [
        organisations.map((o) => o.id),
        organisations.map((o) => o.name),
        organisations.map((o) => o.type),
        organisations.map((o) => o.district),
        organisations.map((o) => o.operators),
      ],
    );
  }
}
