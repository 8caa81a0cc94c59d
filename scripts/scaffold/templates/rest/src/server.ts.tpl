import { fileURLToPath } from "node:url";
import { createSubgraph, type RestEndpoint, type Subgraph, type SubgraphOptions } from "@percorsi/kit/author";
import { __serviceCamel__Source, type __Name__Loaders } from "./context.js";
import { build__Name__Schema } from "./schema.js";

export const SUBGRAPH_NAME = "__name__";
export const DEFAULT_PORT = __port__;
/** The existing system it sits over, as the network manifest names it (`services:`). */
export const SYSTEM = "__service__";

export interface __Name__SubgraphOptions extends SubgraphOptions {
  /** Where the system answers, by service name; else from the environment. */
  services?: Readonly<Record<string, RestEndpoint>>;
}

/**
 * Builds the __title__ subgraph without listening. Its data lives in __service__ (REST); its
 * own store keeps only the kit's audit log and idempotency keys.
 */
export async function create__Name__Subgraph(options: __Name__SubgraphOptions = {}): Promise<Subgraph<__Name__Loaders>> {
  const source = __serviceCamel__Source(options.services?.[SYSTEM]);
  return createSubgraph(
    {
      name: SUBGRAPH_NAME,
      migrationsDirectory: fileURLToPath(new URL("../migrations", import.meta.url)),
      buildSchema: build__Name__Schema,
      makeLoaders: (_db, _actor, signal) => source.forRequest(signal),
      restSources: [source],
    },
    options,
  );
}
