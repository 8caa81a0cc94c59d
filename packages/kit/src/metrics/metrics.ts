import { createHash, timingSafeEqual } from "node:crypto";
import type { ApolloServerPlugin } from "@apollo/server";
import { collectDefaultMetrics, Counter, Registry } from "prom-client";
import type { Database } from "../db/database.js";
import type { RouteHandler } from "../http/serve.js";
import { ConfigurationError } from "../subgraph/startup.js";

/**
 * Operational numbers of one service, for Prometheus at `/metrics`: the process's own (CPU
 * seconds, memory, event loop: prom-client's defaults), GraphQL requests received and, for a
 * subgraph, SQL statements sent. Counters only, labelled (if at all) by values fixed in code:
 * nothing here comes from a request, so no id, no personal data, no caller input can reach it.
 *
 * `/metrics` is served only when `METRICS_TOKEN` is set, and only to a request that presents
 * `Authorization: Bearer <METRICS_TOKEN>`; otherwise the path does not exist (404).
 */
export interface ServiceMetrics {
  /** Counts the GraphQL requests the service receives (those refused before execution too). */
  plugin: ApolloServerPlugin<any>;
  /** `{ "/metrics": handler }` when a token is configured, else no route at all. */
  routes(token?: string | undefined): Record<string, RouteHandler>;
  /**
   * A further counter of this service. Its label, if any, takes only the values listed here
   * (each shown from 0); any other value throws, so request data can never become a label.
   */
  counter<V extends string>(name: string, help: string, label?: { name: string; values: readonly V[] }): LabelledCounter<V>;
  /** The exposition text (tests). */
  text(): Promise<string>;
}

export interface LabelledCounter<V extends string> {
  inc(value?: V): void;
}

export const METRICS_TOKEN_MIN_LENGTH = 16;

let processRegistry: Registry | undefined;

/** The process's own metrics are collected once per process, whatever runs in it. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export function createServiceMetrics(
  options: { db?: Database; restSources?: readonly { mapping: { service: string }; calls: Readonly<Record<string, number>> }[] } = {},
): ServiceMetrics {
  const registry = new Registry();
  const requests = new Counter({ name: "percorsi_graphql_requests_total", help: "GraphQL requests received.", registers: [registry] });
  const { db } = options;
  if (db) {
    new Counter({
      name: "percorsi_sql_statements_total",
      help: "SQL statements sent to this service's store (round trips).",
      registers: [registry],
      collect() {
        this.reset();
        this.inc(db.roundTrips);
      },
    });
  }
  if (options.restSources?.length) {
    const sources = options.restSources;
    // Label values are the mappings' own endpoints (fixed in code), never a request's.
    new Counter({
      name: "percorsi_rest_calls_total",
      help: "Calls made to the existing systems this service reads and writes through, by endpoint.",
      labelNames: ["service", "endpoint"],
      registers: [registry],
      collect() {
        this.reset();
        for (const source of sources) {
          for (const [endpoint, calls] of Object.entries(source.calls)) this.inc({ service: source.mapping.service, endpoint }, calls);
        }
      },
    });
  }
  const text = async () => `${await processMetrics().metrics()}\n${await registry.metrics()}`;
  return {
    plugin: {
      async requestDidStart() {
        requests.inc();
      },
      async contextCreationDidFail() {
        requests.inc();
      },
    },
    routes(token = process.env.METRICS_TOKEN): Record<string, RouteHandler> {
      if (!token) return {};
      if (token.length < METRICS_TOKEN_MIN_LENGTH) {
        throw new ConfigurationError(`METRICS_TOKEN must be at least ${METRICS_TOKEN_MIN_LENGTH} characters long.`);
      }
      const expected = digest(token);
      return {
        "/metrics": async (req, res) => {
          const presented = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
          if (!presented || !timingSafeEqual(digest(presented), expected)) {
            res.writeHead(401, { "content-type": "text/plain", "www-authenticate": 'Bearer realm="metrics"', "cache-control": "no-store" });
            res.end("Unauthorized\n");
            return;
          }
          res.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" });
          res.end(await text());
        },
      };
    },
    counter<V extends string>(name: string, help: string, label?: { name: string; values: readonly V[] }): LabelledCounter<V> {
      const counter = new Counter({ name, help, labelNames: label ? [label.name] : [], registers: [registry] });
      if (!label) return { inc: () => counter.inc() };
      for (const value of label.values) counter.inc({ [label.name]: value }, 0);
      return {
        inc(value) {
          if (value === undefined || !label.values.includes(value)) throw new Error(`${name}: label value not among those declared`);
          counter.inc({ [label.name]: value });
        },
      };
    },
    text,
  };
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}
