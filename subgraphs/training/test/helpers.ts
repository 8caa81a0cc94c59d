import type { Purpose, Role, OrganisationType } from "@percorsi/schema";
import type { Actor, Database, RunningServer } from "@percorsi/kit";
import { assertionHeaders, postGraphQL, testActor, testReceipt, type GraphQLResponse } from "@percorsi/kit/testing";
import { createTrainingSubgraph, SUBGRAPH_NAME } from "../src/server.js";

/** Demo organisations the tests act as. */
export const ATELIER = "formazione-atelier";
export const PONTE = "formazione-ponte";
export const AURORA = "cav-aurora";
export const CONTROL_ROOM = "cabina-di-regia";

export interface Caller {
  organisationId: string;
  organisationType: OrganisationType;
  roles: Role[];
  purpose?: Purpose | null;
}

export const atelierOperator: Caller = { organisationId: ATELIER, organisationType: "TRAINING_BODY", roles: ["TRAINING_OPERATOR"] };
export const ponteOperator: Caller = { organisationId: PONTE, organisationType: "TRAINING_BODY", roles: ["TRAINING_OPERATOR"] };
export const centreOperator: Caller = { organisationId: AURORA, organisationType: "ANTI_VIOLENCE_CENTRE", roles: ["CENTRE_OPERATOR"] };
export const analyst: Caller = { organisationId: CONTROL_ROOM, organisationType: "CONTROL_ROOM", roles: ["ANALYST"], purpose: "MONITORING" };
export const admin: Caller = { organisationId: CONTROL_ROOM, organisationType: "CONTROL_ROOM", roles: ["NETWORK_ADMIN"], purpose: "MONITORING" };

export interface TestServer {
  db: Database;
  url: string;
  /**
   * Sends an operation as `caller` (a fresh actor, so a fresh request id) or as a given actor
   * (to pair it with receipts minted for it), with an assertion the gateway would sign; none
   * sends no assertion.
   */
  as<T = any>(caller: Caller | Actor | null, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

/** The actor the gateway would assert for one request of `caller` (purpose TRAINING unless said). */
export function actorOf(caller: Caller): Actor {
  return testActor(caller.organisationId, caller.organisationType, caller.roles, caller.purpose === undefined ? "TRAINING" : caller.purpose);
}

function isActor(value: Caller | Actor): value is Actor {
  return typeof (value as Actor).requestId === "string";
}

export type ReceiptOptions = Parameters<typeof testReceipt>[2];

/**
 * `_entities` representations as the query planner hands them over: each pathway with the
 * receipt the consent authority minted for this very actor (request), or with none (`null`).
 */
export async function withReceipts(actor: Actor, ids: readonly string[], options: ReceiptOptions | null | ((id: string) => ReceiptOptions | null)) {
  return Promise.all(
    ids.map(async (id) => {
      const chosen = typeof options === "function" ? options(id) : options;
      return { __typename: "Pathway", id, consentReceipt: chosen ? await testReceipt(actor, id, chosen) : null };
    }),
  );
}

/** The subgraph in-process over real HTTP, on a database the test opened (and closes with it). */
export async function startTraining(db: Database, seed: boolean): Promise<TestServer> {
  const subgraph = await createTrainingSubgraph({ db, seed });
  const server: RunningServer = await subgraph.listen(0);
  return {
    db,
    url: server.url,
    async as(caller, query, variables = {}) {
      if (!caller) return postGraphQL(server.url, query, variables);
      const actor = isActor(caller) ? caller : actorOf(caller);
      return postGraphQL(server.url, query, variables, await assertionHeaders(actor, SUBGRAPH_NAME));
    },
    async stop() {
      await subgraph.stop();
      await db.close();
    },
  };
}

export { countRows } from "@percorsi/kit/testing";

/** A day relative to today (UTC), as the API takes it. */
export function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

export function codes(response: GraphQLResponse): (string | undefined)[] {
  return (response.errors ?? []).map((e) => e.extensions?.code as string | undefined);
}
