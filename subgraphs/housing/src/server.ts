import { fileURLToPath } from "node:url";
import { createSubgraph, type RestEndpoint, type Subgraph, type SubgraphOptions } from "@percorsi/kit/author";
import { housingRegistrySource, type HousingLoaders } from "./context.js";
import { buildHousingSchema } from "./schema.js";
import { HOUSING_SECTIONS } from "./modules/indicators/index.js";

export const SUBGRAPH_NAME = "housing";
export const DEFAULT_PORT = 4004;
/** The existing system it sits over, as the network manifest names it (`services:`). */
export const SYSTEM = "housing-registry";

export interface HousingSubgraphOptions extends SubgraphOptions {
  /** Where the system answers, by service name; else from the environment. */
  services?: Readonly<Record<string, RestEndpoint>>;
}

/**
 * Builds the housing subgraph without listening. Its data lives in housing-registry (REST); its
 * own store keeps only the kit's audit log and idempotency keys.
 */
export async function createHousingSubgraph(options: HousingSubgraphOptions = {}): Promise<Subgraph<HousingLoaders>> {
  const source = housingRegistrySource(options.services?.[SYSTEM]);
  return createSubgraph(
    {
      name: SUBGRAPH_NAME,
      migrationsDirectory: fileURLToPath(new URL("../migrations", import.meta.url)),
      buildSchema: buildHousingSchema,
      makeLoaders: (_db, _actor, signal) => source.forRequest(signal),
      restSources: [source],
      // Its section of the network's indicators (housing autonomy).
      indicatorSections: HOUSING_SECTIONS,
    },
    options,
  );
}
