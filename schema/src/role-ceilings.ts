import { DATA_CATEGORIES, HOLDER_ONLY_CATEGORIES, type DataCategory, type Role } from "./vocabulary.js";

const ALL = DATA_CATEGORIES;
const SHAREABLE = DATA_CATEGORIES.filter((category) => !HOLDER_ONLY_CATEGORIES.has(category));

/**
 * The most each role may ever see, whatever a consent says: the gateway drops every field above
 * the caller's ceiling before planning, so it never reaches a subgraph. Consent and ownership
 * then decide below the ceiling, where the data lives.
 */
export const ROLE_CEILINGS: Readonly<Record<Role, readonly DataCategory[]>> = {
  CENTRE_OPERATOR: ALL,
  EMPLOYMENT_COUNSELLOR: SHAREABLE,
  TRAINING_OPERATOR: SHAREABLE,
  HOUSING_OPERATOR: SHAREABLE,
  BREAK_GLASS: SHAREABLE,
  ANALYST: [],
  NETWORK_ADMIN: [],
  DPO: [],
};

/** The union of the caller's roles' ceilings. */
export function ceilingOf(roles: readonly Role[]): ReadonlySet<DataCategory> {
  return new Set(roles.flatMap((role) => ROLE_CEILINGS[role] ?? []));
}
