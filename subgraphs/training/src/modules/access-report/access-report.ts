import { defineAccessReportPart } from "@percorsi/kit";

/**
 * This subgraph's part of a pathway's access report (`AccessReport.training`): its own audit
 * events for the pathway. The kit's resolver judges the reader on the receipt the planner hands
 * over (the case-holder's CENTRE_OPERATOR or a DPO; no valid receipt, no report).
 * Made once per process: the classes are registered with type-graphql when defined.
 */
export const { AccessReport, AccessReportPartResolver } = defineAccessReportPart("training", "training");
