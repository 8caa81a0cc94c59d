import type { IndicatorDefinition, IndicatorSection } from "@percorsi/kit/author";
import { branch, CASE_HOLDERS, inYears, readEvents, SOURCE, utcDay } from "./section-events.js";

const section = "rights";

const UTC = "Days are UTC days, like every day of the API.";

const definitions: IndicatorDefinition[] = [
  {
    id: "rights.consents_granted",
    section,
    kind: "COUNT",
    unit: "COUNT",
    title: "Consents granted",
    numerator: "Consents to share her data that a woman gave, recorded with her by her case-holder.",
    dateRule: "The day the consent was recorded.",
    source: SOURCE,
    notes: `An amendment (a consent that replaces hers, the old one becoming SUPERSEDED) is not a new grant and does not count; the consent it replaces was counted when first granted. Reporting consent is not counted here. ${UTC}`,
  },
  {
    id: "rights.consents_withdrawn",
    section,
    kind: "COUNT",
    unit: "COUNT",
    title: "Consents withdrawn",
    numerator: "Consents a woman withdrew.",
    dateRule: "The day the consent was withdrawn.",
    source: SOURCE,
    notes: `Only a consent in force can be withdrawn, so an amended consent withdrawn counts once. ${UTC}`,
  },
  {
    id: "rights.consents_expired",
    section,
    kind: "COUNT",
    unit: "COUNT",
    title: "Consents expired",
    numerator:
      "Consents whose every permit had an end day and whose last permit's period has ended, without being withdrawn or replaced by an amendment before that.",
    dateRule: "The last day of its last permit's period (the last day it covered), once that day is in the past.",
    source: SOURCE,
    notes: `A consent withdrawn or amended after it expired still expired (and its withdrawal counts too); one withdrawn or amended on or before its last day did not expire. A permit without an end day never expires. ${UTC}`,
  },
  {
    id: "rights.seals",
    section,
    kind: "COUNT",
    unit: "COUNT",
    title: "Pathways sealed",
    numerator: "Emergency seals a case-holder put on a pathway (closing it to everyone else).",
    dateRule: "The day the seal was put on.",
    source: SOURCE,
    notes: `Each seal counts, also a pathway sealed again after a seal was lifted. ${UTC}`,
  },
  {
    id: "rights.break_glass_reads",
    section,
    kind: "COUNT",
    unit: "COUNT",
    title: "Break-glass reads",
    numerator: "Reads of a woman's case-holder records on a legal basis other than her consent (break-glass), as the audit log allowed them.",
    dateRule: "The day of the read.",
    source: SOURCE,
    notes: `One read is one request reading one pathway on one day, however many fields it read. Counted for the pathway's case-holder, whoever read. Reads of the records other subgraphs keep are in their own audit logs, not counted here. ${UTC}`,
  },
];

// The period a consent's permits cover (per consent, not across women): when they all end, it expires.
const CONSENT_ENDS = `with consent_ends as (
    select c.id, c.pathway_id, c.withdrawn_at, max(cp.period_end) as ended_on, bool_and(cp.period_end is not null) as ends
    from consents c join consent_provisions cp on cp.consent_id = c.id and cp.type = 'PERMIT' and cp.parent_id is null
    where c.pathway_id = any($1::uuid[])
    group by c.id, c.pathway_id, c.withdrawn_at)`;

const consents = `from consents c join pathways p on p.id = c.pathway_id where p.id = any($1::uuid[])`;

const SQL = `${CONSENT_ENDS}
${[
  branch("rights.consents_granted", {
    on: utcDay("c.recorded_at"),
    from: `${consents} and c.replaces is null and ${inYears(utcDay("c.recorded_at"))}`,
  }),
  branch("rights.consents_withdrawn", {
    on: utcDay("c.withdrawn_at"),
    from: `${consents} and c.withdrawn_at is not null and ${inYears(utcDay("c.withdrawn_at"))}`,
  }),
  branch("rights.consents_expired", {
    on: "e.ended_on",
    from: `from consent_ends e join pathways p on p.id = e.pathway_id
      where e.ends and e.ended_on < $3::date and ${inYears("e.ended_on")}
        and (e.withdrawn_at is null or ${utcDay("e.withdrawn_at")} > e.ended_on)
        and not exists (select 1 from consents n where n.replaces = e.id and ${utcDay("n.recorded_at")} <= e.ended_on)`,
  }),
  branch("rights.seals", {
    on: utcDay("s.sealed_at"),
    from: `from pathway_seals s join pathways p on p.id = s.pathway_id where p.id = any($1::uuid[]) and ${inYears(utcDay("s.sealed_at"))}`,
  }),
  branch("rights.break_glass_reads", {
    on: "b.day",
    from: `from (
        select distinct a.request_id, a.pathway_id, ${utcDay("a.at")} as day
        from audit_log a
        where a.pathway_id = any($1::uuid[]::text[]) and a.action = 'READ' and a.decision = 'ALLOW' and a.basis = 'BREAK_GLASS'
          and ${inYears(utcDay("a.at"))}) b
      join pathways p on p.id::text = b.pathway_id`,
  }),
].join("\nunion all\n")}`;

export const rightsSection: IndicatorSection = {
  name: section,
  description: "Her rights: consents granted, withdrawn and expired; emergency seals; break-glass reads.",
  organisationTypes: CASE_HOLDERS,
  definitions,
  events: (input) => readEvents(input.db, input, SQL, { withToday: true }),
};
