import { ConfigurationError, RestSource, type RestClient, type RestEndpoint, type SubgraphContext } from "@percorsi/kit/author";
import { HOUSING_REGISTRY } from "./registry/housing-registry.mapping.js";

type Mapping = typeof HOUSING_REGISTRY;
export type HousingRegistrySource = RestSource<Mapping["entities"], Mapping["writes"]>;

/** The housing body's system this subgraph maps: given (tests, the in-process network) or `HOUSING_REGISTRY_URL` and `_API_KEY`. */
export function housingRegistrySource(endpoint: RestEndpoint | undefined = registryFromEnv()): HousingRegistrySource {
  return new RestSource(HOUSING_REGISTRY, endpoint);
}

function registryFromEnv(): RestEndpoint {
  const url = process.env.HOUSING_REGISTRY_URL;
  const apiKey = process.env.HOUSING_REGISTRY_API_KEY;
  if (!url || !apiKey) throw new ConfigurationError("HOUSING_REGISTRY_URL and HOUSING_REGISTRY_API_KEY must say where the housing body's system is and the key it gave us.");
  return { url, apiKey };
}

/**
 * Per request: the registry's loaders (every record of a batch of pathways in one call per
 * entity, never one per pathway) and its writes, stopping with the request.
 */
export type HousingLoaders = RestClient<Mapping["entities"], Mapping["writes"]>;
export type HousingContext = SubgraphContext<HousingLoaders>;
