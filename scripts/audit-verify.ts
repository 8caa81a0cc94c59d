// npm run audit:verify: recomputes every subgraph's audit hash chain and says whether it holds.
// Prints one line per subgraph (counts and entry numbers only, never personal data) and exits 1
// when any chain is broken, 2 when a store could not be read, 0 otherwise.
//
// Each subgraph's store is chosen as scripts/start.mjs chooses it: <NAME>_DATABASE_URL, else
// DATABASE_URL's server with database <database>_<subgraph> (never created here), else the PGlite
// directory <data dir>/<subgraph>/pgdata (skipped when absent).
//
// A PGlite store is opened by one process at a time: while its subgraph runs, the store is
// locked, and this command refuses it (exit 2) without touching it. Stop the network first.
import { existsSync } from "node:fs";
import { dataDir, openDatabase, StoreInUseError, verifyAuditChain, type Database } from "@percorsi/kit";
import { envNameOf, readNetwork } from "@percorsi/schema/network";

type Store = { url: string } | { directory: string };

function storeFor(name: string): Store {
  const own = process.env[`${envNameOf(name)}_DATABASE_URL`];
  if (own) return { url: own };
  if (process.env.DATABASE_URL) {
    const server = new URL(process.env.DATABASE_URL);
    server.pathname = `/${server.pathname.slice(1) || "percorsi"}_${name.replace(/-/g, "_")}`;
    return { url: server.toString() };
  }
  return { directory: dataDir(name, "pgdata") };
}

function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const names = readNetwork().map((subgraph) => subgraph.name);
let broken = false;
let failed = false;

for (const name of names) {
  const store = storeFor(name);
  if ("directory" in store && !existsSync(store.directory)) {
    console.log(`${name}: skipped, no store at ${store.directory}`);
    continue;
  }
  let db: Database | undefined;
  try {
    db = await openDatabase(store);
    const report = await verifyAuditChain(db);
    if (report.firstBroken) {
      broken = true;
      console.log(`${name}: BROKEN at entry ${report.firstBroken.seq} (${report.firstBroken.problem})`);
    } else {
      console.log(`${name}: ${report.entries} entries, chain intact`);
    }
  } catch (error) {
    const code = errorCode(error);
    if (error instanceof StoreInUseError) {
      failed = true;
      const holder = error.holder ? ` by process ${error.holder.pid}` : "";
      console.log(`${name}: refused, the store is in use${holder} (its subgraph is running): stop the network first, one process per store`);
    } else if (code === "3D000") {
      console.log(`${name}: skipped, database does not exist`);
    } else if (code === "42P01") {
      console.log(`${name}: skipped, no audit log in this store`);
    } else {
      failed = true;
      console.log(`${name}: could not verify: ${errorMessage(error)}`);
    }
  } finally {
    await db?.close();
  }
}

process.exit(broken ? 1 : failed ? 2 : 0);
