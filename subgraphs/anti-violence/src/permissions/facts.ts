import type { RecordFacts } from "@percorsi/kit";
import type { AntiViolenceContext } from "../context.js";

/**
 * What the permission rules need to know about a pathway: who holds it, and whether the
 * caller's organisation has an accepted referral on it. Both come from per-request loaders.
 */
export async function pathwayFacts(pathwayId: string, ctx: AntiViolenceContext): Promise<RecordFacts | null> {
  const pathway = await ctx.loaders.pathway.load(pathwayId);
  if (!pathway) return null;
  const organisationId = ctx.actor.organisationId;
  const referralAccepted =
    pathway.holderId !== organisationId &&
    (await ctx.loaders.acceptedReferralOrganisations.load(pathwayId)).some((row) => row.organisation_id === organisationId);
  return { ownerOrganisationId: pathway.holderId, pathwayId, referralAccepted };
}

/** Records that hang off a pathway (identity, assessment, plan...) share its facts. */
export const byPathway = (parent: { pathwayId: string }, ctx: AntiViolenceContext) => pathwayFacts(parent.pathwayId, ctx);

/**
 * A referral is a record of two parties: the organisation it is addressed to keeps it too, so it
 * reads the referral as its own (it must, to answer it), even before accepting. Anyone else is
 * judged as on the pathway. What the pathway itself releases is still decided by the pathway's facts.
 */
export async function referralFacts(
  referral: { pathwayId: string; toOrganisationId: string },
  ctx: AntiViolenceContext,
): Promise<RecordFacts | null> {
  if (referral.toOrganisationId === ctx.actor.organisationId) {
    return { ownerOrganisationId: referral.toOrganisationId, pathwayId: referral.pathwayId };
  }
  return pathwayFacts(referral.pathwayId, ctx);
}
