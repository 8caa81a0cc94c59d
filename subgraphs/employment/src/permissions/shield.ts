import { allow, chain, hasPurpose, isAuthenticated, isCaseworker, isCaseworkerAt, type FactsResolver, type ShieldRule, type WritePolicy } from "@percorsi/kit/author";
import { byJobCentre, pathwayFacts } from "./facts.js";

/**
 * Writes are for a job centre's caseworkers (its counsellors: schema/network.yaml says which roles
 * do casework); the resolver then checks the record is theirs.
 */
const isEmploymentCounsellor = isCaseworkerAt("JOB_CENTRE");

/**
 * Writing about a woman is processing her data: a counsellor needs a declared purpose for it
 * (refused as PURPOSE; a caller without the role is still refused as ROLE first).
 */
const writesAboutHer = chain(isEmploymentCounsellor, hasPurpose);

/** Which pathways a job centre follows is about women too: a counsellor with a declared purpose. */
const readsCaseload = chain(isEmploymentCounsellor, hasPurpose);

/**
 * Rules for the fields that are not `@sensitive`. Labelled fields get their rule from the kit's
 * decision; anything missing here is denied (so is `Pathway.consentReceipt`: it is external,
 * the planner hands it over and never reads it here).
 */
export const rules: Record<string, ShieldRule | Record<string, ShieldRule>> = {
  Query: {
    // Caseworkers only; the resolver then limits them to their own job centre's pathways.
    jobCentreCaseload: readsCaseload,
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
  // Reached only through a labelled field the kit's decision released (under her receipt):
  // the unlabelled fields need no more.
  JobSeeker: isCaseworker,
  JobCentreCaseloadConnection: isCaseworker,
  Placement: isCaseworker,
  RetentionCheck: isCaseworker,
  Employer: isAuthenticated,
  EmployerConnection: isAuthenticated,
  Vacancy: isAuthenticated,
  VacancyConnection: isAuthenticated,
  Campaign: isAuthenticated,
  CampaignConnection: isAuthenticated,
  PageInfo: allow,
  // Its part of her access report is the kit's, with its rules (it refuses, itself, every
  // reader but the case-holder's operators, on the receipt's word, and the DPO).
};

/** Who keeps the record behind each labelled field, and the receipt it is judged on. */
export const facts: Record<string, FactsResolver> = {
  Pathway: pathwayFacts,
  JobSeeker: byJobCentre,
  Placement: byJobCentre,
  RetentionCheck: byJobCentre,
};

/**
 * What each mutation writes about her: the kit decides each on her consent receipt for the
 * pathway it names (an accepted, open referral to this job centre her consent covers, for the
 * declared purpose; never a sealed pathway) and audits it. The rest are about no woman.
 */
export const writes: Record<string, WritePolicy> = {
  registerJobSeeker: ["JOB_SEARCH", "EDUCATION_SKILLS"],
  updateJobSeeker: ["JOB_SEARCH", "EDUCATION_SKILLS"],
  recordFirstAppointment: ["JOB_SEARCH"],
  recordPlacement: ["PLACEMENT"],
  recordRetentionCheck: ["PLACEMENT"],
  addEmployer: null,
  openVacancy: null,
  closeVacancy: null,
  recordCampaign: null,
};
