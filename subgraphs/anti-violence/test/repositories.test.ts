import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoConsentCases, demoNetwork, type DemoConsentProvision, type DemoNetwork } from "@percorsi/demo";
import { networkDirectory } from "@percorsi/schema";
import { type Database, migrate } from "@percorsi/kit/author";
import { countRows, sqlState, testBackends } from "@percorsi/kit/testing";
import { seedAntiViolence } from "../seed/seed.js";
import { NeedsAssessmentRepository, type NeedsAssessmentRecord } from "../src/modules/needs-assessment/needs-assessment.repository.js";
import { PathwayRepository } from "../src/modules/pathway/pathway.repository.js";
import { PlanGoalRepository } from "../src/modules/plan/plan-goal.repository.js";
import { PlanRepository } from "../src/modules/plan/plan.repository.js";
import { ReferralRepository } from "../src/modules/referral/referral.repository.js";
import { ConsentRepository } from "../src/modules/consent/consent.repository.js";

const MIGRATIONS = fileURLToPath(new URL("../migrations", import.meta.url));
const network = demoNetwork();
const pathways = network.pathways;


// Each backend gets one store for the file; tests run in order on it and build on each other.
describe.each(testBackends())("on $name", (backend) => {
  let db: Database;
  beforeAll(async () => {
    db = await backend.open();
  });
  afterAll(() => db.close());

  describe("migrations", () => {
    it("apply in order once, and not again", async () => {
      expect(await migrate(db, MIGRATIONS)).toEqual({ applied: [1, 2, 3, 4, 5] });
      expect(await migrate(db, MIGRATIONS)).toEqual({ applied: [] });
    });

    it("make the store refuse records outside the vocabulary", async () => {
      await db.query("insert into organisations (id, name, type, district) values ('probe', 'Probe', 'ANTI_VIOLENCE_CENTRE', 'Nowhere')");
      await db.query("insert into pathways (id, holder_id, stage, opened_on, opened_by) values ('00000000-0000-4000-8000-00000000000a', 'probe', 'INTAKE', '2026-01-01', 'u')");
      const assessment = (education: string) =>
        db.query(
          `insert into needs_assessments (pathway_id, assessed_on, assessed_by, education_level, availability, economic_situation, housing_situation)
           values ('00000000-0000-4000-8000-00000000000a', '2026-01-02', 'u', $1, 'FULL_TIME', 'NO_INCOME', 'RENTED')`,
          [education],
        );
      expect(await sqlState(assessment("PHD"))).toBe("23514");
      const referral = (to: string, status: string, reason: string | null) =>
        db.query(
          `insert into referrals (id, pathway_id, from_organisation_id, to_organisation_id, purpose, status, sent_on, sent_by, rejection_reason)
           values (gen_random_uuid(), '00000000-0000-4000-8000-00000000000a', 'probe', $1, 'TRAINING', $2, '2026-01-03', 'u', $3)`,
          [to, status, reason],
        );
      expect(await sqlState(referral("probe", "SENT", null))).toBe("23514"); // to itself
      expect(await sqlState(referral("nowhere", "SENT", null))).toBe("23503"); // outside the network
      expect(await sqlState(referral("probe", "REJECTED", null))).toBe("23514"); // a rejection needs its reason
      // Clean up so the seed below sees an empty store.
      await db.query("delete from pathways where holder_id = 'probe'");
      await db.query("delete from organisations where id = 'probe'");
      expect(await countRows(db, "pathways")).toBe(0);
    });
  });

  describe("seed", () => {
    it("writes nothing at all when any part fails", async () => {
      const broken: DemoNetwork = structuredClone(network);
      broken.pathways.at(-1)!.referrals.push({ ...broken.pathways[0]!.referrals[0]!, id: "00000000-0000-4000-8000-0000000000ff", toOrganisationId: "nowhere" });
      await expect(seedAntiViolence(db, broken)).rejects.toThrow();
      const tables = ["organisations", "pathways", "identities", "needs_assessments", "plans", "plan_goals", "referrals"];
      for (const table of [...tables, "consents", "consent_provisions", "reporting_consents", "pathway_seals"]) {
        expect([table, await countRows(db, table)]).toEqual([table, 0]);
      }
    });

    it("writes the case-holders' part of the demo network in a few statements", async () => {
      const before = db.roundTrips;
      await seedAntiViolence(db);
      // One per table (11), plus the emptiness check and the transaction itself on a server.
      expect(db.roundTrips - before).toBeLessThanOrEqual(14);
      expect(await countRows(db, "organisations")).toBe(networkDirectory().length);
      expect(await countRows(db, "pathways")).toBe(pathways.length);
      expect(await countRows(db, "identities")).toBe(pathways.length);
      expect(await countRows(db, "needs_assessments")).toBe(pathways.filter((p) => p.needsAssessment).length);
      expect(await countRows(db, "plans")).toBe(pathways.filter((p) => p.plan).length);
      expect(await countRows(db, "plan_goals")).toBe(pathways.reduce((n, p) => n + (p.plan?.goals.length ?? 0), 0));
      expect(await countRows(db, "referrals")).toBe(pathways.reduce((n, p) => n + p.referrals.length, 0));
      const consents = pathways.flatMap((p) => p.consents);
      const all = (provisions: readonly DemoConsentProvision[]): number => provisions.reduce((n, v) => n + 1 + all(v.provisions), 0);
      expect(await countRows(db, "consents")).toBe(consents.length);
      expect(await countRows(db, "consent_provisions")).toBe(consents.reduce((n, c) => n + all(c.provisions), 0));
      expect(await countRows(db, "reporting_consents")).toBe(pathways.filter((p) => p.reportingConsent).length);
      expect(await countRows(db, "pathway_seals")).toBe(1);
    });

    it("writes her consents as the demo tells them: statuses, amendments, nested denies, periods, the seal", async () => {
      const stored = await new ConsentRepository(db).byPathwayIds(pathways.map((p) => p.id));
      const expected = pathways.flatMap((p) =>
        p.consents.map((c) => ({ id: c.id, pathwayId: p.id, status: c.status, evidenceReference: c.evidenceReference, provisions: c.provisions })),
      );
      const strip = (provisions: readonly DemoConsentProvision[]): unknown[] =>
        provisions.map((v) => ({ ...v, categories: [...v.categories], purposes: [...v.purposes], provisions: strip(v.provisions) }));
      expect(
        stored.map((c) => ({ id: c.id, pathwayId: c.pathwayId, status: c.status, evidenceReference: c.evidenceReference, provisions: strip(c.provisions as DemoConsentProvision[]) })),
      ).toEqual(expect.arrayContaining(expected.map((c) => ({ ...c, provisions: strip(c.provisions) }))));
      expect(stored).toHaveLength(expected.length);
      const withdrawn = await db.query<{ id: string; withdrawn_by: string | null; replaces: string | null }>(
        "select id, withdrawn_by, replaces from consents where status <> 'ACTIVE' or replaces is not null order by id",
      );
      for (const row of withdrawn) {
        const demo = pathways.flatMap((p) => p.consents).find((c) => c.id === row.id)!;
        expect([row.withdrawn_by, row.replaces]).toEqual([demo.withdrawnByUserId, demo.replacesId]);
      }
      const sealed = demoConsentCases().sealed;
      expect((await new PathwayRepository(db).byIds([sealed.pathwayId]))[0]?.sealed).toBe(true);
      const refused = await new ConsentRepository(db).reportingConsents(demoConsentCases().reportingRefused);
      expect(refused.map((r) => r.granted)).toEqual(demoConsentCases().reportingRefused.map(() => false));
    });

    it("does nothing the second time", async () => {
      await seedAntiViolence(db);
      expect(await countRows(db, "pathways")).toBe(pathways.length);
      expect(await countRows(db, "referrals")).toBe(pathways.reduce((n, p) => n + p.referrals.length, 0));
    });
  });

  describe("needs assessments", () => {
    it("read back as written: arrays, work history and absent notes", async () => {
      const demo = pathways.find((p) => p.needsAssessment && p.needsAssessment.workExperience.length > 1)!;
      const [read] = await new NeedsAssessmentRepository(db).byPathwayIds([demo.id]);
      const { assessedByUserId: _by, ...expected } = demo.needsAssessment!;
      expect({ ...read }).toEqual({ ...expected, pathwayId: demo.id, workExperience: expected.workExperience.map((w) => expect.objectContaining(w)) });
    });

    it("are replaced, not duplicated, when recorded again", async () => {
      const repository = new NeedsAssessmentRepository(db);
      const demo = pathways.find((p) => p.needsAssessment)!;
      const record: NeedsAssessmentRecord = { ...demo.needsAssessment!, pathwayId: demo.id, assessedBy: "someone", languages: ["fr"], healthNotes: null };
      const before = await countRows(db, "needs_assessments");
      await repository.upsertMany([record]);
      expect(await countRows(db, "needs_assessments")).toBe(before);
      const [read] = await repository.byPathwayIds([demo.id]);
      expect(read).toMatchObject({ languages: ["fr"], healthNotes: null });
    });
  });

  describe("plans and goals", () => {
    it("give a pathway one plan, whoever asks first", async () => {
      const demo = pathways.find((p) => p.plan)!;
      const plans = new PlanRepository(db);
      expect(await plans.ensure("00000000-0000-4000-8000-0000000000aa", demo.id, "2026-01-01")).toBe(demo.plan!.id);
      const fresh = pathways.find((p) => p.needsAssessment && !p.plan)!;
      const created = await plans.ensure("00000000-0000-4000-8000-0000000000ab", fresh.id, "2026-01-01");
      expect(created).toBe("00000000-0000-4000-8000-0000000000ab");
      expect(await plans.ensure("00000000-0000-4000-8000-0000000000ac", fresh.id, "2026-01-01")).toBe(created);
      expect(await plans.sign(created, "2026-01-02")).toBe(true);
      expect(await plans.sign(created, "2026-01-03")).toBe(false);
    });

    it("append goals in order and change only what is given", async () => {
      const demo = pathways.find((p) => p.plan && p.plan.goals.length >= 2)!;
      const goals = new PlanGoalRepository(db);
      const id = "00000000-0000-4000-8000-0000000000ad";
      await goals.add({ id, planId: demo.plan!.id, pathwayId: demo.id, area: "LEGAL", description: "Meet a lawyer", responsibleOrganisationId: demo.holderId, status: "PLANNED", dueOn: "2026-12-01" });
      const read = await goals.byPlanIds([demo.plan!.id]);
      expect(read.map((g) => g.id)).toEqual([...demo.plan!.goals.map((g) => g.id), id]);
      await goals.update(id, { status: "ACHIEVED" });
      expect((await goals.byIds([id]))[0]).toMatchObject({ status: "ACHIEVED", description: "Meet a lawyer", dueOn: "2026-12-01" });
      await goals.update(id, { dueOn: null });
      expect((await goals.byIds([id]))[0]).toMatchObject({ status: "ACHIEVED", dueOn: null });
    });
  });

  describe("referrals and what they open", () => {
    it("list those addressed to an organisation, newest first, page by page", async () => {
      const repository = new ReferralRepository(db);
      const addressed = pathways.flatMap((p) => p.referrals).filter((r) => r.toOrganisationId === "cpi-rho");
      // Every candidate is shown here (the resolver decides which are); one that is not shown is not listed.
      const candidates = await repository.candidatesAddressedTo("cpi-rho");
      expect(candidates.map((r) => r.id).sort()).toEqual(addressed.map((r) => r.id).sort());
      const ids = candidates.map((r) => r.id);
      expect((await repository.addressedTo("cpi-rho", ids.slice(1), null, 100)).totalCount).toBe(addressed.length - 1);
      const seen: string[] = [];
      let after: string | null = null;
      let previous: string | undefined;
      do {
        const page = await repository.addressedTo("cpi-rho", ids, null, 4, after);
        expect(page.totalCount).toBe(addressed.length);
        for (const referral of page.nodes) {
          if (previous) expect(referral.sentOn! <= previous).toBe(true);
          previous = referral.sentOn!;
          seen.push(referral.id);
        }
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(seen.sort()).toEqual(addressed.map((r) => r.id).sort());
      const sent = await repository.addressedTo("cpi-rho", ids, "SENT", 100);
      expect(sent.nodes.every((r) => r.status === "SENT")).toBe(true);
      expect(sent.totalCount).toBe(addressed.filter((r) => r.status === "SENT").length);
    });

    it("move only from the expected status", async () => {
      const repository = new ReferralRepository(db);
      const demo = pathways.flatMap((p) => p.referrals.map((r) => ({ p, r }))).find(({ r }) => r.status === "SENT")!;
      expect(await repository.hasOpen(demo.p.id, demo.r.toOrganisationId)).toBe(true);
      const answer = { on: "2026-11-20", by: "someone", rejectionReason: null };
      expect(await repository.transition(demo.r.id, ["SENT"], "ACCEPTED", answer)).toBe(true);
      expect(await repository.transition(demo.r.id, ["SENT"], "ACCEPTED", answer)).toBe(false);
      expect((await repository.byIds([demo.r.id]))[0]).toMatchObject({ status: "ACCEPTED", respondedOn: "2026-11-20" });
      expect(await repository.transition(demo.r.id, ["SENT", "ACCEPTED"], "WITHDRAWN", null)).toBe(true);
      expect(await repository.hasOpen(demo.p.id, demo.r.toOrganisationId)).toBe(
        demo.p.referrals.some((r) => r.id !== demo.r.id && r.toOrganisationId === demo.r.toOrganisationId && (r.status === "SENT" || r.status === "ACCEPTED")),
      );
    });

    it("offer a partner as candidates every unsealed pathway referred to it and accepted, and list exactly those the rule keeps", async () => {
      const repository = new PathwayRepository(db);
      const sealed = new Set(pathways.filter((p) => p.seal).map((p) => p.id));
      for (const [partner, type] of [["cpi-milano-centro", "JOB_CENTRE"], ["cpi-rho", "JOB_CENTRE"], ["formazione-atelier", "TRAINING_BODY"], ["formazione-ponte", "TRAINING_BODY"]] as const) {
        const candidates = await repository.candidateIds(partner, type);
        const accepted = pathways.filter((p) => !p.seal && p.referrals.some((r) => r.toOrganisationId === partner && r.status === "ACCEPTED")).map((p) => p.id);
        expect(candidates).toEqual(expect.arrayContaining(accepted));
        // The sealed pathway is never a candidate, whatever its referrals or consents say.
        expect(candidates.filter((id) => sealed.has(id))).toEqual([]);
        // The page lists exactly the ids the visibility rule kept (a partner holds no case itself).
        const kept = candidates.slice(0, 3);
        expect((await repository.visibleTo(partner, kept, {}, 100)).nodes.map((p) => p.id).sort()).toEqual([...kept].sort());
        expect(accepted.length).toBeGreaterThan(0);
      }
    });

    it("stage moves only forward from the stage expected", async () => {
      const repository = new PathwayRepository(db);
      const intake = pathways.find((p) => p.stage === "INTAKE")!;
      expect(await repository.advanceStage(intake.id, "NEEDS_ANALYSIS", "PLAN_ACTIVE")).toBe(false);
      expect(await repository.advanceStage(intake.id, "INTAKE", "NEEDS_ANALYSIS")).toBe(true);
      expect(await db.transaction((tx) => new PathwayRepository(tx).lockStage(intake.id))).toBe("NEEDS_ANALYSIS");
    });
  });

  describe("consents and seals", () => {
    it("read consents back as written, nested denies under their permit", async () => {
      const repository = new ConsentRepository(db);
      // A pathway the seed gives no consent, so the one written here is the only one.
      const pathwayId = demoConsentCases().withoutConsent.pathwayId;
      const id = await repository.insert({
        pathwayId,
        evidenceReference: "Form \"A\", {1}",
        recordedBy: "u",
        replaces: null,
        provisions: [
          {
            type: "PERMIT",
            granteeOrganisationId: "cpi-rho",
            granteeOrganisationType: null,
            categories: ["EDUCATION_SKILLS", "WORK_HISTORY"],
            purposes: ["JOB_PLACEMENT"],
            periodStart: "2026-01-01",
            periodEnd: "2026-12-31",
            provisions: [
              { type: "DENY", granteeOrganisationId: null, granteeOrganisationType: null, categories: ["WORK_HISTORY"], purposes: [], periodStart: null, periodEnd: null, provisions: [] },
            ],
          },
          { type: "PERMIT", granteeOrganisationId: null, granteeOrganisationType: "JOB_CENTRE", categories: ["JOB_SEARCH"], purposes: ["JOB_PLACEMENT", "JOB_RETENTION"], periodStart: null, periodEnd: null, provisions: [] },
        ],
      });
      const [consent] = await repository.byPathwayIds([pathwayId]);
      expect(consent).toMatchObject({
        id,
        status: "ACTIVE",
        evidenceReference: 'Form "A", {1}',
        provisions: [
          {
            type: "PERMIT",
            granteeOrganisationId: "cpi-rho",
            categories: ["EDUCATION_SKILLS", "WORK_HISTORY"],
            periodStart: "2026-01-01",
            periodEnd: "2026-12-31",
            provisions: [{ type: "DENY", categories: ["WORK_HISTORY"], purposes: [], provisions: [] }],
          },
          { granteeOrganisationType: "JOB_CENTRE", purposes: ["JOB_PLACEMENT", "JOB_RETENTION"], provisions: [] },
        ],
      });
      expect(await repository.withdraw(id, "u", null)).toBe(true);
      expect(await repository.withdraw(id, "u", null)).toBe(false);
    });

    it("keep at most one open seal per pathway", async () => {
      const repository = new ConsentRepository(db);
      const pathwayId = pathways[1]!.id;
      expect(await repository.seal(pathwayId, "Risk", "u")).toBe(true);
      expect(await repository.seal(pathwayId, "Again", "u")).toBe(false);
      expect(await sqlState(db.query("insert into pathway_seals (id, pathway_id, reason, sealed_by) values (gen_random_uuid(), $1, 'x', 'u')", [pathwayId]))).toBe("23505");
      expect((await new PathwayRepository(db).byIds([pathwayId]))[0]?.sealed).toBe(true);
      expect(await repository.unseal(pathwayId, "u")).toBe(true);
      expect(await repository.seal(pathwayId, "Later", "u")).toBe(true);
    });
  });
});
