import { buildFederatedSchema, type SubgraphSchema } from "@percorsi/kit";
import { CampaignResolver } from "./modules/campaign/campaign.resolver.js";
import { EmployerResolver } from "./modules/employer/employer.resolver.js";
import { JobSeekerResolver } from "./modules/job-seeker/job-seeker.resolver.js";
import { resolvePathwayReference } from "./modules/pathway/pathway.reference.js";
import { PathwayResolver } from "./modules/pathway/pathway.resolver.js";
import { PlacementResolver } from "./modules/placement/placement.resolver.js";
import { RetentionCheckResolver } from "./modules/retention-check/retention-check.resolver.js";
import { VacancyResolver } from "./modules/vacancy/vacancy.resolver.js";
import { facts, rules } from "./permissions/shield.js";

export function buildEmploymentSchema(): Promise<SubgraphSchema> {
  return buildFederatedSchema({
    resolvers: [
      JobSeekerResolver,
      PathwayResolver,
      PlacementResolver,
      RetentionCheckResolver,
      EmployerResolver,
      VacancyResolver,
      CampaignResolver,
    ],
    // Organisation is a reference only (`resolvable: false`): the anti-violence subgraph resolves it.
    referenceResolvers: { Pathway: resolvePathwayReference },
    rules,
    facts,
  });
}
