import { allow, hasRole, isAuthenticated, isCaseworker, type FactsResolver, type ShieldRule } from "@percorsi/kit";
import type { AntiViolenceContext } from "../context.js";
import { byPathway, pathwayFacts } from "./facts.js";

const isCentreOperator = hasRole("CENTRE_OPERATOR");

/**
 * Rules for the fields that are not `@sensitive`. Labelled fields get their rule from the kit's
 * decision; anything missing here is denied.
 */
export const rules: Record<string, ShieldRule | Record<string, ShieldRule>> = {
  Query: {
    organisations: isAuthenticated,
    pathways: isCaseworker,
    pathway: isCaseworker,
  },
  Mutation: {
    openPathway: isCentreOperator,
    setPathwayStage: isCentreOperator,
  },
  Organisation: isAuthenticated,
  PathwayConnection: isCaseworker,
  PageInfo: allow,
  Identity: isCaseworker,
};

/** Who keeps the record behind each labelled field. */
export const facts: Record<string, FactsResolver> = {
  Pathway: (pathway: { id: string }, ctx: AntiViolenceContext) => pathwayFacts(pathway.id, ctx),
  Identity: byPathway,
};
