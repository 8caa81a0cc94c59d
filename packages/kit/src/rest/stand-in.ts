/**
 * What every STAND-IN for an agency's existing REST system needs (services/housing-registry, and
 * the one `create-subgraph --over-rest` writes): a plain REST/JSON server over its own store and
 * its own API key, answering the batched reads and the writes of a kit mapping. It knows nothing
 * of the network: like the system it stands for, it trusts whoever holds its key. The stand-in
 * itself says only its tables' reads and writes.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dataDir, portFromEnv } from "../config/paths.js";
import { openDatabase, type Database, type Queryable } from "../db/database.js";
import { migrate } from "../db/migrate.js";
import type { RunningServer } from "../http/serve.js";
import { ConfigurationError, refuseToStart, runService } from "../subgraph/startup.js";

/** Most keys of one read (400 beyond), as such systems cap their URLs. */
export const STAND_IN_MAX_IDS = 200;
export const STAND_IN_API_KEY_HEADER = "x-api-key";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `GET <path>?<param>=a,b,...` answers `{ items: read(db, keys) }`; keys must match `keys` (uuids unless said). */
export interface StandInRead {
  path: string;
  param: string;
  keys?: RegExp;
  read(db: Queryable, keys: string[]): Promise<unknown[]>;
}

/** `POST <path>` with a JSON body: the row written (201), or null when the body is invalid (422). */
export interface StandInWrite {
  path: string;
  write(db: Queryable, body: Record<string, unknown>): Promise<unknown | null>;
}

export interface StandInSpec {
  /** Its name: its store is `.data/<name>/` unless `DATABASE_URL` says otherwise. */
  name: string;
  migrationsDirectory: string;
  /** Its demo data, into an empty store. */
  seed?: (db: Database) => Promise<void>;
  reads: readonly StandInRead[];
  writes: readonly StandInWrite[];
}

export interface StandInOptions {
  /** Its API key (`<NAME>_API_KEY`), at least 16 characters. */
  apiKey: string;
  /** An open store (tests); otherwise `DATABASE_URL`, else PGlite under `.data/<name>/`. */
  db?: Database;
  seed?: boolean;
  latencyMs?: number;
}

export interface RestStandIn {
  db: Database;
  /** Requests answered, by "METHOD /path" (what a subgraph's batching is measured against). */
  calls: Record<string, number>;
  /** Delays every answer but /health from now on (0: none): tests of a slow system. */
  setLatency(ms: number): void;
  listen(port: number, host?: string): Promise<RunningServer>;
  stop(): Promise<void>;
}

/**
 * The stand-in's server (not listening yet). Its writes take an `Idempotency-Key` header: a retry
 * answers the first result, the key reused for another body 409 (its store's `idempotency_keys`).
 */
export async function createRestStandIn(spec: StandInSpec, options: StandInOptions): Promise<RestStandIn> {
  if (options.apiKey.length < 16) throw new Error(`${spec.name}'s API key must be at least 16 characters long`);
  const expected = digest(options.apiKey);
  const ownsDb = !options.db;
  const db = options.db ?? (await openDatabase({ url: process.env.DATABASE_URL, directory: dataDir(spec.name, "pgdata") }));
  await migrate(db, spec.migrationsDirectory);
  if (options.seed && spec.seed) await spec.seed(db);
  let latencyMs = options.latencyMs ?? 0;
  const calls: Record<string, number> = {};

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://stand-in");
    if (req.method === "GET" && url.pathname === "/health") return send(res, 200, { status: "ok" });
    const presented = req.headers[STAND_IN_API_KEY_HEADER];
    if (typeof presented !== "string" || !timingSafeEqual(digest(presented), expected)) return send(res, 401, { error: "unauthorized" });
    const route = `${req.method} ${url.pathname}`;
    calls[route] = (calls[route] ?? 0) + 1;
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const read = req.method === "GET" ? spec.reads.find((r) => r.path === url.pathname && url.searchParams.has(r.param)) : undefined;
    if (read) {
      const keys = url.searchParams.get(read.param)!.split(",").filter((key) => key !== "");
      if (keys.length > STAND_IN_MAX_IDS || keys.some((key) => !(read.keys ?? UUID).test(key))) {
        return send(res, 400, { error: `${read.param}: at most ${STAND_IN_MAX_IDS} keys, each well formed` });
      }
      return send(res, 200, { items: await read.read(db, read.keys ? keys : keys.map((key) => key.toLowerCase())) });
    }
    const write = req.method === "POST" ? spec.writes.find((w) => w.path === url.pathname) : undefined;
    if (write) return written(req, res, write);
    return send(res, 404, { error: "not found" });
  }

  async function written(req: IncomingMessage, res: ServerResponse, write: StandInWrite): Promise<void> {
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return send(res, 400, { error: "not JSON" });
    }
    if (typeof body !== "object" || body === null) return send(res, 422, { error: "invalid body" });
    const key = req.headers["idempotency-key"];
    const keyed = typeof key === "string" && key !== "" ? key : null;
    const requestHash = createHash("sha256").update(`${write.path}\n${raw}`).digest("hex");
    const answer = await db.transaction(async (tx) => {
      if (keyed) {
        const [seen] = await tx.query<{ request_hash: string; response: unknown }>("select request_hash, response from idempotency_keys where key = $1", [keyed]);
        if (seen) return seen.request_hash === requestHash ? { status: 201, body: seen.response } : { status: 409, body: { error: "idempotency key reused" } };
      }
      const created = await write.write(tx, body as Record<string, unknown>);
      if (created === null) return { status: 422, body: { error: "invalid body" } };
      if (keyed) await tx.query("insert into idempotency_keys (key, request_hash, response) values ($1, $2, $3)", [keyed, requestHash, JSON.stringify(created)]);
      return { status: 201, body: created };
    });
    send(res, answer.status, answer.body);
  }

  const http = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { error: "internal" });
      else res.end();
    });
  });
  const closeHttp = () =>
    new Promise<void>((resolve) => {
      if (!http.listening) return resolve();
      http.close(() => resolve());
      http.closeAllConnections();
    });
  return {
    db,
    calls,
    setLatency(ms) {
      latencyMs = ms;
    },
    listen(port, host = "127.0.0.1") {
      return new Promise((resolve, reject) => {
        http.once("error", reject);
        http.listen(port, host, () => {
          const bound = (http.address() as AddressInfo).port;
          resolve({ url: `http://${host}:${bound}`, port: bound, http, close: () => closeHttp() });
        });
      });
    },
    async stop() {
      await closeHttp();
      if (ownsDb) await db.close();
    },
  };
}

/**
 * The stand-in as its own process (its `main`): `<ENV>_PORT` (else `defaultPort`), its key in
 * `<ENV>_API_KEY` (`npm start` makes one per run and gives it to the subgraphs that use it), seeded
 * unless `SEED=false`.
 */
export async function runRestStandIn(name: string, defaultPort: number, create: (options: StandInOptions) => Promise<RestStandIn>): Promise<void> {
  const env = name.toUpperCase().replace(/-/g, "_");
  const apiKey = process.env[`${env}_API_KEY`] ?? "";
  if (apiKey.length < 16) refuseToStart(new ConfigurationError(`${env}_API_KEY must be set, at least 16 characters long.`));
  await runService(name, portFromEnv(`${env}_PORT`, defaultPort), process.env.HOST ?? "127.0.0.1", () => create({ apiKey, seed: process.env.SEED !== "false" }));
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > 16_384) req.destroy();
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}
