import { badUserInput, forbidden, isUuid } from "@percorsi/kit";
import type { AntiViolenceContext } from "../../context.js";
import { pathwayFacts } from "../../permissions/facts.js";
import type { Pathway } from "./pathway.type.js";

/**
 * A pathway the caller may open at all: its holder's, or one referred to the caller and
 * accepted and not sealed. Unknown and foreign pathways are refused alike, so a refusal does not confirm
 * that an id exists.
 */
export async function visiblePathway(id: string, ctx: AntiViolenceContext): Promise<Pathway> {
  if (!isUuid(id)) throw badUserInput("`id` is not a pathway id.", "id");
  const facts = await pathwayFacts(id, ctx);
  const pathway = await ctx.loaders.pathway.load(id);
  if (!facts || !pathway || !(facts.ownerOrganisationId === ctx.actor.organisationId || facts.referralAccepted)) {
    throw forbidden("ORGANISATION");
  }
  // A sealed pathway is the case-holder's alone until the seal is lifted.
  if (facts.sealed && pathway.holderId !== ctx.actor.organisationId) throw forbidden("SEALED");
  return pathway;
}

/** A pathway the caller's organisation holds: only its operators may change it. */
export async function heldPathway(id: string, ctx: AntiViolenceContext): Promise<Pathway> {
  const pathway = await visiblePathway(id, ctx);
  if (pathway.holderId !== ctx.actor.organisationId) throw forbidden("ORGANISATION");
  return pathway;
}

export const closedPathway = () => badUserInput("A closed pathway cannot change.", "pathwayId");

/** A held pathway that is still open: assessments, plans and referrals may change on it. */
export async function changeablePathway(id: string, ctx: AntiViolenceContext): Promise<Pathway> {
  const pathway = await heldPathway(id, ctx);
  if (pathway.stage === "CLOSED") throw closedPathway();
  return pathway;
}
