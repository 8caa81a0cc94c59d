import { chain, declaresPurpose, isAuthenticated, isCaseworker, isCaseworkerAt, mayBreakGlass, or, type FactsResolver, type ShieldRule, type WritePolicy } from "@percorsi/kit/author";
import { recordFacts, pathwayAllocationsFacts, pathwayApplicationsFacts, pathwayNeedsFacts } from "./facts.js";

/** A caseworker at a housing body (whatever the role's name: schema/network.yaml says who does casework). */
const isOwnCaseworker = isCaseworkerAt("HOUSING_BODY");

/** A housing application is recorded for her housing support only (refused as PURPOSE otherwise). */
const forHousingSupport = declaresPurpose("HOUSING_SUPPORT");

/** Housing records exist in an answer only under her `Pathway`, already decided on her receipt. */
const readsHousingRecords = or(isCaseworker, mayBreakGlass);

/**
 * Rules for the fields that are not `@sensitive`. Labelled fields get their rule from the kit's
 * decision; anything missing here is denied. Its part of her access report is the kit's.
 */
export const rules: Record<string, ShieldRule | Record<string, ShieldRule>> = {
  Query: {
    housingSchemes: isAuthenticated,
  },
  Mutation: {
    recordHousingApplication: chain(isOwnCaseworker, forHousingSupport),
  },
  HousingNeed: readsHousingRecords,
  HousingApplication: readsHousingRecords,
  HousingAllocation: readsHousingRecords,
};

/** Who keeps the record behind each labelled field. */
export const facts: Record<string, FactsResolver> = {
  HousingNeed: recordFacts,
  HousingApplication: recordFacts,
  HousingAllocation: recordFacts,
  "Pathway.housingNeeds": pathwayNeedsFacts,
  "Pathway.housingApplications": pathwayApplicationsFacts,
  "Pathway.housingAllocations": pathwayAllocationsFacts,
};

/** The kit decides it on her consent receipt (an accepted, open referral to this body for the declared purpose; never sealed) and audits it. */
export const writes: Record<string, WritePolicy> = {
  recordHousingApplication: ["HOUSING"],
};
