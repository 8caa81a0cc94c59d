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
  /** Free text the caller states; kept in the audit log only, never in application logs. */
  reason: string;
}

export function hasAnyRole(actor: Actor, roles: readonly Role[]): boolean {
  return actor.roles.some((role) => roles.includes(role));
}
