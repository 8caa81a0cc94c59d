import { ConfigurationError, RestSource, type RestClient, type RestEndpoint, type SubgraphContext } from "@percorsi/kit/author";
import { HOUSING_REGISTRY } from "./housing-registry/housing-registry.mapping.js";

type Mapping = typeof HOUSING_REGISTRY;
export type HousingRegistrySource = RestSource<Mapping["entities"], Mapping["writes"]>;

/** The system this subgraph maps: given (tests, the in-process network) or `HOUSING_REGISTRY_URL` and `HOUSING_REGISTRY_API_KEY`. */
export function housingRegistrySource(endpoint: RestEndpoint | undefined = fromEnv()): HousingRegistrySource {
  return new RestSource(HOUSING_REGISTRY, endpoint);
}

function fromEnv(): RestEndpoint {
  const url = process.env.HOUSING_REGISTRY_URL;
  const apiKey = process.env.HOUSING_REGISTRY_API_KEY;
  if (!url || !apiKey) throw new ConfigurationError("HOUSING_REGISTRY_URL and HOUSING_REGISTRY_API_KEY must say where housing-registry is and the key it gave us.");
  return { url, apiKey };
}

/**
 * Per request: the system's loaders (every record of a batch of pathways in one call per
 * entity, never one per pathway) and its writes, stopping with the request.
 */
export type HousingLoaders = RestClient<Mapping["entities"], Mapping["writes"]>;
export type HousingContext = SubgraphContext<HousingLoaders>;
