import type { IndicatorDefinition, IndicatorSection } from "@percorsi/kit/author";
import { branch, CASE_HOLDERS, inYears, readEvents, SOURCE } from "./section-events.js";

const section = "intake";

const definitions: IndicatorDefinition[] = [
  {
    id: "intake.pathways_opened",
    section,
    kind: "COUNT",
    unit: "COUNT",
    title: "Pathways opened",
    numerator: "Pathways opened by a case-holder (anti-violence centre or shelter) for a woman who agreed to count in reports.",
    dateRule: "The day the pathway was opened.",
    source: SOURCE,
    notes: "Counted for the case-holder that holds the pathway.",
  },
  {
    id: "intake.needs_analyses",
    section,
    kind: "COUNT",
    unit: "COUNT",
    title: "Needs analyses done",
    numerator: "Pathways whose analysis of education and work needs has been recorded.",
    dateRule: "The day of the needs analysis.",
    source: SOURCE,
    notes: "A pathway has one needs analysis: recording it again replaces it, so it counts once, on the day of the analysis it holds now.",
  },
  {
    id: "intake.needs_analyses_within_30_days",
    section,
    kind: "COUNT",
    unit: "COUNT",
    title: "Needs analyses done within 30 days of intake",
    numerator: "Needs analyses done at most 30 days after the pathway was opened.",
    dateRule: "The day of the needs analysis.",
    source: SOURCE,
    hidden: true,
  },
  {
    id: "intake.needs_analyses_within_30_days_share",
    section,
    kind: "RATE",
    unit: "PERCENT",
    title: "Share of needs analyses done within 30 days of intake",
    numerator: "Needs analyses done at most 30 days after the pathway was opened.",
    denominator: "Needs analyses done.",
    dateRule: "The day of the needs analysis (numerator and denominator alike).",
    source: SOURCE,
    rate: { numerator: "intake.needs_analyses_within_30_days", denominator: "intake.needs_analyses" },
    notes: "How fast a woman's needs are analysed once she is taken on: a pathway opened on 1 March counts if analysed by 31 March.",
  },
];

const SQL = [
  branch("intake.pathways_opened", {
    on: "p.opened_on",
    from: `from pathways p where p.id = any($1::uuid[]) and ${inYears("p.opened_on")}`,
  }),
  branch("intake.needs_analyses", {
    on: "a.assessed_on",
    from: `from needs_assessments a join pathways p on p.id = a.pathway_id
      where p.id = any($1::uuid[]) and ${inYears("a.assessed_on")}`,
  }),
  branch("intake.needs_analyses_within_30_days", {
    on: "a.assessed_on",
    from: `from needs_assessments a join pathways p on p.id = a.pathway_id
      where p.id = any($1::uuid[]) and ${inYears("a.assessed_on")} and a.assessed_on - p.opened_on <= 30`,
  }),
].join("\nunion all\n");

export const intakeSection: IndicatorSection = {
  name: section,
  description: "Intake: pathways opened and needs analyses, and how soon after intake they are done.",
  organisationTypes: CASE_HOLDERS,
  definitions,
  events: (input) => readEvents(input.db, input, SQL),
};
