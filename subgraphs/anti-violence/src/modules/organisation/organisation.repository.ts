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

  /**
   * Adds the directory's organisations that are missing. An existing one is left as it is, except
   * that a staff count it lacks (a store seeded before the column existed) is filled in.
   */
  async insertMany(organisations: readonly (OrganisationRow & { operators?: number | null })[]): Promise<void> {
    if (organisations.length === 0) return;
    await this.db.query(
      `insert into organisations (id, name, type, district, operators)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[])
       on conflict (id) do update set operators = excluded.operators
         where organisations.operators is null and excluded.operators is not null`,
      [
        organisations.map((o) => o.id),
        organisations.map((o) => o.name),
        organisations.map((o) => o.type),
        organisations.map((o) => o.district),
        organisations.map((o) => o.operators ?? null),
      ],
    );
  }
}
