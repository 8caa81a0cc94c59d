import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";
import type { TlsFiles } from "./tls.js";
import { millisecondsFromEnv } from "../limits/failure-codes.js";

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface ServeOptions<C extends BaseContext> {
  port: number;
  host?: string;
  /** The parsed JSON body comes along: subgraphs check that the assertion was minted for it. */
  context: (req: IncomingMessage, body: unknown) => Promise<C>;
  /**
   * Extra routes by exact path ("/health"...); a key ending in "/*" ("/dashboard/*") takes every
   * path under its prefix that no exact key names.
   */
  routes?: Record<string, RouteHandler>;
  /** Serve https with this certificate and key (see `tlsFromEnv`); plain http without. */
  tls?: TlsFiles | undefined;
  /**
   * The grace period of close(), `SHUTDOWN_GRACE_MS`, else 10 s: requests in flight may finish
   * until half a second before it; requests arriving meanwhile are refused (503 SHUTTING_DOWN).
   */
  shutdownGraceMs?: number;
  /**
   * Overload is shed early: a GraphQL request beyond this many in flight is refused at once (503
   * OVERLOADED, Retry-After) rather than queued to be answered after its caller gave up.
   */
  maxInFlight?: number;
  /**
   * No GraphQL request is answered later than this: past it, the caller gets 503
   * REQUEST_DEADLINE_EXCEEDED and the request's work is abandoned (its abort signal fires).
   */
  answerWithinMs?: number;
}

/** `MAX_IN_FLIGHT`: GraphQL requests one process works on at once before it sheds the rest. */
export function maxInFlightFromEnv(fallback: number): number {
  const raw = process.env.MAX_IN_FLIGHT;
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error("MAX_IN_FLIGHT must be a whole number of requests, at least 1");
  return value;
}

function refuse(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

export interface RunningServer {
  url: string;
  port: number;
  http: Server | HttpsServer;
  /**
   * Stops accepting connections, lets the requests in flight finish (within the grace period),
   * then closes every connection that is left.
   */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1_000_000;
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

const abortSignals = new WeakMap<IncomingMessage, AbortSignal>();

/** Fires when the caller goes away before its answer is sent: work for it can be abandoned. */
export function requestAbortSignal(req: IncomingMessage): AbortSignal | undefined {
  return abortSignals.get(req);
}

/** Serves an Apollo Server at `/graphql` on plain node:http (no framework needed for this). */
export async function serve<C extends BaseContext>(apollo: ApolloServer<C>, options: ServeOptions<C>): Promise<RunningServer> {
  const inFlight = new Set<ServerResponse>();
  let graphqlInFlight = 0;
  let draining = false;
  let drained: (() => void) | null = null;
  const http = createNodeServer(options.tls, (req, res) => {
    // Stopping: a request that arrives on a connection still open is refused at once, with a
    // code the gateway reports, rather than run past the grace period or reset mid-answer.
    if (draining) {
      refuse(res, 503, "SHUTTING_DOWN", "The service is stopping.", { connection: "close", "retry-after": "1" });
      return;
    }
    const graphql = (req.url ?? "").startsWith("/graphql");
    if (graphql && options.maxInFlight !== undefined && graphqlInFlight >= options.maxInFlight) {
      refuse(res, 503, "OVERLOADED", "The service is busy; try again shortly.", { "retry-after": "1" });
      return;
    }
    inFlight.add(res);
    if (graphql) graphqlInFlight++;
    const caller = new AbortController();
    abortSignals.set(req, caller.signal);
    const late =
      graphql && options.answerWithinMs !== undefined
        ? setTimeout(() => {
            if (res.headersSent) return;
            refuse(res, 503, "REQUEST_DEADLINE_EXCEEDED", "The request ran out of time.");
            caller.abort();
          }, options.answerWithinMs)
        : undefined;
    res.once("close", () => {
      clearTimeout(late);
      if (!res.writableFinished) caller.abort();
      inFlight.delete(res);
      if (graphql) graphqlInFlight--;
      if (inFlight.size === 0) drained?.();
    });
    handle(apollo, options, req, res).catch(() => {
      if (res.writableEnded) return;
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ errors: [{ message: "Internal server error.", extensions: { code: "INTERNAL_SERVER_ERROR" } }] }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  return {
    url: `${options.tls ? "https" : "http"}://${options.host ?? "127.0.0.1"}:${port}/graphql`,
    port,
    http,
    close: () =>
      new Promise<void>((resolve) => {
        draining = true;
        http.close(() => resolve());
        http.closeIdleConnections();
        for (const res of inFlight) if (!res.headersSent) res.setHeader("connection", "close");
        const grace = options.shutdownGraceMs ?? millisecondsFromEnv("SHUTDOWN_GRACE_MS", DEFAULT_SHUTDOWN_GRACE_MS);
        // Requests in flight get the grace period less a moment to close the store and exit
        // (the process is ended at the grace period itself: see stopOnSignals).
        const timer = setTimeout(() => http.closeAllConnections(), Math.max(grace / 2, grace - 500));
        timer.unref();
        drained = () => {
          clearTimeout(timer);
          http.closeIdleConnections();
        };
        if (inFlight.size === 0) drained();
      }),
  };
}

/** The route of the longest "/prefix/*" key that the path is under. */
function prefixRoute(routes: Record<string, RouteHandler> | undefined, pathname: string): RouteHandler | undefined {
  let found: { length: number; route: RouteHandler } | undefined;
  for (const [key, route] of Object.entries(routes ?? {})) {
    if (!key.endsWith("/*")) continue;
    const prefix = key.slice(0, -1);
    if (pathname.startsWith(prefix) && (!found || prefix.length > found.length)) found = { length: prefix.length, route };
  }
  return found?.route;
}

/** https with a certificate and key, plain http without. */
function createNodeServer(tls: TlsFiles | undefined, listener: (req: IncomingMessage, res: ServerResponse) => void): Server | HttpsServer {
  return tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, listener) : createServer(listener);
}

async function handle<C extends BaseContext>(apollo: ApolloServer<C>, options: ServeOptions<C>, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", "http://localhost");
  const route = options.routes?.[url.pathname] ?? prefixRoute(options.routes, url.pathname);
  if (route) return route(req, res);
  if (url.pathname !== "/graphql") {
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
    return;
  }
  let body: unknown;
  try {
    body = await readJsonBody(req);
  } catch (error) {
    const status = (error as { status?: number }).status ?? 400;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify({ errors: [{ message: (error as Error).message, extensions: { code: "BAD_REQUEST" } }] }));
    return;
  }
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: (req.method ?? "GET").toUpperCase(), headers, search: url.search, body },
    context: () => options.context(req, body),
  });
  // Already answered (past answerWithinMs): this late answer goes nowhere.
  if (res.headersSent) return;
  res.statusCode = response.status ?? 200;
  for (const [name, value] of response.headers) res.setHeader(name, value);
  if (response.body.kind === "complete") {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  if (req.method !== "POST") return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error("Request body too large."), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!(req.headers["content-type"] ?? "").includes("application/json")) return text;
  try {
    return text === "" ? {} : JSON.parse(text);
  } catch {
    throw Object.assign(new Error("Request body is not valid JSON."), { status: 400 });
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}
