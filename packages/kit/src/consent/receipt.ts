import { SignJWT, jwtVerify, type CryptoKey } from "jose";
import { DATA_CATEGORIES, type DataCategory } from "@percorsi/schema";
import type { Actor } from "../trust/actor.js";
import { SIGNING_ALGORITHM, type SigningKey } from "../trust/keys.js";
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
  /** The requester's organisation has an accepted referral on the pathway. */
  referralAccepted: boolean;
}

/** Minted per request, per pathway, for the caller's organisation and purpose. */
export async function signConsentReceipt(key: SigningKey, actor: Actor, receipt: ConsentReceipt): Promise<string> {
  return new SignJWT({
    rid: actor.requestId,
    org: actor.organisationId,
    purpose: actor.purpose,
    holder: receipt.holderOrganisationId,
    sealed: receipt.sealed,
    referral: receipt.referralAccepted,
    permitted: receipt.permitted,
    withdrawn: receipt.withdrawn,
    other_purposes: receipt.otherPurposes,
  })
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: key.kid, typ: RECEIPT_TYPE })
    .setIssuer(CONSENT_RECEIPT_ISSUER)
    .setSubject(receipt.pathwayId)
    .setAudience(actor.organisationId)
    .setIssuedAt()
    .setExpirationTime(`${LIFETIME_SECONDS}s`)
    .sign(key.privateKey);
}

export class ReceiptRejected extends Error {}

/**
 * Verifies a receipt handed over by the query planner: the authority's signature, not expired,
 * minted for this very request (request id), this organisation and purpose, and this pathway.
 * A receipt replayed from another request, forged, or for someone else is rejected.
 */
export async function verifyConsentReceipt(token: string, key: CryptoKey, actor: Actor, pathwayId: string): Promise<ConsentReceipt> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, key, {
      issuer: CONSENT_RECEIPT_ISSUER,
      audience: actor.organisationId,
      subject: pathwayId,
      algorithms: [SIGNING_ALGORITHM],
      typ: RECEIPT_TYPE,
      requiredClaims: ["rid", "org", "holder", "exp", "sub"],
    }));
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
    permitted,
    withdrawn: categories(payload.withdrawn),
    otherPurposes: categories(payload.other_purposes),
  };
}
