import { factsUnderReceipt, type RecordFacts } from "@percorsi/kit";
import type { TrainingContext } from "../context.js";
import type { Enrolment } from "../modules/enrolment/enrolment.type.js";
import type { Pathway } from "../modules/pathway/pathway.type.js";

/**
 * An enrolment is kept by the training body that runs its course; everything else (holder,
 * sealed, her consent) comes from the receipt of the pathway it was read under. An enrolment
 * that carries no valid receipt counts as sealed.
 */
export function enrolmentFacts(enrolment: Enrolment, ctx: TrainingContext): Promise<RecordFacts> {
  return factsUnderReceipt(enrolment.trainingBodyId, enrolment, ctx);
}

/**
 * `Pathway.enrolments` may gather records of several training bodies. So: the caller's body
 * keeps some → judge the caller as their owner; only other bodies keep some → judge the caller
 * against one of them (another organisation: released only as her consent allows, and then the
 * resolver releases exactly the bodies her consent covers). Either way the rest comes from the
 * receipt: none (or an invalid one) counts as sealed.
 * Nobody keeps any → nothing to release; still, without a receipt that lets the caller see
 * her pathway at all, the answer is SEALED, so the lack of a receipt does not reveal whether
 * she is enrolled anywhere.
 */
export async function pathwayEnrolmentsFacts(pathway: Pathway, ctx: TrainingContext): Promise<RecordFacts | null> {
  const enrolments = await ctx.loaders.enrolmentsOfPathway.load(pathway.id);
  const caller = ctx.actor.organisationId;
  const own = enrolments.some((e) => e.trainingBodyId === caller);
  const keeper = own ? caller : enrolments[0]?.trainingBodyId;
  const record = { pathwayId: pathway.id, consentReceipt: pathway.consentReceipt };
  if (keeper !== undefined) return factsUnderReceipt(keeper, record, ctx);
  const facts = await factsUnderReceipt(caller, record, ctx);
  return facts.sealed && facts.holderOrganisationId !== caller ? facts : null;
}
