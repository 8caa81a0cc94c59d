import { factsOfPathwayRecords, factsUnderReceipt, type RecordFacts } from "@percorsi/kit/author";
import type { __Name__Context } from "../context.js";
import type { __Name__Record } from "../modules/__name__/__name__.type.js";
import type { Pathway } from "../modules/pathway/pathway.type.js";

/** A record is kept by the organisation that wrote it; everything else comes from the receipt it was read under. */
export function recordFacts(record: __Name__Record, ctx: __Name__Context): Promise<RecordFacts> {
  return factsUnderReceipt(record.organisationId, record, ctx);
}

/**
 * `Pathway.__nameCamel__Records` gathers the records of several organisations, or none: the kit's
 * existence rule answers "no record here" exactly as "another organisation's record".
 */
export async function pathwayRecordsFacts(pathway: Pathway, ctx: __Name__Context): Promise<RecordFacts> {
  const records = await ctx.loaders.__records_loader__.load(pathway.id);
  return factsOfPathwayRecords(records.map((record) => record.organisationId), pathway, ctx);
}
