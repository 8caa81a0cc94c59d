// `npm run seed`: migrates this subgraph's store and writes the demo data into it, then exits.
import { fileURLToPath } from "node:url";
import { dataDir, log, migrate, openDatabase, refuseToStart } from "@percorsi/kit";
import { SUBGRAPH_NAME } from "../src/server.js";
import { seedAntiViolence } from "./seed.js";

const db = await openDatabase({ url: process.env.DATABASE_URL, directory: dataDir(SUBGRAPH_NAME, "pgdata") }).catch(refuseToStart);
try {
  await migrate(db, fileURLToPath(new URL("../migrations", import.meta.url)));
  await seedAntiViolence(db);
  log.info("seed.done", { subgraph: SUBGRAPH_NAME, store: db.kind });
} finally {
  await db.close();
}
