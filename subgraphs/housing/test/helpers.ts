import { randomBytes, randomUUID } from "node:crypto";
import { createHousingRegistry, type HousingRegistry } from "@percorsi/housing-registry";
import type { OrganisationType, Purpose, Role } from "@percorsi/schema";
import { openDatabase, type Actor, type Database, type RunningServer } from "@percorsi/kit";
import { assertionHeaders, postGraphQL, testActor, testReceipt, type GraphQLResponse } from "@percorsi/kit/testing";
import { createHousingSubgraph, REGISTRY_SERVICE, SUBGRAPH_NAME } from "../src/server.js";

export const BODY = "casa-comune";
export const OTHER_BODY = "casa-altra";
export const AURORA = "cav-aurora";

export interface Caller {
  organisationId: string;
  organisationType: OrganisationType;
  roles: Role[];
  purpose?: Purpose | null;
}

export const housingOperator: Caller = { organisationId: BODY, organisationType: "HOUSING_BODY", roles: ["HOUSING_OPERATOR"], purpose: "HOUSING_SUPPORT" };
export const holderOperator: Caller = { organisationId: AURORA, organisationType: "ANTI_VIOLENCE_CENTRE", roles: ["CENTRE_OPERATOR"], purpose: "HOUSING_SUPPORT" };

export function actorOf(caller: Caller): Actor {
  return testActor(caller.organisationId, caller.organisationType, caller.roles, caller.purpose === undefined ? "HOUSING_SUPPORT" : caller.purpose);
}

export type ReceiptOptions = Parameters<typeof testReceipt>[2];

/** The planner's `_entities` representations, each with a receipt minted for this very actor (or none). */
export async function withReceipts(actor: Actor, ids: readonly string[], options: ReceiptOptions | null | ((id: string) => ReceiptOptions | null)) {
  return Promise.all(
    ids.map(async (id) => {
      const chosen = typeof options === "function" ? options(id) : options;
      return { __typename: "Pathway", id, consentReceipt: chosen ? await testReceipt(actor, id, chosen) : null };
    }),
  );
}

export interface HousingTest {
  /** The stand-in, really running (its own store, its own key). */
  registry: HousingRegistry;
  registryUrl: string;
  /** The key the registry gave this subgraph. */
  apiKey: string;
  db: Database;
  url: string;
  /** Sends an operation as the gateway would: assertion bound to it, receipts for a write's pathway, extra headers. */
  as<T = any>(actor: Actor, query: string, variables?: Record<string, unknown>, receipts?: Record<string, string>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

/** The registry on a free port and the subgraph over it, in-process over real HTTP. */
export async function startHousing(options: { timeoutMs?: number } = {}): Promise<HousingTest> {
  const apiKey = randomBytes(24).toString("base64url");
  const registryDb = await openDatabase();
  const registry = await createHousingRegistry({ apiKey, db: registryDb });
  const { url: registryUrl } = await registry.listen(0);
  const db = await openDatabase();
  const subgraph = await createHousingSubgraph({ db, services: { [REGISTRY_SERVICE]: { url: registryUrl, apiKey, timeoutMs: options.timeoutMs } } });
  const server: RunningServer = await subgraph.listen(0);
  return {
    registry,
    registryUrl,
    apiKey,
    db,
    url: server.url,
    async as(actor, query, variables = {}, receipts, headers = {}) {
      return postGraphQL(server.url, query, variables, { ...(await assertionHeaders(actor, SUBGRAPH_NAME, { query, variables, receipts })), ...headers });
    },
    async stop() {
      await subgraph.stop();
      await registry.stop();
      await db.close();
      await registryDb.close();
    },
  };
}

/** Records of the housing body's system, written straight into its store (the tests' own fixture). */
export async function insertHousingRecords(db: Database, pathwayId: string, body: string, allocated: boolean) {
  const need = randomUUID();
  const application = randomUUID();
  await db.query("insert into needs values ($1, $2, $3, 'AT_RISK', 3, '2025-03-01')", [need, pathwayId, body]);
  await db.query("insert into applications (id, pathway_id, housing_body_id, scheme, status, submitted_on, decided_on) values ($1, $2, $3, 'SOCIAL', $4, '2025-03-10', $5)", [
    application,
    pathwayId,
    body,
    allocated ? "ALLOCATED" : "SUBMITTED",
    allocated ? "2025-06-18" : null,
  ]);
  if (allocated) await db.query("insert into allocations values ($1, $2, $3, $4, '2025-06-18', 'SOCIAL_RENT', 'Municipio 9')", [randomUUID(), application, pathwayId, body]);
}

export function codes(response: GraphQLResponse): (string | undefined)[] {
  return (response.errors ?? []).map((e) => e.extensions?.code as string | undefined);
}

export interface AuditRow {
  action: string;
  pathway_id: string | null;
  category: string;
  decision: string;
  reason: string | null;
  basis: string | null;
}

export function auditOf(db: Database, requestId: string): Promise<AuditRow[]> {
  return db.query<AuditRow>("select action, pathway_id, category, decision, reason, basis from audit_log where request_id = $1 order by seq", [requestId]);
}
