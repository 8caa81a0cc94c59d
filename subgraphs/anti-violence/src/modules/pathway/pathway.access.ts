import { badUserInput, forbidden, isUuid, type AccessDecision, type RecordFacts } from "@percorsi/kit/author";
import { auditWriteDecision, pathwayVisible } from "@percorsi/kit/authority";
import type { DataCategory } from "@percorsi/schema";
import type { AntiViolenceContext } from "../../context.js";
import { pathwayFacts } from "../../permissions/facts.js";
import type { Pathway } from "./pathway.type.js";

/**
 * A pathway the caller may open at all, by the one visibility rule (`pathwayVisible`). Unknown,
 * sealed and foreign pathways are refused alike (ORGANISATION), so a refusal does not confirm
 * that an id exists; the refusal is audited on the pathway named.
 */
export async function visiblePathway(id: string, ctx: AntiViolenceContext): Promise<Pathway> {
  if (!isUuid(id)) throw badUserInput("`id` is not a pathway id.", "id");
  const [facts, pathway] = await Promise.all([pathwayFacts(id, ctx), ctx.loaders.pathway.load(id)]);
  if (!pathway || !pathwayVisible(ctx.actor, facts)) {
    ctx.audit.record(id.toLowerCase(), "CASE_STATUS", { allowed: false, reason: "ORGANISATION" });
    throw forbidden("ORGANISATION");
  }
  return pathway;
}

/**
 * A pathway the caller's organisation holds: only its operators may change it. Unknown and
 * foreign pathways are refused alike. Given the write's category (mutations whose pathway only
 * the resolver knows), the decision is audited here as a WRITE; otherwise the kit's write rule
 * has decided and audited it already.
 */
export async function heldPathway(id: string, ctx: AntiViolenceContext, audited?: DataCategory): Promise<Pathway> {
  if (!isUuid(id)) throw badUserInput("`pathwayId` is not a pathway id.", "pathwayId");
  const pathway = await ctx.loaders.pathway.load(id);
  const held = pathway?.holderId === ctx.actor.organisationId;
  if (audited) {
    const decision: AccessDecision = held ? { allowed: true, basis: "OWNERSHIP" } : { allowed: false, reason: "ORGANISATION" };
    await auditWriteDecision(ctx, id.toLowerCase(), [audited], decision);
  }
  if (!pathway || !held) throw forbidden("ORGANISATION");
  return pathway;
}

/**
 * Her standing for the kit's write rule in this subgraph: only the case-holder writes her
 * pathway's own records (a partner answers a referral, which `moveReferral` decides).
 */
export async function holderWriteFacts(pathwayId: string, ctx: AntiViolenceContext): Promise<RecordFacts> {
  return { ...(await pathwayFacts(pathwayId, ctx)), referralAccepted: false, referralPurposes: [] };
}

export const closedPathway = () => badUserInput("A closed pathway cannot change.", "pathwayId");

/** A held pathway that is still open: assessments, plans and referrals may change on it. */
export async function changeablePathway(id: string, ctx: AntiViolenceContext, audited?: DataCategory): Promise<Pathway> {
  const pathway = await heldPathway(id, ctx, audited);
  if (pathway.stage === "CLOSED") throw closedPathway();
  return pathway;
}
