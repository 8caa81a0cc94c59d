import type { IncomingHttpHeaders } from "node:http";
import type { CryptoKey } from "jose";
import { AuditTrail } from "./audit/audit-log.js";
import type { Database } from "./db/database.js";
import { unauthenticated } from "./graphql/errors.js";
import type { Actor } from "./trust/actor.js";
import { ACTOR_ASSERTION_HEADER, verifyActorAssertion } from "./trust/actor-assertion.js";

/** What every resolver of every subgraph receives for one request. */
export interface SubgraphContext<Loaders = unknown> {
  actor: Actor;
  db: Database;
  loaders: Loaders;
  /** This request's sensitive decisions, written before it answers. */
  audit: AuditTrail;
}

export interface ContextOptions<Loaders> {
  /** This subgraph's name: assertions minted for another audience are refused. */
  audience: string;
  db: Database;
  gatewayKey: () => Promise<CryptoKey>;
  /** Fresh per request, so loader caches never outlive it or cross actors. */
  makeLoaders: (db: Database, actor: Actor) => Loaders;
}

/**
 * Builds the per-request context. A request without a valid gateway assertion is refused
 * before any resolver runs, whoever sends it: a subgraph is never callable directly.
 */
export function createContextFactory<Loaders>(options: ContextOptions<Loaders>) {
  return async ({ headers }: { headers: IncomingHttpHeaders }): Promise<SubgraphContext<Loaders>> => {
    const token = headers[ACTOR_ASSERTION_HEADER];
    if (typeof token !== "string" || token === "") throw unauthenticated("Subgraphs answer only the gateway.");
    let actor: Actor;
    try {
      actor = await verifyActorAssertion(token, await options.gatewayKey(), options.audience);
    } catch {
      throw unauthenticated("The actor assertion is not valid for this subgraph.");
    }
    return { actor, db: options.db, loaders: options.makeLoaders(options.db, actor), audit: new AuditTrail(actor) };
  };
}
