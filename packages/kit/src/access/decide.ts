import { HOLDER_ONLY_CATEGORIES, type DataCategory, type Purpose, type Role } from "@percorsi/schema";
import type { ConsentView } from "../consent/provisions.js";
import type { Actor } from "../trust/actor.js";
import type { DenialReason } from "../graphql/errors.js";

/** Roles whose work is on individual cases; every other role sees no row. */
export const CASEWORK_ROLES: readonly Role[] = ["CENTRE_OPERATOR", "EMPLOYMENT_COUNSELLOR", "TRAINING_OPERATOR", "HOUSING_OPERATOR"];

/**
 * What the consent authority knows about a pathway for the caller's organisation and purpose:
 * the pathway's own facts, whatever subgraph holds the record being decided.
 */
export interface PathwayStanding {
  /** The case-holder; "" when the pathway is unknown. */
  holderOrganisationId?: string;
  /** Sealed by the case-holder: nobody else sees anything of it. An unknown pathway counts as sealed. */
  sealed?: boolean;
  /**
   * The caller's organisation has a referral on this pathway that is ACCEPTED (still open) and
   * that her current consent covers. A DONE, withdrawn or no longer covered referral counts for nothing.
   */
  referralAccepted?: boolean;
  /** The purposes of those referrals: a non-holder writes about her only for one of them. */
  referralPurposes?: readonly Purpose[];
  /** What her consent permits to the caller's organisation for its purpose (null: nothing known). */
  consent?: ConsentView | null;
}

/** What the subgraph holding a record knows about it when someone asks for one of its fields. */
export interface RecordFacts extends PathwayStanding {
  /** The organisation that keeps this record (the case-holder for her pathway's own records). */
  ownerOrganisationId: string;
  /** The pathway the record is about, or null for records about no woman. */
  pathwayId: string | null;
}

/** DATA_PROTECTION: the data protection officer's supervision (reads of access reports only); MONITORING: the control room's reads of aggregate indicators. */
export type AccessBasis = "OWNERSHIP" | "REFERRAL" | "CONSENT" | "BREAK_GLASS" | "DATA_PROTECTION" | "MONITORING";

export type AccessDecision =
  | { allowed: true; basis: AccessBasis; consentId?: string }
  | { allowed: false; reason: DenialReason };

/** A break-glass read counts only with its role, a legal basis and a stated reason. */
export function breaksGlass(actor: Actor): boolean {
  return actor.roles.includes("BREAK_GLASS") && !!actor.breakGlass;
}

const holderOf = (facts: RecordFacts): string => facts.holderOrganisationId ?? facts.ownerOrganisationId;

/**
 * Whether an accepted, open, covered referral to the caller's organisation serves the purpose
 * it declares: a referral counts only for its own purpose (one for JOB_PLACEMENT releases
 * nothing read for HOUSING_SUPPORT or MONITORING).
 */
export function referralServes(actor: Actor, facts: PathwayStanding): boolean {
  return !!facts.referralAccepted && actor.purpose !== null && (facts.referralPurposes ?? []).includes(actor.purpose);
}

/**
 * Whether a referral addressed to the caller's organisation is answered or read for its own
 * purpose: accepting, rejecting, completing it and reading it as a party all need it.
 */
export function servesReferralPurpose(actor: Actor, referral: { purpose: Purpose | null }): boolean {
  return actor.purpose !== null && referral.purpose === actor.purpose;
}

/**
 * THE visibility rule: whether the caller's organisation may see this pathway at all, for the
 * purpose it declares. Its case-holder always; anyone else only while it is not sealed and
 * either an accepted, open referral her current consent covers, made for that very purpose,
 * or her consent itself (some category, for that purpose) reaches it. Every path applies this
 * one function: root fields, caseloads, entity references, the caller's own records about her,
 * write decisions and the access report. Unknown, sealed, foreign and no-longer-covered
 * pathways are all "not visible", and are refused alike.
 */
export function pathwayVisible(actor: Actor, facts: RecordFacts): boolean {
  if (holderOf(facts) === actor.organisationId) return true;
  if (facts.sealed || !holderOf(facts)) return false;
  return referralServes(actor, facts) || Object.keys(facts.consent?.permitted ?? {}).length > 0;
}

const hasCaseworkRole = (actor: Actor) => actor.roles.some((role) => CASEWORK_ROLES.includes(role));

/**
 * The one decision every subgraph applies to every labelled field, in this order:
 *
 * | # | when                                                                  | decision          |
 * |---|-----------------------------------------------------------------------|-------------------|
 * | 1 | no casework role and no declared break-glass read                     | deny ROLE         |
 * | 2 | no declared purpose                                                    | deny PURPOSE      |
 * | 3 | the pathway is not visible to the caller for its purpose               | deny ORGANISATION |
 * |   | (`pathwayVisible`: sealed, unknown, foreign, no longer covered, or     |                   |
 * |   | covered for other purposes only), the caller's own records included    |                   |
 * | 4 | the caller keeps the record                                            | allow OWNERSHIP   |
 * | 5 | IDENTITY, SAFETY, HEALTH and the caller is not the case-holder         | deny HOLDER_ONLY  |
 * | 6 | CASE_STATUS and an accepted, open, covered referral to the caller,     | allow REFERRAL    |
 * |   | made for the declared purpose                                          |                   |
 * | 7 | her consent permits the category to the caller, for its purpose        | allow CONSENT     |
 * | 8 | declared break-glass read with the role                                | allow BREAK_GLASS |
 * | 9 | a withdrawn consent permitted it                                       | deny WITHDRAWN    |
 * |10 | consent permits it to the caller for another purpose                   | deny PURPOSE      |
 * |11 | otherwise                                                              | deny NO_CONSENT   |
 *
 * Rule 3 comes before ownership: a partner keeps its records about her, but releases them only
 * while her pathway is visible to it, so a seal answers exactly as a withdrawal or an unknown
 * pathway does (never SEALED, which would tell a partner that her case-holder locked her
 * pathway down). The case-holder always sees her pathway, so its own records are always its
 * own. Rule 3 also comes before break-glass: break-glass widens the categories on a pathway
 * the caller may already see, never the set of pathways.
 */
export function decideAccess(actor: Actor, category: DataCategory, facts: RecordFacts): AccessDecision {
  if (!hasCaseworkRole(actor) && !breaksGlass(actor)) return { allowed: false, reason: "ROLE" };
  if (actor.purpose === null) return { allowed: false, reason: "PURPOSE" };
  if (!pathwayVisible(actor, facts)) return { allowed: false, reason: "ORGANISATION" };
  if (facts.ownerOrganisationId === actor.organisationId) return { allowed: true, basis: "OWNERSHIP" };
  if (HOLDER_ONLY_CATEGORIES.has(category) && holderOf(facts) !== actor.organisationId) return { allowed: false, reason: "HOLDER_ONLY" };
  if (category === "CASE_STATUS" && referralServes(actor, facts)) return { allowed: true, basis: "REFERRAL" };
  const consentId = facts.consent?.permitted[category];
  if (consentId) return { allowed: true, basis: "CONSENT", consentId };
  if (breaksGlass(actor)) return { allowed: true, basis: "BREAK_GLASS" };
  if (facts.consent?.withdrawn.includes(category)) return { allowed: false, reason: "WITHDRAWN" };
  if (facts.consent?.otherPurposes.includes(category)) return { allowed: false, reason: "PURPOSE" };
  return { allowed: false, reason: "NO_CONSENT" };
}

/**
 * Whether the caller may create or change a record about a pathway: the same standing the
 * reads are decided on, stricter. In this order:
 *
 * | # | when                                                                   | decision          |
 * |---|------------------------------------------------------------------------|-------------------|
 * | 1 | no casework role                                                        | deny ROLE         |
 * | 2 | no declared purpose                                                     | deny PURPOSE      |
 * | 3 | the caller's organisation holds her case                                | allow OWNERSHIP   |
 * | 4 | sealed, unknown, or no accepted, open referral her consent covers       | deny ORGANISATION |
 * | 5 | such a referral exists, but for another purpose than the declared one   | deny PURPOSE      |
 * | 6 | otherwise                                                               | allow REFERRAL    |
 *
 * Break-glass never writes. Rule 4 refuses unknown, sealed and foreign pathways alike.
 */
export function decideWrite(actor: Actor, facts: RecordFacts): AccessDecision {
  if (!hasCaseworkRole(actor)) return { allowed: false, reason: "ROLE" };
  if (actor.purpose === null) return { allowed: false, reason: "PURPOSE" };
  if (holderOf(facts) === actor.organisationId) return { allowed: true, basis: "OWNERSHIP" };
  const purposes = facts.referralPurposes ?? [];
  if (facts.sealed || !holderOf(facts) || !facts.referralAccepted || purposes.length === 0) {
    return { allowed: false, reason: "ORGANISATION" };
  }
  if (!purposes.includes(actor.purpose)) return { allowed: false, reason: "PURPOSE" };
  return { allowed: true, basis: "REFERRAL" };
}
