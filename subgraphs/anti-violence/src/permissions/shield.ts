import {
  allow,
  chain,
  decidedOnRecord,
  hasPurpose,
  isAuthenticated,
  isCaseworker,
  isCaseworkerAt,
  type FactsResolver,
  type ShieldRule,
  type WritePolicy,
} from "@percorsi/kit/author";
import { opensPathway } from "@percorsi/kit/authority";
import { caseHolderTypes } from "@percorsi/schema";
import type { AntiViolenceContext } from "../context.js";
import { OPENING_WRITES } from "../modules/pathway/pathway.opening.js";
import { byPathway, pathwayFacts, referralFacts } from "./facts.js";

/** A caseworker at a case-holder (a centre, a shelter: the types schema/network.yaml marks caseHolder). */
const isCentreOperator = isCaseworkerAt(...caseHolderTypes());

/**
 * Writing about a woman is processing her data: like reading it, it needs a declared purpose
 * (refused as PURPOSE; a caller without the role is refused as ROLE first). The same rule as
 * the employment and training subgraphs' writes.
 */
const centreWritesAboutHer = chain(isCentreOperator, hasPurpose);
const caseworkerWritesAboutHer = chain(isCaseworker, hasPurpose);

/**
 * Rules for the fields that are not `@sensitive`. Labelled fields get their rule from the kit's
 * decision; anything missing here is denied. Which organisation may act on a record (holder,
 * receiving organisation) is checked by the resolvers, which know the record.
 */
export const rules: Record<string, ShieldRule | Record<string, ShieldRule>> = {
  Query: {
    organisations: isAuthenticated,
    pathways: isCaseworker,
    pathway: isCaseworker,
    incomingReferrals: isCaseworker,
    // The resolver admits the case-holder's operators and the DPO only.
    accessReport: isAuthenticated,
    // The resolver (the kit's decideIndicatorRead) admits analysts and an organisation's own operators.
    indicators: isAuthenticated,
    indicatorReleases: isAuthenticated,
  },
  Mutation: {
    openPathway: centreWritesAboutHer,
    setPathwayStage: centreWritesAboutHer,
    recordNeedsAssessment: centreWritesAboutHer,
    recordSituationReview: centreWritesAboutHer,
    addPlanGoal: centreWritesAboutHer,
    updatePlanGoal: centreWritesAboutHer,
    signPlan: centreWritesAboutHer,
    referPathway: centreWritesAboutHer,
    withdrawReferral: centreWritesAboutHer,
    // A referral may go to a job centre, a training body or another centre: any caseworker answers.
    acceptReferral: caseworkerWritesAboutHer,
    rejectReferral: caseworkerWritesAboutHer,
    completeReferral: caseworkerWritesAboutHer,
    // Her consent is recorded with her by the case-holder's operators; the resolvers check the holder.
    grantConsent: centreWritesAboutHer,
    amendConsent: centreWritesAboutHer,
    // Withdrawing and sealing only ever narrow what is shared: never held up for want of a purpose.
    withdrawConsent: isCentreOperator,
    setReportingConsent: centreWritesAboutHer,
    sealPathway: isCentreOperator,
    unsealPathway: centreWritesAboutHer,
  },
  Organisation: isAuthenticated,
  // Every caller gets a receipt for its own organisation and purpose; it only ever narrows what
  // the other subgraphs release (no receipt: they release nothing).
  Pathway: { consentReceipt: isAuthenticated },
  AccessReport: isAuthenticated,
  AccessEvent: isAuthenticated,
  AccessRefusalSummary: isAuthenticated,
  PathwayConnection: isCaseworker,
  ReferralConnection: isCaseworker,
  PageInfo: allow,
  Identity: isCaseworker,
  // Reached only through a labelled parent field; these rules cover ids and nested values.
  NeedsAssessment: isCaseworker,
  SituationReview: isCaseworker,
  EmpowermentPlan: isCaseworker,
  PlanGoal: isCaseworker,
  Referral: isCaseworker,
  // Reached only through `Pathway.consents` (holder only) and the consent mutations.
  Consent: isCaseworker,
  ConsentProvision: isCaseworker,
};

/** Who keeps the record behind each labelled field. */
export const facts: Record<string, FactsResolver> = {
  Pathway: (pathway: { id: string }, ctx: AntiViolenceContext) => pathwayFacts(pathway.id, ctx),
  Identity: byPathway,
  NeedsAssessment: byPathway,
  WorkExperience: byPathway,
  SituationReview: byPathway,
  EmpowermentPlan: byPathway,
  PlanGoal: byPathway,
  Referral: referralFacts,
};

/** The records a resolver-decided mutation names: a refusal by its rule is recorded on their pathway. */
const REFERRAL_BY_ID = { table: "referrals", argument: "id" } as const;
const CONSENT_IN_INPUT = { table: "consents", argument: "input.consentId" } as const;

/**
 * What each mutation writes about her (the audited category), and who decides: the kit's write
 * rule on `pathwayId` (here on the authority's own data: the case-holder writes her records),
 * or the resolver, where only the record named (a goal, a consent, a referral) tells the pathway
 * or where a purpose must not be required (withdrawing, sealing).
 */
export const writes: Record<string, WritePolicy> = {
  // Her identity, and the case it opens: audited in the transaction that creates the pathway.
  openPathway: opensPathway(...OPENING_WRITES),
  setPathwayStage: ["CASE_STATUS"],
  // Every part of the assessment is its own category (see NeedsAssessment).
  recordNeedsAssessment: [
    "CASE_STATUS",
    "EDUCATION_SKILLS",
    "WORK_HISTORY",
    "JOB_SEARCH",
    "CARE",
    "ECONOMIC",
    "HOUSING",
    "SAFETY_CONSTRAINTS",
    "HEALTH",
  ],
  recordSituationReview: ["CASE_STATUS", "ECONOMIC", "HOUSING"],
  addPlanGoal: ["PLAN"],
  updatePlanGoal: decidedOnRecord({ table: "plan_goals", argument: "input.goalId" }, "PLAN"),
  signPlan: ["PLAN"],
  // The referral and its note (a piece of her plan).
  referPathway: ["CASE_STATUS", "PLAN"],
  withdrawReferral: decidedOnRecord(REFERRAL_BY_ID, "CASE_STATUS"),
  acceptReferral: decidedOnRecord(REFERRAL_BY_ID, "CASE_STATUS"),
  rejectReferral: decidedOnRecord({ table: "referrals", argument: "input.referralId" }, "CASE_STATUS"),
  completeReferral: decidedOnRecord(REFERRAL_BY_ID, "CASE_STATUS"),
  grantConsent: ["CASE_STATUS"],
  amendConsent: decidedOnRecord(CONSENT_IN_INPUT, "CASE_STATUS"),
  withdrawConsent: decidedOnRecord(CONSENT_IN_INPUT, "CASE_STATUS"),
  setReportingConsent: ["CASE_STATUS"],
  sealPathway: decidedOnRecord({ table: "pathways", argument: "input.pathwayId", pathwayColumn: "id" }, "CASE_STATUS"),
  unsealPathway: ["CASE_STATUS"],
};
