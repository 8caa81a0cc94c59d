import type { Purpose, Role, OrganisationType } from "@percorsi/schema";
import { demoNetwork } from "@percorsi/demo";
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
  as<T = any>(caller: Caller | Actor | null, query: string, variables?: Record<string, unknown>, options?: AsOptions): Promise<GraphQLResponse<T>>;
  /**
   * A write about her as the gateway sends it: a receipt for the pathway the variables name
   * (`i.pathwayId`), minted for this very request on `standing` (default: a live TRAINING
   * referral to the caller's body); null sends none (a pathway the consent authority does not know).
   */
  write<T = any>(caller: Caller | Actor, query: string, variables: Record<string, unknown>, standing?: Standing | null): Promise<GraphQLResponse<T>>;
  /** The headers `as` would send for one request (to replay them, or send them with another). */
  headers(actor: Actor, query: string, variables?: Record<string, unknown>, options?: AsOptions): Promise<Record<string, string>>;
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

/** Who holds a pathway in the demo network (one made up by a test: the Aurora centre). */
export function holderOf(pathwayId: string): string {
  return demoNetwork().pathways.find((p) => p.id === pathwayId)?.holderId ?? AURORA;
}

/**
 * What the consent authority says of a pathway to the caller, for a receipt minted for this very
 * request (holder: the demo pathway's unless said). A string is sent as it is (forged, foreign).
 */
export type Standing = Partial<ReceiptOptions> | string;

/** An accepted, open referral of the pathway to the caller's organisation, for `purpose`. */
export const referred = (purpose: Purpose = "TRAINING"): Partial<ReceiptOptions> => ({ referralPurposes: [purpose] });

export interface AsOptions {
  /** The receipts the gateway obtained for the pathways a mutation names, by pathway id. */
  receipts?: Record<string, Standing>;
}

/** Receipts for one request of `actor`, minted now (a receipt is bound to its request id). */
export async function mintReceipts(actor: Actor, receipts: Record<string, Standing> = {}): Promise<Record<string, string>> {
  const entries = await Promise.all(
    Object.entries(receipts).map(async ([id, standing]) => [
      id,
      typeof standing === "string" ? standing : await testReceipt(actor, id, { holder: holderOf(id), ...standing }),
    ]),
  );
  return Object.fromEntries(entries);
}

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
  const headers: TestServer["headers"] = async (actor, query, variables = {}, options = {}) =>
    assertionHeaders(actor, SUBGRAPH_NAME, { query, variables, receipts: await mintReceipts(actor, options.receipts) });
  const as: TestServer["as"] = async (caller, query, variables = {}, options = {}) => {
    if (!caller) return postGraphQL(server.url, query, variables);
    const actor = isActor(caller) ? caller : actorOf(caller);
    return postGraphQL(server.url, query, variables, await headers(actor, query, variables, options));
  };
  return {
    db,
    url: server.url,
    as,
    headers,
    async write(caller, query, variables, standing = referred()) {
      const pathwayId = (variables.i as { pathwayId?: unknown } | undefined)?.pathwayId;
      const receipts = standing !== null && typeof pathwayId === "string" ? { [pathwayId]: standing } : {};
      return as(caller, query, variables, { receipts });
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

export interface AuditRow {
  action: string;
  pathway_id: string | null;
  category: string;
  decision: string;
  reason: string | null;
  basis: string | null;
}

/** The audit entries of one request, in the order they were written. */
export function auditOf(db: Database, requestId: string): Promise<AuditRow[]> {
  return db.query<AuditRow>("select action, pathway_id, category, decision, reason, basis from audit_log where request_id = $1 order by seq", [requestId]);
}
