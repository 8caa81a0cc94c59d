import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { ConfigurationError, FAIRNESS_CODES, log, type FairnessCode, type ServiceMetrics } from "@percorsi/kit";

export { FAIRNESS_CODES };
import type { GatewayContext } from "../context.js";

/**
 * Per-organisation fairness at the gateway, in units of the operation cost (NETWORK_COST_MODEL):
 * - a cap on the cost an organisation has in flight at once (this replica, in memory: no
 *   maintained library offers a distributed semaphore that survives a replica dying mid-request);
 * - a rate limit on the cost it spends per window (rate-limiter-flexible; in Redis when
 *   REDIS_URL is set, so it holds across gateway replicas).
 * The organisation is the verified caller token's `org` claim. A refusal is HTTP 429 with
 * `Retry-After` and a stable code, before anything is planned or sent to a subgraph.
 */
export interface FairnessOptions {
  /** Cost an organisation may have in flight on this replica; one request is always admitted when it has none. */
  concurrentCost: number;
  /** Cost an organisation may spend per window (a request costs at most this much of it). */
  rateCost: number;
  rateWindowSeconds: number;
  /** Redis for the rate limit (shared across replicas); null keeps it in memory. */
  redisUrl: string | null;
  /** Prefix of the Redis keys. */
  keyPrefix: string;
}

export const FAIRNESS_DEFAULTS: FairnessOptions = {
  concurrentCost: 100_000,
  rateCost: 400_000,
  rateWindowSeconds: 10,
  redisUrl: null,
  keyPrefix: "percorsi:fair",
};


const MESSAGES: Record<FairnessCode, string> = {
  RATE_LIMITED: "Your organisation has used its share of the network for now. Retry after the number of seconds in Retry-After.",
  TOO_MANY_CONCURRENT_REQUESTS: "Your organisation has too much work in progress. Retry after the number of seconds in Retry-After.",
};

function positive(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new ConfigurationError(`${name} must be a positive whole number`);
  return value;
}

export function fairnessFromEnv(env: NodeJS.ProcessEnv = process.env): FairnessOptions {
  return {
    concurrentCost: positive("FAIR_CONCURRENT_COST", FAIRNESS_DEFAULTS.concurrentCost, env),
    rateCost: positive("FAIR_RATE_COST", FAIRNESS_DEFAULTS.rateCost, env),
    rateWindowSeconds: positive("FAIR_RATE_WINDOW_SECONDS", FAIRNESS_DEFAULTS.rateWindowSeconds, env),
    redisUrl: env.REDIS_URL || null,
    keyPrefix: env.FAIR_KEY_PREFIX || FAIRNESS_DEFAULTS.keyPrefix,
  };
}

export function fairnessRefusal(code: FairnessCode, retryAfterSeconds: number): GraphQLError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new GraphQLError(MESSAGES[code], {
      extensions: { code, retryAfter: seconds, http: { status: 429, headers: new Map([["retry-after", String(seconds)]]) } },
    });
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export interface Fairness {
  /** For `operationLimits`' `admit`: throws a 429 refusal, or reserves the request's cost until it answers. */
  admit(cost: number, requestContext: { contextValue: GatewayContext }): Promise<void>;
  /** Releases what a request reserved once it has answered. */
  plugin: ApolloServerPlugin<GatewayContext>;
  /** Resolves once the store is usable (Redis connected, or given up on after a moment: the memory insurance decides meanwhile). */
  ready(): Promise<void>;
  /** Cost in flight per organisation (tests, metrics). */
  inFlight(organisationId: string): number;
  close(): Promise<void>;
}

export function createFairness(options: FairnessOptions, metrics?: ServiceMetrics): Fairness {
  const refusals = metrics?.counter("percorsi_fairness_refusals_total", "Requests refused by the per-organisation limits, by code.", {
    name: "code",
    values: Object.values(FAIRNESS_CODES),
  });
  const memory = () => new RateLimiterMemory({ points: options.rateCost, duration: options.rateWindowSeconds, keyPrefix: options.keyPrefix });
  let redis: Redis | null = null;
  let limiter: RateLimiterAbstract;
  if (options.redisUrl) {
    // No offline queue: while Redis is away the insurance limiter (memory, per replica) decides at once.
    redis = new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
    redis.on("error", (error: Error & { code?: string }) => log.warn("gateway.fairness.redis_error", { code: error.code ?? error.name }));
    limiter = new RateLimiterRedis({
      storeClient: redis,
      points: options.rateCost,
      duration: options.rateWindowSeconds,
      keyPrefix: options.keyPrefix,
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory(),
    });
  } else {
    limiter = memory();
  }
  log.info("gateway.fairness", {
    store: redis ? "redis" : "memory",
    concurrentCost: options.concurrentCost,
    rateCost: options.rateCost,
    rateWindowSeconds: options.rateWindowSeconds,
  });

  const inFlight = new Map<string, number>();
  const reserved = new WeakMap<object, { organisationId: string; cost: number }>();
  const release = (context: object) => {
    const held = reserved.get(context);
    if (!held) return;
    reserved.delete(context);
    const left = (inFlight.get(held.organisationId) ?? 0) - held.cost;
    if (left > 0) inFlight.set(held.organisationId, left);
    else inFlight.delete(held.organisationId);
  };
  const refuse = (code: FairnessCode, seconds: number): never => {
    refusals?.inc(code);
    throw fairnessRefusal(code, seconds);
  };

  return {
    async admit(cost, { contextValue }) {
      const organisationId = contextValue.actor?.organisationId;
      if (!organisationId) return;
      // Concurrency first (local, no wait), and reserved before any await so that no two
      // requests of one organisation both see the room that only one of them fits in.
      const current = inFlight.get(organisationId) ?? 0;
      if (current > 0 && current + cost > options.concurrentCost) refuse(FAIRNESS_CODES.concurrent, 1);
      inFlight.set(organisationId, current + cost);
      reserved.set(contextValue, { organisationId, cost });
      try {
        await limiter.consume(organisationId, Math.max(1, Math.min(cost, options.rateCost)));
      } catch (error) {
        release(contextValue);
        if (error instanceof RateLimiterRes) refuse(FAIRNESS_CODES.rate, error.msBeforeNext / 1000);
        throw error;
      }
    },
    plugin: {
      async requestDidStart() {
        return {
          async willSendResponse({ contextValue }) {
            release(contextValue);
          },
        };
      },
    },
    async ready() {
      if (!redis || redis.status === "ready") return;
      const connected = new Promise<boolean>((resolve) => redis!.once("ready", () => resolve(true)));
      const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3_000).unref());
      if (!(await Promise.race([connected, timeout]))) log.warn("gateway.fairness.redis_not_ready", { fallback: "memory" });
    },
    inFlight: (organisationId) => inFlight.get(organisationId) ?? 0,
    async close() {
      if (redis) await redis.quit().catch(() => redis?.disconnect());
    },
  };
}
