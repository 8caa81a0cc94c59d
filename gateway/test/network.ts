// The whole network in one process, for tests: the manifest's subgraphs (schema/supergraph.yaml)
// and the services they use, the gateway over the committed supergraph, and the consent
// authority's release runner, all found through the manifest. Exported as
// `@percorsi/gateway/testing`, so a signatory's subgraph, once in the manifest, can be tested
// inside the whole network from its own tests.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT } from "jose";
import { openDatabase, type Database, type RunningServer } from "@percorsi/kit/author";
import { loadSigningKey, type PlannedRelease } from "@percorsi/kit/authority";
import { postGraphQL, startServices, type GraphQLResponse, type SubgraphFactory } from "@percorsi/kit/testing";
import { readSupergraph } from "@percorsi/schema/supergraph";
import type { OrganisationType, Purpose, Role } from "@percorsi/schema";
import { envNameOf, importExport, readNetwork, type NetworkSubgraph } from "@percorsi/schema/network";
import { devTokenFor } from "../src/auth/dev-tokens.js";
import { CALLER_CLAIMS } from "../src/auth/caller.js";
import { DEV_AUDIENCE, DEV_ISSUER, DEV_ISSUER_KEY_NAME } from "../src/config.js";
import { createGateway, type GatewayOptions } from "../src/server.js";

/** A subgraph's name: the manifest's (schema/supergraph.yaml), whatever subgraphs it lists. */
export type SubgraphName = string;

/**
 * What the consent authority's release runner (its manifest entry's `release_runner`) does here:
 * run every release due on a day, sending each subgraph its cohort.
 */
export interface NetworkReleases {
  runAllDue(day?: string): Promise<{ release: PlannedRelease; cells: Record<string, number>; women: Record<string, number> }[]>;
}
type ReleaseRunnerFactory = (db: Database, env: NodeJS.ProcessEnv) => NetworkReleases;

/** A request the gateway sent to a subgraph, as the subgraph received it. */
export interface SubgraphRequest {
  subgraph: SubgraphName;
  query: string;
  variables: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}

/** A caller the demo data does not have: any organisation, any roles (dev issuer). */
export interface CustomCaller {
  userId: string;
  organisationId: string;
  organisationType: OrganisationType;
  roles: Role[];
}

export interface TestNetworkOptions {
  /** Put a recording proxy in front of each subgraph (see `subgraphRequests`). */
  recordSubgraphRequests?: boolean;
  /** Gateway options over the test defaults (safelist mode, manifests...). */
  gateway?: Partial<GatewayOptions>;
  /** Publish the indicator releases due on this day once seeded (the consent authority's runner), e.g. RELEASE_DAY. */
  releasesDueOn?: string;
}

/** The day the tests' releases are due: the demo's data ends on 2026-11-20, so release "2026-11". */
export const RELEASE_DAY = "2026-12-01";

export interface TestNetwork {
  gatewayUrl: string;
  /** Each subgraph of the manifest that runs in this process (a `server` factory), by name. */
  subgraphs: Record<SubgraphName, { url: string; db: Database }>;
  /** The stand-ins for agencies' existing systems the subgraphs use (the manifest's `services:`), by name. */
  services: Record<string, { url: string; apiKey: string }>;
  /**
   * Sends an operation through the gateway as a demo user (or a custom caller), with an
   * optional purpose and extra headers.
   */
  query<T = any>(
    user: string | CustomCaller | null,
    query: string,
    variables?: Record<string, unknown>,
    purpose?: Purpose | null,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  /** A bearer token of a demo user (or a custom caller), for requests sent by hand. */
  token(user: string | CustomCaller): Promise<string>;
  /** SQL statements each subgraph has sent so far. */
  roundTrips(): Record<string, number>;
  /** Requests the subgraphs received so far (with `recordSubgraphRequests` only). */
  subgraphRequests: SubgraphRequest[];
  /** The consent authority's release runner, sending parts to these subgraphs. */
  releases: NetworkReleases;
  stop(): Promise<void>;
}

/**
 * The whole network in this process, over real HTTP on free ports: the manifest's subgraphs on
 * in-memory PGlite seeded with the demo network (and the services they use, first), and the
 * gateway over the committed supergraph.
 */
export async function startTestNetwork(options: TestNetworkOptions = {}): Promise<TestNetwork> {
  // Every subgraph of the manifest that can run in this process (a `server` factory).
  const subgraphRequests: SubgraphRequest[] = [];
  const network = readNetwork();
  const services = await startServices(network.flatMap((subgraph) => (subgraph.server ? subgraph.uses : [])));
  const started = await Promise.all(
    network.flatMap(({ name, server: factory }) => (factory ? [{ name, factory }] : [])).map(async ({ name, factory }) => {
      const create = await importExport<SubgraphFactory>(factory);
      const db = await openDatabase();
      const subgraph = await create({ db, seed: true, services: services.endpoints });
      const server: RunningServer = await subgraph.listen(0);
      const proxy = options.recordSubgraphRequests ? await recordingProxy(name, server.url, subgraphRequests) : null;
      return { name, db, subgraph, server, proxy };
    }),
  );
  const gateway = await createGateway({
    supergraphSdl: readSupergraph(),
    subgraphUrls: Object.fromEntries(started.map(({ name, server, proxy }) => [name, proxy?.url ?? server.url])),
    // One test drives many requests of one organisation in a burst: its fair share is not what
    // these tests are about (fairness.e2e.test.ts is), so it is lifted unless a test sets it.
    fairness: { concurrentCost: Number.MAX_SAFE_INTEGER, rateCost: Number.MAX_SAFE_INTEGER },
    ...options.gateway,
  });
  const gatewayServer = await gateway.listen(0);
  const releases = await releaseRunner(network, started);
  if (options.releasesDueOn) await releases.runAllDue(options.releasesDueOn);
  const tokens = new Map<string, string>();
  const tokenFor = async (user: string | CustomCaller) => {
    const key = typeof user === "string" ? user : JSON.stringify(user);
    if (!tokens.has(key)) tokens.set(key, typeof user === "string" ? await devTokenFor(user) : await customToken(user));
    return tokens.get(key)!;
  };
  return {
    gatewayUrl: gatewayServer.url,
    subgraphs: Object.fromEntries(started.map(({ name, server, db }) => [name, { url: server.url, db }])) as TestNetwork["subgraphs"],
    services: services.endpoints,
    async query(user, query, variables = {}, purpose = null, extraHeaders = {}) {
      const headers: Record<string, string> = { ...extraHeaders };
      if (user) headers.authorization = `Bearer ${await tokenFor(user)}`;
      if (purpose) headers["x-purpose"] = purpose;
      return postGraphQL(gatewayServer.url, query, variables, headers);
    },
    token: tokenFor,
    roundTrips: () => Object.fromEntries(started.map(({ name, db }) => [name, db.roundTrips])),
    subgraphRequests,
    releases,
    async stop() {
      await gateway.stop();
      await Promise.all(started.map(({ proxy }) => proxy?.close()));
      await Promise.all(started.map(({ subgraph }) => subgraph.stop()));
      await Promise.all(started.map(({ db }) => db.close()));
      await services.stop();
    },
  };
}

/** The consent authority's release runner (manifest: `consent_authority`, `release_runner`), over the subgraphs started here. */
async function releaseRunner(network: NetworkSubgraph[], started: { name: string; db: Database; server: RunningServer }[]): Promise<NetworkReleases> {
  const entry = network.find((subgraph) => subgraph.consentAuthority);
  const authority = started.find(({ name }) => name === entry?.name);
  if (!entry?.releaseRunner || !authority) {
    return { runAllDue: () => Promise.reject(new Error("the manifest names no consent authority with a release_runner running here")) };
  }
  const create = await importExport<ReleaseRunnerFactory>(entry.releaseRunner);
  // Where the runner reaches each subgraph: here, not the manifest's ports.
  return create(authority.db, Object.fromEntries(started.map(({ name, server }) => [`SUBGRAPH_${envNameOf(name)}_URL`, server.url])));
}

async function customToken(caller: CustomCaller): Promise<string> {
  const key = await loadSigningKey(DEV_ISSUER_KEY_NAME);
  return new SignJWT({
    [CALLER_CLAIMS.organisation]: caller.organisationId,
    [CALLER_CLAIMS.organisationType]: caller.organisationType,
    [CALLER_CLAIMS.roles]: caller.roles,
  })
    .setProtectedHeader({ alg: "EdDSA", kid: key.kid, typ: "JWT" })
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setSubject(caller.userId)
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(key.privateKey);
}

const HOP_BY_HOP = new Set(["host", "connection", "content-length", "transfer-encoding", "keep-alive"]);

/** Forwards everything to a subgraph and notes each GraphQL request: what the subgraph saw. */
async function recordingProxy(subgraph: SubgraphName, targetUrl: string, requests: SubgraphRequest[]) {
  const target = new URL(targetUrl);
  const http = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      try {
        const body = Buffer.concat(chunks);
        if (req.method === "POST" && body.length > 0) {
          const parsed = JSON.parse(body.toString("utf8")) as { query?: string; variables?: Record<string, unknown> };
          requests.push({ subgraph, query: parsed.query ?? "", variables: parsed.variables ?? {}, headers: req.headers });
        }
        const headers = Object.entries(req.headers).flatMap(([name, value]) =>
          HOP_BY_HOP.has(name) || value === undefined ? [] : [[name, Array.isArray(value) ? value.join(", ") : value] as [string, string]],
        );
        const response = await fetch(new URL(req.url ?? "/", target), {
          method: req.method,
          headers,
          body: req.method === "GET" || req.method === "HEAD" ? undefined : body,
        });
        const answer = Buffer.from(await response.arrayBuffer());
        res.writeHead(response.status, { "content-type": response.headers.get("content-type") ?? "application/json" }).end(answer);
      } catch {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      }
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", () => resolve()));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}
