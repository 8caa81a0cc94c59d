import { isUuid, readPage, type Connection, type Queryable } from "@percorsi/kit/author";
import type { Purpose } from "@percorsi/schema";
import { OPEN_REFERRAL_STATUSES, Referral, type ReferralStatus, type RejectionCode } from "./referral.type.js";

interface ReferralRow {
  id: string;
  pathway_id: string;
  from_organisation_id: string;
  to_organisation_id: string;
  purpose: Purpose;
  note: string | null;
  status: ReferralStatus;
  sent_on: string;
  responded_on: string | null;
  rejection_reason: string | null;
  rejection_code: RejectionCode | null;
}

export interface ReferralRecord {
  id: string;
  pathwayId: string;
  fromOrganisationId: string;
  toOrganisationId: string;
  purpose: Purpose;
  note: string | null;
  status: ReferralStatus;
  sentOn: string;
  sentBy: string;
  respondedOn: string | null;
  respondedBy: string | null;
  rejectionReason: string | null;
  /** A rejected referral given none (older records, the demo seed) is OTHER. */
  rejectionCode?: RejectionCode | null;
}

/** The receiving organisation's answer, recorded with an accept or a reject. */
export interface ReferralAnswer {
  on: string;
  by: string;
  rejectionReason: string | null;
  /** With a rejection; OTHER when not given. */
  rejectionCode?: RejectionCode | null;
}

const COLUMNS = "id, pathway_id, from_organisation_id, to_organisation_id, purpose, note, status, sent_on, responded_on, rejection_reason, rejection_code";

function toReferral(row: ReferralRow): Referral {
  return Object.assign(new Referral(), {
    id: row.id,
    pathwayId: row.pathway_id,
    fromOrganisationId: row.from_organisation_id,
    toOrganisationId: row.to_organisation_id,
    purpose: row.purpose,
    note: row.note,
    status: row.status,
    sentOn: row.sent_on,
    respondedOn: row.responded_on,
    rejectionReason: row.rejection_reason,
    rejectionCode: row.rejection_code,
  });
}

export class ReferralRepository {
  constructor(private readonly db: Queryable) {}

  async byIds(ids: readonly string[]): Promise<Referral[]> {
    const rows = await this.db.query<ReferralRow>(`select ${COLUMNS} from referrals where id = any($1::uuid[])`, [ids.filter(isUuid)]);
    return rows.map(toReferral);
  }

  /** Referrals of many pathways, each pathway's oldest first. */
  async byPathwayIds(pathwayIds: readonly string[]): Promise<Referral[]> {
    const rows = await this.db.query<ReferralRow>(
      `select ${COLUMNS} from referrals where pathway_id = any($1::uuid[]) order by pathway_id, sent_on, id`,
      [pathwayIds],
    );
    return rows.map(toReferral);
  }

  /** Referrals addressed to an organisation, newest first, keyset-paginated on (sent_on, id). */
  addressedTo(organisationId: string, shownIds: readonly string[], status: ReferralStatus | null, first: number, after?: string | null): Promise<Connection<Referral>> {
    return readPage<ReferralRow, Referral>(this.db, {
      base: `select ${COLUMNS} from referrals where to_organisation_id = $1 and id = any($3::uuid[]) and ($2::text is null or status = $2)`,
      params: [organisationId, status, shownIds],
      sort: [["sent_on", "date"], ["id", "uuid"]],
      direction: "desc",
      first,
      after,
      map: toReferral,
      cursorOf: (r) => [r.sentOn!, r.id],
    });
  }

  /** Every referral addressed to an organisation, whatever its status: the candidates its list is decided on. */
  async candidatesAddressedTo(organisationId: string): Promise<Pick<Referral, "id" | "pathwayId" | "purpose">[]> {
    const rows = await this.db.query<{ id: string; pathway_id: string; purpose: Referral["purpose"] }>(
      "select id, pathway_id, purpose from referrals where to_organisation_id = $1",
      [organisationId],
    );
    return rows.map((row) => ({ id: row.id, pathwayId: row.pathway_id, purpose: row.purpose }));
  }

  /** Whether a pathway already has a running referral to an organisation. */
  async hasOpen(pathwayId: string, toOrganisationId: string): Promise<boolean> {
    const rows = await this.db.query(
      "select 1 from referrals where pathway_id = $1 and to_organisation_id = $2 and status = any($3::text[]) limit 1",
      [pathwayId, toOrganisationId, OPEN_REFERRAL_STATUSES],
    );
    return rows.length > 0;
  }

  async insert(referral: ReferralRecord): Promise<void> {
    await this.insertMany([referral]);
  }

  /**
   * Moves a referral only if it is still in one of the expected statuses, so two concurrent
   * answers cannot both win. Says whether it moved.
   */
  async transition(id: string, from: readonly ReferralStatus[], to: ReferralStatus, answer: ReferralAnswer | null): Promise<boolean> {
    const rows = await this.db.query(
      `update referrals set
         status = $3,
         responded_on = coalesce($4::date, responded_on),
         responded_by = coalesce($5::text, responded_by),
         rejection_reason = $6,
         rejection_code = case when $3 = 'REJECTED' then coalesce($7::text, 'OTHER') end
       where id = $1 and status = any($2::text[])
       returning id`,
      [id, from, to, answer?.on ?? null, answer?.by ?? null, answer?.rejectionReason ?? null, answer?.rejectionCode ?? null],
    );
    return rows.length > 0;
  }

  /** Many referrals in one statement (the demo seed, and `insert`). */
  async insertMany(referrals: readonly ReferralRecord[]): Promise<void> {
    if (referrals.length === 0) return;
    await this.db.query(
      `insert into referrals (id, pathway_id, from_organisation_id, to_organisation_id, purpose, note, status, sent_on, sent_by,
         responded_on, responded_by, rejection_reason, rejection_code)
       select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::date[], $9::text[],
         $10::date[], $11::text[], $12::text[], $13::text[])`,
      [
        referrals.map((r) => r.id),
        referrals.map((r) => r.pathwayId),
        referrals.map((r) => r.fromOrganisationId),
        referrals.map((r) => r.toOrganisationId),
        referrals.map((r) => r.purpose),
        referrals.map((r) => r.note),
        referrals.map((r) => r.status),
        referrals.map((r) => r.sentOn),
        referrals.map((r) => r.sentBy),
        referrals.map((r) => r.respondedOn),
        referrals.map((r) => r.respondedBy),
        referrals.map((r) => r.rejectionReason),
        referrals.map((r) => (r.status === "REJECTED" ? (r.rejectionCode ?? "OTHER") : null)),
      ],
    );
  }
}
