import { allow, chain, hasPurpose, isAuthenticated, isCaseworker, isCaseworkerAt, mayBreakGlass, or, type FactsResolver, type ShieldRule, type WritePolicy } from "@percorsi/kit/author";
import { enrolmentFacts, pathwayEnrolmentsFacts } from "./facts.js";

/** A caseworker at a training body (whatever the role's name: schema/network.yaml says who does casework). */
const isTrainingOperator = isCaseworkerAt("TRAINING_BODY");

/**
 * Writing a woman's training record is processing her personal data: like reading it, it needs
 * a declared purpose (refused as PURPOSE; a caller without the role is still refused as ROLE first).
 */
const writesAboutHer = chain(isTrainingOperator, hasPurpose);

/** Which pathways a body enrols is about women too: a training operator with a declared purpose. */
const readsCaseload = chain(isTrainingOperator, hasPurpose);

/**
 * An enrolment exists in an answer only under `Pathway.enrolments`, already decided on her
 * receipt (which admits a declared break-glass read without a casework role); its unlabelled
 * fields (`id`, `pathway`) follow the same readers.
 */
const readsEnrolments = or(isCaseworker, mayBreakGlass);

/**
 * Rules for the fields that are not `@sensitive`. Labelled fields get their rule from the kit's
 * decision; anything missing here is denied.
 */
export const rules: Record<string, ShieldRule | Record<string, ShieldRule>> = {
  Query: {
    courses: isAuthenticated,
    course: isAuthenticated,
    trainingCaseload: readsCaseload,
    // Staff training, not women's data.
    operatorTrainingSessions: isAuthenticated,
  },
  Mutation: {
    // Which training body's course or enrolment it is gets checked in the resolver.
    createCourse: isTrainingOperator,
    enrolInCourse: writesAboutHer,
    completeEnrolment: writesAboutHer,
    withdrawEnrolment: writesAboutHer,
    recordOperatorTrainingSession: isTrainingOperator,
  },
  Course: isAuthenticated,
  CourseConnection: isAuthenticated,
  Enrolment: readsEnrolments,
  TrainingCaseloadConnection: isTrainingOperator,
  OperatorTrainingSession: isAuthenticated,
  OperatorTrainingSessionConnection: isAuthenticated,
  Organisation: isAuthenticated,
  PageInfo: allow,
  // Its part of her access report is the kit's, with its rules (its resolver refuses readers who
  // may read no access report of hers: see the kit's reportReadDecision). `consentReceipt` (external, on
  // AccessReport and Pathway) stays denied: this subgraph never echoes a receipt.
};

/** Who keeps the record behind each labelled field. */
export const facts: Record<string, FactsResolver> = {
  Enrolment: enrolmentFacts,
  "Pathway.enrolments": pathwayEnrolmentsFacts,
};

/**
 * What each mutation writes about her: the kit decides each on her consent receipt for the
 * pathway it names (an accepted, open referral to this body her consent covers, for the
 * declared purpose; never a sealed pathway) and audits it. The rest are about no woman.
 */
export const writes: Record<string, WritePolicy> = {
  enrolInCourse: ["TRAINING"],
  completeEnrolment: ["TRAINING"],
  withdrawEnrolment: ["TRAINING"],
  createCourse: null,
  recordOperatorTrainingSession: null,
};
