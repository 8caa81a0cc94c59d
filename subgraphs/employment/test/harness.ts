import type { OrganisationType, Purpose, Role } from "@percorsi/schema";
import { demoNetwork } from "@percorsi/demo";
import { openDatabase, type Actor, type Database } from "@percorsi/kit";
import { assertionHeaders, postGraphQL, testActor, testReceipt, type GraphQLResponse } from "@percorsi/kit/testing";
import { createEmploymentSubgraph, SUBGRAPH_NAME } from "../src/server.js";

export const CENTRO = "cpi-milano-centro";
export const RHO = "cpi-rho";
export const AURORA = "cav-aurora";

/** The callers the tests speak as; job-centre staff declare a job-placement purpose. */
export const actors = {
  centro: (purpose: Purpose | null = "JOB_PLACEMENT") => staff(CENTRO, "JOB_CENTRE", "EMPLOYMENT_COUNSELLOR", purpose, "op-cpi-centro"),
  rho: (purpose: Purpose | null = "JOB_PLACEMENT") => staff(RHO, "JOB_CENTRE", "EMPLOYMENT_COUNSELLOR", purpose, "op-cpi-rho"),
  centreOperator: () => staff("cav-aurora", "ANTI_VIOLENCE_CENTRE", "CENTRE_OPERATOR", "JOB_PLACEMENT", "op-aurora"),
  /** The case-holder of most demo pathways, working on her plan. */
  holder: (organisationId = AURORA) => staff(organisationId, "ANTI_VIOLENCE_CENTRE", "CENTRE_OPERATOR", "EMPOWERMENT_PLAN", `op-${organisationId}`),
  dpo: () => staff("cabina-di-regia", "CONTROL_ROOM", "DPO", "MONITORING", "dpo"),
  analyst: () => staff("cabina-di-regia", "CONTROL_ROOM", "ANALYST", "MONITORING", "analyst"),
};

function staff(organisationId: string, type: OrganisationType, role: Role, purpose: Purpose | null, userId: string): Actor {
  return testActor(organisationId, type, [role], purpose, userId);
}

/**
 * What the consent authority says of a pathway to the caller, for a receipt the harness mints
 * for this very request (the holder defaults to the demo pathway's). A string is sent as it is
 * (a forged or foreign receipt).
 */
export type Standing = Partial<ReceiptOptions> | string;

/** An accepted, open referral of the pathway to the caller's organisation, for `purpose`. */
export const referred = (purpose: Purpose = "JOB_PLACEMENT"): Partial<ReceiptOptions> => ({ referralPurposes: [purpose] });

export interface AskOptions {
  /** The receipts the gateway obtained for the pathways a mutation names, by pathway id. */
  receipts?: Record<string, Standing>;
}

export interface Harness {
  url: string;
  db: Database;
  /**
   * Sends an operation as `actor`, with an assertion the gateway would have signed for this
   * very request (fresh per call: assertions are accepted once), and the receipts, if any.
   */
  ask<T = any>(actor: Actor | null, query: string, variables?: Record<string, unknown>, options?: AskOptions): Promise<GraphQLResponse<T>>;
  /**
   * A write about her as the gateway sends it: `{ input }`, with a receipt minted for this
   * request for `input.pathwayId` on `standing` (default: a live job-placement referral to the
   * caller); null sends none (a pathway the consent authority does not know).
   */
  write<T = any>(actor: Actor, query: string, input: Record<string, unknown>, standing?: Standing | null): Promise<GraphQLResponse<T>>;
  /** The headers `ask` would send (to replay them, or send them with another request). */
  headers(actor: Actor, query: string, variables?: Record<string, unknown>, options?: AskOptions): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

/** Receipts for one request of `actor`, minted now (a receipt is bound to the request id). */
export async function mintReceipts(actor: Actor, receipts: Record<string, Standing> = {}): Promise<Record<string, string>> {
  const entries = await Promise.all(
    Object.entries(receipts).map(async ([id, standing]) => [
      id,
      typeof standing === "string" ? standing : await testReceipt(actor, id, { holder: holderOf(id), ...standing }),
    ]),
  );
  return Object.fromEntries(entries);
}

/** The subgraph on a fresh store (in-memory PGlite unless given) with the demo data, on a free port. */
export async function startEmployment(db?: Database): Promise<Harness> {
  const subgraph = await createEmploymentSubgraph({ db: db ?? (await openDatabase()), seed: true });
  const server = await subgraph.listen(0);
  const headers = async (actor: Actor, query: string, variables: Record<string, unknown> = {}, options: AskOptions = {}) =>
    assertionHeaders(actor, SUBGRAPH_NAME, { query, variables, receipts: await mintReceipts(actor, options.receipts) });
  const ask: Harness["ask"] = async (actor, query, variables = {}, options = {}) =>
    postGraphQL(server.url, query, variables, actor ? await headers(actor, query, variables, options) : {});
  return {
    url: server.url,
    db: subgraph.db,
    ask,
    headers,
    async write(actor, query, input, standing = referred()) {
      const pathwayId = input.pathwayId;
      const receipts = standing !== null && typeof pathwayId === "string" ? { [pathwayId]: standing } : {};
      return ask(actor, query, { input }, { receipts });
    },
    async stop() {
      await subgraph.stop();
      await subgraph.db.close();
    },
  };
}

/** Demo pathways registered at a job centre, with what the seed wrote about them. */
export function demoRegistrations(jobCentreId: string) {
  return demoNetwork().pathways.flatMap((pathway) =>
    pathway.jobSeeker?.jobCentreId === jobCentreId ? [{ pathway, jobSeeker: pathway.jobSeeker }] : [],
  );
}

/** Rows in every table, to show that a refused write left nothing behind. */
export async function tableCounts(db: Database): Promise<Record<string, number>> {
  const [row] = await db.query<Record<string, number>>(
    `select (select count(*)::int from job_seekers) as job_seekers, (select count(*)::int from placements) as placements,
       (select count(*)::int from retention_checks) as retention_checks, (select count(*)::int from employers) as employers,
       (select count(*)::int from vacancies) as vacancies, (select count(*)::int from campaigns) as campaigns,
       (select count(*)::int from campaign_employers) as campaign_employers`,
  );
  return row!;
}

/** An ISO day `days` from today (UTC). */
export function daysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

type ReceiptOptions = Parameters<typeof testReceipt>[2];

/** Who holds a pathway in the demo network (a pathway made up by a test: the Aurora centre). */
export function holderOf(pathwayId: string): string {
  return demoNetwork().pathways.find((p) => p.id === pathwayId)?.holderId ?? AURORA;
}

/**
 * A `Pathway` representation as the query planner hands it over: with the receipt the consent
 * authority would mint for this very `actor` (same request id), unsealed, permitting nothing
 * unless told. Told nothing, a job centre reads under a live referral to it for its own purpose: the standing on which a job centre reads its own records about her.
 */
export async function underReceipt(actor: Actor, pathwayId: string, options: Partial<ReceiptOptions> = {}) {
  const holder = holderOf(pathwayId);
  const standing = Object.keys(options).length === 0 && actor.organisationType === "JOB_CENTRE" && actor.purpose ? { referralPurposes: [actor.purpose] } : options;
  return { __typename: "Pathway", id: pathwayId, consentReceipt: await testReceipt(actor, pathwayId, { holder, ...standing }) };
}

/** A bare `Pathway` representation, no receipt: counts as sealed. */
export function bare(pathwayId: string) {
  return { __typename: "Pathway", id: pathwayId };
}

/** Reads what this subgraph holds about pathways, as the planner does: `_entities` under receipts. */
export const entities = (selection: string) => `query($r: [_Any!]!) { _entities(representations: $r) { ... on Pathway { id ${selection} } } }`;

export interface AuditRow {
  action: string;
  pathway_id: string | null;
  category: string;
  decision: string;
  reason: string | null;
  basis: string | null;
}

/** The audit entries of one request, in the order they were written. */
export function auditOf(db: Database, requestId: string): Promise<AuditRow[]> {
  return db.query<AuditRow>(
    "select action, pathway_id, category, decision, reason, basis from audit_log where request_id = $1 order by seq",
    [requestId],
  );
}
