import type { Database } from "../db/database.js";
import { sendJson, type RouteHandler } from "../http/serve.js";

type Check = "ok" | "unavailable";

const PROBE_TIMEOUT_MS = 2_000;

/** Rejects when `work` has not settled in time: a probe never hangs on a pool that is all busy. */
function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("probe timed out")), ms)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * Could an audit entry be written now? Takes, and gives back at once, the lock an insert into
 * `audit_log` takes (ROW EXCLUSIVE), waiting half a second at most: a table locked by another
 * session, a revoked privilege or a read-only store all answer no. Nothing is written.
 */
async function auditWritable(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    if (db.kind === "postgres") await tx.query("set local lock_timeout = '500ms'");
    await tx.query("lock table audit_log in row exclusive mode");
  });
}

async function check(probe: Promise<unknown>): Promise<Check> {
  try {
    await within(probe, PROBE_TIMEOUT_MS);
    return "ok";
  } catch {
    return "unavailable";
  }
}

/**
 * A subgraph's health, unauthenticated and saying nothing but up or down:
 * - `/health/live`: the process answers (restart it if not);
 * - `/health/ready` (and `/health`): it can serve, its store answering and its audit writable.
 *   An unaudited answer is refused, so a subgraph that cannot write its audit is `degraded`
 *   (503), not ok.
 */
export function healthRoutes(db: Database): Record<string, RouteHandler> {
  const ready: RouteHandler = async (_req, res) => {
    const store = await check(db.query("select 1"));
    const audit = store === "ok" ? await check(auditWritable(db)) : "unavailable";
    const status = store !== "ok" ? "unavailable" : audit !== "ok" ? "degraded" : "ok";
    sendJson(res, status === "ok" ? 200 : 503, { status, checks: { store, audit } });
  };
  return {
    "/health/live": (_req, res) => sendJson(res, 200, { status: "ok" }),
    "/health/ready": ready,
    "/health": ready,
  };
}
