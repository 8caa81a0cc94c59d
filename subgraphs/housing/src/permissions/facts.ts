import { factsOfPathwayRecords, factsUnderReceipt, type RecordFacts } from "@percorsi/kit/author";
import type { HousingContext } from "../context.js";
import type { Pathway } from "../modules/pathway/pathway.type.js";

type Record = { housingBodyId: string; pathwayId: string; consentReceipt?: string | null };

/** A housing record is kept by its housing body; everything else comes from the receipt it was read under. */
export function recordFacts(record: Record, ctx: HousingContext): Promise<RecordFacts> {
  return factsUnderReceipt(record.housingBodyId, record, ctx);
}

/**
 * A `Pathway` housing field gathers records of several housing bodies, or none: judged by the
 * kit's existence rule (`factsOfPathwayRecords`), as their keeper if the caller's body keeps
 * some, otherwise as another body's reader, whether another body keeps some or nobody does.
 * Reading who keeps some is one registry call per batch of pathways (the loader the field then
 * answers from); the registry down or slow fails the field with its code, releasing nothing.
 */
const ofPathway =
  (entity: "needs" | "applications" | "allocations") =>
  async (pathway: Pathway, ctx: HousingContext): Promise<RecordFacts> => {
    const records: { housingBodyId: string }[] = await ctx.loaders.load[entity].load(pathway.id);
    return factsOfPathwayRecords(
      records.map((record) => record.housingBodyId),
      pathway,
      ctx,
    );
  };

export const pathwayNeedsFacts = ofPathway("needs");
export const pathwayApplicationsFacts = ofPathway("applications");
export const pathwayAllocationsFacts = ofPathway("allocations");
