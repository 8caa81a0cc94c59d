import { ConfigurationError, RestSource, type RestClient, type RestEndpoint, type SubgraphContext } from "@percorsi/kit/author";
import { __SERVICE__ } from "./__service__/__service__.mapping.js";

type Mapping = typeof __SERVICE__;
export type __ServicePascal__Source = RestSource<Mapping["entities"], Mapping["writes"]>;

/** The system this subgraph maps: given (tests, the in-process network) or `__SERVICE___URL` and `__SERVICE___API_KEY`. */
export function __serviceCamel__Source(endpoint: RestEndpoint | undefined = fromEnv()): __ServicePascal__Source {
  return new RestSource(__SERVICE__, endpoint);
}

function fromEnv(): RestEndpoint {
  const url = process.env.__SERVICE___URL;
  const apiKey = process.env.__SERVICE___API_KEY;
  if (!url || !apiKey) throw new ConfigurationError("__SERVICE___URL and __SERVICE___API_KEY must say where __service__ is and the key it gave us.");
  return { url, apiKey };
}

/**
 * Per request: the system's loaders (every record of a batch of pathways in one call per
 * entity, never one per pathway) and its writes, stopping with the request.
 */
export type __Name__Loaders = RestClient<Mapping["entities"], Mapping["writes"]>;
export type __Name__Context = SubgraphContext<__Name__Loaders>;
