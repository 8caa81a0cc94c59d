import { allow, and, hasPurpose, hasRole, isAuthenticated, isCaseworker, type FactsResolver, type ShieldRule } from "@percorsi/kit";
import { enrolmentFacts, pathwayEnrolmentsFacts } from "./facts.js";

const isTrainingOperator = hasRole("TRAINING_OPERATOR");

/**
 * Writing a woman's training record is processing her personal data: like reading it, it needs
 * a declared purpose (refused as PURPOSE; a caller without the role is still refused as ROLE first).
 * The cast: the kit's `ShieldRule` type does not yet admit the logic rules (`and`) it exports.
 */
const writesAboutHer = and(isTrainingOperator, hasPurpose);

/**
 * Rules for the fields that are not `@sensitive`. Labelled fields get their rule from the kit's
 * decision; anything missing here is denied.
 */
export const rules: Record<string, ShieldRule | Record<string, ShieldRule>> = {
  Query: {
    courses: isAuthenticated,
    course: isAuthenticated,
    enrolments: isTrainingOperator,
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
  Enrolment: isCaseworker,
  EnrolmentConnection: isTrainingOperator,
  OperatorTrainingSession: isAuthenticated,
  OperatorTrainingSessionConnection: isAuthenticated,
  Organisation: isAuthenticated,
  PageInfo: allow,
};

/** Who keeps the record behind each labelled field. */
export const facts: Record<string, FactsResolver> = {
  Enrolment: enrolmentFacts,
  "Pathway.enrolments": pathwayEnrolmentsFacts,
};
