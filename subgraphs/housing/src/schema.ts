import { buildFederatedSchema, defineIndicatorReportPart, type SubgraphSchema } from "@percorsi/kit/author";
import { HousingApplicationResolver } from "./modules/housing/housing.resolver.js";
import { PathwayResolver } from "./modules/pathway/pathway.resolver.js";
import { resolvePathwayReference } from "./modules/pathway/pathway.type.js";
import { HOUSING_SECTIONS } from "./modules/indicators/index.js";
import { facts, rules, writes } from "./permissions/shield.js";

export function buildHousingSchema(): Promise<SubgraphSchema> {
  // Its section of the network's indicators, on the cohort the consent authority signs.
  const { IndicatorReport, indicatorResolvers } = defineIndicatorReportPart(HOUSING_SECTIONS);
  return buildFederatedSchema({
    name: "housing",
    resolvers: [PathwayResolver, HousingApplicationResolver, ...indicatorResolvers],
    // Its part of her access report (`AccessReport.housing`) is added by the kit.
    orphanedTypes: [IndicatorReport],
    referenceResolvers: { Pathway: resolvePathwayReference },
    rules,
    facts,
    writes,
  });
}
