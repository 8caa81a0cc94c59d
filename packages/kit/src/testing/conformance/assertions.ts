import { randomUUID } from "node:crypto";
import { generateKeyPair, SignJWT } from "jose";
import { ACTOR_ASSERTION_HEADER, ACTOR_ASSERTION_ISSUER, GATEWAY_KEY_NAME, requestBinding, signActorAssertion } from "../../trust/actor-assertion.js";
import { loadSigningKey, SIGNING_ALGORITHM } from "../../trust/keys.js";
import { caller, leak, marker, post, type Check, type ConformanceTarget } from "./probe.js";
import { SDL_PROBE } from "./sdl.js";

// Only the gateway, for this request, once: a subgraph is never callable directly. And what it
// answers to bad input: a stable code, no stack, nothing echoed.

/** A caller whose assertions the checks forge or replay: no role, no purpose, nothing to see. */
const probeActor = () => caller("probe", "ANTI_VIOLENCE_CENTRE", [], null);

async function assertion(target: ConformanceTarget, query: string, audience = target.name): Promise<string> {
  return signActorAssertion(await loadSigningKey(GATEWAY_KEY_NAME), probeActor(), audience, { query, variables: {}, receipts: null });
}

/** An assertion as the gateway makes it, but with one thing wrong. */
async function forged(target: ConformanceTarget, change: { key?: "other"; expired?: boolean }): Promise<string> {
  const key = change.key === "other" ? { privateKey: (await generateKeyPair(SIGNING_ALGORITHM)).privateKey, kid: "not-the-gateway" } : await loadSigningKey(GATEWAY_KEY_NAME);
  const actor = probeActor();
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ rid: actor.requestId, org: actor.organisationId, org_type: actor.organisationType, roles: actor.roles, purpose: actor.purpose, bnd: requestBinding({ query: SDL_PROBE, variables: {}, receipts: null }) })
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: key.kid, typ: "actor+jwt" })
    .setIssuer(ACTOR_ASSERTION_ISSUER)
    .setSubject(actor.userId)
    .setAudience(target.name)
    .setIssuedAt(change.expired ? now - 600 : now)
    .setJti(randomUUID())
    .setExpirationTime(change.expired ? now - 300 : now + 30)
    .sign(key.privateKey);
}

const refused = (answer: { status: number }) => answer.status === 401;

export async function checkAssertions(target: ConformanceTarget, check: Check): Promise<void> {
  const ask = (query: string, headers: Record<string, string> = {}) => post(target.url, { query, variables: {} }, headers);
  await check("answers the gateway's valid assertion", async () => {
    const answer = await ask(SDL_PROBE, { [ACTOR_ASSERTION_HEADER]: await assertion(target, SDL_PROBE) });
    return answer.status === 200 && typeof answer.json?.data?._service?.sdl === "string" ? null : `HTTP ${answer.status}, no SDL`;
  });
  await check("refuses a request without an assertion (401)", async () => (refused(await ask(SDL_PROBE)) ? null : "answered without an assertion"));
  await check("refuses an assertion signed by another key (401)", async () =>
    refused(await ask(SDL_PROBE, { [ACTOR_ASSERTION_HEADER]: await forged(target, { key: "other" }) })) ? null : "accepted a foreign signature",
  );
  await check("refuses an assertion for another subgraph (401)", async () =>
    refused(await ask(SDL_PROBE, { [ACTOR_ASSERTION_HEADER]: await assertion(target, SDL_PROBE, `not-${target.name}`) })) ? null : "accepted another audience",
  );
  await check("refuses an expired assertion (401)", async () =>
    refused(await ask(SDL_PROBE, { [ACTOR_ASSERTION_HEADER]: await forged(target, { expired: true }) })) ? null : "accepted an expired assertion",
  );
  await check("refuses an assertion replayed (401)", async () => {
    const token = await assertion(target, SDL_PROBE);
    const first = await ask(SDL_PROBE, { [ACTOR_ASSERTION_HEADER]: token });
    const again = await ask(SDL_PROBE, { [ACTOR_ASSERTION_HEADER]: token });
    return first.status === 200 && refused(again) ? null : `first HTTP ${first.status}, replay HTTP ${again.status}`;
  });
  await check("refuses an assertion bound to another request (401)", async () =>
    refused(await ask(SDL_PROBE, { [ACTOR_ASSERTION_HEADER]: await assertion(target, "{ __typename }") })) ? null : "accepted an assertion minted for another query",
  );
}

export async function checkBadInput(target: ConformanceTarget, check: Check): Promise<void> {
  await check("answers bad input with a coded error, no stack, no echo", async () => {
    const sent = marker();
    const query = `{ _entities(representations: [{ __typename: "${sent}", id: "${sent}" }]) { __typename } }`;
    const answer = await post(target.url, { query, variables: {} }, { [ACTOR_ASSERTION_HEADER]: await assertion(target, query) });
    const errors: { extensions?: { code?: string } }[] = answer.json?.errors ?? [];
    if (errors.length === 0) return "no error for an unknown type";
    if (errors.some((error) => !error.extensions?.code)) return "an error without extensions.code";
    return leak(answer, [sent]);
  });
}
