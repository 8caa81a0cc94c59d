import { HOLDER_ONLY_CATEGORIES, type DataCategory, type Role } from "@percorsi/schema";
import type { Actor } from "../trust/actor.js";
import type { DenialReason } from "../graphql/errors.js";

/** Roles whose work is on individual cases; every other role sees no row. */
export const CASEWORK_ROLES: readonly Role[] = ["CENTRE_OPERATOR", "EMPLOYMENT_COUNSELLOR", "TRAINING_OPERATOR"];

/** What the subgraph holding a record knows about it when someone asks for one of its fields. */
export interface RecordFacts {
  /** The organisation that keeps this record (the case-holder for a pathway). */
  ownerOrganisationId: string;
  /** The pathway the record is about, or null for records about no woman. */
  pathwayId: string | null;
  /** The caller's organisation has an accepted referral on this pathway (case status only). */
  referralAccepted?: boolean;
}

export type AccessBasis = "OWNERSHIP" | "REFERRAL";

export type AccessDecision =
  | { allowed: true; basis: AccessBasis }
  | { allowed: false; reason: DenialReason };

/**
 * The one decision every subgraph applies to a labelled field. Order matters: role, then
 * purpose, then ownership, then what may cross to another organisation.
 */
export function decideAccess(actor: Actor, category: DataCategory, facts: RecordFacts): AccessDecision {
  if (!actor.roles.some((role) => CASEWORK_ROLES.includes(role))) return { allowed: false, reason: "ROLE" };
  if (actor.purpose === null) return { allowed: false, reason: "PURPOSE" };
  if (facts.ownerOrganisationId === actor.organisationId) return { allowed: true, basis: "OWNERSHIP" };
  if (HOLDER_ONLY_CATEGORIES.has(category)) return { allowed: false, reason: "HOLDER_ONLY" };
  if (category === "CASE_STATUS" && facts.referralAccepted) return { allowed: true, basis: "REFERRAL" };
  // Other cross-agency reads need her consent.
  return { allowed: false, reason: "NO_CONSENT" };
}
