import { pathwayReference } from "@percorsi/kit";
import { Pathway } from "./pathway.type.js";

/**
 * The gateway hands us `{ id, consentReceipt }` (the receipt because the labelled fields
 * `@requires` it); there is nothing of the pathway itself to load here. Each field asked for is
 * then judged by its own rule on that receipt, so an entity call releases nothing her consent
 * does not permit the caller now.
 */
export function resolvePathwayReference(reference: { id: string; consentReceipt?: string | null }): Pathway {
  return Object.assign(new Pathway(), pathwayReference(reference));
}
