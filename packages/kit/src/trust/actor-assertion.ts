import { SignJWT, jwtVerify, type CryptoKey } from "jose";
import { isLegalBasis, isPurpose, ORGANISATION_TYPES, ROLES, type OrganisationType, type Role } from "@percorsi/schema";
import type { Actor, BreakGlass } from "./actor.js";
import { SIGNING_ALGORITHM, type SigningKey } from "./keys.js";

/** Header that carries the gateway's signed statement of who is asking. */
export const ACTOR_ASSERTION_HEADER = "x-percorsi-actor";
export const ACTOR_ASSERTION_ISSUER = "percorsi-gateway";
export const GATEWAY_KEY_NAME = "gateway";

/** Short: an assertion is minted per request and per subgraph, never reused. */
const LIFETIME_SECONDS = 30;

export async function signActorAssertion(key: SigningKey, actor: Actor, audience: string): Promise<string> {
  return new SignJWT({
    rid: actor.requestId,
    org: actor.organisationId,
    org_type: actor.organisationType,
    roles: actor.roles,
    purpose: actor.purpose,
    ...(actor.breakGlass ? { break_glass: actor.breakGlass } : {}),
  })
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: key.kid, typ: "actor+jwt" })
    .setIssuer(ACTOR_ASSERTION_ISSUER)
    .setSubject(actor.userId)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(`${LIFETIME_SECONDS}s`)
    .sign(key.privateKey);
}

/** Verifies signature, issuer, audience and expiry; throws on anything else than a valid assertion. */
export async function verifyActorAssertion(token: string, key: CryptoKey, audience: string): Promise<Actor> {
  const { payload } = await jwtVerify(token, key, {
    issuer: ACTOR_ASSERTION_ISSUER,
    audience,
    algorithms: [SIGNING_ALGORITHM],
    typ: "actor+jwt",
    requiredClaims: ["sub", "rid", "org", "org_type", "roles", "exp"],
  });
  const roles = payload.roles;
  if (
    typeof payload.sub !== "string" ||
    typeof payload.rid !== "string" ||
    typeof payload.org !== "string" ||
    !ORGANISATION_TYPES.includes(payload.org_type as OrganisationType) ||
    !Array.isArray(roles) ||
    !roles.every((role) => ROLES.includes(role as Role)) ||
    (payload.purpose !== null && payload.purpose !== undefined && !isPurpose(payload.purpose)) ||
    (payload.break_glass !== undefined && !isBreakGlass(payload.break_glass))
  ) {
    throw new Error("malformed actor assertion");
  }
  return {
    requestId: payload.rid,
    userId: payload.sub,
    organisationId: payload.org,
    organisationType: payload.org_type as OrganisationType,
    roles: roles as Role[],
    purpose: isPurpose(payload.purpose) ? payload.purpose : null,
    ...(isBreakGlass(payload.break_glass) ? { breakGlass: payload.break_glass } : {}),
  };
}

function isBreakGlass(value: unknown): value is BreakGlass {
  const candidate = value as Partial<BreakGlass> | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    isLegalBasis(candidate.basis) &&
    typeof candidate.reason === "string" &&
    candidate.reason.trim().length >= 10 &&
    candidate.reason.length <= 500
  );
}
