// The large network goes into the three subgraphs' real stores (PGlite, their own migrations and
// check constraints): a record the stores would refuse fails here, not on a newcomer's npm start.
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KIT_MIGRATIONS_DIRECTORY, KIT_MIGRATIONS_TABLE, migrate, verifyAuditChain, type Database } from "@percorsi/kit";
import { countRows, testBackends } from "@percorsi/kit/testing";
import { seedAntiViolence } from "../../../subgraphs/anti-violence/seed/seed.js";
import { seedEmployment } from "../../../subgraphs/employment/seed/seed.js";
import { seedTraining } from "../../../subgraphs/training/seed/seed.js";
import { demoNetworkOfSize } from "../src/size.js";

const network = demoNetworkOfSize("large");
const { pathways } = network;
const all = <T>(pick: (p: (typeof pathways)[number]) => readonly T[]) => pathways.flatMap(pick);

async function openStore(backend: ReturnType<typeof testBackends>[number], subgraph: string): Promise<Database> {
  const db = await backend.open();
  await migrate(db, KIT_MIGRATIONS_DIRECTORY, KIT_MIGRATIONS_TABLE);
  await migrate(db, fileURLToPath(new URL(`../../../subgraphs/${subgraph}/migrations`, import.meta.url)));
  return db;
}

async function counts(db: Database, tables: readonly string[]): Promise<Record<string, number>> {
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await countRows(db, t)] as const)));
}

describe.each(testBackends())("the large network seeded into the subgraphs' stores on $name", (backend) => {
  describe("anti-violence", () => {
    let db: Database;
    beforeAll(async () => {
      db = await openStore(backend, "anti-violence");
    });
    afterAll(() => db?.close());

    it("stores every record, one statement per table, and its break-glass reads in an intact audit chain", async () => {
      const before = db.roundTrips;
      await seedAntiViolence(db, network);
      expect(await counts(db, ["organisations", "pathways", "identities", "needs_assessments", "plans", "plan_goals", "referrals", "situation_reviews", "consents", "reporting_consents", "pathway_seals"])).toEqual({
        organisations: network.organisations.length,
        pathways: pathways.length,
        identities: pathways.length,
        needs_assessments: pathways.filter((p) => p.needsAssessment).length,
        plans: pathways.filter((p) => p.plan).length,
        plan_goals: all((p) => p.plan?.goals ?? []).length,
        referrals: all((p) => p.referrals).length,
        situation_reviews: all((p) => p.situationReviews).length,
        consents: all((p) => p.consents).length,
        reporting_consents: pathways.filter((p) => p.reportingConsent).length,
        pathway_seals: pathways.filter((p) => p.seal).length,
      });
      // Batched: a constant number of statements, however many pathways.
      expect(db.roundTrips - before).toBeLessThan(40);
      const [{ total } = { total: 0 }] = await db.query<{ total: number }>(
        "select count(*)::int as total from organisations where type = 'JOB_CENTRE' and operators between 15 and 60",
      );
      expect(total).toBe(network.organisations.filter((o) => o.type === "JOB_CENTRE").length);

      const entries = network.breakGlassReads.reduce((n, r) => n + r.categories.length, 0);
      const [audit] = await db.query<{ n: number; oldest: Date; newest: Date }>(
        "select count(*)::int as n, min(at) as oldest, max(at) as newest from audit_log where basis = 'BREAK_GLASS' and decision = 'ALLOW' and action = 'READ' and break_glass_basis is not null and break_glass_reason is not null",
      );
      expect(audit?.n).toBe(entries);
      expect(new Date(audit!.oldest).getTime()).toBeLessThan(new Date(audit!.newest).getTime());
      expect(await verifyAuditChain(db)).toEqual({ entries, firstBroken: null });
    });
  });

  describe("employment", () => {
    let db: Database;
    beforeAll(async () => {
      db = await openStore(backend, "employment");
    });
    afterAll(() => db?.close());

    it("stores every employer, campaign, registration, placement and check", async () => {
      await seedEmployment(db, network);
      const placements = all((p) => p.placements);
      expect(await counts(db, ["employers", "vacancies", "campaigns", "campaign_employers", "job_seekers", "placements", "retention_checks"])).toEqual({
        employers: network.employers.length,
        vacancies: network.vacancies.length,
        campaigns: network.campaigns.length,
        campaign_employers: network.campaigns.reduce((n, c) => n + c.employerIdsReached.length, 0),
        job_seekers: pathways.filter((p) => p.jobSeeker).length,
        placements: placements.length,
        retention_checks: placements.flatMap((p) => p.retentionChecks).length,
      });
    });
  });

  describe("training", () => {
    let db: Database;
    beforeAll(async () => {
      db = await openStore(backend, "training");
    });
    afterAll(() => db?.close());

    it("stores every course, enrolment and operator-training session", async () => {
      await seedTraining(db, network);
      expect(await counts(db, ["courses", "enrolments", "operator_training_sessions"])).toEqual({
        courses: network.courses.length,
        enrolments: all((p) => p.enrolments).length,
        operator_training_sessions: network.operatorTrainingSessions.length,
      });
    });
  });
});
