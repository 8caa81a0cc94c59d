// Shared by the HTTP tests: the subgraph in-process on a real port, and the network's actors.
import type { Purpose } from "@percorsi/schema";
import { demoNetwork, type DemoPathway } from "@percorsi/demo";
import type { Actor, Database, RunningServer } from "@percorsi/kit";
import { assertionHeaders, countRows, postGraphQL, testActor, type GraphQLResponse } from "@percorsi/kit/testing";
import { createAntiViolenceSubgraph, SUBGRAPH_NAME } from "../src/server.js";

export interface TestSubgraph {
  url: string;
  db: Database;
  /** Runs an operation as an actor, with a freshly signed assertion like the gateway sends. */
  ask<T = any>(actor: Actor, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  count(table: string): Promise<number>;
  stop(): Promise<void>;
}

export async function startSubgraph(db: Database, seed = true): Promise<TestSubgraph> {
  const subgraph = await createAntiViolenceSubgraph({ db, seed });
  const server: RunningServer = await subgraph.listen(0);
  return {
    url: server.url,
    db,
    async ask(actor, query, variables = {}) {
      return postGraphQL(server.url, query, variables, await assertionHeaders(actor, SUBGRAPH_NAME, { query: query, variables: variables }));
    },
    count: (table) => countRows(db, table),
    async stop() {
      await subgraph.stop();
      await db.close();
    },
  };
}

/** The demo network's people, as the gateway would describe them. */
export const as = {
  aurora: (purpose: Purpose | null = "EMPOWERMENT_PLAN") => testActor("cav-aurora", "ANTI_VIOLENCE_CENTRE", ["CENTRE_OPERATOR"], purpose, "op-aurora"),
  ginestra: (purpose: Purpose | null = "EMPOWERMENT_PLAN") =>
    testActor("cav-ginestra", "ANTI_VIOLENCE_CENTRE", ["CENTRE_OPERATOR"], purpose, "op-ginestra"),
  iris: (purpose: Purpose | null = "HOUSING_SUPPORT") => testActor("casa-rifugio-iris", "SHELTER", ["CENTRE_OPERATOR"], purpose, "op-iris"),
  cpiCentro: (purpose: Purpose | null = "JOB_PLACEMENT") =>
    testActor("cpi-milano-centro", "JOB_CENTRE", ["EMPLOYMENT_COUNSELLOR"], purpose, "op-cpi-centro"),
  cpiRho: (purpose: Purpose | null = "JOB_PLACEMENT") => testActor("cpi-rho", "JOB_CENTRE", ["EMPLOYMENT_COUNSELLOR"], purpose, "op-cpi-rho"),
  analyst: () => testActor("cabina-di-regia", "CONTROL_ROOM", ["ANALYST"], "MONITORING", "analyst"),
};

export const auroraPathways = (): DemoPathway[] => demoNetwork().pathways.filter((p) => p.holderId === "cav-aurora");

/** The code and denial reason of an error, for compact assertions. */
export function denial(error: { extensions?: Record<string, unknown> } | undefined) {
  return error ? { code: error.extensions?.code, reason: error.extensions?.reason } : undefined;
}
