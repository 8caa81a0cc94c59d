import type { IndicatorDefinition, IndicatorSection } from "@percorsi/kit/author";
import { referralReceivingTypes } from "@percorsi/schema";
import { REJECTION_CODES } from "../referral/referral.type.js";
import { branch, CASE_HOLDERS, inYears, readEvents, SOURCE } from "./section-events.js";

const section = "referrals";

/** Who a referral can go to: the types schema/network.yaml marks receivesReferrals (not the control room). */
const RECEIVING_TYPES = referralReceivingTypes();

const definitions: IndicatorDefinition[] = [
  {
    id: "referrals.sent",
    section,
    kind: "COUNT",
    unit: "COUNT",
    title: "Referrals sent",
    numerator: "Referrals sent by a case-holder to another organisation of the network, by the receiving organisation's type.",
    dateRule: "The day the referral was sent.",
    source: SOURCE,
    categories: RECEIVING_TYPES,
    notes: "Counted for the case-holder that sent it, whatever became of it (accepted, rejected, withdrawn, still waiting).",
  },
  {
    id: "referrals.accepted",
    section,
    kind: "COUNT",
    unit: "COUNT",
    title: "Referrals accepted",
    numerator: "Referrals the receiving organisation accepted.",
    dateRule: "The day the receiving organisation accepted it.",
    source: SOURCE,
    notes:
      "An acceptance stays counted when the referral is later completed (DONE) or called off by the case-holder after it was accepted (WITHDRAWN with an answer day): it happened. Counted for the case-holder that sent it.",
  },
  {
    id: "referrals.rejected",
    section,
    kind: "COUNT",
    unit: "COUNT",
    title: "Referrals rejected, by reason",
    numerator: "Referrals the receiving organisation rejected, by the reason code it gave.",
    dateRule: "The day the receiving organisation rejected it.",
    source: SOURCE,
    categories: REJECTION_CODES,
    notes: "Reasons are the network's codes; the note an operator writes beside one is never reported. Rejections recorded before codes existed are OTHER.",
  },
  {
    id: "referrals.median_days_to_acceptance",
    section,
    kind: "MEDIAN",
    unit: "DAYS",
    title: "Median days from referral to acceptance",
    numerator: "Days from the day a referral was sent to the day it was accepted, for the referrals accepted.",
    dateRule: "The day the receiving organisation accepted it.",
    source: SOURCE,
    median: { countOf: "referrals.accepted" },
  },
];

const referrals = `from referrals r join pathways p on p.id = r.pathway_id`;
// Only an acceptance leaves an answer day on an ACCEPTED, DONE or WITHDRAWN referral (a
// withdrawal keeps it, a referral withdrawn while SENT has none).
const accepted = `${referrals}
  where p.id = any($1::uuid[]) and r.status in ('ACCEPTED', 'DONE', 'WITHDRAWN') and r.responded_on is not null and ${inYears("r.responded_on")}`;

const SQL = [
  branch("referrals.sent", {
    on: "r.sent_on",
    category: "o.type",
    from: `${referrals} join organisations o on o.id = r.to_organisation_id where p.id = any($1::uuid[]) and ${inYears("r.sent_on")}`,
  }),
  branch("referrals.accepted", { on: "r.responded_on", from: accepted }),
  branch("referrals.median_days_to_acceptance", { on: "r.responded_on", value: "r.responded_on - r.sent_on", from: accepted }),
  branch("referrals.rejected", {
    on: "r.responded_on",
    category: "r.rejection_code",
    from: `${referrals} where p.id = any($1::uuid[]) and r.status = 'REJECTED' and ${inYears("r.responded_on")}`,
  }),
].join("\nunion all\n");

export const referralsSection: IndicatorSection = {
  name: section,
  description: "Referrals from case-holders to the network: sent, by receiving organisation type; accepted, and how fast; rejected, by reason.",
  organisationTypes: CASE_HOLDERS,
  definitions,
  events: (input) => readEvents(input.db, input, SQL),
};
