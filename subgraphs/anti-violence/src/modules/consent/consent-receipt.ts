import { CONSENT_AUTHORITY_KEY_NAME, keyOnFirstUse, loadSigningKey, signConsentReceipt } from "@percorsi/kit";
import type { AntiViolenceContext } from "../../context.js";

const consentAuthorityKey = keyOnFirstUse(() => loadSigningKey(CONSENT_AUTHORITY_KEY_NAME));

/**
 * The receipt the other subgraphs judge their records of this pathway on: what her consents
 * permit to the caller's organisation for its purpose now, who holds her case, whether it is
 * sealed, and whether the caller has an accepted referral. Minted for this request only. An
 * unknown pathway gets none, which the others treat as sealed.
 */
export async function mintConsentReceipt(pathwayId: string, ctx: AntiViolenceContext): Promise<string | null> {
  const pathway = await ctx.loaders.pathway.load(pathwayId);
  if (!pathway) return null;
  const [view, accepted, key] = await Promise.all([
    ctx.loaders.consentView.load(pathwayId),
    ctx.loaders.acceptedReferralOrganisations.load(pathwayId),
    consentAuthorityKey(),
  ]);
  return signConsentReceipt(key, ctx.actor, {
    pathwayId,
    holderOrganisationId: pathway.holderId,
    sealed: pathway.sealed,
    referralAccepted: accepted.some((row) => row.organisation_id === ctx.actor.organisationId),
    permitted: view?.permitted ?? {},
    withdrawn: view?.withdrawn ?? [],
    otherPurposes: view?.otherPurposes ?? [],
  });
}
