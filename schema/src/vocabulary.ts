// The network's shared vocabulary: every subgraph and the gateway speak these words.

/** What a piece of personal data is about; every personal field is labelled with one. */
export const DATA_CATEGORIES = [
  "CASE_STATUS",
  "IDENTITY",
  "SAFETY",
  "HEALTH",
  "SAFETY_CONSTRAINTS",
  "EDUCATION_SKILLS",
  "WORK_HISTORY",
  "JOB_SEARCH",
  "TRAINING",
  "PLACEMENT",
  "PLAN",
  "ECONOMIC",
  "HOUSING",
  "CARE",
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

/** Categories that never leave the case-holder, whatever a consent says. */
export const HOLDER_ONLY_CATEGORIES: ReadonlySet<DataCategory> = new Set(["IDENTITY", "SAFETY", "HEALTH"]);

/** Why a caller reads personal data; declared per request in `x-purpose`. */
export const PURPOSES = [
  "NEEDS_ANALYSIS",
  "EMPOWERMENT_PLAN",
  "REFERRAL",
  "JOB_PLACEMENT",
  "JOB_RETENTION",
  "TRAINING",
  "HOUSING_SUPPORT",
  "SAFETY_COORDINATION",
  "MONITORING",
] as const;
export type Purpose = (typeof PURPOSES)[number];

export const ORGANISATION_TYPES = [
  "ANTI_VIOLENCE_CENTRE",
  "SHELTER",
  "JOB_CENTRE",
  "TRAINING_BODY",
  "CONTROL_ROOM",
  "HOUSING_BODY",
  "TRADE_UNION",
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

/** Case-holders: the organisations that open pathways and hold a woman's identity. */
export const CASE_HOLDER_TYPES: ReadonlySet<OrganisationType> = new Set(["ANTI_VIOLENCE_CENTRE", "SHELTER"]);

export const ROLES = [
  "CENTRE_OPERATOR",
  "EMPLOYMENT_COUNSELLOR",
  "TRAINING_OPERATOR",
  "HOUSING_OPERATOR",
  "ANALYST",
  "NETWORK_ADMIN",
  /** Reads on a legal basis other than consent (risk-assessment meeting...), with a stated reason. */
  "BREAK_GLASS",
  /** The data protection officer: reads access reports, no case data. */
  "DPO",
] as const;
export type Role = (typeof ROLES)[number];

export function isPurpose(value: unknown): value is Purpose {
  return typeof value === "string" && (PURPOSES as readonly string[]).includes(value);
}

/** Legal bases other than her consent on which a break-glass read may rest. */
export const LEGAL_BASES = ["RISK_ASSESSMENT_MEETING", "VITAL_INTEREST", "COURT_ORDER", "LEGAL_OBLIGATION"] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

export function isLegalBasis(value: unknown): value is LegalBasis {
  return typeof value === "string" && (LEGAL_BASES as readonly string[]).includes(value);
}
