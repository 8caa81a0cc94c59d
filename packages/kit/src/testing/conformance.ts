import { randomUUID } from "node:crypto";
import { buildASTSchema, isNonNullType, isObjectType, Kind, parse, type DocumentNode } from "graphql";
import { generateKeyPair, SignJWT } from "jose";
import { DATA_CATEGORIES, sensitiveFieldsOf, type DataCategory } from "@percorsi/schema";
import { ACTOR_ASSERTION_HEADER, ACTOR_ASSERTION_ISSUER, GATEWAY_KEY_NAME, requestBinding, signActorAssertion } from "../trust/actor-assertion.js";
import { loadSigningKey, SIGNING_ALGORITHM } from "../trust/keys.js";
import type { Actor } from "../trust/actor.js";
import { testActor } from "./actors.js";

/**
 * The network's rules, checked from outside against a running subgraph (`npm run conformance`):
 * what any signatory's subgraph must do, whatever it is built with. Each check sends real HTTP
 * requests, as the gateway or as an attacker would, and says in one line what it found.
 */
export interface ConformanceTarget {
  /** The subgraph's name in the network (the audience of its assertions). */
  name: string;
  /** Its GraphQL endpoint. */
  url: string;
  /** Composes the network with this SDL in place of the subgraph's own; returns the errors. */
  composesWith?: (sdl: string) => Promise<string[]>;
}

export interface ConformanceResult {
  check: string;
  passed: boolean;
  detail: string;
}

const PROBE = "{ _service { sdl } }";
/** A caller whose assertions the checks forge or replay: no role, no purpose, nothing to see. */
const probeActor = (): Actor => testActor("conformance-probe", "ANTI_VIOLENCE_CENTRE", [], null, "conformance");

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string; json: any }> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: judged by the check
  }
  return { status: response.status, text, json };
}

async function assertion(target: ConformanceTarget, query: string, variables: Record<string, unknown> = {}, audience = target.name): Promise<string> {
  return signActorAssertion(await loadSigningKey(GATEWAY_KEY_NAME), probeActor(), audience, { query, variables, receipts: null });
}

/** An assertion as the gateway makes it, but with one thing wrong. */
async function forged(target: ConformanceTarget, change: { key?: "other"; expired?: boolean }): Promise<string> {
  const key = change.key === "other" ? { privateKey: (await generateKeyPair(SIGNING_ALGORITHM)).privateKey, kid: "not-the-gateway" } : await loadSigningKey(GATEWAY_KEY_NAME);
  const actor = probeActor();
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ rid: actor.requestId, org: actor.organisationId, org_type: actor.organisationType, roles: actor.roles, purpose: actor.purpose, bnd: requestBinding({ query: PROBE, variables: {}, receipts: null }) })
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

/** Runs every check; never throws for a non-compliant subgraph (only when it cannot be reached). */
export async function runConformance(target: ConformanceTarget): Promise<ConformanceResult[]> {
  const results: ConformanceResult[] = [];
  const check = async (name: string, run: () => Promise<string | null>) => {
    try {
      const problem = await run();
      results.push({ check: name, passed: problem === null, detail: problem ?? "ok" });
    } catch (error) {
      results.push({ check: name, passed: false, detail: `could not run: ${(error as Error).message.slice(0, 200)}` });
    }
  };
  const ask = (query: string, headers: Record<string, string> = {}, variables: Record<string, unknown> = {}) => post(target.url, { query, variables }, headers);

  // 1. Only the gateway, for this request, once.
  await check("answers the gateway's valid assertion", async () => {
    const answer = await ask(PROBE, { [ACTOR_ASSERTION_HEADER]: await assertion(target, PROBE) });
    return answer.status === 200 && typeof answer.json?.data?._service?.sdl === "string" ? null : `HTTP ${answer.status}, no SDL`;
  });
  await check("refuses a request without an assertion (401)", async () => (refused(await ask(PROBE)) ? null : "answered without an assertion"));
  await check("refuses an assertion signed by another key (401)", async () =>
    refused(await ask(PROBE, { [ACTOR_ASSERTION_HEADER]: await forged(target, { key: "other" }) })) ? null : "accepted a foreign signature",
  );
  await check("refuses an assertion for another subgraph (401)", async () =>
    refused(await ask(PROBE, { [ACTOR_ASSERTION_HEADER]: await assertion(target, PROBE, {}, `not-${target.name}`) })) ? null : "accepted another audience",
  );
  await check("refuses an expired assertion (401)", async () =>
    refused(await ask(PROBE, { [ACTOR_ASSERTION_HEADER]: await forged(target, { expired: true }) })) ? null : "accepted an expired assertion",
  );
  await check("refuses an assertion replayed (401)", async () => {
    const token = await assertion(target, PROBE);
    const first = await ask(PROBE, { [ACTOR_ASSERTION_HEADER]: token });
    const again = await ask(PROBE, { [ACTOR_ASSERTION_HEADER]: token });
    return first.status === 200 && refused(again) ? null : `first HTTP ${first.status}, replay HTTP ${again.status}`;
  });
  await check("refuses an assertion bound to another request (401)", async () => {
    const other = "{ __typename }";
    return refused(await ask(PROBE, { [ACTOR_ASSERTION_HEADER]: await assertion(target, other) })) ? null : "accepted an assertion minted for another query";
  });

  // 2. Its schema: composes with the network, labels known and nullable.
  let sdl: string | null = null;
  await check("publishes its SDL (_service)", async () => {
    const answer = await ask(PROBE, { [ACTOR_ASSERTION_HEADER]: await assertion(target, PROBE) });
    sdl = answer.json?.data?._service?.sdl ?? null;
    return sdl ? null : "no SDL";
  });
  if (sdl && target.composesWith) {
    const own: string = sdl;
    await check("composes with the network", async () => {
      const errors = await target.composesWith!(own);
      return errors.length === 0 ? null : errors.slice(0, 3).join("; ");
    });
  }
  if (sdl) {
    const document = parse(sdl);
    await check("labels personal fields with known categories, each nullable", async () => labelProblems(document));
  }

  // 3. Errors: a stable code, no stack, nothing echoed.
  await check("answers bad input with a coded error, no stack, no echo", async () => {
    const marker = `marker-${randomUUID()}`;
    const query = `{ _entities(representations: [{ __typename: "${marker}", id: "${marker}" }]) { __typename } }`;
    const answer = await ask(query, { [ACTOR_ASSERTION_HEADER]: await assertion(target, query) });
    const errors: { extensions?: { code?: string; stacktrace?: unknown } }[] = answer.json?.errors ?? [];
    if (errors.length === 0) return "no error for an unknown type";
    if (errors.some((error) => !error.extensions?.code)) return "an error without extensions.code";
    if (/stacktrace|\n\s+at /.test(answer.text)) return "a stack trace in the answer";
    if (answer.text.includes(marker)) return "the input echoed back";
    return null;
  });

  // 4. Pathways it was never told of: nothing released, and unknown ids alike.
  if (sdl && /\btype Pathway\b|\bextend type Pathway\b/.test(sdl)) {
    const fields = pathwayFields(parse(sdl));
    if (fields.length > 0) {
      await check("releases nothing of an unknown pathway, and answers two unknown ids alike", async () => {
        const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Pathway { ${fields.join(" ")} } } }`;
        const askUnknown = async () => {
          const id = randomUUID();
          const variables = { r: [{ __typename: "Pathway", id }] };
          const answer = await ask(query, { [ACTOR_ASSERTION_HEADER]: await assertion(target, query, variables) }, variables);
          return JSON.stringify(answer.json).replaceAll(id, "<id>");
        };
        const [a, b] = [await askUnknown(), await askUnknown()];
        if (a !== b) return "two unknown pathways answer differently";
        const released = JSON.parse(a)?.data?._entities?.[0] ?? {};
        const shown = Object.entries(released).filter(([field, value]) => field !== "id" && value !== null && !(Array.isArray(value) && value.length === 0));
        return shown.length === 0 ? null : `released ${shown.map(([field]) => field).join(", ")} of a pathway nobody shared`;
      });
    }
  }
  return results;
}

/** Fields this subgraph resolves on Pathway (not `@external`), scalars selected as they are, objects by `__typename`. */
function pathwayFields(document: DocumentNode): string[] {
  const fields: string[] = [];
  for (const definition of document.definitions) {
    if ((definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) || definition.name.value !== "Pathway") continue;
    for (const field of definition.fields ?? []) {
      if (field.directives?.some((d) => d.name.value === "external" || d.name.value === "inaccessible")) continue;
      if ((field.arguments ?? []).some((argument) => argument.type.kind === Kind.NON_NULL_TYPE)) continue;
      fields.push(field.name.value);
    }
  }
  const schema = buildASTSchema(document, { assumeValid: true, assumeValidSDL: true });
  const pathway = schema.getType("Pathway");
  if (!isObjectType(pathway)) return fields;
  return fields.map((name) => {
    let type = pathway.getFields()[name]!.type;
    while ("ofType" in type && type.ofType) type = type.ofType as typeof type;
    return isObjectType(type) || "getTypes" in type ? `${name} { __typename }` : name;
  });
}

function labelProblems(document: DocumentNode): string | null {
  const sdl = document.loc?.source.body ?? "";
  let labels: ReadonlyMap<string, DataCategory>;
  try {
    labels = sensitiveFieldsOf(sdl);
  } catch (error) {
    return (error as Error).message;
  }
  const schema = buildASTSchema(document, { assumeValid: true, assumeValidSDL: true });
  const problems: string[] = [];
  for (const [key, category] of labels) {
    if (!DATA_CATEGORIES.includes(category)) problems.push(`${key}: unknown category`);
    const [typeName, fieldName] = key.split(".") as [string, string];
    const type = schema.getType(typeName);
    const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
    if (field && isNonNullType(field.type)) problems.push(`${key} is non-null (a denial must null it alone)`);
  }
  return problems.length === 0 ? null : problems.join("; ");
}
