import { SignJWT } from "jose";
import { loadSigningKey, SIGNING_ALGORITHM } from "@percorsi/kit";
import { DEMO_SIGN_IN_USERS, organisationById } from "@percorsi/demo";
import { CALLER_CLAIMS } from "./caller.js";
import { DEV_AUDIENCE, DEV_ISSUER, DEV_ISSUER_KEY_NAME } from "../config.js";

/**
 * A development token for a demo user, signed by the local development issuer. Production
 * tokens come from the network's identity provider instead.
 */
export async function devTokenFor(userId: string, lifetime = "8h"): Promise<string> {
  const user = DEMO_SIGN_IN_USERS.find((candidate) => candidate.id === userId);
  if (!user) throw new Error(`unknown demo user "${userId}"; known: ${DEMO_SIGN_IN_USERS.map((u) => u.id).join(", ")}`);
  const organisation = organisationById(user.organisationId);
  const key = await loadSigningKey(DEV_ISSUER_KEY_NAME);
  return new SignJWT({
    [CALLER_CLAIMS.organisation]: organisation.id,
    [CALLER_CLAIMS.organisationType]: organisation.type,
    [CALLER_CLAIMS.roles]: user.roles,
    name: user.displayName,
  })
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: key.kid, typ: "JWT" })
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setSubject(user.id)
    .setIssuedAt()
    .setExpirationTime(lifetime)
    .sign(key.privateKey);
}
