import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey, type CryptoKey } from "jose";
import { loadVerificationKey, type Actor } from "@percorsi/kit";
import { ORGANISATION_TYPES, ROLES, type OrganisationType, type Role } from "@percorsi/schema";
import { DEV_ISSUER_KEY_NAME, type CallerTrustConfig } from "../config.js";

/** The caller as the identity provider states it; purpose and request id are added per request. */
export type Caller = Omit<Actor, "requestId" | "purpose">;

/** Claims a caller token must carry, beside the standard ones. */
export const CALLER_CLAIMS = { organisation: "org", organisationType: "org_type", roles: "roles" } as const;

export type CallerVerifier = (token: string) => Promise<Caller>;

/**
 * Verifies caller JWTs: against the issuer's JWKS in production, against the development
 * issuer's key (under .data/keys) otherwise. Throws on anything but a valid, current token.
 */
export function createCallerVerifier(config: CallerTrustConfig): CallerVerifier {
  let key: JWTVerifyGetKey | Promise<CryptoKey>;
  const getKey = () => (key ??= config.jwksUrl ? createRemoteJWKSet(new URL(config.jwksUrl)) : loadVerificationKey(DEV_ISSUER_KEY_NAME));
  return async (token) => {
    const resolved = await getKey();
    const { payload } = await jwtVerify(token, resolved as CryptoKey, {
      issuer: config.issuer,
      audience: config.audience,
      requiredClaims: ["sub", "exp", CALLER_CLAIMS.organisation, CALLER_CLAIMS.organisationType, CALLER_CLAIMS.roles],
    });
    const roles = payload[CALLER_CLAIMS.roles];
    const organisationType = payload[CALLER_CLAIMS.organisationType];
    const organisationId = payload[CALLER_CLAIMS.organisation];
    if (
      typeof payload.sub !== "string" ||
      typeof organisationId !== "string" ||
      !ORGANISATION_TYPES.includes(organisationType as OrganisationType) ||
      !Array.isArray(roles)
    ) {
      throw new Error("token lacks the network claims");
    }
    return {
      userId: payload.sub,
      organisationId,
      organisationType: organisationType as OrganisationType,
      // Unknown roles are ignored rather than trusted.
      roles: roles.filter((role): role is Role => ROLES.includes(role as Role)),
    };
  };
}
