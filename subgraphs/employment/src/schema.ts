import { buildFederatedSchema, defineAccessReportPart, defineIndicatorReportPart, type SubgraphSchema } from "@percorsi/kit";
import { CampaignResolver } from "./modules/campaign/campaign.resolver.js";
import { EmployerResolver } from "./modules/employer/employer.resolver.js";
import { JobSeekerResolver } from "./modules/job-seeker/job-seeker.resolver.js";
import { PathwayResolver } from "./modules/pathway/pathway.resolver.js";
import { resolvePathwayReference } from "./modules/pathway/pathway.type.js";
import { PlacementResolver } from "./modules/placement/placement.resolver.js";
import { RetentionCheckResolver } from "./modules/retention-check/retention-check.resolver.js";
import { VacancyResolver } from "./modules/vacancy/vacancy.resolver.js";
import { EMPLOYMENT_SECTIONS } from "./modules/indicators/index.js";
import { facts, rules, writes } from "./permissions/shield.js";

export function buildEmploymentSchema(): Promise<SubgraphSchema> {
  // This subgraph's part of a pathway's access report: its own audit events, to the case-holder
  // (on the receipt's word) and the DPO. Made per build, so several subgraphs share a process.
  const { AccessReport, AccessReportPartResolver } = defineAccessReportPart("employment", "employment");
  // Its sections of the network's indicators, on the cohort the consent authority signs.
  const { IndicatorReport, indicatorResolvers } = defineIndicatorReportPart(EMPLOYMENT_SECTIONS);
  return buildFederatedSchema({
    resolvers: [
      JobSeekerResolver,
      PathwayResolver,
      PlacementResolver,
      RetentionCheckResolver,
      EmployerResolver,
      VacancyResolver,
      CampaignResolver,
      AccessReportPartResolver,
      ...indicatorResolvers,
    ],
    orphanedTypes: [AccessReport, IndicatorReport],
    // Pathway keeps the receipt the planner handed over; AccessReport needs no resolver of its
    // own (the representation carries its key and receipt).
    // Organisation is a reference only (`resolvable: false`): the anti-violence subgraph resolves it.
    referenceResolvers: { Pathway: resolvePathwayReference },
    rules,
    facts,
    writes,
  });
}
