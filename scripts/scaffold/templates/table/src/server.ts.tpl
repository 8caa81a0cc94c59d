import { fileURLToPath } from "node:url";
import { createSubgraph, type Subgraph, type SubgraphOptions } from "@percorsi/kit/author";
import { makeLoaders, type __Name__Loaders } from "./context.js";
import { build__Name__Schema } from "./schema.js";
import { seed__Name__ } from "../seed/seed.js";

export const SUBGRAPH_NAME = "__name__";
export const DEFAULT_PORT = __port__;

/** Builds the __title__ subgraph without listening, so tests run it in-process. */
export function create__Name__Subgraph(options: SubgraphOptions = {}): Promise<Subgraph<__Name__Loaders>> {
  return createSubgraph(
    {
      name: SUBGRAPH_NAME,
      migrationsDirectory: fileURLToPath(new URL("../migrations", import.meta.url)),
      buildSchema: build__Name__Schema,
      makeLoaders,
      seed: seed__Name__,
    },
    options,
  );
}
