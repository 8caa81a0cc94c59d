import { createHash, randomUUID } from "node:crypto";
import { SignJWT, jwtVerify, type CryptoKey } from "jose";
import { DATA_CATEGORIES, isLegalBasis, isOrganisationType, isPurpose, isRole, type DataCategory } from "@percorsi/schema";
import type { Actor, BreakGlass } from "./actor.js";
import { SIGNING_ALGORITHM, type SigningKey } from "./keys.js";

/** Header that carries the gateway's signed statement of who is asking. */
export const ACTOR_ASSERTION_HEADER = "x-percorsi-actor";
export const ACTOR_ASSERTION_ISSUER = "percorsi-gateway";
export const GATEWAY_KEY_NAME = "gateway";

/** Header that carries the consent receipts the gateway obtained for a mutation's pathways. */
export const CONSENT_RECEIPTS_HEADER = "x-percorsi-consent-receipts";

/** Short: an assertion is minted per request and per subgraph, never reused. */
export const ASSERTION_LIFETIME_SECONDS = 30;

/** The subgraph request an assertion travels with: its query, its variables and its receipts header. */
export interface BoundRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  receipts?: string | null;
}

/**
 * The hash an assertion is bound to. A captured assertion is worth nothing with another query,
 * other variables or other receipts. Variables are hashed as JSON text: what the gateway sends
 * is what the subgraph parses and serialises again (JSON keeps key order).
 */
export function requestBinding(request: BoundRequest): string {
  return createHash("sha256")
    .update(JSON.stringify([request.query, request.variables ?? {}, request.receipts ?? ""]))
    .digest("base64url");
}

export async function signActorAssertion(key: SigningKey, actor: Actor, audience: string, request: BoundRequest): Promise<string> {
  return new SignJWT({
    rid: actor.requestId,
    org: actor.organisationId,
    org_type: actor.organisationType,
    roles: actor.roles,
    purpose: actor.purpose,
    ...(actor.breakGlass ? { break_glass: actor.breakGlass } : {}),
    ...(actor.roleDenied?.length ? { role_denied: actor.roleDenied } : {}),
    bnd: requestBinding(request),
  })
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: key.kid, typ: "actor+jwt" })
    .setIssuer(ACTOR_ASSERTION_ISSUER)
    .setSubject(actor.userId)
    .setAudience(audience)
    .setIssuedAt()
    .setJti(randomUUID())
    .setExpirationTime(`${ASSERTION_LIFETIME_SECONDS}s`)
    .sign(key.privateKey);
}

export interface VerifiedAssertion {
  actor: Actor;
  /** Unique per assertion: a subgraph accepts each one once. */
  jti: string;
  /** Seconds since the epoch. */
  expiresAt: number;
  /** `requestBinding` of the request it was minted for. */
  binding: string;
}

/** Verifies signature, issuer, audience and expiry; throws on anything else than a valid assertion. */
export async function verifyActorAssertion(token: string, key: CryptoKey, audience: string): Promise<VerifiedAssertion> {
  const { payload } = await jwtVerify(token, key, {
    issuer: ACTOR_ASSERTION_ISSUER,
    audience,
    algorithms: [SIGNING_ALGORITHM],
    typ: "actor+jwt",
    requiredClaims: ["sub", "rid", "org", "org_type", "roles", "exp", "jti", "bnd"],
  });
  const roles = payload.roles;
  if (
    typeof payload.sub !== "string" ||
    typeof payload.rid !== "string" ||
    typeof payload.org !== "string" ||
    !isOrganisationType(payload.org_type) ||
    !Array.isArray(roles) ||
    !roles.every((role) => typeof role === "string") ||
    (payload.purpose !== null && payload.purpose !== undefined && !isPurpose(payload.purpose)) ||
    (payload.break_glass !== undefined && !isBreakGlass(payload.break_glass)) ||
    (payload.role_denied !== undefined && !isCategoryList(payload.role_denied)) ||
    typeof payload.jti !== "string" ||
    typeof payload.bnd !== "string" ||
    typeof payload.exp !== "number"
  ) {
    throw new Error("malformed actor assertion");
  }
  const actor: Actor = {
    requestId: payload.rid,
    userId: payload.sub,
    organisationId: payload.org,
    organisationType: payload.org_type,
    // A role this subgraph's vocabulary does not declare (a newer gateway's, in a rolling deploy)
    // grants nothing here and is left out: refusing the whole request would break every caller holding it.
    roles: roles.filter(isRole),
    purpose: isPurpose(payload.purpose) ? payload.purpose : null,
    ...(isBreakGlass(payload.break_glass) ? { breakGlass: payload.break_glass } : {}),
    ...(isCategoryList(payload.role_denied) && payload.role_denied.length > 0 ? { roleDenied: payload.role_denied } : {}),
  };
  return { actor, jti: payload.jti, expiresAt: payload.exp, binding: payload.bnd };
}

function isCategoryList(value: unknown): value is DataCategory[] {
  return Array.isArray(value) && value.every((category) => DATA_CATEGORIES.includes(category as DataCategory));
}

/**
 * Assertions already accepted, until they expire: each is accepted once. Per process; a
 * subgraph scaled out to several instances needs this set shared (e.g. in Redis).
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();
  private nextSweep = 0;

  /** True the first time a jti is presented within its lifetime, false on every replay. */
  accept(jti: string, expiresAt: number, now = Math.floor(Date.now() / 1000)): boolean {
    if (now >= this.nextSweep) {
      for (const [id, expiry] of this.seen) if (expiry < now) this.seen.delete(id);
      this.nextSweep = now + ASSERTION_LIFETIME_SECONDS;
    }
    if (this.seen.has(jti)) return false;
    this.seen.set(jti, expiresAt);
    return true;
  }
}

/** A basis, and its reason (10-500 characters) or its declaration's reference, or both. */
function isBreakGlass(value: unknown): value is BreakGlass {
  const candidate = value as Partial<BreakGlass> | null;
  if (typeof candidate !== "object" || candidate === null || !isLegalBasis(candidate.basis)) return false;
  const reason = candidate.reason === undefined || (typeof candidate.reason === "string" && candidate.reason.trim().length >= 10 && candidate.reason.length <= 500);
  const declaration = candidate.declaration === undefined || (typeof candidate.declaration === "string" && /^[0-9a-f]{64}$/.test(candidate.declaration));
  return reason && declaration && (candidate.reason !== undefined || candidate.declaration !== undefined);
}
