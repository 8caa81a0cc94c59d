import { chain, hasPurpose, isCaseworker, isCaseworkerAt, mayBreakGlass, or, type FactsResolver, type ShieldRule, type WritePolicy } from "@percorsi/kit/author";
import { pathwayRecordsFacts, recordFacts } from "./facts.js";

/** A caseworker at an organisation of type __ORG_TYPE__ (schema/network.yaml says which roles do casework). */
const isOwnCaseworker = isCaseworkerAt("__ORG_TYPE__");

/**
 * Rules for the fields that are not `@sensitive` (anything missing here is denied); labelled
 * fields get their rule from the kit's decision on `facts`.
 */
export const rules: Record<string, ShieldRule | Record<string, ShieldRule>> = {
  Query: { __nameCamel__RecordsKept: isOwnCaseworker },
  Mutation: { record__Name__: chain(isOwnCaseworker, hasPurpose) },
  // Records exist in an answer only under her `Pathway`, already decided on her receipt.
  __Name__Record: or(isCaseworker, mayBreakGlass),
};

/** Who keeps the record behind each labelled field. */
export const facts: Record<string, FactsResolver> = {
  __Name__Record: recordFacts,
  "Pathway.__nameCamel__Records": pathwayRecordsFacts,
};

/** The kit decides each write on her consent receipt (see the resolver) and audits it. */
export const writes: Record<string, WritePolicy> = {
  record__Name__: ["__CATEGORY__"],
};
