import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "../db/database.js";

export interface TestBackend {
  name: "pglite" | "postgres";
  /** A fresh, empty database; closing it also drops it (PostgreSQL). */
  open(): Promise<Database>;
}

/**
 * The backends every repository and migration test runs on: PGlite always, and a PostgreSQL
 * server too when `TEST_DATABASE_URL` is set (each open creates its own database, dropped after).
 */
export function testBackends(): TestBackend[] {
  const backends: TestBackend[] = [{ name: "pglite", open: () => openDatabase() }];
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) backends.push({ name: "postgres", open: () => openScratchPostgres(serverUrl) });
  return backends;
}

async function openScratchPostgres(serverUrl: string): Promise<Database> {
  const name = `percorsi_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString() });
  return {
    ...db,
    get kind() {
      return db.kind;
    },
    get roundTrips() {
      return db.roundTrips;
    },
    async close() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      try {
        await cleanup.query(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

/** Rows in a table, to show that a refused write left nothing behind. */
export async function countRows(db: Database, table: string): Promise<number> {
  const [row] = await db.query<{ count: number }>(`select count(*)::int as count from ${table}`);
  return row?.count ?? 0;
}

/** The SQLSTATE a statement failed with ("23514" check, "23503" foreign key...; PGlite and node-postgres both carry it as `code`). */
export async function sqlState(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}
