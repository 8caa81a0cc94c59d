import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { dataDir, isProduction } from "../config/paths.js";
import { createContextFactory, type SubgraphContext } from "../context.js";
import { openDatabase, type Database } from "../db/database.js";
import { migrate } from "../db/migrate.js";
import type { SubgraphSchema } from "../graphql/federated-schema.js";
import { forbidden } from "../graphql/errors.js";
import { formatError } from "../graphql/format-error.js";
import { requestGuard } from "../graphql/request-guard.js";
import { maxInFlightFromEnv, requestAbortSignal, serve, type RunningServer } from "../http/serve.js";
import { healthRoutes } from "./health.js";
import type { IndicatorSection } from "../indicators/section.js";
import { releaseRoute } from "../indicators/releases/release-store.js";
import { tlsFromEnv } from "../http/tls.js";
import { appendAuditEntries, KIT_MIGRATIONS_DIRECTORY, KIT_MIGRATIONS_TABLE } from "../audit/audit-log.js";
import { errorFields, log } from "../log.js";
import { createServiceMetrics } from "../metrics/metrics.js";
import { limitParseOptions, operationLimits, SUBGRAPH_LIMITS } from "../limits/operation-limits.js";
import { GATEWAY_KEY_NAME } from "../trust/actor-assertion.js";
import type { Actor } from "../trust/actor.js";
import { keyOnFirstUse, loadVerificationKey } from "../trust/keys.js";

/** What a subgraph is: everything else (server, trust, errors, health) comes from the kit. */
export interface SubgraphDefinition<Loaders> {
  /** Also the audience its actor assertions must name. */
  name: string;
  migrationsDirectory: string;
  buildSchema: () => Promise<SubgraphSchema>;
  makeLoaders: (db: Database, actor: Actor, signal: AbortSignal) => Loaders;
  /**
   * Its indicator sections: it computes its part of every release the consent authority sends it
   * (`POST /indicator-releases`) and serves it from its store.
   */
  indicatorSections?: readonly IndicatorSection[];
  /**
   * Loads the network's data this store keeps a copy of (the organisation directory of
   * schema/network.yaml) at every start, before any seed; must be idempotent.
   */
  loadNetworkData?: (db: Database) => Promise<void>;
  /**
   * Existing systems it reads and writes through (`RestSource`): their calls are counted at
   * `/metrics` (`percorsi_rest_calls_total`, by endpoint).
   */
  restSources?: readonly { mapping: { service: string }; calls: Readonly<Record<string, number>> }[];
  /** Writes demo data into an empty store; must be idempotent. */
  seed?: (db: Database) => Promise<void>;
}

export interface SubgraphOptions {
  /** An open database (tests); otherwise `DATABASE_URL`, else PGlite under `.data/<name>/`. */
  db?: Database;
  seed?: boolean;
}

export interface Subgraph<Loaders> {
  name: string;
  db: Database;
  schema: SubgraphSchema;
  apollo: ApolloServer<SubgraphContext<Loaders>>;
  listen(port: number, host?: string): Promise<RunningServer>;
  stop(): Promise<void>;
}

export async function createSubgraph<Loaders>(definition: SubgraphDefinition<Loaders>, options: SubgraphOptions = {}): Promise<Subgraph<Loaders>> {
  const ownsDb = !options.db;
  // Progress for whoever waits on the first start (opening PGlite and seeding take a while).
  const since = (started: number) => Math.round(performance.now() - started);
  let step = performance.now();
  if (ownsDb) log.info("subgraph.opening_store", { subgraph: definition.name, store: process.env.DATABASE_URL ? "postgres" : "pglite" });
  const db =
    options.db ?? (await openDatabase({ url: process.env.DATABASE_URL, directory: dataDir(definition.name, "pgdata") }));
  if (ownsDb) log.info("subgraph.store_open", { subgraph: definition.name, store: db.kind, ms: since(step) });
  let schema: SubgraphSchema;
  try {
    step = performance.now();
    const kit = await migrate(db, KIT_MIGRATIONS_DIRECTORY, KIT_MIGRATIONS_TABLE);
    const own = await migrate(db, definition.migrationsDirectory);
    log.info("subgraph.migrated", { subgraph: definition.name, applied: kit.applied.length + own.applied.length, ms: since(step) });
    if (definition.loadNetworkData) await definition.loadNetworkData(db);
    if (options.seed && definition.seed) {
      step = performance.now();
      log.info("subgraph.seeding", { subgraph: definition.name });
      await definition.seed(db);
      log.info("subgraph.seeded", { subgraph: definition.name, ms: since(step) });
    }
    schema = await definition.buildSchema();
  } catch (error) {
    // A store this call opened is closed again (and its lock released) when the start fails.
    if (ownsDb) await db.close().catch(() => undefined);
    throw error;
  }
  const metrics = createServiceMetrics({ db, restSources: definition.restSources });
  const metricsRoutes = metrics.routes();
  // https when TLS_CERT_FILE and TLS_KEY_FILE are set (deployments across hosts).
  const tls = tlsFromEnv();
  const apollo = new ApolloServer<SubgraphContext<Loaders>>({
    schema: schema.schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: !isProduction(),
    stopOnTerminationSignals: false,
    // Its own limits, whoever sends the operation: it does not rely on the gateway's.
    parseOptions: limitParseOptions(SUBGRAPH_LIMITS),
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      // No answer is cacheable (every one is for one caller, under her consent), and its
      // per-field hook would wrap every resolver: measured as a large share of a report's cost.
      ApolloServerPluginCacheControlDisabled(),
      operationLimits(SUBGRAPH_LIMITS, definition.name),
      requestGuard(),
      auditBeforeAnswering(db),
      metrics.plugin,
    ],
  });
  await apollo.start();
  const context = createContextFactory({
    audience: definition.name,
    db,
    // On first use: in development the gateway creates its key pair when it first starts.
    gatewayKey: keyOnFirstUse(() => loadVerificationKey(GATEWAY_KEY_NAME)),
    makeLoaders: definition.makeLoaders,
  });
  const servers: RunningServer[] = [];
  return {
    name: definition.name,
    db,
    schema,
    apollo,
    async listen(port, host) {
      const server = await serve(apollo, {
        port,
        host,
        tls,
        // Beyond this many at once it sheds (503 OVERLOADED) instead of queueing past every deadline.
        maxInFlight: maxInFlightFromEnv(100),
        context: (req, body) => context({ headers: req.headers, body, closed: requestAbortSignal(req) }),
        routes: {
          // Unauthenticated: up or down. Numbers are at /metrics, behind a token.
          ...healthRoutes(db),
          ...metricsRoutes,
          ...(definition.indicatorSections
            ? { "/indicator-releases": releaseRoute(db, definition.name, definition.indicatorSections, (signal) => definition.makeLoaders(db, releaseActor(definition.name), signal)) }
            : {}),
        },
      });
      servers.push(server);
      log.info("subgraph.listening", { subgraph: definition.name, port: server.port, store: db.kind, https: Boolean(tls) });
      return server;
    },
    async stop() {
      let step = performance.now();
      await Promise.all(servers.map((server) => server.close()));
      log.info("subgraph.drained", { subgraph: definition.name, ms: since(step) });
      step = performance.now();
      await apollo.stop();
      if (ownsDb) await db.close();
      log.info("subgraph.closed", { subgraph: definition.name, ms: since(step) });
    },
  };
}

/**
 * Writes the request's audit entries in one batch before the answer leaves. If they cannot be
 * written, nothing of a query's answer is released: an unaudited read is a denied read. A
 * mutation's answer stands: its writes were audited before they committed and every field of
 * its read-back before release (the kit's rules), so what is left are refusals, which release
 * nothing; answering a committed write as refused would be false.
 */
function auditBeforeAnswering(db: Database): ApolloServerPlugin<SubgraphContext<any>> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response, operation }) {
          const audit = contextValue?.audit;
          // An allowed write's entry no transaction wrote: its write failed before one (bad
          // input: no entry, nothing was written), or it wrote outside one (a slip the log names).
          const held = audit?.takeHeld() ?? [];
          const wrote = held.length > 0 && response.body.kind === "single" && !response.body.singleResult.errors?.length;
          if (wrote) log.warn("audit.write_outside_transaction", { entries: held.length });
          const entries = [...(audit?.pending() ?? []), ...(wrote ? held : [])];
          if (entries.length === 0) return;
          try {
            await appendAuditEntries(db, entries);
          } catch (error) {
            log.error("audit.write_failed", errorFields(error));
            if (response.body.kind === "single" && operation?.operation !== "mutation") {
              const denial = forbidden("AUDIT_UNAVAILABLE");
              response.body.singleResult.data = null;
              response.body.singleResult.errors = [{ message: denial.message, extensions: denial.extensions }];
            }
          }
        },
      };
    },
  };
}

/**
 * Who computes a release part: the subgraph itself, for the consent authority's signed message;
 * no role, so its loaders can reach nothing a person's request could not (they only batch reads of
 * an existing system for the sections).
 */
function releaseActor(subgraph: string): Actor {
  return { requestId: `indicator-release-${subgraph}`, userId: "indicator-release", organisationId: subgraph, organisationType: "CONTROL_ROOM", roles: [], purpose: "MONITORING" };
}
