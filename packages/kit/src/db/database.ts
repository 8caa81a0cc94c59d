import { accessSync, constants, existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PGlite, types as pgliteTypes } from "@electric-sql/pglite";
import pg from "pg";
import { FairGate } from "./fair-gate.js";
import { acquireStoreLock } from "./store-lock.js";
import { isConnectionLost, isTimedOut, requestAbandoned, storeTimeout, storeUnavailable } from "./store-errors.js";
import { millisecondsFromEnv } from "../limits/failure-codes.js";
import { errorFields, log } from "../log.js";

/** The store behind a request's view of it (the kit's `auditedTransactions`). */
export const STORE = Symbol("store");

/** The store itself, for what is kept per store (the audit writer, the purge clock). */
export function storeOf(db: Database): Database {
  const behind = (db as { [STORE]?: Database })[STORE];
  return behind ? storeOf(behind) : db;
}

/** Anything that runs SQL: a database or a transaction on it. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs several statements at once (migrations, seeds); no parameters. */
  exec(sql: string): Promise<void>;
}

/**
 * One subgraph's store. The same SQL (PostgreSQL dialect) runs on embedded PGlite and on a
 * PostgreSQL server. `roundTrips` counts statements sent, so tests and the benchmark can prove
 * that batching holds.
 */
export interface Database extends Queryable {
  readonly kind: "pglite" | "postgres";
  readonly roundTrips: number;
  /** All or nothing: a failure anywhere rolls every write back. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * The same store for one request's work: once `signal` fires (the caller left, its deadline
   * passed) no further statement starts, a transaction rolls back instead of committing, and on
   * PostgreSQL the statement running is cancelled. Fails with REQUEST_ABORTED. `lane` (the
   * caller's organisation) shares the store's turns fairly between organisations (FairGate).
   */
  withSignal(signal: AbortSignal, lane?: string): Database;
  close(): Promise<void>;
}

/** Per-request views share the store and its counters; closing one closes nothing. */
function bound(base: Database, signal: AbortSignal, lane: string, parts: Pick<Database, "query" | "exec" | "transaction">): Database {
  return {
    [STORE]: base,
    get kind() {
      return base.kind;
    },
    get roundTrips() {
      return base.roundTrips;
    },
    ...parts,
    withSignal: (other, otherLane) => base.withSignal(AbortSignal.any([signal, other]), otherLane ?? lane),
    close: async () => undefined,
  } as Database;
}

/** The lane of work no request asked for (migrations, the audit writer, purges). */
const STORE_LANE = "";

function throwIfAbandoned(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw requestAbandoned();
}

/** Timeouts a PostgreSQL session runs under: `DB_STATEMENT_TIMEOUT_MS`, `DB_LOCK_TIMEOUT_MS`. */
export interface StoreTimeouts {
  /** No statement runs longer (default 15 s, the gateway's request deadline). */
  statementMs: number;
  /** No statement waits longer for a lock (default 2 s): a locked audit table is refused quickly. */
  lockMs: number;
}

export function storeTimeoutsFromEnv(): StoreTimeouts {
  return {
    statementMs: millisecondsFromEnv("DB_STATEMENT_TIMEOUT_MS", 15_000),
    lockMs: millisecondsFromEnv("DB_LOCK_TIMEOUT_MS", 2_000),
  };
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent, PGlite is used. */
  url?: string | undefined;
  /** PGlite data directory; absent means in memory. */
  directory?: string | undefined;
  /** An already open PGlite (a clone in tests). */
  pglite?: PGlite;
  /** PostgreSQL only; from the environment when absent. */
  timeouts?: StoreTimeouts;
}

/**
 * The store could not be opened (a server that does not answer, a directory that cannot be
 * read or written): the service cannot start, and says so in one line.
 */
export class StoreOpenError extends Error {
  readonly code = "STORE_UNAVAILABLE";
  constructor(message: string) {
    super(message);
    this.name = "StoreOpenError";
  }
}

// DATE stays a "YYYY-MM-DD" string: a JS Date would shift it by the server's time zone.
const DATE_OID = 1082;

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.timeouts ?? storeTimeoutsFromEnv());
  if (options.pglite) return wrapPglite(options.pglite);
  if (!options.directory) return wrapPglite(await createPglite("memory://"));
  // One process per store: the lock is taken before PGlite touches the directory, and a store
  // in use refuses the open (StoreInUseError) rather than splitting in two.
  assertUsableDirectory(options.directory);
  const lock = acquireStoreLock(options.directory);
  try {
    mkdirSync(options.directory, { recursive: true });
    return wrapPglite(await createPglite(options.directory), () => lock.release());
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** A store directory (or the folder it will be made in) that this process can read and write. */
function assertUsableDirectory(directory: string): void {
  let path = resolve(directory);
  while (!existsSync(path) && dirname(path) !== path) path = dirname(path);
  try {
    if (!statSync(path).isDirectory()) throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
    accessSync(path, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new StoreOpenError(`the store at ${directory} cannot be read or written by this process (${(error as { code?: string }).code ?? "error"})`);
  }
}

function createPglite(dataDir: string): Promise<PGlite> {
  return PGlite.create(dataDir, { parsers: { [pgliteTypes.DATE]: (value: string) => value } });
}

export function wrapPglite(db: PGlite, onClose?: () => void): Database {
  let roundTrips = 0;
  type Runner = Pick<PGlite, "query" | "exec">;
  // PGlite runs one statement (or transaction) at a time in this process and cannot interrupt
  // one: a request that is abandoned stops before its next statement, and the turns go round
  // the organisations waiting, so that one's heavy work delays another's by a statement at most.
  const gate = new FairGate(1);
  const query = async <T>(runner: Runner, sql: string, params: readonly unknown[] | undefined, signal?: AbortSignal) => {
    throwIfAbandoned(signal);
    roundTrips++;
    const result = await runner.query<T>(sql, params as unknown[] | undefined);
    return result.rows;
  };
  const exec = async (runner: Runner, sql: string, signal?: AbortSignal) => {
    throwIfAbandoned(signal);
    roundTrips++;
    await runner.exec(sql);
  };
  const transaction = <T>(work: (tx: Queryable) => Promise<T>, signal?: AbortSignal) => {
    throwIfAbandoned(signal);
    return db.transaction(async (tx) => {
      const result = await work({ query: (sql, params) => query(tx, sql, params, signal), exec: (sql) => exec(tx, sql, signal) });
      // Nobody waits for the answer: roll back rather than commit a write its caller was told failed.
      throwIfAbandoned(signal);
      return result;
    });
  };
  const onTurn = (lane: string, signal?: AbortSignal) => ({
    query: <T>(sql: string, params?: readonly unknown[]) => gate.run(lane, () => query<T>(db, sql, params, signal), signal),
    exec: (sql: string) => gate.run(lane, () => exec(db, sql, signal), signal),
    transaction: <T>(work: (tx: Queryable) => Promise<T>) => gate.run(lane, () => transaction(work, signal), signal),
  });
  const database: Database = {
    kind: "pglite",
    get roundTrips() {
      return roundTrips;
    },
    ...onTurn(STORE_LANE),
    withSignal: (signal, lane = STORE_LANE) => bound(database, signal, lane, onTurn(lane, signal)),
    async close() {
      try {
        await db.close();
      } finally {
        onClose?.();
      }
    },
  };
  return database;
}

const READ_ATTEMPTS = 3;

/** Only a plain SELECT is retried after a lost connection: running it twice changes nothing. */
function isRetryableRead(sql: string): boolean {
  return /^\s*select\b/i.test(sql) && !/\b(insert|update|delete|nextval|setval|pg_advisory|for\s+(update|share|no key update|key share))\b/i.test(sql);
}

/**
 * What the driver's error means for the caller: a lost connection is STORE_UNAVAILABLE, a timeout
 * STORE_TIMEOUT, the request's own cancellation REQUEST_ABORTED; anything else (a constraint,
 * bad input) is left as it is for formatError.
 */
function translate(error: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) return requestAbandoned();
  if (isConnectionLost(error)) return storeUnavailable();
  if (isTimedOut(error)) return storeTimeout();
  return error;
}

const POOL_SIZE = 10;

async function openPostgres(url: string, timeouts: StoreTimeouts): Promise<Database> {
  const pool = new pg.Pool({
    Client: ListenedClient,
    connectionString: url,
    max: POOL_SIZE,
    // Waiting for a free connection is bounded too: a store that does not answer is reported.
    connectionTimeoutMillis: 5_000,
    // Every session: no statement runs, or waits for a lock, without end (0 = none).
    statement_timeout: timeouts.statementMs || undefined,
    lock_timeout: timeouts.lockMs || undefined,
    // A transaction left open by a process that stalled does not hold its locks for long.
    idle_in_transaction_session_timeout: Math.max(timeouts.statementMs, 10_000),
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === DATE_OID ? (value: string) => value : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
    },
  });
  // The pool reports (and drops) an idle connection that failed; ListenedClient covers the rest.
  pool.on("error", () => undefined);
  const checkout = async (signal: AbortSignal | undefined): Promise<pg.PoolClient> => {
    throwIfAbandoned(signal);
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      log.warn("store.connect_failed", errorFields(error));
      throw storeUnavailable();
    }
    return client;
  };
  /** A client whose connection failed is discarded, never handed to the next request. */
  const release = (client: pg.PoolClient, error?: unknown) => client.release(error !== undefined && isConnectionLost(error) ? (error as Error) : undefined);

  // The pool's connections are shared fairly between organisations, as PGlite's one is.
  const gate = new FairGate(POOL_SIZE);
  let roundTrips = 0;
  /**
   * One statement on a checked-out client. When the signal fires while it runs, the server is
   * asked to cancel it (on a connection of its own: the pool's may all be busy), and the client
   * is not released before that request is done, so the cancel cannot reach a later statement.
   */
  const run = async <T>(client: pg.PoolClient, sql: string, params: readonly unknown[] | undefined, signal: AbortSignal | undefined) => {
    throwIfAbandoned(signal);
    roundTrips++;
    let cancelling: Promise<void> | undefined;
    const cancel = () => void (cancelling = cancelBackend(url, (client as unknown as { processID: number }).processID));
    signal?.addEventListener("abort", cancel, { once: true });
    try {
      const result = await client.query(sql, params as unknown[] | undefined);
      return result.rows as T[];
    } finally {
      signal?.removeEventListener("abort", cancel);
      await cancelling;
    }
  };
  const query = async <T>(sql: string, params: readonly unknown[] | undefined, signal: AbortSignal | undefined, attempt = 1): Promise<T[]> => {
    const client = await checkout(signal);
    try {
      const rows = await run<T>(client, sql, params, signal);
      release(client);
      return rows;
    } catch (error) {
      release(client, error);
      // A read that lost its connection is tried again on another; a restart or failover
      // ends every connection of the pool at once, so the next one taken may be dead too.
      if (attempt < READ_ATTEMPTS && !signal?.aborted && isConnectionLost(error) && isRetryableRead(sql)) {
        log.warn("store.read_retried", { ...errorFields(error), attempt });
        // A moment for the pool to hear of its other dead connections before it hands one out.
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
        return query(sql, params, signal, attempt + 1);
      }
      throw translate(error, signal);
    }
  };
  const transaction = async <T>(work: (tx: Queryable) => Promise<T>, signal: AbortSignal | undefined): Promise<T> => {
    const client = await checkout(signal);
    let failure: unknown;
    try {
      // begin and commit are not counted, as on PGlite: roundTrips counts the work's statements.
      throwIfAbandoned(signal);
      await client.query("begin");
      const result = await work({
        query: (sql, params) => run(client, sql, params, signal),
        exec: async (sql) => void (await run(client, sql, undefined, signal)),
      });
      // Nobody waits for the answer: roll back rather than commit a write its caller was told failed.
      throwIfAbandoned(signal);
      await client.query("commit");
      return result;
    } catch (error) {
      failure = error;
      // On a lost connection the server has rolled back already; nothing to send.
      if (!isConnectionLost(error)) await client.query("rollback").catch((rollbackError: unknown) => (failure = rollbackError));
      throw translate(error, signal);
    } finally {
      release(client, failure);
    }
  };
  try {
    await query("select 1", undefined, undefined);
  } catch (error) {
    await pool.end().catch(() => undefined);
    const cause = (error as { extensions?: { code?: string } }).extensions?.code ?? (error as { code?: string }).code ?? "error";
    throw new StoreOpenError(`the PostgreSQL server of DATABASE_URL does not answer (${cause})`);
  }
  const onTurn = (lane: string, signal?: AbortSignal) => ({
    query: <T>(sql: string, params?: readonly unknown[]) => gate.run(lane, () => query<T>(sql, params, signal), signal),
    exec: async (sql: string) => void (await gate.run(lane, () => query(sql, undefined, signal), signal)),
    transaction: <T>(work: (tx: Queryable) => Promise<T>) => gate.run(lane, () => transaction(work, signal), signal),
  });
  const database: Database = {
    kind: "postgres",
    get roundTrips() {
      return roundTrips;
    },
    ...onTurn(STORE_LANE),
    withSignal: (signal, lane = STORE_LANE) => bound(database, signal, lane, onTurn(lane, signal)),
    close: () => pool.end(),
  };
  return database;
}

/**
 * A connection the server ends (restart, failover, `pg_terminate_backend`) emits 'error' on its
 * client, whether idle, checked out or between the two: unheard, it would take the process down.
 * Each client listens from birth; the statement it was running fails, and is translated.
 */
class ListenedClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on("error", (error) => log.warn("store.connection_lost", errorFields(error)));
  }
}

/** Asks the server to cancel what one backend is running; a failure to ask is only logged. */
async function cancelBackend(url: string, processId: number): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("select pg_cancel_backend($1)", [processId]);
  } catch (error) {
    log.warn("store.cancel_failed", errorFields(error));
  } finally {
    await client.end().catch(() => undefined);
  }
}
