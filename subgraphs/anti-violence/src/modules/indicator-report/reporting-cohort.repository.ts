import { CASE_HOLDER_TYPES, type OrganisationType } from "@percorsi/schema";
import { indicatorThreshold, recordKeysFor, type CohortPathway, type Queryable, type ReportingCohort } from "@percorsi/kit";

/**
 * Who counts in the network's indicators: the pathways whose woman agreed to count (her
 * reporting consent), with only what other subgraphs' joins need (her intake day, when her plan was signed, her
 * referrals to organisations that are not case-holders) and her secret record key (cell-key
 * perturbation), and the directory. Three statements.
 */
export class ReportingCohortRepository {
  constructor(private readonly db: Queryable) {}

  async cohort(): Promise<ReportingCohort> {
    const caseHolderTypes = [...CASE_HOLDER_TYPES];
    const [organisations, pathways, referrals] = await Promise.all([
      this.db.query<{ id: string; type: OrganisationType; operators: number | null }>("select id, type, operators from organisations order by id"),
      this.db.query<{ id: string; opened_on: string; plan_signed_on: string | null }>(
        `select p.id, to_char(p.opened_on, 'YYYY-MM-DD') as opened_on, to_char(pl.signed_on, 'YYYY-MM-DD') as plan_signed_on
         from reporting_consents rc join pathways p on p.id = rc.pathway_id left join plans pl on pl.pathway_id = p.id
         where rc.granted order by p.id`,
      ),
      this.db.query<{ pathway_id: string; to_organisation_id: string; sent_on: string; accepted_on: string | null }>(
        `select r.pathway_id, r.to_organisation_id, to_char(r.sent_on, 'YYYY-MM-DD') as sent_on,
                case when r.status in ('ACCEPTED', 'DONE') then to_char(r.responded_on, 'YYYY-MM-DD') end as accepted_on
         from referrals r
         join reporting_consents rc on rc.pathway_id = r.pathway_id and rc.granted
         join organisations o on o.id = r.to_organisation_id
         where o.type <> all($1::text[])
         order by r.pathway_id, r.sent_on, r.id`,
        [caseHolderTypes],
      ),
    ]);
    const byPathway = new Map<string, CohortPathway["referrals"]>();
    for (const r of referrals) {
      const list = byPathway.get(r.pathway_id) ?? [];
      list.push({ to: r.to_organisation_id, sentOn: r.sent_on, acceptedOn: r.accepted_on });
      byPathway.set(r.pathway_id, list);
    }
    // Her record key: the consent authority's secret, for the cell-key perturbation everywhere.
    const keys = await recordKeysFor(pathways.map((p) => p.id));
    return {
      organisations: organisations.map((o) => ({ id: o.id, type: o.type, operators: o.operators })),
      pathways: pathways.map((p) => ({ id: p.id, recordKey: keys.get(p.id)!, openedOn: p.opened_on, planSignedOn: p.plan_signed_on, referrals: byPathway.get(p.id) ?? [] })),
      threshold: indicatorThreshold(),
    };
  }
}
