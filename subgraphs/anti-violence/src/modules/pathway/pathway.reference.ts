import type { AntiViolenceContext } from "../../context.js";
import { Pathway } from "./pathway.type.js";

/**
 * Other subgraphs hand us `{ id }`; each field of the answer is then judged by its own rule,
 * so an entity call releases nothing the caller could not read through `Query.pathway`. An
 * unknown id resolves to an empty pathway whose fields are refused like a foreign one's (the
 * same errors, not a silent null), so entity resolution is no oracle either.
 */
export async function resolvePathwayReference(reference: { id: string }, ctx: AntiViolenceContext): Promise<Pathway> {
  const pathway = await ctx.loaders.pathway.load(reference.id);
  return (
    pathway ??
    Object.assign(new Pathway(), { id: reference.id, holderId: "", sealed: true, stage: null, openedOn: null, closedOn: null, closingReason: null })
  );
}
