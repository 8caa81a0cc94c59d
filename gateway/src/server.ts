import { ApolloGateway, type SupergraphManager } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import {
  checkNetworkScalars,
  createServiceMetrics,
  fieldOwnersFromSupergraph,
  formatError,
  GATEWAY_LIMITS,
  isProduction,
  limitParseOptions,
  operationLimits,
  requestGuard,
  keyOnFirstUse,
  loadSigningKey,
  log,
  sendJson,
  serve,
  maxInFlightFromEnv,
  GATEWAY_KEY_NAME,
  type RunningServer,
} from "@percorsi/kit";
import { readFileSync } from "node:fs";
import { SUPERGRAPH_PATH } from "@percorsi/schema/supergraph";
import { createCallerVerifier } from "./auth/caller.js";
import { devSignInRoutes } from "./auth/dev-sign-in.js";
import { logSignInMode, signInMode } from "./auth/sign-in-mode.js";
import { callerTrustFromEnv, subgraphUrlOverrides, type CallerTrustConfig } from "./config.js";
import { createGatewayContext, type GatewayContext } from "./context.js";
import { dashboardConfigFromEnv, dashboardRoutes, DEFAULT_DASHBOARD_DIR, type DashboardClientConfig } from "./dashboard/dashboard-routes.js";
import { graphiqlRoutes } from "./graphiql/graphiql.js";
import {
  persistedOperationsDirFromEnv,
  persistedOperationsPlugin,
  REFUSAL_REASONS,
  safelistFromEnv,
  watchedPersistedOperations,
} from "./operations/persisted-operations.js";
import { createFairness, fairnessFromEnv, type FairnessOptions } from "./fairness/org-fairness.js";
import { gatedGateway } from "./policy/gated-gateway.js";
import type { ReceiptFetcher } from "./consent/write-receipts.js";
import { resilienceFromEnv, withRequestSignal } from "./resilience/request-signal.js";
import { resilient, type ResilienceOptions } from "./resilience/resilient-source.js";
import { AssertingDataSource } from "./subgraph-source.js";
import { subgraphsOf, watchedSupergraph } from "./supergraph.js";
import { subgraphFetcher, withFetcher } from "./tls.js";

export interface GatewayOptions {
  /** A fixed supergraph (tests); by default the committed file, reloaded when it changes. */
  supergraphSdl?: string;
  /** Another supergraph file to serve and reload when it changes (over `supergraphSdl`). */
  supergraphFile?: string;
  /** Routing URLs by subgraph name, over those in the supergraph (tests, deployments). */
  subgraphUrls?: Record<string, string>;
  callerTrust?: CallerTrustConfig;
  /** Per-subgraph timeout and request deadline, over `SUBGRAPH_TIMEOUT_MS` / `REQUEST_DEADLINE_MS`. */
  resilience?: Partial<ResilienceOptions>;
  /** Directory of persisted-operation manifests, over `PERSISTED_OPERATIONS_DIR` and the committed one. */
  persistedOperationsDir?: string;
  /** Run registered operations only, over `OPERATIONS_SAFELIST`. */
  safelist?: boolean;
  /** Per-organisation concurrency and rate limits, over `FAIR_*` / `REDIS_URL`. */
  fairness?: Partial<FairnessOptions>;
  /** The dashboard's build directory (over `DASHBOARD_DIR`) and client configuration (over the environment's). */
  dashboard?: { dir?: string; config?: DashboardClientConfig };
}

export interface Gateway {
  apollo: ApolloServer<GatewayContext>;
  listen(port: number, host?: string): Promise<RunningServer>;
  stop(): Promise<void>;
}

export async function createGateway(options: GatewayOptions = {}): Promise<Gateway> {
  // Must be set before ApolloGateway exists: it would otherwise report usage to Apollo.
  process.env.APOLLO_TELEMETRY_DISABLED = "1";
  // Configuration first: a bad manifest or setting refuses the start before anything runs.
  const manifests = options.persistedOperationsDir ? { dir: options.persistedOperationsDir, required: true } : persistedOperationsDirFromEnv();
  const safelist = options.safelist ?? safelistFromEnv();
  const callerTrust = options.callerTrust ?? callerTrustFromEnv();
  // Decided once, from the trust and the whole environment: the routes and config.json agree.
  const mode = signInMode(callerTrust);
  const dashboard = {
    dir: options.dashboard?.dir ?? (process.env.DASHBOARD_DIR || DEFAULT_DASHBOARD_DIR),
    config: options.dashboard?.config ?? dashboardConfigFromEnv(callerTrust),
  };
  const operations = watchedPersistedOperations(manifests.dir, { required: manifests.required });

  const resilience = { ...resilienceFromEnv(), ...options.resilience };
  const key = keyOnFirstUse(() => loadSigningKey(GATEWAY_KEY_NAME));
  await key();
  // https routing URLs are verified against SUBGRAPH_CA_FILE when set (gateway/src/tls.ts).
  const fetcher = subgraphFetcher();
  const supergraph: SupergraphManager | string =
    options.supergraphFile || !options.supergraphSdl ? watchedSupergraph(options.supergraphFile) : options.supergraphSdl;
  // What follows the supergraph (owners for the cost, the subgraphs health checks) follows reloads.
  let supergraphSdl = typeof supergraph === "string" ? supergraph : readFileSync(options.supergraphFile ?? SUPERGRAPH_PATH, "utf8");
  let owners = fieldOwnersFromSupergraph(supergraphSdl);
  const urls = { ...subgraphUrlOverrides(subgraphsOf(supergraphSdl)), ...options.subgraphUrls };
  const gateway = new ApolloGateway({
    ...(typeof supergraph === "string" ? { supergraphSdl: supergraph } : { supergraphSdl: supergraph }),
    // A subgraph that fails or is slow costs only its own paths (SUBGRAPH_UNAVAILABLE, SUBGRAPH_TIMEOUT).
    buildService: ({ name, url }) => resilient(withFetcher(new AssertingDataSource(name, urls[name] ?? url!, key), fetcher), name, resilience),
  });
  const metrics = createServiceMetrics();
  const fairness = createFairness({ ...fairnessFromEnv(), ...options.fairness }, metrics);
  const metricsRoutes = metrics.routes();
  const refusals = metrics.counter("percorsi_operation_refusals_total", "Requests refused by the persisted-operation registry, by reason.", {
    name: "reason",
    values: REFUSAL_REASONS,
  });
  // The supergraph names the network's scalars only; give them the kit's checks before Apollo
  // Server validates against the schema (registered first, so it runs first on every load).
  gateway.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
    checkNetworkScalars(apiSchema);
    if (coreSupergraphSdl === supergraphSdl) return;
    supergraphSdl = coreSupergraphSdl;
    owners = fieldOwnersFromSupergraph(coreSupergraphSdl);
  });
  const apollo = new ApolloServer<GatewayContext>({
    // The field policy drops what the caller's role may never see before the gateway plans.
    gateway: gatedGateway(gateway, { urlOf: (name) => urls[name] ?? subgraphUrl(supergraphSdl, name), key, fetcher: fetcher as unknown as ReceiptFetcher }),
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: !isProduction(),
    stopOnTerminationSignals: false,
    // Operation limits before anything is planned: each refusal is HTTP 400 with a stable code.
    parseOptions: limitParseOptions(GATEWAY_LIMITS),
    plugins: [
      // Registered texts are put in place first: every later step reads the text that runs.
      persistedOperationsPlugin({ operations: operations.current, safelist, onRefusal: (reason) => refusals.inc(reason) }),
      ApolloServerPluginLandingPageDisabled(),
      // Cost counted with the supergraph's owners (a fetch per parent to another subgraph), then
      // the caller's organisation's share (429 when it has too much in flight or spent).
      operationLimits<GatewayContext>(GATEWAY_LIMITS, "gateway", { owners: () => owners, admit: fairness.admit }),
      fairness.plugin,
      requestGuard(),
      metrics.plugin,
    ],
  });
  await Promise.all([apollo.start(), fairness.ready()]);
  const context = withRequestSignal(createGatewayContext(createCallerVerifier(callerTrust)), resilience);
  logSignInMode(mode);
  log.info("gateway.persisted_operations", { registered: operations.current().size, safelist });
  const subgraphs = () => subgraphsOf(supergraphSdl).map(({ name, url }) => ({ name, url: urls[name] ?? url }));
  const servers: RunningServer[] = [];
  return {
    apollo,
    async listen(port, host) {
      const server = await serve(apollo, {
        port,
        host,
        context,
        // Overload is shed at once, and no answer leaves after the deadline (plus a second for
        // the partial answer the deadline itself produces).
        maxInFlight: maxInFlightFromEnv(200),
        answerWithinMs: resilience.requestDeadlineMs + 1_000,
        routes: {
          // Liveness and readiness of the gateway itself: it serves with a subgraph down (those
          // paths answer SUBGRAPH_UNAVAILABLE), so neither waits on the subgraphs.
          "/health/live": (_req, res) => sendJson(res, 200, { status: "ok" }),
          "/health/ready": (_req, res) => sendJson(res, 200, { status: "ok" }),
          // The network's: each subgraph's readiness (its store and its audit).
          "/health": async (_req, res) => {
            const checks = await Promise.all(subgraphs().map(async ({ name, url }) => [name, await isHealthy(url, fetcher)] as const));
            const healthy = checks.every(([, ok]) => ok);
            sendJson(res, healthy ? 200 : 503, {
              status: healthy ? "ok" : "degraded",
              subgraphs: Object.fromEntries(checks.map(([name, ok]) => [name, ok ? "ok" : "unavailable"])),
            });
          },
          ...metricsRoutes,
          ...devSignInRoutes(mode),
          ...dashboardRoutes(dashboard),
          ...(isProduction() ? {} : graphiqlRoutes({ safelist })),
        },
      });
      servers.push(server);
      log.info("gateway.listening", { port: server.port, subgraphs: subgraphs().length });
      return server;
    },
    async stop() {
      await Promise.all(servers.map((server) => server.close()));
      await apollo.stop();
      operations.close();
      await fairness.close();
    },
  };
}

function subgraphUrl(supergraphSdl: string, name: string): string {
  const found = subgraphsOf(supergraphSdl).find((subgraph) => subgraph.name === name);
  if (!found) throw new Error(`the supergraph has no subgraph ${name}`);
  return found.url;
}

async function isHealthy(graphqlUrl: string, fetcher: ReturnType<typeof subgraphFetcher>): Promise<boolean> {
  try {
    const response = await fetcher(new URL("/health", graphqlUrl).toString(), { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}
