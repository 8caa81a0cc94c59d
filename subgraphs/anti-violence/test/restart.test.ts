import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { demoNetwork } from "@percorsi/demo";
import { openDatabase } from "@percorsi/kit/author";
import { readMigrations } from "@percorsi/kit/testing";
import { as, startAntiViolence } from "./fixtures.js";

const directory = mkdtempSync(join(tmpdir(), "percorsi-anti-violence-restart-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe("a file-backed subgraph", () => {
  it("keeps what was written across a restart, without migrating or seeding twice", async () => {
    // Creating the store on disk is most of this test's time (initdb); reopening it is quick.
    const first = await startAntiViolence({ db: await openDatabase({ directory }) });
    const opened = await first.as(as.aurora()).query(
      `mutation { openPathway(input: { openedOn: "2026-02-01", identity: { givenName: "Restart", familyName: "Test", preferredContact: EMAIL, email: "restart@example.org" } }) { id } }`,
    );
    const id: string = opened.data.openPathway.id;
    const assessed = await first.as(as.aurora()).query(
      `mutation($id: ID!) { recordNeedsAssessment(input: { pathwayId: $id, assessedOn: "2026-02-10", educationLevel: BACHELOR,
        languages: ["it"], availability: "FULL_TIME", economicSituation: LOW_INCOME, housingSituation: RENTED,
        workExperience: [{ occupation: "Clerk", sector: "Public administration", years: 4 }] }) { stage } }`,
      { id },
    );
    expect(assessed.errors).toBeUndefined();
    const goal = await first.as(as.aurora()).query(`mutation($id: ID!) { addPlanGoal(input: { pathwayId: $id, area: TRAINING, description: "Complete a vocational course", responsibleOrganisationId: "formazione-atelier" }) { id } }`, { id });
    expect(goal.errors).toBeUndefined();
    const consent = await first.as(as.aurora()).query(
      `mutation($id: ID!) { grantConsent(input: { pathwayId: $id, evidenceReference: "Signed form",
        provisions: [{ type: PERMIT, granteeOrganisationId: "formazione-atelier", categories: [EDUCATION_SKILLS], purposes: [TRAINING] }] }) { id } }`,
      { id },
    );
    expect(consent.errors).toBeUndefined();
    const referral = await first.as(as.aurora()).query(`mutation($id: ID!) { referPathway(input: { pathwayId: $id, toOrganisationId: "formazione-atelier", purpose: TRAINING }) { id } }`, { id });
    expect(referral.errors).toBeUndefined();
    await first.stop();

    const second = await startAntiViolence({ db: await openDatabase({ directory }) });
    try {
      const read = await second.as(as.aurora()).query(
        `query($id: ID!) { pathway(id: $id) { stage identity { email } needsAssessment { educationLevel workExperience { occupation years } }
          plan { goals { description responsibleOrganisation { id } } } referrals { status to { id } } } }`,
        { id },
      );
      expect(read.errors).toBeUndefined();
      expect(read.data.pathway).toEqual({
        stage: "NEEDS_ANALYSIS",
        identity: { email: "restart@example.org" },
        needsAssessment: { educationLevel: "BACHELOR", workExperience: [{ occupation: "Clerk", years: 4 }] },
        plan: { goals: [{ description: "Complete a vocational course", responsibleOrganisation: { id: "formazione-atelier" } }] },
        referrals: [{ status: "SENT", to: { id: "formazione-atelier" } }],
      });
      // Each of the subgraph's migrations once, none again.
      expect(await second.count("schema_migrations")).toBe(readMigrations(fileURLToPath(new URL("../migrations", import.meta.url))).length);
      expect(await second.count("pathways")).toBe(demoNetwork().pathways.length + 1);
    } finally {
      await second.stop();
    }
  });
});
