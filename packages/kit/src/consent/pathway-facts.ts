import type { CryptoKey } from "jose";
import type { RecordFacts } from "../access/decide.js";
import type { SubgraphContext } from "../context.js";
import { loadVerificationKey } from "../trust/keys.js";
import { log } from "../log.js";
import { CONSENT_AUTHORITY_KEY_NAME, ReceiptRejected, verifyConsentReceipt, type ConsentReceipt } from "./receipt.js";

let authorityKey: Promise<CryptoKey> | undefined;
function consentAuthorityKey(): Promise<CryptoKey> {
  // Lazy: in development the authority creates its key pair when it first starts.
  return (authorityKey ??= loadVerificationKey(CONSENT_AUTHORITY_KEY_NAME).catch((error) => {
    authorityKey = undefined;
    throw error;
  }));
}

const verified = new WeakMap<object, Map<string, Promise<ConsentReceipt | null>>>();

/**
 * The consent receipt the query planner handed over with a `Pathway` representation, verified
 * once per request and pathway. Null when absent or rejected: then nothing but the caller's
 * own unsealed records could be released, and a missing receipt counts as sealed (fail closed).
 */
export function receiptFor(ctx: SubgraphContext<unknown>, pathway: { id: string; consentReceipt?: string | null }): Promise<ConsentReceipt | null> {
  let cache = verified.get(ctx.audit);
  if (!cache) verified.set(ctx.audit, (cache = new Map()));
  const key = `${pathway.id}|${pathway.consentReceipt ?? ""}`;
  let receipt = cache.get(key);
  if (!receipt) {
    receipt = pathway.consentReceipt
      ? consentAuthorityKey()
          .then((authority) => verifyConsentReceipt(pathway.consentReceipt!, authority, ctx.actor, pathway.id))
          .catch((error) => {
            log.warn("consent.receipt_rejected", { kind: error instanceof ReceiptRejected ? error.message : "error" });
            return null;
          })
      : Promise.resolve(null);
    cache.set(key, receipt);
  }
  return receipt;
}

/**
 * Facts for a record another agency keeps about a pathway (a placement, an enrolment): the
 * owner is that agency, everything else comes from the verified receipt.
 */
export function factsFromReceipt(ownerOrganisationId: string, pathwayId: string, receipt: ConsentReceipt | null): RecordFacts {
  return {
    ownerOrganisationId,
    pathwayId,
    holderOrganisationId: receipt?.holderOrganisationId ?? "",
    sealed: receipt ? receipt.sealed : true,
    referralAccepted: receipt?.referralAccepted ?? false,
    consent: receipt,
  };
}
