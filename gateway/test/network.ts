import { openDatabase, type Database, type RunningServer } from "@percorsi/kit";
import { postGraphQL, type GraphQLResponse } from "@percorsi/kit/testing";
import { readSupergraph } from "@percorsi/schema/supergraph";
import type { Purpose } from "@percorsi/schema";
import { createAntiViolenceSubgraph } from "@percorsi/anti-violence";
import { createEmploymentSubgraph } from "@percorsi/employment";
import { createTrainingSubgraph } from "@percorsi/training";
import { devTokenFor } from "../src/auth/dev-tokens.js";
import { createGateway } from "../src/server.js";

export interface TestNetwork {
  gatewayUrl: string;
  subgraphs: Record<"anti-violence" | "employment" | "training", { url: string; db: Database }>;
  /** Sends an operation through the gateway as a demo user, with an optional purpose. */
  query<T = any>(user: string | null, query: string, variables?: Record<string, unknown>, purpose?: Purpose | null): Promise<GraphQLResponse<T>>;
  /** SQL statements each subgraph has sent so far. */
  roundTrips(): Record<string, number>;
  stop(): Promise<void>;
}

/**
 * The whole network in this process, over real HTTP on free ports: three subgraphs on
 * in-memory PGlite seeded with the demo network, and the gateway over the committed supergraph.
 */
export async function startTestNetwork(): Promise<TestNetwork> {
  const factories = {
    "anti-violence": createAntiViolenceSubgraph,
    employment: createEmploymentSubgraph,
    training: createTrainingSubgraph,
  } as const;
  const started = await Promise.all(
    Object.entries(factories).map(async ([name, create]) => {
      const db = await openDatabase();
      const subgraph = await create({ db, seed: true });
      const server: RunningServer = await subgraph.listen(0);
      return { name, db, subgraph, server };
    }),
  );
  const gateway = await createGateway({
    supergraphSdl: readSupergraph(),
    subgraphUrls: Object.fromEntries(started.map(({ name, server }) => [name, server.url])),
  });
  const gatewayServer = await gateway.listen(0);
  const tokens = new Map<string, string>();
  return {
    gatewayUrl: gatewayServer.url,
    subgraphs: Object.fromEntries(started.map(({ name, server, db }) => [name, { url: server.url, db }])) as TestNetwork["subgraphs"],
    async query(user, query, variables = {}, purpose = null) {
      const headers: Record<string, string> = {};
      if (user) {
        if (!tokens.has(user)) tokens.set(user, await devTokenFor(user));
        headers.authorization = `Bearer ${tokens.get(user)}`;
      }
      if (purpose) headers["x-purpose"] = purpose;
      return postGraphQL(gatewayServer.url, query, variables, headers);
    },
    roundTrips: () => Object.fromEntries(started.map(({ name, db }) => [name, db.roundTrips])),
    async stop() {
      await gateway.stop();
      await Promise.all(started.map(({ subgraph }) => subgraph.stop()));
      await Promise.all(started.map(({ db }) => db.close()));
    },
  };
}
