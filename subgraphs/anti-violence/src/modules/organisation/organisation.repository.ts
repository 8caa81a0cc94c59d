import type { Queryable } from "@percorsi/kit";
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

  async insertMany(organisations: readonly OrganisationRow[]): Promise<void> {
    if (organisations.length === 0) return;
    await this.db.query(
      `insert into organisations (id, name, type, district)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[])
       on conflict (id) do nothing`,
      [organisations.map((o) => o.id), organisations.map((o) => o.name), organisations.map((o) => o.type), organisations.map((o) => o.district)],
    );
  }
}
