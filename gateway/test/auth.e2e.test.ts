import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { ACTOR_ASSERTION_HEADER, GATEWAY_KEY_NAME, loadSigningKey, signActorAssertion } from "@percorsi/kit";
import { assertionHeaders, postGraphQL, testActor } from "@percorsi/kit/testing";
import { DEV_AUDIENCE, DEV_ISSUER, DEV_ISSUER_KEY_NAME } from "../src/config.js";
import { startTestNetwork, type TestNetwork } from "./network.js";
import { readNetwork } from "@percorsi/schema/network";

const PATHWAYS = "{ pathways(first: 1) { totalCount } }";

async function callerToken(options: { key?: CryptoKey; issuer?: string; audience?: string; expiresAt?: number } = {}) {
  const key = options.key ?? (await loadSigningKey(DEV_ISSUER_KEY_NAME)).privateKey;
  return new SignJWT({ org: "cav-aurora", org_type: "ANTI_VIOLENCE_CENTRE", roles: ["CENTRE_OPERATOR"] })
    .setProtectedHeader({ alg: "EdDSA" })
    .setIssuer(options.issuer ?? DEV_ISSUER)
    .setAudience(options.audience ?? DEV_AUDIENCE)
    .setSubject("op-aurora")
    .setIssuedAt()
    .setExpirationTime(options.expiresAt ?? Math.floor(Date.now() / 1000) + 600)
    .sign(key);
}

describe("authentication through the gateway", () => {
  let network: TestNetwork;
  beforeAll(async () => {
    network = await startTestNetwork();
  });
  afterAll(() => network?.stop());

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it("answers a valid token", async () => {
    const response = await postGraphQL(network.gatewayUrl, PATHWAYS, {}, bearer(await callerToken()));
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    expect(response.data.pathways.totalCount).toBeGreaterThan(0);
  });

  it.each([
    ["no token", async () => ({})],
    ["a malformed header", async () => ({ authorization: "Token abc" })],
    ["a token signed by another key", async () => bearer(await callerToken({ key: (await generateKeyPair("EdDSA", { crv: "Ed25519" })).privateKey }))],
    ["an expired token", async () => bearer(await callerToken({ expiresAt: Math.floor(Date.now() / 1000) - 60 }))],
    ["another issuer", async () => bearer(await callerToken({ issuer: "https://idp.example.org" }))],
    ["another audience", async () => bearer(await callerToken({ audience: "some-other-api" }))],
  ])("refuses %s with 401 UNAUTHENTICATED", async (_label, headers) => {
    const response = await postGraphQL(network.gatewayUrl, PATHWAYS, {}, await headers());
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(response.data ?? null).toBeNull();
  });

  it.each([
    ["a token signed by another development key (another PERCORSI_DATA_DIR)", "UNKNOWN_ISSUER", /not issued by this gateway's issuer.*PERCORSI_DATA_DIR/],
    ["an expired token", "EXPIRED", /^The bearer token has expired\.$/],
    ["a token without the network's claims", "INVALID", /lacks the network's claims/],
  ] as const)("says why it refuses %s: a stable message, no token, no key", async (label, reason, message) => {
    const token = label.startsWith("a token signed")
      ? await callerToken({ key: (await generateKeyPair("EdDSA", { crv: "Ed25519" })).privateKey })
      : label.startsWith("an expired")
        ? await callerToken({ expiresAt: Math.floor(Date.now() / 1000) - 60 })
        : await new SignJWT({ org: "cav-aurora" })
            .setProtectedHeader({ alg: "EdDSA" })
            .setIssuer(DEV_ISSUER)
            .setAudience(DEV_AUDIENCE)
            .setSubject("op-aurora")
            .setExpirationTime("5m")
            .sign((await loadSigningKey(DEV_ISSUER_KEY_NAME)).privateKey);
    const response = await postGraphQL(network.gatewayUrl, PATHWAYS, {}, bearer(token));
    expect(response.status).toBe(401);
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]!.extensions).toMatchObject({ code: "UNAUTHENTICATED", reason });
    expect(response.errors![0]!.message).toMatch(message);
    expect(JSON.stringify(response)).not.toContain(token.split(".")[1]!);
  });

  it("refuses an unknown purpose with 400 BAD_USER_INPUT", async () => {
    const response = await postGraphQL(network.gatewayUrl, PATHWAYS, {}, { ...bearer(await callerToken()), "x-purpose": "CURIOSITY" });
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  describe("a subgraph called around the gateway", () => {
    const actor = () => testActor("cav-aurora", "ANTI_VIOLENCE_CENTRE", ["CENTRE_OPERATOR"]);

    it("refuses a request without an actor assertion", async () => {
      const response = await postGraphQL(network.subgraphs["anti-violence"]!.url, PATHWAYS);
      expect(response.status).toBe(401);
      expect(response.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    });

    it("refuses the caller's own token in place of an assertion", async () => {
      const response = await postGraphQL(network.subgraphs["anti-violence"]!.url, PATHWAYS, {}, {
        [ACTOR_ASSERTION_HEADER]: await callerToken(),
      });
      expect(response.status).toBe(401);
    });

    it("refuses an assertion signed by another key", async () => {
      const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
      // Bound to this very request: only the key is wrong.
      const forged = await signActorAssertion({ kid: "forged", privateKey }, actor(), "anti-violence", { query: PATHWAYS, variables: {} });
      const response = await postGraphQL(network.subgraphs["anti-violence"]!.url, PATHWAYS, {}, { [ACTOR_ASSERTION_HEADER]: forged });
      expect(response.status).toBe(401);
    });

    it("refuses an assertion minted for another subgraph", async () => {
      const response = await postGraphQL(network.subgraphs["anti-violence"]!.url, PATHWAYS, {}, await assertionHeaders(actor(), "employment", { query: PATHWAYS, variables: {} }));
      expect(response.status).toBe(401);
    });

    it("accepts a genuine assertion for itself (the gateway's path)", async () => {
      const key = await loadSigningKey(GATEWAY_KEY_NAME);
      const response = await postGraphQL(network.subgraphs["anti-violence"]!.url, PATHWAYS, {}, {
        [ACTOR_ASSERTION_HEADER]: await signActorAssertion(key, actor(), "anti-violence", { query: PATHWAYS, variables: {} }),
      });
      expect(response.status).toBe(200);
      expect(response.data.pathways.totalCount).toBeGreaterThan(0);
    });

    it("refuses a genuine assertion for itself minted for another query, or other variables", async () => {
      const key = await loadSigningKey(GATEWAY_KEY_NAME);
      const otherQuery = await signActorAssertion(key, actor(), "anti-violence", { query: `{ pathways { totalCount } }`, variables: {} });
      const refused = await postGraphQL(network.subgraphs["anti-violence"]!.url, PATHWAYS, {}, { [ACTOR_ASSERTION_HEADER]: otherQuery });
      expect(refused.status).toBe(401);
      expect(refused.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      const otherVariables = await signActorAssertion(key, actor(), "anti-violence", { query: PATHWAYS, variables: { first: 1 } });
      expect((await postGraphQL(network.subgraphs["anti-violence"]!.url, PATHWAYS, {}, { [ACTOR_ASSERTION_HEADER]: otherVariables })).status).toBe(401);
    });

    it("accepts an assertion once: the same request sent again is refused", async () => {
      const key = await loadSigningKey(GATEWAY_KEY_NAME);
      const headers = { [ACTOR_ASSERTION_HEADER]: await signActorAssertion(key, actor(), "anti-violence", { query: PATHWAYS, variables: {} }) };
      expect((await postGraphQL(network.subgraphs["anti-violence"]!.url, PATHWAYS, {}, headers)).status).toBe(200);
      const replayed = await postGraphQL(network.subgraphs["anti-violence"]!.url, PATHWAYS, {}, headers);
      expect(replayed.status).toBe(401);
      expect(replayed.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    });
  });

  it("reports health of every subgraph", async () => {
    const response = await fetch(new URL("/health", network.gatewayUrl));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ok",
      // Every subgraph of the network's manifest, by name.
      subgraphs: Object.fromEntries(readNetwork().map((s) => [s.name, "ok"])),
    });
  });

  it("serves GraphiQL from installed assets, with no CDN", async () => {
    const page = await (await fetch(new URL("/graphiql", network.gatewayUrl))).text();
    expect(page).toContain('src="/graphiql/graphiql.js"');
    expect(page).not.toMatch(/src="https?:/);
    const script = await fetch(new URL("/graphiql/graphiql.js", network.gatewayUrl));
    expect(script.status).toBe(200);
    expect((await script.text()).length).toBeGreaterThan(100_000);
  });
});
