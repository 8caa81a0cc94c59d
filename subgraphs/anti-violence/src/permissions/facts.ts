import type { RecordFacts } from "@percorsi/kit";
import type { AntiViolenceContext } from "../context.js";

/**
 * What the permission rules need to know about a pathway: who holds it, whether the caller's
 * organisation has an accepted referral on it, whether it is sealed, and what her consents
 * permit to the caller's organisation for its purpose. All come from per-request loaders; the
 * holder needs none of the last three (it reads its own cases as their owner).
 */
export async function pathwayFacts(pathwayId: string, ctx: AntiViolenceContext): Promise<RecordFacts | null> {
  const pathway = await ctx.loaders.pathway.load(pathwayId);
  if (!pathway) return null;
  const { organisationId } = ctx.actor;
  const base = { ownerOrganisationId: pathway.holderId, holderOrganisationId: pathway.holderId, pathwayId };
  if (pathway.holderId === organisationId) return { ...base, sealed: false, referralAccepted: false, consent: null };
  const [accepted, consent] = await Promise.all([
    ctx.loaders.acceptedReferralOrganisations.load(pathwayId),
    ctx.loaders.consentView.load(pathwayId),
  ]);
  return {
    ...base,
    referralAccepted: accepted.some((row) => row.organisation_id === organisationId),
    sealed: pathway.sealed,
    consent,
  };
}

/** Records that hang off a pathway (identity, assessment, plan...) share its facts. */
export const byPathway = (parent: { pathwayId: string }, ctx: AntiViolenceContext) => pathwayFacts(parent.pathwayId, ctx);

/**
 * A referral is a record of two parties: the organisation it is addressed to keeps it too, so it
 * reads the referral as its own (it must, to answer it), even before accepting, unless the
 * case-holder sealed the pathway. Anyone else is judged as on the pathway. What the pathway
 * itself releases is still decided by the pathway's facts.
 */
export async function referralFacts(
  referral: { pathwayId: string; toOrganisationId: string },
  ctx: AntiViolenceContext,
): Promise<RecordFacts | null> {
  if (referral.toOrganisationId === ctx.actor.organisationId) {
    const pathway = await ctx.loaders.pathway.load(referral.pathwayId);
    return {
      ownerOrganisationId: referral.toOrganisationId,
      holderOrganisationId: pathway?.holderId ?? referral.toOrganisationId,
      pathwayId: referral.pathwayId,
      // An unknown pathway counts as sealed: fail closed.
      sealed: pathway?.sealed ?? true,
    };
  }
  return pathwayFacts(referral.pathwayId, ctx);
}
