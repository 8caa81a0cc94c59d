import { pathwayReference } from "@percorsi/kit";
import { Pathway } from "./pathway.type.js";

/**
 * The planner hands us `{ id, consentReceipt }` of a pathway the case-holder owns; there is no
 * row of ours to read, so the reference (with the receipt it carries) is the entity. Its only
 * field of ours, `enrolments`, is judged on that receipt and read through loaders.
 */
export function resolvePathwayReference(reference: { id: string; consentReceipt?: string | null }): Pathway {
  return Object.assign(new Pathway(), pathwayReference(reference));
}
