import type { DataCategory, LegalBasis, OrganisationType, Purpose, Role } from "@percorsi/schema";

// The shape of the fictional demo network. Dates are ISO strings (YYYY-MM-DD); ids are stable
// across runs so that every subgraph seeds its own part of the same story.

export interface DemoOrganisation {
  id: string;
  name: string;
  type: OrganisationType;
  district: string;
  /** A job centre's staff count (a directory figure): the share of its operators the network trained is computed on it. */
  operators?: number;
}

export interface DemoUser {
  id: string;
  displayName: string;
  organisationId: string;
  roles: Role[];
  description: string;
}

export type PathwayStage = "INTAKE" | "NEEDS_ANALYSIS" | "PLAN_ACTIVE" | "FOLLOW_UP" | "CLOSED";
export type ContactChannel = "PHONE" | "EMAIL" | "IN_PERSON" | "THROUGH_CENTRE";

export interface DemoIdentity {
  givenName: string;
  familyName: string;
  birthYear: number;
  phone: string | null;
  email: string | null;
  preferredContact: ContactChannel;
  safeToLeaveMessage: boolean;
  safeContactHours: string | null;
}

export type EducationLevel = "NONE" | "PRIMARY" | "LOWER_SECONDARY" | "UPPER_SECONDARY" | "VOCATIONAL" | "BACHELOR" | "MASTER_OR_HIGHER";

export interface DemoWorkExperience {
  occupation: string;
  years: number;
  sector: string;
}

export interface DemoNeedsAssessment {
  assessedOn: string;
  assessedByUserId: string;
  educationLevel: EducationLevel;
  qualifications: string[];
  languages: string[];
  workExperience: DemoWorkExperience[];
  availability: string; // e.g. "PART_TIME_MORNINGS"
  careConstraints: string[]; // e.g. "CHILD_UNDER_6"
  economicSituation: "NO_INCOME" | "INCOME_SUPPORT" | "IRREGULAR_INCOME" | "LOW_INCOME" | "SELF_SUFFICIENT";
  housingSituation: "SHELTER" | "WITH_RELATIVES" | "RENTED" | "OWNED" | "TEMPORARY" | "AT_RISK";
  districtsToAvoid: string[];
  hoursToAvoid: string[]; // e.g. "EVENING"
  healthNotes: string | null;
}

export type GoalArea = "EMPLOYMENT" | "TRAINING" | "HOUSING" | "ECONOMIC" | "CARE" | "LEGAL" | "WELLBEING";
export type GoalStatus = "PLANNED" | "IN_PROGRESS" | "ACHIEVED" | "DROPPED";

export interface DemoPlanGoal {
  id: string;
  area: GoalArea;
  description: string;
  responsibleOrganisationId: string;
  status: GoalStatus;
  dueOn: string | null;
}

export interface DemoPlan {
  id: string;
  createdOn: string;
  signedOn: string | null;
  goals: DemoPlanGoal[];
}

export type ReferralStatus = "SENT" | "ACCEPTED" | "REJECTED" | "DONE" | "WITHDRAWN";

export interface DemoReferral {
  id: string;
  toOrganisationId: string;
  purpose: Purpose;
  note: string | null;
  status: ReferralStatus;
  sentOn: string;
  sentByUserId: string;
  respondedOn: string | null;
  rejectionReason: string | null;
}

export type JobSeekerStatus = "REGISTERED" | "ACTIVE_SEARCH" | "PLACED" | "SUSPENDED" | "CLOSED";

export interface DemoJobSeeker {
  id: string;
  jobCentreId: string;
  counsellorUserId: string;
  registeredOn: string;
  firstAppointmentOn: string | null;
  skills: string[];
  wishedOccupations: string[];
  availability: string;
  status: JobSeekerStatus;
}

export type ContractType = "PERMANENT" | "FIXED_TERM" | "APPRENTICESHIP" | "TRAINEESHIP";

export interface DemoRetentionCheck {
  id: string;
  monthsAfterStart: 3 | 6 | 12;
  checkedOn: string;
  stillEmployed: boolean;
  note: string | null;
}

export interface DemoPlacement {
  id: string;
  jobCentreId: string;
  employerId: string;
  vacancyId: string | null;
  occupation: string;
  contractType: ContractType;
  weeklyHours: number;
  startOn: string;
  endOn: string | null;
  retentionChecks: DemoRetentionCheck[];
}

export type EnrolmentStatus = "ENROLLED" | "COMPLETED" | "WITHDRAWN";

export interface DemoEnrolment {
  id: string;
  courseId: string;
  status: EnrolmentStatus;
  enrolledOn: string;
  completedOn: string | null;
  withdrawnOn: string | null;
  certificate: string | null;
}

export interface DemoPathway {
  id: string; // pseudonymous, random-looking (UUID shape)
  holderId: string; // an anti-violence centre or shelter
  stage: PathwayStage;
  openedOn: string;
  closedOn: string | null;
  closingReason: string | null;
  identity: DemoIdentity;
  needsAssessment: DemoNeedsAssessment | null;
  plan: DemoPlan | null;
  referrals: DemoReferral[];
  jobSeeker: DemoJobSeeker | null;
  placements: DemoPlacement[];
  enrolments: DemoEnrolment[];
  /** Her consents, oldest first (see consents.ts). */
  consents: DemoConsent[];
  /** Whether her records count in the network's statistics; null until she is asked. */
  reportingConsent: DemoReportingConsent | null;
  /** An open emergency seal: the pathway is hidden from everyone but the holder. */
  seal: DemoSeal | null;
  /** Later reviews of her economic and housing situation (the needs assessment holds the one at intake), oldest first. */
  situationReviews: DemoSituationReview[];
}

export interface DemoSituationReview {
  id: string;
  reviewedOn: string;
  /** The holder's operator. */
  reviewedBy: string;
  economicSituation: DemoNeedsAssessment["economicSituation"];
  housingSituation: DemoNeedsAssessment["housingSituation"];
}

// ---- her consent (HL7 FHIR Consent; evaluated by @percorsi/kit's evaluateConsents) ----

export type ConsentStatus = "ACTIVE" | "WITHDRAWN" | "SUPERSEDED";

export interface DemoConsentProvision {
  type: "PERMIT" | "DENY";
  /** One organisation, or every organisation of a type (never both on a permit). */
  granteeOrganisationId: string | null;
  granteeOrganisationType: OrganisationType | null;
  categories: DataCategory[];
  purposes: Purpose[];
  /** Inclusive ISO days; null is open-ended. */
  periodStart: string | null;
  periodEnd: string | null;
  /** Nested denies carved out of a permit. */
  provisions: DemoConsentProvision[];
}

export interface DemoConsent {
  id: string;
  status: ConsentStatus;
  /** The signed paper form, e.g. "MOD-CONS-2026-0042". */
  evidenceReference: string;
  /** The holder's operator who recorded it with her. */
  recordedByUserId: string;
  recordedOn: string;
  /** The consent this one amends (which is then SUPERSEDED). */
  replacesId: string | null;
  withdrawnOn: string | null;
  withdrawnByUserId: string | null;
  withdrawalReason: string | null;
  provisions: DemoConsentProvision[];
}

export interface DemoReportingConsent {
  granted: boolean;
  evidenceReference: string;
  recordedByUserId: string;
  recordedOn: string;
}

export interface DemoSeal {
  reason: string;
  sealedOn: string;
  sealedByUserId: string;
}

export interface DemoEmployer {
  id: string;
  name: string;
  sector: string;
  district: string;
  safeWorkplaceCommitmentSignedOn: string | null;
  hasAntiHarassmentPolicy: boolean;
  jobCentreId: string; // the job centre that follows this employer
}

export interface DemoVacancy {
  id: string;
  employerId: string;
  jobCentreId: string;
  title: string;
  occupation: string;
  contractType: ContractType;
  weeklyHours: number;
  district: string;
  openedOn: string;
  closedOn: string | null;
}

export interface DemoCampaign {
  id: string;
  jobCentreId: string;
  title: string;
  topic: string;
  startedOn: string;
  endedOn: string | null;
  employerIdsReached: string[];
}

export interface DemoCourse {
  id: string;
  trainingBodyId: string;
  title: string;
  skillsTaught: string[];
  schedule: string; // e.g. "MON_WED_FRI_MORNING"
  district: string;
  seats: number;
  childcareOffered: boolean;
  startsOn: string;
  endsOn: string;
}

export interface DemoOperatorTrainingSession {
  id: string;
  trainerOrganisationId: string; // an anti-violence centre
  hostTrainingBodyId: string; // the training body that records it
  heldOn: string;
  topics: string[];
  attendingOperatorUserIds: string[];
  attendingJobCentreIds: string[];
  /** The job-centre operators who attended (staff ids, e.g. "op-cpi-rho-07"), each with the job centre they work at. */
  attendees: { operatorId: string; organisationId: string }[];
  hours: number;
}

export interface DemoNetwork {
  organisations: DemoOrganisation[];
  users: DemoUser[];
  pathways: DemoPathway[];
  employers: DemoEmployer[];
  vacancies: DemoVacancy[];
  campaigns: DemoCampaign[];
  courses: DemoCourse[];
  operatorTrainingSessions: DemoOperatorTrainingSession[];
  /** Break-glass reads of case-holders' records in the past, for the anti-violence audit log (none in the small network). */
  breakGlassReads: DemoBreakGlassRead[];
}

/** "small" (48 pathways), "large" (2,000), or a number of pathways (the large network's organisations, at that scale). */
export type DemoNetworkSize = "small" | "large" | number;

/** A read on a legal basis other than her consent, as the anti-violence subgraph audited it. */
export interface DemoBreakGlassRead {
  /** ISO date-time. */
  at: string;
  requestId: string;
  actorId: string;
  organisationId: string;
  roles: Role[];
  purpose: Purpose;
  pathwayId: string;
  categories: DataCategory[];
  legalBasis: LegalBasis;
  reason: string;
}
