import { ApolloGateway, type SupergraphManager } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { formatError, GATEWAY_LIMITS, isProduction, limitParseOptions, operationLimits, keyOnFirstUse, loadSigningKey, log, sendJson, serve, GATEWAY_KEY_NAME, type RunningServer } from "@percorsi/kit";
import { readSupergraph } from "@percorsi/schema/supergraph";
import { createCallerVerifier } from "./auth/caller.js";
import { callerTrustFromEnv, subgraphUrlOverrides, type CallerTrustConfig } from "./config.js";
import { createGatewayContext, type GatewayContext } from "./context.js";
import { graphiqlRoutes } from "./graphiql/graphiql.js";
import { gatedGateway } from "./policy/gated-gateway.js";
import { resilienceFromEnv, withRequestSignal } from "./resilience/request-signal.js";
import { resilient, type ResilienceOptions } from "./resilience/resilient-source.js";
import { AssertingDataSource } from "./subgraph-source.js";
import { subgraphsOf, watchedSupergraph } from "./supergraph.js";

export interface GatewayOptions {
  /** A fixed supergraph (tests); by default the committed file, reloaded when it changes. */
  supergraphSdl?: string;
  /** Routing URLs by subgraph name, over those in the supergraph (tests, deployments). */
  subgraphUrls?: Record<string, string>;
  callerTrust?: CallerTrustConfig;
  /** Per-subgraph timeout and request deadline, over `SUBGRAPH_TIMEOUT_MS` / `REQUEST_DEADLINE_MS`. */
  resilience?: Partial<ResilienceOptions>;
}

export interface Gateway {
  apollo: ApolloServer<GatewayContext>;
  listen(port: number, host?: string): Promise<RunningServer>;
  stop(): Promise<void>;
}

export async function createGateway(options: GatewayOptions = {}): Promise<Gateway> {
  // Must be set before ApolloGateway exists: it would otherwise report usage to Apollo.
  process.env.APOLLO_TELEMETRY_DISABLED = "1";
  const urls = { ...subgraphUrlOverrides(), ...options.subgraphUrls };
  const resilience = { ...resilienceFromEnv(), ...options.resilience };
  const key = keyOnFirstUse(() => loadSigningKey(GATEWAY_KEY_NAME));
  await key();
  const supergraph: SupergraphManager | string = options.supergraphSdl ?? watchedSupergraph();
  const supergraphSdl = options.supergraphSdl ?? readSupergraph();
  const gateway = new ApolloGateway({
    ...(typeof supergraph === "string" ? { supergraphSdl: supergraph } : { supergraphSdl: supergraph }),
    // A subgraph that fails or is slow costs only its own paths (SUBGRAPH_UNAVAILABLE, SUBGRAPH_TIMEOUT).
    buildService: ({ name, url }) => resilient(new AssertingDataSource(name, urls[name] ?? url!, key), name, resilience),
  });
  const apollo = new ApolloServer<GatewayContext>({
    // The field policy drops what the caller's role may never see before the gateway plans.
    gateway: gatedGateway(gateway),
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: !isProduction(),
    stopOnTerminationSignals: false,
    // Operation limits before anything is planned: each refusal is HTTP 400 with a stable code.
    parseOptions: limitParseOptions(GATEWAY_LIMITS),
    plugins: [ApolloServerPluginLandingPageDisabled(), operationLimits(GATEWAY_LIMITS, "gateway")],
  });
  await apollo.start();
  const context = withRequestSignal(createGatewayContext(createCallerVerifier(options.callerTrust ?? callerTrustFromEnv())), resilience);
  const subgraphs = subgraphsOf(supergraphSdl).map(({ name, url }) => ({ name, url: urls[name] ?? url }));
  const servers: RunningServer[] = [];
  return {
    apollo,
    async listen(port, host) {
      const server = await serve(apollo, {
        port,
        host,
        context,
        routes: {
          "/health": async (_req, res) => {
            const checks = await Promise.all(subgraphs.map(async ({ name, url }) => [name, await isHealthy(url)] as const));
            const healthy = checks.every(([, ok]) => ok);
            sendJson(res, healthy ? 200 : 503, {
              status: healthy ? "ok" : "degraded",
              subgraphs: Object.fromEntries(checks.map(([name, ok]) => [name, ok ? "ok" : "unavailable"])),
            });
          },
          ...(isProduction() ? {} : graphiqlRoutes()),
        },
      });
      servers.push(server);
      log.info("gateway.listening", { port: server.port, subgraphs: subgraphs.length });
      return server;
    },
    async stop() {
      await Promise.all(servers.map((server) => server.close()));
      await apollo.stop();
    },
  };
}

async function isHealthy(graphqlUrl: string): Promise<boolean> {
  try {
    const response = await fetch(new URL("/health", graphqlUrl), { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}
