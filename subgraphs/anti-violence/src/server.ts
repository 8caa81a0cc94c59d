import { fileURLToPath } from "node:url";
import { createSubgraph, type Subgraph, type SubgraphOptions } from "@percorsi/kit/author";
import { makeLoaders, type AntiViolenceLoaders } from "./context.js";
import { buildAntiViolenceSchema } from "./schema.js";
import { seedAntiViolence } from "../seed/seed.js";
import { loadDirectory } from "./modules/organisation/organisation.directory.js";

export const SUBGRAPH_NAME = "anti-violence";
export const DEFAULT_PORT = 4001;

/** Builds the case-holders' subgraph without listening, so tests run it in-process. */
export function createAntiViolenceSubgraph(options: SubgraphOptions = {}): Promise<Subgraph<AntiViolenceLoaders>> {
  return createSubgraph(
    {
      name: SUBGRAPH_NAME,
      migrationsDirectory: fileURLToPath(new URL("../migrations", import.meta.url)),
      buildSchema: buildAntiViolenceSchema,
      makeLoaders,
      loadNetworkData: loadDirectory,
      seed: seedAntiViolence,
    },
    options,
  );
}
