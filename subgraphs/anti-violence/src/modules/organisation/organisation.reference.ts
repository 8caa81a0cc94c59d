import type { AntiViolenceContext } from "../../context.js";
import type { Organisation } from "./organisation.type.js";

export function resolveOrganisationReference(reference: { id: string }, ctx: AntiViolenceContext): Promise<Organisation | null> {
  return ctx.loaders.organisation.load(reference.id);
}
