import { mkdirSync } from "node:fs";
import { PGlite, types as pgliteTypes } from "@electric-sql/pglite";
import pg from "pg";
import { acquireStoreLock } from "./store-lock.js";

/** The store behind a request's view of it (the kit's `auditedTransactions`). */
export const STORE = Symbol("store");

/** The store itself, for what is kept per store (the audit writer, the purge clock). */
export function storeOf(db: Database): Database {
  return (db as { [STORE]?: Database })[STORE] ?? db;
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
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent, PGlite is used. */
  url?: string | undefined;
  /** PGlite data directory; absent means in memory. */
  directory?: string | undefined;
  /** An already open PGlite (a clone in tests). */
  pglite?: PGlite;
}

// DATE stays a "YYYY-MM-DD" string: a JS Date would shift it by the server's time zone.
const DATE_OID = 1082;

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  if (options.url) return openPostgres(options.url);
  if (options.pglite) return wrapPglite(options.pglite);
  if (!options.directory) return wrapPglite(await createPglite("memory://"));
  // One process per store: the lock is taken before PGlite touches the directory, and a store
  // in use refuses the open (StoreInUseError) rather than splitting in two.
  const lock = acquireStoreLock(options.directory);
  try {
    mkdirSync(options.directory, { recursive: true });
    return wrapPglite(await createPglite(options.directory), () => lock.release());
  } catch (error) {
    lock.release();
    throw error;
  }
}

function createPglite(dataDir: string): Promise<PGlite> {
  return PGlite.create(dataDir, { parsers: { [pgliteTypes.DATE]: (value: string) => value } });
}

export function wrapPglite(db: PGlite, onClose?: () => void): Database {
  let roundTrips = 0;
  type Runner = Pick<PGlite, "query" | "exec">;
  const query = async <T>(runner: Runner, sql: string, params?: readonly unknown[]) => {
    roundTrips++;
    const result = await runner.query<T>(sql, params as unknown[] | undefined);
    return result.rows;
  };
  const exec = async (runner: Runner, sql: string) => {
    roundTrips++;
    await runner.exec(sql);
  };
  return {
    kind: "pglite",
    get roundTrips() {
      return roundTrips;
    },
    query: (sql, params) => query(db, sql, params),
    exec: (sql) => exec(db, sql),
    transaction(work) {
      return db.transaction((tx) => work({ query: (sql, params) => query(tx, sql, params), exec: (sql) => exec(tx, sql) }));
    },
    async close() {
      try {
        await db.close();
      } finally {
        onClose?.();
      }
    },
  };
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === DATE_OID ? (value: string) => value : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client's error (server restart) must not crash the process.
  pool.on("error", () => undefined);
  let roundTrips = 0;
  const run = async <T>(client: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]) => {
    roundTrips++;
    const result = await client.query(sql, params as unknown[] | undefined);
    return result.rows as T[];
  };
  await run(pool, "select 1");
  return {
    kind: "postgres",
    get roundTrips() {
      return roundTrips;
    },
    query: (sql, params) => run(pool, sql, params),
    async exec(sql) {
      await run(pool, sql);
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query("begin");
        const result = await work({
          query: (sql, params) => run(client, sql, params),
          exec: async (sql) => void (await run(client, sql)),
        });
        await client.query("commit");
        return result;
      } catch (error) {
        await client.query("rollback");
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
