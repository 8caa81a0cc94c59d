import type { OrganisationType, Purpose, Role } from "@percorsi/schema";

/** Who is asking, on whose behalf and why: established by the gateway for one request. */
export interface Actor {
  requestId: string;
  userId: string;
  organisationId: string;
  organisationType: OrganisationType;
  roles: Role[];
  /** Declared purpose; null means no personal data may be released. */
  purpose: Purpose | null;
}

export function hasAnyRole(actor: Actor, roles: readonly Role[]): boolean {
  return actor.roles.some((role) => roles.includes(role));
}
