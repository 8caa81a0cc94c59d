import type { CryptoKey } from "jose";
import { DATA_CATEGORIES, isPurpose, type DataCategory, type Purpose } from "@percorsi/schema";
import type { Actor } from "../trust/actor.js";
import { signCompactJws, verifyCompactJws } from "../trust/compact-jws.js";
import type { SigningKey } from "../trust/keys.js";
import type { ConsentView } from "./provisions.js";

/** The consent authority's key (the anti-violence subgraph signs; every other subgraph verifies). */
export const CONSENT_AUTHORITY_KEY_NAME = "consent-authority";
export const CONSENT_RECEIPT_ISSUER = "percorsi-consent-authority";
const RECEIPT_TYPE = "consent-receipt+jwt";
/** Seconds: a receipt serves the request it was minted for, nothing later. */
const LIFETIME_SECONDS = 60;

/** What the holder's side knows about a pathway, for the subgraphs that hold the rest of her data. */
export interface ConsentReceipt extends ConsentView {
  pathwayId: string;
  holderOrganisationId: string;
  sealed: boolean;
  /** The requester's organisation has an accepted, open referral on the pathway that her current consent covers. */
  referralAccepted: boolean;
  /** The purposes of those referrals (what the requester may write about her for). */
  referralPurposes: Purpose[];
}

/** Minted per request, per pathway, for the caller's organisation and purpose. */
export async function signConsentReceipt(key: SigningKey, actor: Actor, receipt: ConsentReceipt): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    rid: actor.requestId,
    org: actor.organisationId,
    purpose: actor.purpose,
    holder: receipt.holderOrganisationId,
    sealed: receipt.sealed,
    referral: receipt.referralAccepted,
    referral_purposes: receipt.referralPurposes,
    permitted: receipt.permitted,
    withdrawn: receipt.withdrawn,
    other_purposes: receipt.otherPurposes,
    iss: CONSENT_RECEIPT_ISSUER,
    sub: receipt.pathwayId,
    aud: actor.organisationId,
    iat: now,
    exp: now + LIFETIME_SECONDS,
  };
  return signCompactJws(key, RECEIPT_TYPE, payload);
}

export class ReceiptRejected extends Error {}

/**
 * Verifies a receipt handed over by the query planner: the authority's signature, not expired,
 * minted for this very request (request id), this organisation and purpose, and this pathway.
 * A receipt replayed from another request, forged, or for someone else is rejected.
 */
export async function verifyConsentReceipt(token: string, key: CryptoKey, actor: Actor, pathwayId: string): Promise<ConsentReceipt> {
  let payload: Record<string, unknown>;
  try {
    payload = verifyCompactJws(token, key, RECEIPT_TYPE);
    const now = Math.floor(Date.now() / 1000);
    for (const claim of ["rid", "org", "holder", "exp", "sub"]) if (payload[claim] === undefined) throw new Error("missing claim");
    if (payload.iss !== CONSENT_RECEIPT_ISSUER || payload.aud !== actor.organisationId || payload.sub !== pathwayId) throw new Error("claims");
    if (typeof payload.exp !== "number" || payload.exp <= now) throw new Error("expired");
    if (payload.iat !== undefined && (typeof payload.iat !== "number" || payload.iat > now + 5)) throw new Error("issued in the future");
  } catch {
    throw new ReceiptRejected("consent receipt not valid");
  }
  if (payload.rid !== actor.requestId || payload.org !== actor.organisationId || (payload.purpose ?? null) !== actor.purpose) {
    throw new ReceiptRejected("consent receipt minted for another request");
  }
  const categories = (value: unknown): DataCategory[] =>
    Array.isArray(value) ? value.filter((c): c is DataCategory => DATA_CATEGORIES.includes(c as DataCategory)) : [];
  const permitted = Object.fromEntries(
    Object.entries((payload.permitted ?? {}) as Record<string, unknown>).filter(
      ([category, consentId]) => DATA_CATEGORIES.includes(category as DataCategory) && typeof consentId === "string",
    ),
  ) as Partial<Record<DataCategory, string>>;
  return {
    pathwayId,
    holderOrganisationId: String(payload.holder),
    // Anything but an explicit false counts as sealed: fail closed.
    sealed: payload.sealed !== false,
    referralAccepted: payload.referral === true,
    referralPurposes: Array.isArray(payload.referral_purposes) ? payload.referral_purposes.filter(isPurpose) : [],
    permitted,
    withdrawn: categories(payload.withdrawn),
    otherPurposes: categories(payload.other_purposes),
  };
}
