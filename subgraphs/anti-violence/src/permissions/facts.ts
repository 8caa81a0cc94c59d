import type { RecordFacts } from "@percorsi/kit/author";
import { servesReferralPurpose } from "@percorsi/kit/authority";
import type { AntiViolenceContext } from "../context.js";
import type { Referral } from "../modules/referral/referral.type.js";

/**
 * What the permission rules know about a pathway: its standing for the caller's organisation
 * (holder, sealed, live referrals, her consents: see `standing.ts`). An unknown pathway has
 * facts too (nobody's, sealed), so that it is refused exactly like a foreign one.
 */
export async function pathwayFacts(pathwayId: string, ctx: AntiViolenceContext): Promise<RecordFacts> {
  const standing = await ctx.loaders.standing.load(pathwayId);
  return { ...standing, ownerOrganisationId: standing.holderOrganisationId, pathwayId };
}

/** Records that hang off a pathway (identity, assessment, plan...) share its facts. */
export const byPathway = (parent: { pathwayId: string }, ctx: AntiViolenceContext) => pathwayFacts(parent.pathwayId, ctx);

/**
 * A referral is a record of two parties: while her current consent covers it, the organisation
 * it is addressed to keeps it too, and reads it as its own (it must, to answer it), but only
 * for the referral's own purpose, and only while her pathway is visible to it (a seal hides it
 * exactly as a withdrawal does). Read for another purpose, or once her consent no longer covers
 * it (withdrawn, expired), it is judged as the pathway is: no notes, no status.
 */
export async function referralFacts(referral: { id: string; pathwayId: string; purpose: Referral["purpose"] }, ctx: AntiViolenceContext): Promise<RecordFacts> {
  const facts = await pathwayFacts(referral.pathwayId, ctx);
  const standing = await ctx.loaders.standing.load(referral.pathwayId);
  const party = standing.coveredReferralIds.has(referral.id) && servesReferralPurpose(ctx.actor, referral);
  return party ? { ...facts, ownerOrganisationId: ctx.actor.organisationId } : facts;
}
