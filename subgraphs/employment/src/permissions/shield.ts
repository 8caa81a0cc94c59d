import { allow, and, hasPurpose, hasRole, isAuthenticated, isCaseworker, type FactsResolver, type ShieldRule } from "@percorsi/kit";
import { byJobCentre, pathwayFacts } from "./facts.js";

/** Writes are for a job centre's counsellors; the resolver then checks the record is theirs. */
const isEmploymentCounsellor = hasRole("EMPLOYMENT_COUNSELLOR");

/**
 * Writing about a woman is processing her data: a counsellor needs a declared purpose for it
 * (refused as PURPOSE; a caller without the role is still refused as ROLE first).
 * The cast: the kit's `ShieldRule` type does not yet admit the logic rules (`and`) it exports.
 */
const writesAboutHer = and(isEmploymentCounsellor, hasPurpose);

/**
 * Rules for the fields that are not `@sensitive`. Labelled fields get their rule from the kit's
 * decision; anything missing here is denied.
 */
export const rules: Record<string, ShieldRule | Record<string, ShieldRule>> = {
  Query: {
    // Caseworkers only; the resolvers then limit them to their own job centre's records.
    jobSeekers: isCaseworker,
    jobSeeker: isCaseworker,
    // About companies and the network's work with them, not about women.
    employers: isAuthenticated,
    vacancies: isAuthenticated,
    campaigns: isAuthenticated,
  },
  Mutation: {
    registerJobSeeker: writesAboutHer,
    updateJobSeeker: writesAboutHer,
    recordFirstAppointment: writesAboutHer,
    recordPlacement: writesAboutHer,
    recordRetentionCheck: writesAboutHer,
    // About companies and the network's work with them: no purpose needed.
    addEmployer: isEmploymentCounsellor,
    openVacancy: isEmploymentCounsellor,
    closeVacancy: isEmploymentCounsellor,
    recordCampaign: isEmploymentCounsellor,
  },
  // Reached only through a query that already kept the caller to her own organisation's records,
  // or through a labelled field the kit's decision released: the unlabelled fields need no more.
  JobSeeker: isCaseworker,
  JobSeekerConnection: isCaseworker,
  Placement: isCaseworker,
  RetentionCheck: isCaseworker,
  Employer: isAuthenticated,
  EmployerConnection: isAuthenticated,
  Vacancy: isAuthenticated,
  VacancyConnection: isAuthenticated,
  Campaign: isAuthenticated,
  CampaignConnection: isAuthenticated,
  PageInfo: allow,
};

/** Who keeps the record behind each labelled field. */
export const facts: Record<string, FactsResolver> = {
  Pathway: pathwayFacts,
  JobSeeker: byJobCentre,
  Placement: byJobCentre,
  RetentionCheck: byJobCentre,
};
