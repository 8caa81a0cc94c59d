import { buildFederatedSchema, defineIndicatorReportPart, type SubgraphSchema } from "@percorsi/kit/author";
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
  // Its sections of the network's indicators, on the cohort the consent authority signs.
  const { IndicatorReport, indicatorResolvers } = defineIndicatorReportPart(EMPLOYMENT_SECTIONS);
  return buildFederatedSchema({
    name: "employment",
    resolvers: [
      JobSeekerResolver,
      PathwayResolver,
      PlacementResolver,
      RetentionCheckResolver,
      EmployerResolver,
      VacancyResolver,
      CampaignResolver,
      ...indicatorResolvers,
    ],
    orphanedTypes: [IndicatorReport],
    // Its part of her access report (`AccessReport.employment`) is added by the kit.
    // Pathway keeps the receipt the planner handed over.
    // Organisation is a reference only (`resolvable: false`): the anti-violence subgraph resolves it.
    referenceResolvers: { Pathway: resolvePathwayReference },
    rules,
    facts,
    writes,
  });
}
