import type { OrganisationType } from "@percorsi/schema";
import type { CohortAttribute, Queryable, ReportOrganisation } from "@percorsi/kit/author";
import { LONGEST_FOLLOW_UP_MONTHS, type ReleaseCohortPathway } from "@percorsi/kit/authority";

/** Who a page of a release's cohort is for: the consent authority's own sections, or one other subgraph. */
export interface CohortScope {
  /** The last day the release covers; no pathway opened later counts. */
  cutOff: string;
  /** The first year the release computes: pathways closed long before it have nothing in it. */
  firstYear: number;
  /** The subgraph's organisation types: only women one of its organisations is involved with. Null: every woman (the authority's own part). */
  organisationTypes: readonly OrganisationType[] | null;
  attributes: readonly CohortAttribute[];
}

/**
 * Who counts in a release: the pathways whose woman agreed to count (her reporting consent at the
 * time the release is computed), opened by its cut-off and not closed long before its years; for
 * another subgraph, only those one of its organisations is involved with (a referral to it, or a
 * consent naming it or its type), with only the attributes its manifest entry grants. Paged by id,
 * so no step holds the whole network in one statement or message.
 */
export class ReleaseCohortRepository {
  constructor(private readonly db: Queryable) {}

  /** The directory (network data, no one's): a section's rows may be of any type (operators trained, by job centre). */
  async organisations(): Promise<ReportOrganisation[]> {
    return this.db.query<ReportOrganisation>("select id, type, operators from organisations order by id");
  }

  /** Up to `limit` women after `after` (by id), without record keys (the caller adds them). */
  async page(scope: CohortScope, after: string | null, limit: number): Promise<Omit<ReleaseCohortPathway, "keys">[]> {
    const types = scope.organisationTypes ? [...scope.organisationTypes] : null;
    const rows = await this.db.query<{ id: string; opened_on: string; plan_signed_on: string | null }>(
      `select p.id::text, to_char(p.opened_on, 'YYYY-MM-DD') as opened_on, to_char(pl.signed_on, 'YYYY-MM-DD') as plan_signed_on
       from reporting_consents rc
       join pathways p on p.id = rc.pathway_id
       left join plans pl on pl.pathway_id = p.id
       where rc.granted and p.opened_on <= $1::date
         and (p.closed_on is null or p.closed_on >= (make_date($2, 1, 1) - make_interval(months => $3))::date)
         and ($4::uuid is null or p.id > $4::uuid)
         and ($5::text[] is null
              or exists (select 1 from referrals r join organisations o on o.id = r.to_organisation_id
                         where r.pathway_id = p.id and o.type = any($5::text[]))
              or exists (select 1 from consents c join consent_provisions cp on cp.consent_id = c.id
                         left join organisations o on o.id = cp.grantee_organisation_id
                         where c.pathway_id = p.id and cp.type = 'PERMIT'
                           and (cp.grantee_organisation_type = any($5::text[]) or o.type = any($5::text[]))))
       order by p.id
       limit $6`,
      [scope.cutOff, scope.firstYear, LONGEST_FOLLOW_UP_MONTHS, after, types, limit],
    );
    const wants = (a: CohortAttribute) => scope.attributes.includes(a);
    const referrals = wants("referralsSentOn") ? await this.referrals(rows.map((r) => r.id), types, scope.cutOff) : new Map();
    return rows.map((r) => ({
      id: r.id,
      ...(wants("openedOn") ? { openedOn: r.opened_on } : {}),
      ...(wants("planSignedOn") ? { planSignedOn: r.plan_signed_on } : {}),
      ...(wants("referralsSentOn") ? { referrals: referrals.get(r.id) ?? [] } : {}),
    }));
  }

  /** Their referrals to organisations of those types, sent by the cut-off: [organisation, day sent]. */
  private async referrals(ids: string[], types: string[] | null, cutOff: string): Promise<Map<string, { to: string; sentOn: string }[]>> {
    const rows = await this.db.query<{ pathway_id: string; to_organisation_id: string; sent_on: string }>(
      `select r.pathway_id::text, r.to_organisation_id, to_char(r.sent_on, 'YYYY-MM-DD') as sent_on
       from referrals r join organisations o on o.id = r.to_organisation_id
       where r.pathway_id = any($1::uuid[]) and ($2::text[] is null or o.type = any($2::text[])) and r.sent_on <= $3::date
       order by r.pathway_id, r.sent_on, r.id`,
      [ids, types, cutOff],
    );
    const byPathway = new Map<string, { to: string; sentOn: string }[]>();
    for (const r of rows) {
      const list = byPathway.get(r.pathway_id) ?? [];
      list.push({ to: r.to_organisation_id, sentOn: r.sent_on });
      byPathway.set(r.pathway_id, list);
    }
    return byPathway;
  }
}
