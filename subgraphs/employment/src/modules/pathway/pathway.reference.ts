import { pathwayRef, type Pathway } from "./pathway.type.js";

/**
 * The gateway hands us `{ id }`; there is nothing of the pathway itself to load here. Each
 * field asked for is then judged by its own rule, so an entity call releases nothing that
 * the caller's organisation could not read otherwise.
 */
export function resolvePathwayReference(reference: { id: string }): Pathway {
  return pathwayRef(reference.id);
}
