import { randomUUID } from "node:crypto";
import { jsonLists, jsonTextArray, type Queryable } from "@percorsi/kit/author";
import type { ConsentProvision as EvaluatedProvision, ProvisionType } from "@percorsi/kit/authority";
import type { DataCategory, OrganisationType, Purpose } from "@percorsi/schema";
import { Consent, ConsentProvision, type ConsentStatus } from "./consent.type.js";

interface ConsentProvisionRow {
  consent_id: string;
  pathway_id: string;
  status: ConsentStatus;
  evidence_reference: string;
  recorded_at: string | Date;
  withdrawn_at: string | Date | null;
  provision_id: string | null;
  parent_id: string | null;
  type: ProvisionType | null;
  grantee_organisation_id: string | null;
  grantee_organisation_type: OrganisationType | null;
  categories: DataCategory[] | null;
  purposes: Purpose[] | null;
  period_start: string | null;
  period_end: string | null;
}

/** A provision as written: the validated input, nested denies included (the kit's evaluation model). */
export type ProvisionRecord = EvaluatedProvision;

/** A consent as written: ids, statuses and times given (the API writes ACTIVE ones now; the seed any). */
export interface ConsentWrite {
  id: string;
  pathwayId: string;
  status: ConsentStatus;
  evidenceReference: string;
  recordedBy: string;
  /** ISO timestamps. */
  recordedAt: string;
  withdrawnAt: string | null;
  withdrawnBy: string | null;
  withdrawalReason: string | null;
  /** Must come earlier in the same batch (or already exist). */
  replaces: string | null;
  provisions: readonly ProvisionRecord[];
}

const asDate = (value: string | Date) => (value instanceof Date ? value : new Date(value));

/** Consents with their provisions, rebuilt as trees from one joined read. */
function toConsents(rows: readonly ConsentProvisionRow[]): Consent[] {
  const consents = new Map<string, Consent>();
  const provisions = new Map<string, ConsentProvision>();
  const children: { parentId: string; provision: ConsentProvision }[] = [];
  for (const row of rows) {
    let consent = consents.get(row.consent_id);
    if (!consent) {
      consent = Object.assign(new Consent(), {
        id: row.consent_id,
        pathwayId: row.pathway_id,
        status: row.status,
        evidenceReference: row.evidence_reference,
        recordedAt: asDate(row.recorded_at),
        withdrawnAt: row.withdrawn_at === null ? null : asDate(row.withdrawn_at),
        provisions: [],
      });
      consents.set(row.consent_id, consent);
    }
    if (!row.provision_id) continue;
    const provision = Object.assign(new ConsentProvision(), {
      type: row.type!,
      granteeOrganisationId: row.grantee_organisation_id,
      granteeOrganisationType: row.grantee_organisation_type,
      categories: row.categories ?? [],
      purposes: row.purposes ?? [],
      periodStart: row.period_start,
      periodEnd: row.period_end,
      provisions: [],
    });
    provisions.set(row.provision_id, provision);
    if (row.parent_id) children.push({ parentId: row.parent_id, provision });
    else consent.provisions.push(provision);
  }
  for (const { parentId, provision } of children) provisions.get(parentId)?.provisions.push(provision);
  return [...consents.values()];
}

const SELECT = `select c.id as consent_id, c.pathway_id, c.status, c.evidence_reference, c.recorded_at, c.withdrawn_at,
    p.id as provision_id, p.parent_id, p.type, p.grantee_organisation_id, p.grantee_organisation_type,
    p.categories, p.purposes, p.period_start::text as period_start, p.period_end::text as period_end
  from consents c left join consent_provisions p on p.consent_id = c.id`;
const ORDER = "order by c.pathway_id, c.recorded_at, c.id, p.parent_id nulls first, p.position";

export class ConsentRepository {
  constructor(private readonly db: Queryable) {}

  /** Every consent of many pathways, oldest first, with its provisions: one statement. */
  async byPathwayIds(pathwayIds: readonly string[]): Promise<Consent[]> {
    return toConsents(await this.db.query<ConsentProvisionRow>(`${SELECT} where c.pathway_id = any($1::uuid[]) ${ORDER}`, [pathwayIds]));
  }

  async byId(id: string): Promise<Consent | null> {
    const [consent] = toConsents(await this.db.query<ConsentProvisionRow>(`${SELECT} where c.id = $1 ${ORDER}`, [id]));
    return consent ?? null;
  }

  /** Writes a consent and its provisions; returns its id. */
  async insert(consent: { pathwayId: string; evidenceReference: string; recordedBy: string; replaces: string | null; provisions: readonly ProvisionRecord[] }): Promise<string> {
    const id = randomUUID();
    await this.insertMany([
      { ...consent, id, status: "ACTIVE", recordedAt: new Date().toISOString(), withdrawnAt: null, withdrawnBy: null, withdrawalReason: null },
    ]);
    return id;
  }

  /**
   * Writes many consents with their provisions (nested denies included) and given statuses: two
   * multi-row statements, whatever the count (the seed's path; `insert` writes one through it).
   */
  async insertMany(consents: readonly ConsentWrite[]): Promise<void> {
    if (consents.length === 0) return;
    await this.db.query(
      `insert into consents (id, pathway_id, status, evidence_reference, recorded_by, recorded_at, withdrawn_at, withdrawn_by, withdrawal_reason, replaces)
       select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::text[], $9::text[], $10::uuid[])`,
      [
        consents.map((c) => c.id),
        consents.map((c) => c.pathwayId),
        consents.map((c) => c.status),
        consents.map((c) => c.evidenceReference),
        consents.map((c) => c.recordedBy),
        consents.map((c) => c.recordedAt),
        consents.map((c) => c.withdrawnAt),
        consents.map((c) => c.withdrawnBy),
        consents.map((c) => c.withdrawalReason),
        consents.map((c) => c.replaces),
      ],
    );
    const rows: { id: string; consentId: string; parentId: string | null; provision: ProvisionRecord; position: number }[] = [];
    const flatten = (consentId: string, provisions: readonly ProvisionRecord[], parentId: string | null) =>
      provisions.forEach((provision, position) => {
        const row = { id: randomUUID(), consentId, parentId, provision, position };
        rows.push(row);
        flatten(consentId, provision.provisions, row.id);
      });
    for (const consent of consents) flatten(consent.id, consent.provisions, null);
    if (rows.length === 0) return;
    // Parents come before their children, so one ordered insert satisfies the self reference.
    await this.db.query(
      `insert into consent_provisions (id, consent_id, parent_id, type, grantee_organisation_id, grantee_organisation_type,
         categories, purposes, period_start, period_end, position)
       select u.id, u.consent_id, u.parent_id, u.type, u.grantee_organisation_id, u.grantee_organisation_type,
         ${jsonTextArray("u.categories")}, ${jsonTextArray("u.purposes")}, u.period_start, u.period_end, u.position
       from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::date[], $10::date[], $11::int[])
         as u (id, consent_id, parent_id, type, grantee_organisation_id, grantee_organisation_type, categories, purposes, period_start, period_end, position)`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.consentId),
        rows.map((r) => r.parentId),
        rows.map((r) => r.provision.type),
        rows.map((r) => r.provision.granteeOrganisationId),
        rows.map((r) => r.provision.granteeOrganisationType),
        jsonLists(rows.map((r) => r.provision.categories)),
        jsonLists(rows.map((r) => r.provision.purposes)),
        rows.map((r) => r.provision.periodStart),
        rows.map((r) => r.provision.periodEnd),
        rows.map((r) => r.position),
      ],
    );
  }

  /** Writes many reporting consents in one statement (seeding: none exists yet). */
  async insertReportingConsents(
    rows: readonly { pathwayId: string; granted: boolean; evidenceReference: string; recordedBy: string; recordedAt: string }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `insert into reporting_consents (pathway_id, granted, evidence_reference, recorded_by, recorded_at)
       select * from unnest($1::uuid[], $2::boolean[], $3::text[], $4::text[], $5::timestamptz[])`,
      [rows.map((r) => r.pathwayId), rows.map((r) => r.granted), rows.map((r) => r.evidenceReference), rows.map((r) => r.recordedBy), rows.map((r) => r.recordedAt)],
    );
  }

  /** Writes many open seals in one statement (seeding: at most one per pathway). */
  async insertSeals(rows: readonly { id: string; pathwayId: string; reason: string; sealedBy: string; sealedAt: string }[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `insert into pathway_seals (id, pathway_id, reason, sealed_by, sealed_at)
       select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[])`,
      [rows.map((r) => r.id), rows.map((r) => r.pathwayId), rows.map((r) => r.reason), rows.map((r) => r.sealedBy), rows.map((r) => r.sealedAt)],
    );
  }

  /** Moves an ACTIVE consent on; says whether it moved (someone else may have been first). */
  async supersede(id: string): Promise<boolean> {
    const rows = await this.db.query("update consents set status = 'SUPERSEDED' where id = $1 and status = 'ACTIVE' returning id", [id]);
    return rows.length > 0;
  }

  async withdraw(id: string, by: string, reason: string | null): Promise<boolean> {
    const rows = await this.db.query(
      `update consents set status = 'WITHDRAWN', withdrawn_at = now(), withdrawn_by = $2, withdrawal_reason = $3
       where id = $1 and status = 'ACTIVE' returning id`,
      [id, by, reason],
    );
    return rows.length > 0;
  }

  async reportingConsents(pathwayIds: readonly string[]): Promise<{ pathway_id: string; granted: boolean }[]> {
    return this.db.query("select pathway_id, granted from reporting_consents where pathway_id = any($1::uuid[])", [pathwayIds]);
  }

  async setReportingConsent(pathwayId: string, granted: boolean, evidenceReference: string, by: string): Promise<void> {
    await this.db.query(
      `insert into reporting_consents (pathway_id, granted, evidence_reference, recorded_by) values ($1, $2, $3, $4)
       on conflict (pathway_id) do update set granted = excluded.granted, evidence_reference = excluded.evidence_reference,
         recorded_by = excluded.recorded_by, recorded_at = now()`,
      [pathwayId, granted, evidenceReference, by],
    );
  }

  /** Seals a pathway; says false when it already was (the partial unique index keeps one open seal). */
  async seal(pathwayId: string, reason: string, by: string): Promise<boolean> {
    const rows = await this.db.query(
      `insert into pathway_seals (id, pathway_id, reason, sealed_by) values ($1, $2, $3, $4)
       on conflict (pathway_id) where lifted_at is null do nothing returning id`,
      [randomUUID(), pathwayId, reason, by],
    );
    return rows.length > 0;
  }

  async unseal(pathwayId: string, by: string): Promise<boolean> {
    const rows = await this.db.query(
      "update pathway_seals set lifted_at = now(), lifted_by = $2 where pathway_id = $1 and lifted_at is null returning id",
      [pathwayId, by],
    );
    return rows.length > 0;
  }
}
