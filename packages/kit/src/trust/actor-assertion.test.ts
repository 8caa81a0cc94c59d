import { beforeAll, describe, expect, it } from "vitest";
import { extendNetworkVocabulary, useNetworkVocabulary } from "@percorsi/schema";
import { SignJWT, generateKeyPair, type CryptoKey, type JWTPayload } from "jose";
import type { Actor } from "./actor.js";
import { ACTOR_ASSERTION_ISSUER, ReplayGuard, requestBinding, signActorAssertion, verifyActorAssertion } from "./actor-assertion.js";
import { SIGNING_ALGORITHM, loadSigningKey, loadVerificationKey, type SigningKey } from "./keys.js";

const AUDIENCE = "anti-violence";
const REQUEST = { query: "{ pathways { totalCount } }", variables: {} };
const KEY_NAME = "assertion-test";

const actor: Actor = {
  requestId: "7f1e0a52-2b7c-4d0e-9a51-3f1d2b6c8e90",
  userId: "user-of-cav-aurora",
  organisationId: "cav-aurora",
  organisationType: "ANTI_VIOLENCE_CENTRE",
  roles: ["CENTRE_OPERATOR", "ANALYST"],
  purpose: "EMPOWERMENT_PLAN",
};

let signingKey: SigningKey;
let verificationKey: CryptoKey;

beforeAll(async () => {
  signingKey = await loadSigningKey(KEY_NAME);
  verificationKey = await loadVerificationKey(KEY_NAME);
});

/** The claims `signActorAssertion` puts in, for tokens built by hand. */
function claimsOf(who: Actor): JWTPayload {
  return {
    rid: who.requestId,
    org: who.organisationId,
    org_type: who.organisationType,
    roles: who.roles,
    purpose: who.purpose,
    jti: "assertion-1",
    bnd: requestBinding(REQUEST),
  };
}

interface HandSigned {
  claims?: JWTPayload;
  typ?: string;
  issuer?: string;
  audience?: string;
  expiresAt?: number;
  key?: CryptoKey;
}

/** A token like the gateway's, with one thing changed. */
function signByHand(options: HandSigned = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(options.claims ?? claimsOf(actor))
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: signingKey.kid, typ: options.typ ?? "actor+jwt" })
    .setIssuer(options.issuer ?? ACTOR_ASSERTION_ISSUER)
    .setSubject(actor.userId)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt(now - 5)
    .setExpirationTime(options.expiresAt ?? now + 30)
    .sign(options.key ?? signingKey.privateKey);
}

function verify(token: string, audience = AUDIENCE): Promise<Actor> {
  return verifyActorAssertion(token, verificationKey, audience).then((verified) => verified.actor);
}

describe("ReplayGuard", () => {
  it("accepts an assertion once within its lifetime, and forgets it after", () => {
    const guard = new ReplayGuard();
    expect(guard.accept("a", 1030, 1000)).toBe(true);
    expect(guard.accept("a", 1030, 1001)).toBe(false);
    expect(guard.accept("b", 1030, 1001)).toBe(true);
    // Swept once expired; an expired assertion is refused by its exp anyway.
    expect(guard.accept("a", 1100, 1070)).toBe(true);
  });
});

describe("signActorAssertion / verifyActorAssertion", () => {
  it("round-trips every field of the actor", async () => {
    const token = await signActorAssertion(signingKey, actor, AUDIENCE, REQUEST);
    expect(await verify(token)).toEqual(actor);
  });

  it("keeps a null purpose null", async () => {
    const noPurpose: Actor = { ...actor, purpose: null, roles: ["NETWORK_ADMIN"], organisationType: "CONTROL_ROOM" };
    expect(await verify(await signActorAssertion(signingKey, noPurpose, AUDIENCE, REQUEST))).toEqual(noPurpose);
  });

  it("lives 30 seconds and says who signed it", async () => {
    const token = await signActorAssertion(signingKey, actor, AUDIENCE, REQUEST);
    const [header, payload] = token.split(".").slice(0, 2).map((part) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")));
    expect(header).toEqual({ alg: "EdDSA", kid: signingKey.kid, typ: "actor+jwt" });
    expect(payload.exp - payload.iat).toBe(30);
    expect(payload).toMatchObject({ iss: ACTOR_ASSERTION_ISSUER, aud: AUDIENCE, sub: actor.userId });
  });

  it("accepts a hand-signed token when nothing is changed (control for the cases below)", async () => {
    expect(await verify(await signByHand())).toEqual(actor);
  });

  it("refuses an assertion minted for another subgraph", async () => {
    const token = await signActorAssertion(signingKey, actor, "employment", REQUEST);
    await expect(verify(token)).rejects.toMatchObject({ code: "ERR_JWT_CLAIM_VALIDATION_FAILED", claim: "aud" });
  });

  it("refuses an assertion signed by another Ed25519 key, even under the gateway's kid", async () => {
    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    const forged = await signActorAssertion({ kid: signingKey.kid, privateKey }, actor, AUDIENCE, REQUEST);
    await expect(verify(forged)).rejects.toMatchObject({ code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" });
    await expect(verify(await signByHand({ key: privateKey }))).rejects.toMatchObject({
      code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
    });
  });

  it("refuses an expired assertion", async () => {
    const expired = await signByHand({ expiresAt: Math.floor(Date.now() / 1000) - 60 });
    await expect(verify(expired)).rejects.toMatchObject({ code: "ERR_JWT_EXPIRED" });
  });

  it("refuses an assertion without an expiry", async () => {
    const now = Math.floor(Date.now() / 1000);
    const eternal = await new SignJWT(claimsOf(actor))
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, typ: "actor+jwt" })
      .setIssuer(ACTOR_ASSERTION_ISSUER)
      .setSubject(actor.userId)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .sign(signingKey.privateKey);
    await expect(verify(eternal)).rejects.toMatchObject({ code: "ERR_JWT_CLAIM_VALIDATION_FAILED", claim: "exp" });
  });

  it.each(["JWT", "at+jwt", "receipt+jwt"])("refuses a token of type %s", async (typ) => {
    await expect(verify(await signByHand({ typ }))).rejects.toMatchObject({ code: "ERR_JWT_CLAIM_VALIDATION_FAILED", claim: "typ" });
  });

  it("refuses a token from another issuer", async () => {
    await expect(verify(await signByHand({ issuer: "someone-else" }))).rejects.toMatchObject({
      code: "ERR_JWT_CLAIM_VALIDATION_FAILED",
      claim: "iss",
    });
  });

  it.each([
    ["a role that is not a string", { roles: ["CENTRE_OPERATOR", 7] }],
    ["roles that are not a list", { roles: "CENTRE_OPERATOR" }],
    ["an unknown organisation type", { org_type: "POLICE" }],
    ["a purpose outside the vocabulary", { purpose: "CURIOSITY" }],
    ["a purpose that is not a string", { purpose: 7 }],
    ["an organisation that is not a string", { org: 42 }],
  ])("refuses %s", async (_what, change) => {
    const token = await signByHand({ claims: { ...claimsOf(actor), ...change } });
    await expect(verify(token)).rejects.toThrow("malformed actor assertion");
  });

  it("ignores a role it does not know (a newer network's), keeping the ones it knows", async () => {
    const token = await signByHand({ claims: { ...claimsOf(actor), roles: ["CENTRE_OPERATOR", "HOUSING_OFFICER"] } });
    expect((await verify(token)).roles).toEqual(["CENTRE_OPERATOR"]);
    const onlyNew = await signByHand({ claims: { ...claimsOf(actor), roles: ["HOUSING_OFFICER"] } });
    expect((await verify(onlyNew)).roles).toEqual([]);
  });

  it("keeps that role once this network's vocabulary declares it (a file, not code)", async () => {
    const committed = useNetworkVocabulary(extendNetworkVocabulary({ roles: { HOUSING_OFFICER: { casework: true, ceiling: ["CASE_STATUS", "HOUSING"] } } }));
    try {
      const token = await signByHand({ claims: { ...claimsOf(actor), roles: ["CENTRE_OPERATOR", "HOUSING_OFFICER", "POLICE_LIAISON"] } });
      expect((await verify(token)).roles).toEqual(["CENTRE_OPERATOR", "HOUSING_OFFICER"]);
    } finally {
      useNetworkVocabulary(committed);
    }
  });

  it.each(["rid", "org", "org_type", "roles", "jti", "bnd"])("refuses an assertion without %s", async (claim) => {
    const claims = claimsOf(actor);
    delete claims[claim];
    await expect(verify(await signByHand({ claims }))).rejects.toMatchObject({
      code: "ERR_JWT_CLAIM_VALIDATION_FAILED",
      claim,
    });
  });

  it("is bound to its request and unique: the binding and a fresh jti travel in it", async () => {
    const first = await verifyActorAssertion(await signActorAssertion(signingKey, actor, AUDIENCE, REQUEST), verificationKey, AUDIENCE);
    const second = await verifyActorAssertion(await signActorAssertion(signingKey, actor, AUDIENCE, REQUEST), verificationKey, AUDIENCE);
    expect(first.binding).toBe(requestBinding(REQUEST));
    expect(first.jti).not.toBe(second.jti);
  });

  it("binds the query, the variables and the receipts: any change is another request", () => {
    const base = requestBinding(REQUEST);
    expect(requestBinding({ ...REQUEST, query: "{ _entities { consentReceipt } }" })).not.toBe(base);
    expect(requestBinding({ ...REQUEST, variables: { id: "other" } })).not.toBe(base);
    expect(requestBinding({ ...REQUEST, receipts: "x" })).not.toBe(base);
    expect(requestBinding({ ...REQUEST })).toBe(base);
  });

  it("carries the categories removed for the role", async () => {
    const token = await signActorAssertion(signingKey, { ...actor, roleDenied: ["IDENTITY", "HEALTH"] }, AUDIENCE, REQUEST);
    expect((await verify(token)).roleDenied).toEqual(["IDENTITY", "HEALTH"]);
    await expect(verify(await signByHand({ claims: { ...claimsOf(actor), role_denied: ["GOSSIP"] } }))).rejects.toThrow("malformed actor assertion");
  });

  it("refuses garbage", async () => {
    await expect(verify("not.a.token")).rejects.toThrow();
    await expect(verify("")).rejects.toThrow();
  });
});
