import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { dataDir, migrate, openDatabase, type Database, type RunningServer } from "@percorsi/kit";
import { allocationsOf, applicationsOf, insertApplication, needsOf } from "./store.js";
import { seedHousingRegistry } from "./seed.js";

/**
 * A STAND-IN for a housing body's existing system, so the housing subgraph has something real
 * to map: a plain REST/JSON service with its own store, its own API and its own auth (an API key
 * in `x-api-key`). It knows nothing of the network (no actor, no consent, no GraphQL): like the
 * system it stands for, it trusts whoever holds its key. The subgraph is what applies the network's
 * rules in front of it.
 *
 *   GET  /health
 *   GET  /needs?pathwayIds=a,b,...         { items: [{ id, pathway_id, housing_body_id, situation, household_size, assessed_on }] }
 *   GET  /applications?pathwayIds=a,b,...  { items: [{ id, pathway_id, housing_body_id, scheme, status, submitted_on, decided_on }] }
 *   GET  /allocations?pathwayIds=a,b,...   { items: [{ id, application_id, pathway_id, housing_body_id, allocated_on, tenure, district }] }
 *   POST /applications  { pathway_id, housing_body_id, scheme, submitted_on, recorded_by }  → 201 the application
 *        (an `Idempotency-Key` header makes a retry answer the first result)
 *
 * At most MAX_IDS pathway ids per read (400 beyond). `latencyMs` delays every answer but /health
 * (tests of a slow system).
 */
export const MAX_IDS = 200;
export const API_KEY_HEADER = "x-api-key";

export interface HousingRegistryOptions {
  /** Its API key (`HOUSING_REGISTRY_API_KEY`). */
  apiKey: string;
  /** An open store (tests); otherwise `DATABASE_URL`, else PGlite under `.data/housing-registry/`. */
  db?: Database;
  seed?: boolean;
  latencyMs?: number;
}

export interface HousingRegistry {
  db: Database;
  /** Requests answered, by "METHOD /path" (what the subgraph's batching is measured against). */
  calls: Record<string, number>;
  /** Delays every answer but /health from now on (0: none). */
  setLatency(ms: number): void;
  listen(port: number, host?: string): Promise<RunningServer>;
  stop(): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export async function createHousingRegistry(options: HousingRegistryOptions): Promise<HousingRegistry> {
  if (options.apiKey.length < 16) throw new Error("the housing registry's API key must be at least 16 characters long");
  const expected = digest(options.apiKey);
  const ownsDb = !options.db;
  const db = options.db ?? (await openDatabase({ url: process.env.DATABASE_URL, directory: dataDir("housing-registry", "pgdata") }));
  await migrate(db, fileURLToPath(new URL("../migrations", import.meta.url)));
  if (options.seed) await seedHousingRegistry(db);
  let latencyMs = options.latencyMs ?? 0;
  const calls: Record<string, number> = {};
  const reads: Record<string, (ids: string[]) => Promise<unknown[]>> = {
    "/needs": (ids) => needsOf(db, ids),
    "/applications": (ids) => applicationsOf(db, ids),
    "/allocations": (ids) => allocationsOf(db, ids),
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://registry");
    if (req.method === "GET" && url.pathname === "/health") return send(res, 200, { status: "ok" });
    const presented = req.headers[API_KEY_HEADER];
    if (typeof presented !== "string" || !timingSafeEqual(digest(presented), expected)) return send(res, 401, { error: "unauthorized" });
    const route = `${req.method} ${url.pathname}`;
    calls[route] = (calls[route] ?? 0) + 1;
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const read = req.method === "GET" ? reads[url.pathname] : undefined;
    if (read) {
      const ids = (url.searchParams.get("pathwayIds") ?? "").split(",").filter((id) => id !== "");
      if (ids.length > MAX_IDS || ids.some((id) => !UUID.test(id))) return send(res, 400, { error: "pathwayIds: at most 200 uuids" });
      return send(res, 200, { items: await read(ids.map((id) => id.toLowerCase())) });
    }
    if (route === "POST /applications") return createApplication(req, res);
    return send(res, 404, { error: "not found" });
  }

  async function createApplication(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return send(res, 400, { error: "not JSON" });
    }
    const { pathway_id, housing_body_id, scheme, submitted_on, recorded_by } = body;
    if (
      typeof pathway_id !== "string" ||
      !UUID.test(pathway_id) ||
      typeof housing_body_id !== "string" ||
      housing_body_id === "" ||
      (scheme !== "SOCIAL" && scheme !== "PROTECTED") ||
      typeof submitted_on !== "string" ||
      !DAY.test(submitted_on) ||
      (recorded_by !== null && recorded_by !== undefined && typeof recorded_by !== "string")
    ) {
      return send(res, 422, { error: "invalid application" });
    }
    const key = req.headers["idempotency-key"];
    const requestHash = createHash("sha256").update(raw).digest("hex");
    const answer = await db.transaction(async (tx) => {
      if (typeof key === "string" && key !== "") {
        const [seen] = await tx.query<{ request_hash: string; response: unknown }>("select request_hash, response from idempotency_keys where key = $1", [key]);
        if (seen) return seen.request_hash === requestHash ? { status: 201, body: seen.response } : { status: 409, body: { error: "idempotency key reused" } };
      }
      const created = await insertApplication(tx, {
        pathway_id: pathway_id.toLowerCase(),
        housing_body_id,
        scheme,
        submitted_on,
        recorded_by: (recorded_by as string | undefined) ?? null,
      });
      if (typeof key === "string" && key !== "") {
        await tx.query("insert into idempotency_keys (key, request_hash, response) values ($1, $2, $3)", [key, requestHash, JSON.stringify(created)]);
      }
      return { status: 201, body: created as unknown };
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
