import { factsOfPathwayRecords, factsUnderReceipt, type RecordFacts } from "@percorsi/kit/author";
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
 * `Pathway.enrolments` may gather records of several training bodies, or none: judged by the
 * kit's existence rule (`factsOfPathwayRecords`), as their keeper if the caller's body keeps
 * some, otherwise as another body's reader (released only as her consent allows, and then the
 * resolver releases exactly the bodies her consent covers), whether another body keeps some or
 * nobody does. The rest comes from the receipt: none (or an invalid one) counts as a pathway the
 * caller may not see.
 */
export async function pathwayEnrolmentsFacts(pathway: Pathway, ctx: TrainingContext): Promise<RecordFacts> {
  const enrolments = await ctx.loaders.enrolmentsOfPathway.load(pathway.id);
  return factsOfPathwayRecords(
    enrolments.map((e) => e.trainingBodyId),
    pathway,
    ctx,
  );
}
