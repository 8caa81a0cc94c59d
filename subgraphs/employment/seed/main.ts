import { fileURLToPath } from "node:url";
import { dataDir, log, migrate, openDatabase, refuseToStart } from "@percorsi/kit";
import { SUBGRAPH_NAME } from "../src/server.js";
import { seedEmployment } from "./seed.js";

// `npm run seed`: migrates and seeds this subgraph's own store (DATABASE_URL, else PGlite under .data/).
const db = await openDatabase({ url: process.env.DATABASE_URL, directory: dataDir(SUBGRAPH_NAME, "pgdata") }).catch(refuseToStart);
try {
  await migrate(db, fileURLToPath(new URL("../migrations", import.meta.url)));
  await seedEmployment(db);
  log.info("seed.done", { subgraph: SUBGRAPH_NAME, store: db.kind });
} finally {
  await db.close();
}
