// The employment tests' own fixtures: the demo people they speak as, the subgraph under the kit's
// harness with what job centres' requests declare, and what the demo seed wrote about job seekers.
import type { Purpose, OrganisationType, Role } from "@percorsi/schema";
import { demoNetwork } from "@percorsi/demo";
import type { Actor, Database } from "@percorsi/kit/author";
import { startSubgraphTest, testActor, testReceipt, type ReceiptOptions, type SubgraphTestOptions } from "@percorsi/kit/testing";
import { createEmploymentSubgraph } from "../src/server.js";

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

/** Who holds a pathway in the demo network (a pathway made up by a test: the Aurora centre). */
export function holderOf(pathwayId: string): string {
  return demoNetwork().pathways.find((p) => p.id === pathwayId)?.holderId ?? AURORA;
}

/** The subgraph under the kit's harness, seeded with the demo: writes under a job-placement referral, receipts naming the demo's holders. */
export const startEmployment = (options: SubgraphTestOptions = {}) => startSubgraphTest(createEmploymentSubgraph, { purpose: "JOB_PLACEMENT", holderOf, ...options });

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

/**
 * A `Pathway` representation as the query planner hands it over: with the receipt the consent
 * authority would mint for this very `actor` (same request id), unsealed, permitting nothing
 * unless told. Told nothing, a job centre reads under a live referral to it for its own purpose:
 * the standing on which a job centre reads its own records about her.
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
