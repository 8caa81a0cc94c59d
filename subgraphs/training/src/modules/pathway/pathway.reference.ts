import { pathwayRef, type Pathway } from "./pathway.type.js";

/**
 * The gateway hands us `{ id }` of a pathway the case-holder owns; there is no row of ours to
 * read, so the reference is the entity. Its only field of ours, `enrolments`, is judged by its
 * own rule and read through a loader.
 */
export function resolvePathwayReference(reference: { id: string }): Pathway {
  return pathwayRef(reference.id);
}
