// One harness for a subgraph's tests: the subgraph in-process over real HTTP, and a tester that
// plays the two callers a subgraph ever has, the gateway (bound actor assertions, the receipts of
// a write's pathway) and the query planner (`_entities` with receipts minted for the caller).
import type { OrganisationType, Purpose, Role } from "@percorsi/schema";
import { readNetwork } from "@percorsi/schema/network";
import type { Database } from "../db/database.js";
import type { RestEndpoint } from "../rest/rest-source.js";
import type { Subgraph } from "../subgraph/create-subgraph.js";
import type { Actor } from "../trust/actor.js";
import { assertionHeaders, testActor, testReceipt } from "./actors.js";
import { countRows, type TestBackend } from "./databases.js";
import { errorAt, postGraphQL, type GraphQLResponse } from "./http.js";
import { startServices, type RunningServices } from "./services.js";
import { openDatabase } from "../db/database.js";

/** Who calls, as the gateway would describe her: an organisation of a type, roles, a purpose. */
export interface Caller {
  organisationId: string;
  organisationType: OrganisationType;
  roles: Role[];
  /** Undefined: the harness's default purpose; null: none declared. */
  purpose?: Purpose | null;
  userId?: string;
}

/** What the consent authority says of a pathway to one actor: what `testReceipt` signs. */
export type ReceiptOptions = Parameters<typeof testReceipt>[2];

/**
 * A pathway's standing for a receipt minted for one request: receipt options (the holder defaults
 * to the harness's `holderOf`), or a string sent as it is (a forged, foreign or replayed receipt).
 */
export type Standing = Partial<ReceiptOptions> | string;

/** Receipt options for each pathway: the same for all, one per pathway, or none (`null`: no receipt). */
export type ReceiptsFor = ReceiptOptions | null | ((pathwayId: string) => ReceiptOptions | null);

/** An accepted, open referral of the pathway to the caller's organisation, for `purpose`. */
export const referred = (purpose: Purpose): Partial<ReceiptOptions> => ({ referralPurposes: [purpose] });

/** One actor for one request of `caller` (a fresh request id), with `purpose` unless the caller declares one. */
export function callerActor(caller: Caller, purpose: Purpose | null = null): Actor {
  return testActor(caller.organisationId, caller.organisationType, caller.roles, caller.purpose === undefined ? purpose : caller.purpose, caller.userId);
}

/** `Pathway` representations as the query planner hands them over, each with a receipt minted for this very actor (or none). */
export async function representations(actor: Actor, ids: readonly string[], receipts: ReceiptsFor) {
  return Promise.all(
    ids.map(async (id) => {
      const chosen = typeof receipts === "function" ? receipts(id) : receipts;
      return { __typename: "Pathway", id, consentReceipt: chosen ? await testReceipt(actor, id, chosen) : null };
    }),
  );
}

/** The planner's `_entities` operation on `Pathway` (variable `$r`), selecting `selection` beside the id. */
export const entitiesQuery = (selection: string) => `query($r: [_Any!]!) { _entities(representations: $r) { ... on Pathway { id ${selection} } } }`;

/** The ISO day `days` from today (UTC), as the API takes a date. */
export const daysFromToday = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** The `extensions.code` of each error of a response, in order. */
export function codes(response: GraphQLResponse): (string | undefined)[] {
  return (response.errors ?? []).map((error) => error.extensions?.code as string | undefined);
}

/** The code and denial reason of an error (undefined for none), for compact assertions. */
export function denial(error: { extensions?: Record<string, unknown> } | undefined) {
  return error ? { code: error.extensions?.code, reason: error.extensions?.reason } : undefined;
}

/** The code, reason and field of the error at a path (`createCourse`), for compact assertions. */
export function refusalAt(response: GraphQLResponse, path: string) {
  const extensions = errorAt(response, path)?.extensions;
  return { ...denial({ extensions }), field: extensions?.field };
}

/** One audit entry, as the tests compare them. */
export interface AuditRow {
  action: string;
  pathway_id: string | null;
  category: string;
  decision: string;
  reason: string | null;
  basis: string | null;
}

/** A response, with the actor it was sent as (not enumerable: `toEqual` on a response ignores it). */
export type TestResponse<T = any, A extends Actor | null = Actor> = GraphQLResponse<T> & { readonly actor: A };

export interface SendOptions {
  /** The receipts the gateway obtained for the pathways a mutation names, by pathway id. */
  receipts?: Record<string, Standing>;
  /** Extra headers (a deadline, a forged assertion...). */
  headers?: Record<string, string>;
}

/** Requests of one caller, as the gateway sends them (`A` is null for requests without an assertion). */
export interface TestSession<A extends Actor | null = Actor> {
  /** An operation with an assertion signed for this very request (fresh per call: each is accepted once). */
  query<T = any>(query: string, variables?: Record<string, unknown>, options?: SendOptions): Promise<TestResponse<T, A>>;
  /**
   * A write about her: with a receipt minted for this request for the pathway its input names
   * (`pathwayId` of a variable), on `standing` (default: a live referral to the caller for the
   * harness's purpose); `null` sends none (a pathway the consent authority does not know).
   */
  write<T = any>(query: string, variables: Record<string, unknown>, standing?: Standing | null): Promise<TestResponse<T, A>>;
  /** The headers `query` would send (to replay them, or send them with another request). */
  headers(query: string, variables?: Record<string, unknown>, options?: SendOptions): Promise<Record<string, string>>;
}

export interface SubgraphTester<Loaders = any> {
  name: string;
  url: string;
  /** Its store (closed by `stop`). */
  db: Database;
  /** The subgraph as its factory built it (schema, Apollo server). */
  subgraph: Subgraph<Loaders>;
  /** The manifest services it sits over, started for it (`startServices`). */
  services: RunningServices;
  /** One actor of `caller` (fresh request id), the harness's purpose unless the caller declares one. */
  actor(caller: Caller): Actor;
  /** Requests as `who`: an actor (its request id kept), a caller (a fresh actor per request), or `null` (no assertion). */
  as<W extends Caller | Actor | null>(who: W): TestSession<W extends null ? null : Actor>;
  /** The planner's `_entities` for these pathways, each with a receipt minted for that actor (request), selecting `selection`. */
  entities<T = any>(who: Caller | Actor, ids: readonly string[], receipts: ReceiptsFor, selection: string): Promise<TestResponse<T>>;
  /** The audit entries of one request, in the order they were written. */
  audit(requestId: string): Promise<AuditRow[]>;
  /** Rows of one of its tables, all or those `where` says (with `params`). */
  count(table: string, where?: string, params?: unknown[]): Promise<number>;
  stop(): Promise<void>;
}

/** The factory the manifest's `server:` names. */
export type SubgraphFactory<Loaders = any> = (options: {
  db: Database;
  seed: boolean;
  services: Record<string, RestEndpoint>;
}) => Promise<Subgraph<Loaders>>;

export interface SubgraphTestOptions {
  /** Its store: an open one (closed by `stop`), else one opened on `backend`, else in-memory PGlite. */
  db?: Database;
  /** A backend of `testBackends()` to open its store on. */
  backend?: TestBackend;
  /** Seed its demo data (and its services'). Default true. */
  seed?: boolean;
  /** The purpose of actors built from callers that declare none, and of the default write standing. */
  purpose?: Purpose;
  /** Who holds a pathway, for receipts minted from a standing that names no holder; default an organisation no caller is. */
  holderOf?: (pathwayId: string) => string;
  /** The manifest services to start for it; default its manifest entry's `uses:` (the entry whose `server.export` is the factory). */
  uses?: readonly string[];
  /** The longest one call to a service may take (its endpoints' `timeoutMs`). */
  serviceTimeoutMs?: number;
}

/** The holder named when a test says none: no caller is this organisation, so none reads as her case-holder. */
const NO_CALLER_HOLDS = "holder-of-no-caller";

const isActor = (who: Caller | Actor): who is Actor => typeof (who as Actor).requestId === "string";

/**
 * Starts a subgraph built by its factory for a test: its store (PGlite unless told), the
 * manifest services it sits over, listening on a free port over real HTTP; returns the tester.
 */
export async function startSubgraphTest<Loaders>(create: SubgraphFactory<Loaders>, options: SubgraphTestOptions = {}): Promise<SubgraphTester<Loaders>> {
  const seed = options.seed ?? true;
  const purpose = options.purpose ?? null;
  const holderOf = options.holderOf ?? (() => NO_CALLER_HOLDS);
  const uses = options.uses ?? readNetwork().find((entry) => entry.server?.export === create.name)?.uses ?? [];
  const services = await startServices(uses, { seed });
  const endpoints = Object.fromEntries(
    Object.entries(services.endpoints).map(([name, endpoint]) => [name, { ...endpoint, timeoutMs: options.serviceTimeoutMs ?? endpoint.timeoutMs }]),
  );
  const db = options.db ?? (options.backend ? await options.backend.open() : await openDatabase());
  let subgraph: Subgraph<Loaders>;
  try {
    subgraph = await create({ db, seed, services: endpoints });
  } catch (error) {
    await db.close();
    await services.stop();
    throw error;
  }
  const server = await subgraph.listen(0);

  const actor = (caller: Caller) => callerActor(caller, purpose);
  const mint = async (who: Actor, receipts: Record<string, Standing> = {}) =>
    Object.fromEntries(
      await Promise.all(
        Object.entries(receipts).map(async ([id, standing]) => [id, typeof standing === "string" ? standing : await testReceipt(who, id, { holder: holderOf(id), ...standing })]),
      ),
    ) as Record<string, string>;
  const headersOf = async (who: Actor, query: string, variables: Record<string, unknown> = {}, sent: SendOptions = {}) => ({
    ...(await assertionHeaders(who, subgraph.name, { query, variables, receipts: await mint(who, sent.receipts) })),
    ...sent.headers,
  });
  const send = async <T, A extends Actor | null>(who: A, query: string, variables: Record<string, unknown> = {}, sent: SendOptions = {}) => {
    const headers = who ? await headersOf(who, query, variables, sent) : { ...sent.headers };
    const response = await postGraphQL<T>(server.url, query, variables, headers);
    return Object.defineProperty(response, "actor", { value: who, enumerable: false }) as TestResponse<T, A>;
  };
  const as = (who: Caller | Actor | null): TestSession<any> => {
    const actorFor = () => (who === null ? null : isActor(who) ? who : actor(who));
    return {
      query: (query, variables, sent) => send(actorFor(), query, variables, sent),
      async write(query, variables, standing = purpose ? referred(purpose) : {}) {
        const pathwayId = pathwayNamedIn(variables);
        return send(actorFor(), query, variables, { receipts: standing !== null && pathwayId ? { [pathwayId]: standing } : {} });
      },
      async headers(query, variables, sent) {
        const who = actorFor();
        return who ? headersOf(who, query, variables, sent) : { ...sent?.headers };
      },
    };
  };
  return {
    name: subgraph.name,
    url: server.url,
    db,
    subgraph,
    services,
    actor,
    as,
    async entities(who, ids, receipts, selection) {
      const sender = isActor(who) ? who : actor(who);
      return send(sender, entitiesQuery(selection), { r: await representations(sender, ids, receipts) });
    },
    audit: (requestId) =>
      db.query<AuditRow>("select action, pathway_id, category, decision, reason, basis from audit_log where request_id = $1 order by seq", [requestId]),
    async count(table, where, params = []) {
      if (!where) return countRows(db, table);
      const [row] = await db.query<{ count: number }>(`select count(*)::int as count from ${table} where ${where}`, params);
      return row?.count ?? 0;
    },
    async stop() {
      await subgraph.stop();
      await db.close();
      await services.stop();
    },
  };
}

/** The pathway a write's input names: `pathwayId` of a variable (`{ i: { pathwayId } }`, `{ input: { pathwayId } }`). */
function pathwayNamedIn(variables: Record<string, unknown>): string | undefined {
  for (const value of Object.values(variables)) {
    const pathwayId = (value as { pathwayId?: unknown } | null)?.pathwayId;
    if (typeof pathwayId === "string") return pathwayId;
  }
  return undefined;
}
