import type { Queryable } from "@percorsi/kit/author";
import { Identity, type ContactChannel, type IdentityInput } from "./identity.type.js";

interface IdentityRow {
  pathway_id: string;
  given_name: string;
  family_name: string;
  birth_year: number | null;
  phone: string | null;
  email: string | null;
  preferred_contact: ContactChannel;
  safe_to_leave_message: boolean;
  safe_contact_hours: string | null;
}

function toIdentity(row: IdentityRow): Identity {
  return Object.assign(new Identity(), {
    pathwayId: row.pathway_id,
    givenName: row.given_name,
    familyName: row.family_name,
    birthYear: row.birth_year,
    phone: row.phone,
    email: row.email,
    preferredContact: row.preferred_contact,
    safeToLeaveMessage: row.safe_to_leave_message,
    safeContactHours: row.safe_contact_hours,
  });
}

export class IdentityRepository {
  constructor(private readonly db: Queryable) {}

  async byPathwayIds(ids: readonly string[]): Promise<Identity[]> {
    const rows = await this.db.query<IdentityRow>("select * from identities where pathway_id = any($1::uuid[])", [ids]);
    return rows.map(toIdentity);
  }

  async insert(pathwayId: string, input: IdentityInput): Promise<void> {
    await this.db.query(
      `insert into identities (pathway_id, given_name, family_name, birth_year, phone, email, preferred_contact,
         safe_to_leave_message, safe_contact_hours)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        pathwayId,
        input.givenName,
        input.familyName,
        input.birthYear ?? null,
        input.phone ?? null,
        input.email ?? null,
        input.preferredContact,
        input.safeToLeaveMessage,
        input.safeContactHours ?? null,
      ],
    );
  }

  /** Many identities in one statement (the demo seed). */
  async insertMany(rows: readonly (IdentityInput & { pathwayId: string })[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `insert into identities (pathway_id, given_name, family_name, birth_year, phone, email, preferred_contact,
         safe_to_leave_message, safe_contact_hours)
       select * from unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::bool[], $9::text[])`,
      [
        rows.map((r) => r.pathwayId),
        rows.map((r) => r.givenName),
        rows.map((r) => r.familyName),
        rows.map((r) => r.birthYear ?? null),
        rows.map((r) => r.phone ?? null),
        rows.map((r) => r.email ?? null),
        rows.map((r) => r.preferredContact),
        rows.map((r) => r.safeToLeaveMessage),
        rows.map((r) => r.safeContactHours ?? null),
      ],
    );
  }
}
