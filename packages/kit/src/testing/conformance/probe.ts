import { randomUUID } from "node:crypto";
import { generateKeyPair } from "jose";
import { capabilitiesOf, DATA_CATEGORIES, networkDirectory, networkVocabulary, type DataCategory, type OrganisationType, type Purpose, type Role } from "@percorsi/schema";
import { CONSENT_AUTHORITY_KEY_NAME } from "../../consent/receipt.js";
import { signCompactJws } from "../../trust/compact-jws.js";
import { loadSigningKey, SIGNING_ALGORITHM } from "../../trust/keys.js";
import type { Actor } from "../../trust/actor.js";
import { assertionHeaders, testActor, testReceipt } from "../actors.js";

// What every check needs: the subgraph under test, a way to ask it as the gateway would (or as an
// attacker would), callers drawn from the network's vocabulary, and receipts as the consent
// authority mints them (its development key), good or spoiled.

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

/** A check's body: null when it holds, else what it found (one readable line). */
export type CheckBody = () => Promise<string | null>;
export type Check = (name: string, run: CheckBody) => Promise<void>;

export interface Answer {
  status: number;
  text: string;
  json: any;
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: judged by the check
  }
  return { status: response.status, text, json };
}

/** Asks the subgraph as the gateway would for `actor`: a bound assertion, a mutation's receipts. */
export async function askAs(target: ConformanceTarget, actor: Actor, query: string, variables: Record<string, unknown> = {}, receipts?: Record<string, string>): Promise<Answer> {
  return post(target.url, { query, variables }, await assertionHeaders(actor, target.name, { query, variables, receipts }));
}

/** Organisation ids the probes act as: never one of the network's directory, so no real record is theirs. */
export const probeOrganisation = (role: string) => `conformance-${role}-${randomUUID().slice(0, 8)}`;

const vocabulary = () => networkVocabulary();
const rolesWith = (test: (role: Role) => boolean): Role[] => [...vocabulary().roles.keys()].filter(test);
/** A role that works on individual cases (the vocabulary's `casework`). */
export const caseworkRoles = (): Role[] => rolesWith((role) => capabilitiesOf([role]).casework);
/** A role that reads every pathway's access report (the data protection officer). */
export const reportReaderRole = (): Role | undefined => rolesWith((role) => capabilitiesOf([role]).readsAccessReports === "ALL")[0];
/** A role that reads every row of the indicators (the control room's analyst). */
export const indicatorReaderRole = (): Role | undefined => rolesWith((role) => capabilitiesOf([role]).readsIndicators === "ALL")[0];
export const organisationTypes = (): OrganisationType[] => [...vocabulary().organisationTypes.keys()];
export const caseHolderType = (): OrganisationType => [...vocabulary().organisationTypes].find(([, type]) => type.caseHolder)?.[0] ?? organisationTypes()[0]!;
/** A type of partner: receives referrals, holds no cases (a job centre, a training body...). */
export const partnerType = (): OrganisationType =>
  [...vocabulary().organisationTypes].find(([, type]) => !type.caseHolder && type.receivesReferrals)?.[0] ?? organisationTypes()[0]!;

export function caller(kind: string, organisationType: OrganisationType, roles: Role[], purpose: Purpose | null): Actor {
  return testActor(probeOrganisation(kind), organisationType, roles, purpose, `conformance-${kind}`);
}

/**
 * A caller of an organisation of the network's directory (the consent authority keeps pathways
 * only for organisations it knows): the first of that type.
 */
export function directoryCaller(kind: string, organisationType: OrganisationType, roles: Role[], purpose: Purpose | null): Actor {
  const organisation = networkDirectory().find((o) => o.type === organisationType);
  return testActor(organisation?.id ?? probeOrganisation(kind), organisationType, roles, purpose, `conformance-${kind}`);
}

/** A fresh request of the same caller (a new request id: receipts and assertions are per request). */
export const again = (actor: Actor): Actor => ({ ...actor, requestId: randomUUID() });

/** How a receipt handed to the subgraph is spoiled, or not. */
export type ReceiptKind =
  /** none at all (a caller going around the planner) */
  | "none"
  /** her case-holder has sealed the pathway */
  | "sealed"
  /** visible to another organisation, for another request: replayed by this caller */
  | "another-organisation"
  /** signed by a key that is not the consent authority's */
  | "forged"
  /** the authority's, but past its expiry */
  | "expired"
  /** valid, another organisation holds her case, nothing is permitted to the caller */
  | "foreign"
  /** valid, the caller holds her case and her consent permits it every category */
  | "holder"
  /** valid, another holder, every category but `except` permitted to the caller */
  | { permittedExcept: DataCategory; categories: readonly DataCategory[] };

const OTHER_HOLDER = "conformance-other-holder";

/** A consent receipt for `actor` and `pathwayId`, as the authority would mint it, or spoiled as `kind` says. */
export async function receiptFor(actor: Actor, pathwayId: string, kind: ReceiptKind): Promise<string | null> {
  if (kind === "none") return null;
  if (kind === "holder") return testReceipt(actor, pathwayId, { holder: actor.organisationId, permitted: Object.fromEntries(DATA_CATEGORIES.map((c) => [c, "conformance-consent"])) });
  if (typeof kind === "object") {
    const permitted = Object.fromEntries(kind.categories.filter((c) => c !== kind.permittedExcept).map((c) => [c, `conformance-consent`]));
    return testReceipt(actor, pathwayId, { holder: OTHER_HOLDER, permitted });
  }
  if (kind === "sealed") return testReceipt(actor, pathwayId, { holder: OTHER_HOLDER, sealed: true });
  if (kind === "foreign") return testReceipt(actor, pathwayId, { holder: OTHER_HOLDER });
  if (kind === "another-organisation") return testReceipt({ ...actor, requestId: randomUUID(), organisationId: `${actor.organisationId}-other` }, pathwayId, { holder: OTHER_HOLDER, permitted: { CASE_STATUS: "conformance-consent" } });
  const genuine = await testReceipt(actor, pathwayId, { holder: OTHER_HOLDER, permitted: { CASE_STATUS: "conformance-consent" } });
  const [header, payload] = genuine.split(".").slice(0, 2).map((part) => JSON.parse(Buffer.from(part, "base64url").toString("utf8"))) as [Record<string, string>, Record<string, number>];
  if (kind === "expired") {
    const now = Math.floor(Date.now() / 1000);
    return signCompactJws(await loadSigningKey(CONSENT_AUTHORITY_KEY_NAME), header.typ!, { ...payload, iat: now - 600, exp: now - 300 });
  }
  const other = { privateKey: (await generateKeyPair(SIGNING_ALGORITHM, { extractable: true })).privateKey, kid: "not-the-consent-authority" };
  return signCompactJws(other, header.typ!, payload);
}

/** The answer as a caller could compare two: the ids it sent replaced, so only what differs by the pathway shows. */
export function comparable(answer: Answer, ...ids: string[]): string {
  let text = JSON.stringify({ status: answer.status, body: answer.json ?? answer.text });
  for (const id of ids) text = text.replaceAll(id, "<id>");
  return text;
}

/** Scalars released: fields whose value is neither null nor an empty list. */
export function released(entity: Record<string, unknown> | null | undefined, except: readonly string[] = ["id", "__typename"]): string[] {
  return Object.entries(entity ?? {})
    .filter(([field, value]) => !except.includes(field) && value !== null && !(Array.isArray(value) && value.length === 0))
    .map(([field]) => field);
}

/** A short, value-free description of an answer's errors: code/reason at path. */
export function errorShape(answer: Answer): string {
  const errors: { path?: unknown[]; extensions?: { code?: string; reason?: string } }[] = answer.json?.errors ?? [];
  return errors.map((e) => `${e.extensions?.code ?? "no code"}${e.extensions?.reason ? `/${e.extensions.reason}` : ""}@${(e.path ?? []).join(".")}`).join(", ") || "no error";
}

/** A value no subgraph could hold: found in an answer, it was echoed back. */
export const marker = () => `conformance-marker-${randomUUID()}`;

/** An answer that shows a stack trace, or echoes one of the values sent. */
export function leak(answer: Answer, sent: readonly string[] = []): string | null {
  if (/stacktrace|\n\s+at /.test(answer.text)) return "a stack trace in the answer";
  const echoed = sent.find((value) => value && answer.text.includes(value));
  return echoed ? "a value sent echoed back" : null;
}
