import { buildFederatedSchema, type SubgraphSchema } from "@percorsi/kit/author";
import { __Name__RecordResolver } from "./modules/__name__/__name__.resolver.js";
import { PathwayResolver } from "./modules/pathway/pathway.resolver.js";
import { resolvePathwayReference } from "./modules/pathway/pathway.type.js";
import { facts, rules, writes } from "./permissions/shield.js";

export function build__Name__Schema(): Promise<SubgraphSchema> {
  return buildFederatedSchema({
    name: "__name__",
    resolvers: [PathwayResolver, __Name__RecordResolver],
    // Its part of her access report (`AccessReport.__nameCamel__`) is added by the kit.
    referenceResolvers: { Pathway: resolvePathwayReference },
    rules,
    facts,
    writes,
  });
}
