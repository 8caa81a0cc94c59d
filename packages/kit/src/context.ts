import type { IncomingHttpHeaders } from "node:http";
import type { CryptoKey } from "jose";
import { AuditTrail, auditedTransactions } from "./audit/audit-log.js";
import type { Database } from "./db/database.js";
import { forbidden, unauthenticated } from "./graphql/errors.js";
import { millisecondsFromEnv } from "./limits/failure-codes.js";
import type { Actor } from "./trust/actor.js";
import {
  ACTOR_ASSERTION_HEADER,
  CONSENT_RECEIPTS_HEADER,
  ReplayGuard,
  requestBinding,
  verifyActorAssertion,
  type VerifiedAssertion,
} from "./trust/actor-assertion.js";

/** What every resolver of every subgraph receives for one request. */
export interface SubgraphContext<Loaders = unknown> {
  actor: Actor;
  db: Database;
  loaders: Loaders;
  /** This request's sensitive decisions, written before it answers. */
  audit: AuditTrail;
  /** Consent receipts the gateway obtained for the pathways a mutation names, by pathway id. */
  requestReceipts?: Readonly<Record<string, string>>;
  /** Fires when nobody waits for this answer any more: `db` then stops (see `requestSignal`). */
  signal?: AbortSignal;
}

/**
 * How long the gateway still waits for this answer, in milliseconds (its request deadline, less
 * what has passed): the subgraph stops its work then, even if the connection stays open.
 */
export const DEADLINE_HEADER = "x-percorsi-deadline-ms";

/** The longest a subgraph works for one request, whatever the header says: `REQUEST_DEADLINE_MS`, else 15 s. */
export function maxRequestMs(): number {
  return millisecondsFromEnv("REQUEST_DEADLINE_MS", 15_000);
}

/**
 * The request's signal: the caller closing the connection (the gateway gave up: its timeout,
 * deadline or own caller gone), or the remaining deadline it announced, or at most
 * `maxRequestMs()`.
 */
export function requestSignal(headers: IncomingHttpHeaders, closed?: AbortSignal): AbortSignal {
  const announced = Number(headers[DEADLINE_HEADER]);
  const remaining = Number.isFinite(announced) && announced >= 0 ? Math.min(announced, maxRequestMs()) : maxRequestMs();
  // A deadline already past stops the request before its first statement (a timer would not yet have fired).
  const deadline = remaining > 0 ? AbortSignal.timeout(remaining) : AbortSignal.abort(new DOMException("deadline passed", "TimeoutError"));
  return closed ? AbortSignal.any([closed, deadline]) : deadline;
}

export interface ContextOptions<Loaders> {
  /** This subgraph's name: assertions minted for another audience are refused. */
  audience: string;
  db: Database;
  gatewayKey: () => Promise<CryptoKey>;
  /**
   * Fresh per request, so loader caches never outlive it or cross actors. `signal` is the
   * request's (see `requestSignal`): loaders over another system (a REST source) stop with it.
   */
  makeLoaders: (db: Database, actor: Actor, signal: AbortSignal) => Loaders;
}

/** The request as the subgraph received it: headers and the parsed JSON body. */
export interface IncomingRequest {
  headers: IncomingHttpHeaders;
  body: unknown;
  /** Fires when the caller closes the connection before its answer. */
  closed?: AbortSignal;
}

/**
 * Builds the per-request context. A request without a valid gateway assertion is refused
 * before any resolver runs, whoever sends it: a subgraph is never callable directly. The
 * assertion must be bound to this very request (query, variables, receipts) and is accepted
 * once: a captured one cannot be replayed, nor sent with another query.
 */
export function createContextFactory<Loaders>(options: ContextOptions<Loaders>) {
  const replays = new ReplayGuard();
  return async ({ headers, body, closed }: IncomingRequest): Promise<SubgraphContext<Loaders>> => {
    const token = headers[ACTOR_ASSERTION_HEADER];
    if (typeof token !== "string" || token === "") throw unauthenticated("Subgraphs answer only the gateway.");
    let verified: VerifiedAssertion;
    try {
      verified = await verifyActorAssertion(token, await options.gatewayKey(), options.audience);
    } catch {
      throw unauthenticated("The actor assertion is not valid for this subgraph.");
    }
    const receiptsHeader = typeof headers[CONSENT_RECEIPTS_HEADER] === "string" ? (headers[CONSENT_RECEIPTS_HEADER] as string) : null;
    const request = body as { query?: unknown; variables?: unknown } | null | undefined;
    const query = typeof request?.query === "string" ? request.query : "";
    const variables = typeof request?.variables === "object" ? (request.variables as Record<string, unknown> | null) : null;
    if (verified.binding !== requestBinding({ query, variables, receipts: receiptsHeader })) {
      throw unauthenticated("The actor assertion was minted for another request.");
    }
    if (!replays.accept(verified.jti, verified.expiresAt)) throw unauthenticated("The actor assertion was already used.");
    const { actor } = verified;
    // Every statement of this request, its loaders' included, stops when nobody waits for it.
    const signal = requestSignal(headers, closed);
    const db = options.db.withSignal(signal, actor.organisationId);
    const audit = new AuditTrail(actor);
    return {
      actor,
      // Its transactions store the request's allowed writes' entries with the writes.
      db: auditedTransactions(db, audit, () => forbidden("AUDIT_UNAVAILABLE")),
      loaders: options.makeLoaders(db, actor, signal),
      audit,
      requestReceipts: parseReceiptsHeader(receiptsHeader),
      signal,
    };
  };
}

/** `{ "<pathway id>": "<receipt>" }`, base64url JSON; anything else is no receipts at all. */
export function encodeReceiptsHeader(receipts: Readonly<Record<string, string>>): string {
  return Buffer.from(JSON.stringify(receipts)).toString("base64url");
}

function parseReceiptsHeader(header: string | null): Record<string, string> {
  if (!header) return {};
  try {
    const value = JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as unknown;
    if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  } catch {
    return {};
  }
}
