import { buildFederatedSchema, type SubgraphSchema } from "@percorsi/kit";
import { OrganisationResolver } from "./modules/organisation/organisation.resolver.js";
import { resolveOrganisationReference } from "./modules/organisation/organisation.reference.js";
import { PathwayResolver } from "./modules/pathway/pathway.resolver.js";
import { resolvePathwayReference } from "./modules/pathway/pathway.reference.js";
import { facts, rules } from "./permissions/shield.js";

export function buildAntiViolenceSchema(): Promise<SubgraphSchema> {
  return buildFederatedSchema({
    resolvers: [OrganisationResolver, PathwayResolver],
    referenceResolvers: { Pathway: resolvePathwayReference, Organisation: resolveOrganisationReference },
    rules,
    facts,
  });
}
