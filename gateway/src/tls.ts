import { createRequire } from "node:module";
import type { RemoteGraphQLDataSource } from "@apollo/gateway";
import { readPem } from "@percorsi/kit";

type Fetcher = RemoteGraphQLDataSource["fetcher"];

// The fetch @apollo/gateway itself uses (it ships no types of its own).
const makeFetchHappen = createRequire(import.meta.url)("make-fetch-happen") as { defaults(options: Record<string, unknown>): Fetcher };

/**
 * https to subgraphs across hosts. `SUBGRAPH_CA_FILE` names the PEM certificate(s) of the CA
 * that signed the subgraphs' certificates: then the gateway trusts that CA alone for them (not
 * the system's public roots). Without it, https routing URLs are verified against the system's
 * roots; either way a certificate that does not verify fails the fetch, so nothing is sent.
 */
export function subgraphCaFromEnv(env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
  return env.SUBGRAPH_CA_FILE ? readPem("SUBGRAPH_CA_FILE", env.SUBGRAPH_CA_FILE) : undefined;
}

/** The fetch the gateway sends subgraph operations and health checks with. */
export function subgraphFetcher(ca: Buffer | undefined = subgraphCaFromEnv()): Fetcher {
  // As @apollo/gateway's default (no retries, unlimited sockets), with the CA when one is set.
  return makeFetchHappen.defaults({ maxSockets: Infinity, retry: false, strictSSL: true, ...(ca ? { ca: ca.toString("utf8") } : {}) });
}

/** Puts the fetcher on a data source: `withFetcher(new AssertingDataSource(...), fetcher)`. */
export function withFetcher<T extends RemoteGraphQLDataSource<any>>(source: T, fetcher: Fetcher): T {
  source.fetcher = fetcher;
  return source;
}
