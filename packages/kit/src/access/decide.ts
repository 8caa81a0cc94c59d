import { HOLDER_ONLY_CATEGORIES, type DataCategory, type Role } from "@percorsi/schema";
import type { ConsentView } from "../consent/provisions.js";
import type { Actor } from "../trust/actor.js";
import type { DenialReason } from "../graphql/errors.js";

/** Roles whose work is on individual cases; every other role sees no row. */
export const CASEWORK_ROLES: readonly Role[] = ["CENTRE_OPERATOR", "EMPLOYMENT_COUNSELLOR", "TRAINING_OPERATOR"];

/** What the subgraph holding a record knows about it when someone asks for one of its fields. */
export interface RecordFacts {
  /** The organisation that keeps this record (the case-holder for her pathway's own records). */
  ownerOrganisationId: string;
  /** The pathway the record is about, or null for records about no woman. */
  pathwayId: string | null;
  /** The case-holder; defaults to the owner. */
  holderOrganisationId?: string;
  /** Sealed by the case-holder: nobody else sees anything of it. */
  sealed?: boolean;
  /** The caller's organisation has an accepted referral on this pathway (case status only). */
  referralAccepted?: boolean;
  /** What her consent permits to the caller's organisation for its purpose (null: nothing known). */
  consent?: ConsentView | null;
}

export type AccessBasis = "OWNERSHIP" | "REFERRAL" | "CONSENT" | "BREAK_GLASS";

export type AccessDecision =
  | { allowed: true; basis: AccessBasis; consentId?: string }
  | { allowed: false; reason: DenialReason };

/** A break-glass read counts only with its role, a legal basis and a stated reason. */
export function breaksGlass(actor: Actor): boolean {
  return actor.roles.includes("BREAK_GLASS") && !!actor.breakGlass;
}

/**
 * The one decision every subgraph applies to every labelled field, in this order:
 *
 * | # | when                                                         | decision                 |
 * |---|--------------------------------------------------------------|--------------------------|
 * | 1 | no casework role and no declared break-glass read            | deny ROLE                |
 * | 2 | no declared purpose                                           | deny PURPOSE             |
 * | 3 | pathway sealed and caller is not the case-holder             | deny SEALED              |
 * | 4 | caller's organisation keeps the record                       | allow OWNERSHIP          |
 * | 5 | IDENTITY, SAFETY, HEALTH and caller is not the case-holder   | deny HOLDER_ONLY         |
 * | 6 | CASE_STATUS and an accepted referral to the caller           | allow REFERRAL           |
 * | 7 | her consent permits the category to the caller, for purpose  | allow CONSENT            |
 * | 8 | declared break-glass read with the role                      | allow BREAK_GLASS        |
 * | 9 | a withdrawn consent permitted it                             | deny WITHDRAWN           |
 * |10 | consent permits it to the caller for another purpose         | deny PURPOSE             |
 * |11 | otherwise                                                    | deny NO_CONSENT          |
 */
export function decideAccess(actor: Actor, category: DataCategory, facts: RecordFacts): AccessDecision {
  if (!actor.roles.some((role) => CASEWORK_ROLES.includes(role)) && !breaksGlass(actor)) {
    return { allowed: false, reason: "ROLE" };
  }
  if (actor.purpose === null) return { allowed: false, reason: "PURPOSE" };
  const holder = facts.holderOrganisationId ?? facts.ownerOrganisationId;
  const isHolder = holder === actor.organisationId;
  if (facts.sealed && !isHolder) return { allowed: false, reason: "SEALED" };
  if (facts.ownerOrganisationId === actor.organisationId) return { allowed: true, basis: "OWNERSHIP" };
  if (HOLDER_ONLY_CATEGORIES.has(category) && !isHolder) return { allowed: false, reason: "HOLDER_ONLY" };
  if (category === "CASE_STATUS" && facts.referralAccepted) return { allowed: true, basis: "REFERRAL" };
  const consentId = facts.consent?.permitted[category];
  if (consentId) return { allowed: true, basis: "CONSENT", consentId };
  if (breaksGlass(actor)) return { allowed: true, basis: "BREAK_GLASS" };
  if (facts.consent?.withdrawn.includes(category)) return { allowed: false, reason: "WITHDRAWN" };
  if (facts.consent?.otherPurposes.includes(category)) return { allowed: false, reason: "PURPOSE" };
  return { allowed: false, reason: "NO_CONSENT" };
}
