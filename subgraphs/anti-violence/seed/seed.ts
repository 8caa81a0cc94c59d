import { demoNetworkOfSize, demoSize, uuidFor, type DemoNetwork } from "@percorsi/demo";
import { appendAuditEntries, type AuditEntry, type Database, type Queryable } from "@percorsi/kit";
import { ConsentRepository } from "../src/modules/consent/consent.repository.js";
import { IdentityRepository } from "../src/modules/identity/identity.repository.js";
import { NeedsAssessmentRepository } from "../src/modules/needs-assessment/needs-assessment.repository.js";
import { loadDirectory } from "../src/modules/organisation/organisation.directory.js";
import { PathwayRepository } from "../src/modules/pathway/pathway.repository.js";
import { PlanGoalRepository } from "../src/modules/plan/plan-goal.repository.js";
import { PlanRepository } from "../src/modules/plan/plan.repository.js";
import { ReferralRepository } from "../src/modules/referral/referral.repository.js";
import type { RejectionCode } from "../src/modules/referral/referral.type.js";

/** The demo's rejection reasons as the network's rejection codes (the categories indicators count). */
const DEMO_REJECTION_CODES: Readonly<Record<string, RejectionCode>> = {
  NO_CAPACITY: "NO_CAPACITY",
  OUT_OF_AREA: "OUT_OF_AREA",
  REQUIREMENTS_NOT_MET: "NOT_ELIGIBLE",
};

/**
 * Writes the case-holders' part of the demo network (DEMO_NETWORK's size unless given) into a
 * store without pathways: pathways with identities, needs assessments,
 * plans, goals, referrals, situation reviews, her consents (with provisions), reporting consents
 * and seals. One transaction, one multi-row statement per table. The network's past break-glass
 * reads then go into the audit log, through the kit's chain, once the pathways are stored.
 */
export async function seedAntiViolence(db: Database, network: DemoNetwork = demoNetworkOfSize(demoSize())): Promise<void> {
  const seeded = await db.transaction(async (tx) => {
    // Her records name the directory's organisations (loaded at start; here too, for a store
    // seeded on its own).
    await loadDirectory(tx);
    const [{ count } = { count: 0 }] = await tx.query<{ count: number }>("select count(*)::int as count from pathways");
    if (count > 0) return false;
    await seedPathways(tx, network);
    return true;
  });
  if (seeded) await appendAuditEntries(db, breakGlassEntries(network));
}

/** One entry per category read, as the subgraph audits a break-glass read it allowed. */
function breakGlassEntries(network: DemoNetwork): AuditEntry[] {
  return network.breakGlassReads.flatMap((read) =>
    read.categories.map((category) => ({
      at: new Date(read.at),
      action: "READ" as const,
      requestId: read.requestId,
      actorId: read.actorId,
      organisationId: read.organisationId,
      roles: [...read.roles].sort().join(","),
      purpose: read.purpose,
      pathwayId: read.pathwayId,
      category,
      decision: "ALLOW" as const,
      reason: null,
      basis: "BREAK_GLASS",
      consentId: null,
      breakGlassBasis: read.legalBasis,
      breakGlassReason: read.reason,
    })),
  );
}

async function seedPathways(tx: Queryable, network: DemoNetwork): Promise<void> {
  // Demo records name the acting operator by organisation; the store keeps user ids.
  const userAt = (organisationId: string) => {
    const user = network.users.find((u) => u.organisationId === organisationId);
    if (!user) throw new Error(`the demo network has no user at ${organisationId}`);
    return user.id;
  };
  const pathways = network.pathways;

  await new PathwayRepository(tx).insertMany(
    pathways.map((p) => ({
      id: p.id,
      holder_id: p.holderId,
      stage: p.stage,
      opened_on: p.openedOn,
      closed_on: p.closedOn,
      closing_reason: p.closingReason,
      opened_by: userAt(p.holderId),
    })),
  );
  await new IdentityRepository(tx).insertMany(pathways.map((p) => ({ pathwayId: p.id, ...p.identity })));
  await new NeedsAssessmentRepository(tx).upsertMany(
    pathways.flatMap(({ id, needsAssessment: a }) => (a ? [{ ...a, pathwayId: id, assessedBy: a.assessedByUserId }] : [])),
  );
  await new PlanRepository(tx).insertMany(
    pathways.flatMap(({ id, plan }) => (plan ? [{ id: plan.id, pathwayId: id, createdOn: plan.createdOn, signedOn: plan.signedOn }] : [])),
  );
  await new PlanGoalRepository(tx).insertMany(
    pathways.flatMap(({ id, plan }) => (plan ? plan.goals.map((goal) => ({ ...goal, planId: plan.id, pathwayId: id })) : [])),
  );
  await new ReferralRepository(tx).insertMany(
    pathways.flatMap((p) =>
      p.referrals.map((r) => ({
        id: r.id,
        pathwayId: p.id,
        fromOrganisationId: p.holderId,
        toOrganisationId: r.toOrganisationId,
        purpose: r.purpose,
        note: r.note,
        status: r.status,
        sentOn: r.sentOn,
        sentBy: r.sentByUserId,
        respondedOn: r.respondedOn,
        respondedBy: r.respondedOn ? userAt(r.toOrganisationId) : null,
        rejectionReason: r.rejectionReason,
        rejectionCode: r.rejectionReason ? (DEMO_REJECTION_CODES[r.rejectionReason] ?? "OTHER") : null,
      })),
    ),
  );
  await tx.query(
    `insert into situation_reviews (id, pathway_id, reviewed_on, reviewed_by, economic_situation, housing_situation)
     select * from unnest($1::uuid[], $2::uuid[], $3::date[], $4::text[], $5::text[], $6::text[])`,
    columns(
      pathways.flatMap((p) => p.situationReviews.map((r) => [r.id, p.id, r.reviewedOn, r.reviewedBy, r.economicSituation, r.housingSituation])),
      6,
    ),
  );
  // Demo records are dated by day; the store keeps times (mid-morning, Italian office hours).
  const at = (day: string) => `${day}T09:30:00Z`;
  const consents = new ConsentRepository(tx);
  await consents.insertMany(
    pathways.flatMap((p) =>
      // Oldest first, so an amendment follows the consent it replaces.
      p.consents.map((c) => ({
        id: c.id,
        pathwayId: p.id,
        status: c.status,
        evidenceReference: c.evidenceReference,
        recordedBy: c.recordedByUserId,
        recordedAt: at(c.recordedOn),
        withdrawnAt: c.withdrawnOn ? at(c.withdrawnOn) : null,
        withdrawnBy: c.withdrawnByUserId,
        withdrawalReason: c.withdrawalReason,
        replaces: c.replacesId,
        provisions: c.provisions,
      })),
    ),
  );
  await consents.insertReportingConsents(
    pathways.flatMap(({ id, reportingConsent: r }) =>
      r ? [{ pathwayId: id, granted: r.granted, evidenceReference: r.evidenceReference, recordedBy: r.recordedByUserId, recordedAt: at(r.recordedOn) }] : [],
    ),
  );
  await consents.insertSeals(
    pathways.flatMap(({ id, seal }) =>
      seal ? [{ id: uuidFor(`pathway/${id}/seal`), pathwayId: id, reason: seal.reason, sealedBy: seal.sealedByUserId, sealedAt: at(seal.sealedOn) }] : [],
    ),
  );
}

/** Rows to one array per column, for `unnest`. */
function columns(rows: readonly unknown[][], width: number): unknown[][] {
  return Array.from({ length: width }, (_, i) => rows.map((row) => row[i] ?? null));
}
