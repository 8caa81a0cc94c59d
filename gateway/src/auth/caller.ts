import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey, type CryptoKey } from "jose";
import { loadVerificationKey, type Actor } from "@percorsi/kit";
import { isOrganisationType, isRole } from "@percorsi/schema";
import { DEV_ISSUER_KEY_NAME, type CallerTrustConfig } from "../config.js";

/** The caller as the identity provider states it; purpose and request id are added per request. */
export type Caller = Omit<Actor, "requestId" | "purpose">;

/** Claims a caller token must carry, beside the standard ones. */
export const CALLER_CLAIMS = { organisation: "org", organisationType: "org_type", roles: "roles" } as const;

export type CallerVerifier = (token: string) => Promise<Caller>;

/**
 * Why a token was refused, in words fixed here (never the token, a claim or a key): a newcomer
 * whose token was made with another development key, or has expired, learns what to do.
 */
export class CallerTokenError extends Error {
  constructor(
    readonly reason: "EXPIRED" | "UNKNOWN_ISSUER" | "INVALID",
    message: string,
  ) {
    super(message);
    this.name = "CallerTokenError";
  }
}

const DEV_KEY_HINT =
  " Development tokens are signed with the key under the gateway's data directory: make one with `npm run token` with the same PERCORSI_DATA_DIR as the gateway (default .data/).";

function refusal(error: unknown, development: boolean): CallerTokenError {
  if (error instanceof errors.JWTExpired) return new CallerTokenError("EXPIRED", "The bearer token has expired.");
  const otherSigner =
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    (error instanceof errors.JWTClaimValidationFailed && (error.claim === "iss" || error.claim === "aud"));
  if (otherSigner) {
    return new CallerTokenError("UNKNOWN_ISSUER", `The bearer token was not issued by this gateway's issuer.${development ? DEV_KEY_HINT : ""}`);
  }
  if (error instanceof errors.JWTClaimValidationFailed && error.reason === "missing") return lacksClaims();
  return new CallerTokenError("INVALID", "The bearer token is invalid.");
}

const lacksClaims = () => new CallerTokenError("INVALID", "The bearer token lacks the network's claims (sub, exp, org, org_type, roles).");

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
    }).catch((error: unknown) => {
      throw refusal(error, !config.jwksUrl);
    });
    const roles = payload[CALLER_CLAIMS.roles];
    const organisationType = payload[CALLER_CLAIMS.organisationType];
    const organisationId = payload[CALLER_CLAIMS.organisation];
    if (
      typeof payload.sub !== "string" ||
      typeof organisationId !== "string" ||
      !isOrganisationType(organisationType) ||
      !Array.isArray(roles)
    ) {
      throw lacksClaims();
    }
    return {
      userId: payload.sub,
      organisationId,
      organisationType,
      // Roles the network's vocabulary does not declare are ignored rather than trusted (nor refused).
      roles: roles.filter(isRole),
    };
  };
}
