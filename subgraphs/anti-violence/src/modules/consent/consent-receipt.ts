import { CONSENT_AUTHORITY_KEY_NAME, keyOnFirstUse, loadSigningKey, signConsentReceipt } from "@percorsi/kit/authority";
import type { AntiViolenceContext } from "../../context.js";

const consentAuthorityKey = keyOnFirstUse(() => loadSigningKey(CONSENT_AUTHORITY_KEY_NAME));

/**
 * The receipt the other subgraphs judge their records of this pathway on, and decide their
 * writes about her on: the pathway's standing for the caller's organisation and purpose (who
 * holds her case, whether it is sealed, its live referrals, what her consents permit now).
 * Minted for this request only. An unknown pathway gets one too, saying what the others would
 * assume of a missing one (nobody's, sealed): signing and verifying it costs what a known
 * pathway's receipt costs, so that no refusal tells by its time whether the id exists.
 */
export async function mintConsentReceipt(pathwayId: string, ctx: AntiViolenceContext): Promise<string> {
  // A break-glass reason reaches this subgraph only: the declaration the others' audit entries
  // refer to (`declaration:<reference>`) is kept here, with the pathway it was declared on.
  ctx.audit.recordBreakGlassDeclaration(pathwayId.toLowerCase());
  // Her standing first: it reads her consents in the same statements as an unknown id's stand-in
  // (`decoys.ts`); read beside it, they would be a statement of their own and the unknown id's
  // stand-in another, one more than for a pathway that exists.
  const [standing, key] = await Promise.all([ctx.loaders.standing.load(pathwayId), consentAuthorityKey()]);
  // Her consents count for the holder too (what she lets her centre read at the other agencies).
  const consent = await ctx.loaders.consentView.load(pathwayId);
  return signConsentReceipt(key, ctx.actor, {
    pathwayId,
    holderOrganisationId: standing.holderOrganisationId,
    sealed: standing.sealed,
    referralAccepted: standing.referralAccepted,
    referralPurposes: standing.referralPurposes,
    permitted: consent?.permitted ?? {},
    withdrawn: consent?.withdrawn ?? [],
    otherPurposes: consent?.otherPurposes ?? [],
  });
}
