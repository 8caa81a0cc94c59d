import type { IndicatorDefinition, IndicatorSection } from "@percorsi/kit/author";
import { GOAL_AREAS, GOAL_STATUSES } from "../plan/plan.type.js";
import { branch, CASE_HOLDERS, inYears, readEvents, SOURCE } from "./section-events.js";

const section = "plans";

const definitions: IndicatorDefinition[] = [
  {
    id: "plans.signed",
    section,
    kind: "COUNT",
    unit: "COUNT",
    title: "Empowerment plans signed",
    numerator: "Individual empowerment plans signed by the woman and her case-holder.",
    dateRule: "The day the plan was signed.",
    source: SOURCE,
    notes: "A pathway has one plan at most; a draft not yet signed does not count.",
  },
  {
    id: "plans.median_days_to_signature",
    section,
    kind: "MEDIAN",
    unit: "DAYS",
    title: "Median days from intake to plan signature",
    numerator: "Days from the pathway's opening to the signature of her plan, for the plans signed.",
    dateRule: "The day the plan was signed.",
    source: SOURCE,
    median: { countOf: "plans.signed" },
  },
  {
    id: "plans.goals_by_area",
    section,
    kind: "COUNT",
    unit: "COUNT",
    title: "Plan goals by area",
    numerator: "Goals of the signed plans, by what they are about (employment, training, housing, economic, care, legal, wellbeing).",
    dateRule: "The day the goal's plan was signed.",
    source: SOURCE,
    categories: GOAL_AREAS,
    notes: "Goals are counted as the plans hold them now: one added after the signature counts in the signature's period.",
  },
  {
    id: "plans.goals_by_status",
    section,
    kind: "COUNT",
    unit: "COUNT",
    title: "Plan goals by status",
    numerator: "Goals of the signed plans, by how far they have come (planned, in progress, achieved, dropped).",
    dateRule: "The day the goal's plan was signed.",
    source: SOURCE,
    categories: GOAL_STATUSES,
    notes: "The status is the goal's status when the report is read, not at the signature: the same period shows more goals achieved as time goes on.",
  },
];

const signedPlans = `from plans pl join pathways p on p.id = pl.pathway_id
  where p.id = any($1::uuid[]) and pl.signed_on is not null and ${inYears("pl.signed_on")}`;
const goalsOfSignedPlans = `from plan_goals g join plans pl on pl.id = g.plan_id join pathways p on p.id = pl.pathway_id
  where p.id = any($1::uuid[]) and pl.signed_on is not null and ${inYears("pl.signed_on")}`;

const SQL = [
  branch("plans.signed", { on: "pl.signed_on", from: signedPlans }),
  branch("plans.median_days_to_signature", { on: "pl.signed_on", value: "pl.signed_on - p.opened_on", from: signedPlans }),
  branch("plans.goals_by_area", { on: "pl.signed_on", category: "g.area", from: goalsOfSignedPlans }),
  branch("plans.goals_by_status", { on: "pl.signed_on", category: "g.status", from: goalsOfSignedPlans }),
].join("\nunion all\n");

export const plansSection: IndicatorSection = {
  name: section,
  description: "Empowerment plans: plans signed, how long after intake, and their goals by area and status.",
  organisationTypes: CASE_HOLDERS,
  definitions,
  events: (input) => readEvents(input.db, input, SQL),
};
