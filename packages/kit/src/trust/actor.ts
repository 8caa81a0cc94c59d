import { createHash } from "node:crypto";
import type { DataCategory, LegalBasis, OrganisationType, Purpose, Role } from "@percorsi/schema";

/** Who is asking, on whose behalf and why: established by the gateway for one request. */
export interface Actor {
  requestId: string;
  userId: string;
  organisationId: string;
  organisationType: OrganisationType;
  roles: Role[];
  /** Declared purpose; null means no personal data may be released. */
  purpose: Purpose | null;
  /** A declared break-glass read: its legal basis and reason (audited); honoured only with the role. */
  breakGlass?: BreakGlass | null;
  /**
   * Categories the gateway removed from this request for the caller's role (above its ceiling):
   * the subgraphs record the refusal on every pathway the request reaches.
   */
  roleDenied?: DataCategory[];
}

export interface BreakGlass {
  basis: LegalBasis;
  /**
   * Free text the caller states; kept in the audit log only, never in application logs. Only
   * the subgraph that records the declaration (the consent authority) receives it; the others
   * get the basis and the declaration's reference.
   */
  reason?: string;
  /** `breakGlassDeclaration(...)`: an opaque reference to the declaration, in every subgraph's audit. */
  declaration?: string;
}

/**
 * The reference of a break-glass declaration: a hash of the request id, basis and reason. It
 * names the one declaration (the request id is random, so the reason cannot be guessed from
 * it) and whoever reads the consent authority's entry can check it matches.
 */
export function breakGlassDeclaration(requestId: string, basis: LegalBasis, reason: string): string {
  return createHash("sha256").update(JSON.stringify([requestId, basis, reason])).digest("hex");
}

/** The declaration as a subgraph that does not record its reason receives it. */
export function withoutBreakGlassReason(actor: Actor): Actor {
  if (!actor.breakGlass) return actor;
  const { basis, declaration } = actor.breakGlass;
  return { ...actor, breakGlass: { basis, ...(declaration ? { declaration } : {}) } };
}
