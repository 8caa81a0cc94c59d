import type { AntiViolenceContext } from "../../context.js";
import type { Pathway } from "./pathway.type.js";

/**
 * Other subgraphs hand us `{ id }`; each field of the answer is then judged by its own rule,
 * so an entity call releases nothing the caller could not read through `Query.pathway`.
 */
export function resolvePathwayReference(reference: { id: string }, ctx: AntiViolenceContext): Promise<Pathway | null> {
  return ctx.loaders.pathway.load(reference.id);
}
