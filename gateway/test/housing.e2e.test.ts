import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_HOUSING_BODY, demoNetwork, housingNeedAssessedOn } from "@percorsi/demo";
import { errorAt, type GraphQLResponse } from "@percorsi/kit/testing";
import { RELEASE_DAY, startTestNetwork, type TestNetwork } from "./network.js";

// The housing subgraph through the whole network: its data lives in the housing body's own REST
// system (the stand-in the manifest's services: starts), the gateway plans around it like any
// subgraph, and her consent, the write rule and her access report hold as everywhere else.
let net: TestNetwork;
beforeAll(async () => {
  // The indicators are read from the release the consent authority publishes (the demo's November 2026).
  net = await startTestNetwork({ releasesDueOn: RELEASE_DAY });
}, 240_000);
afterAll(() => net?.stop());

const ok = <T>(response: GraphQLResponse<T>): T => {
  expect(response.errors).toBeUndefined();
  return response.data as T;
};

const HOUSING_BODY = "casa-comune";
const READ = `query($id: ID!) { pathway(id: $id) { id housingApplications { id scheme status submittedOn } } }`;
const WRITE = `mutation($i: RecordHousingApplicationInput!) { recordHousingApplication(input: $i) { id housingApplications { scheme status submittedOn } } }`;

async function openCase(): Promise<string> {
  const { openPathway } = ok(
    await net.query(
      "op-aurora",
      `mutation { openPathway(input: { openedOn: "2026-03-02", identity: { givenName: "Housing", familyName: "End-to-end", preferredContact: THROUGH_CENTRE } }) { id } }`,
      {},
      "NEEDS_ANALYSIS",
    ),
  );
  return openPathway.id;
}

describe("housing through the gateway", () => {
  it("writes and reads her housing application only as her consent and referral allow, and shows it in her access report", async () => {
    const id = await openCase();
    const input = { pathwayId: id, scheme: "PROTECTED", submittedOn: "2026-03-20" };

    // No referral yet: the housing body may not write about her (and nothing reaches the registry).
    const refused = await net.query("op-casa", WRITE, { i: input }, "HOUSING_SUPPORT");
    expect(errorAt(refused, "recordHousingApplication")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });

    // Her consent, then the case-holder's referral for housing support, accepted by the housing body.
    ok(
      await net.query(
        "op-aurora",
        `mutation($input: GrantConsentInput!) { grantConsent(input: $input) { id } }`,
        {
          input: {
            pathwayId: id,
            evidenceReference: "MOD-CONS-HOUSING",
            provisions: [{ type: "PERMIT", granteeOrganisationId: HOUSING_BODY, categories: ["CASE_STATUS", "HOUSING"], purposes: ["HOUSING_SUPPORT"] }],
          },
        },
        "EMPOWERMENT_PLAN",
      ),
    );
    const { referPathway } = ok(
      await net.query(
        "op-aurora",
        `mutation($input: ReferPathwayInput!) { referPathway(input: $input) { id } }`,
        { input: { pathwayId: id, toOrganisationId: HOUSING_BODY, purpose: "HOUSING_SUPPORT", note: "Protected housing" } },
        "REFERRAL",
      ),
    );
    ok(await net.query("op-casa", `mutation($id: ID!) { acceptReferral(id: $id) { id } }`, { id: referPathway.id }, "HOUSING_SUPPORT"));

    // Another purpose is refused; housing support writes through the registry and reads it back via the planner.
    const otherPurpose = await net.query("op-casa", WRITE, { i: input }, "TRAINING");
    expect(errorAt(otherPurpose, "recordHousingApplication")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "PURPOSE" });
    const written = ok(await net.query("op-casa", WRITE, { i: input }, "HOUSING_SUPPORT"));
    expect(written.recordHousingApplication).toEqual({ id, housingApplications: [{ scheme: "PROTECTED", status: "SUBMITTED", submittedOn: "2026-03-20" }] });
    const read = ok(await net.query("op-casa", READ, { id }, "HOUSING_SUPPORT"));
    expect(read.pathway.housingApplications).toHaveLength(1);

    // A job centre her consent does not cover: refused at that path, the rest of the answer intact.
    const jobCentre = await net.query("op-cpi-centro", READ, { id }, "JOB_PLACEMENT");
    expect(jobCentre.data?.pathway ?? null).toBeNull();
    // The case-holder, without her consent to HOUSING for itself: the path refused, her pathway still answered.
    const holder = await net.query("op-aurora", READ, { id }, "EMPOWERMENT_PLAN");
    expect(holder.data?.pathway?.id).toBe(id);
    expect(holder.data?.pathway?.housingApplications).toBeNull();
    expect(errorAt(holder, "pathway.housingApplications")?.extensions).toMatchObject({ code: "FORBIDDEN" });

    // Her access report shows the housing body's write and reads, and the refusals.
    const report = ok(
      await net.query(
        "op-aurora",
        `query($id: ID!) { accessReport(pathwayId: $id) { housing(first: 50) { organisationId action decision categories } } }`,
        { id },
        "EMPOWERMENT_PLAN",
      ),
    ).accessReport.housing as { organisationId: string; action: string; decision: string; categories: string[] }[];
    const seen = (organisationId: string, action: string, decision: string) =>
      report.some((e) => e.organisationId === organisationId && e.action === action && e.decision === decision && e.categories.includes("HOUSING"));
    expect(seen(HOUSING_BODY, "WRITE", "ALLOW")).toBe(true);
    expect(seen(HOUSING_BODY, "WRITE", "DENY")).toBe(true);
    expect(seen(HOUSING_BODY, "READ", "ALLOW")).toBe(true);
    expect(seen("cav-aurora", "READ", "DENY")).toBe(true);
  });

  it("shows the housing body the demo women referred to it, with her consent, and no other", async () => {
    const { pathways } = demoNetwork();
    const referred = pathways.filter((p) => p.seal === null && p.referrals.some((r) => r.toOrganisationId === DEMO_HOUSING_BODY && r.status === "ACCEPTED"));
    // A woman with a housing need in the registry, never referred to it: the registry's record stays behind the refusal.
    const other = pathways.find((p) => housingNeedAssessedOn(p) !== null && p.closedOn === null && !referred.includes(p))!;
    expect(referred.length).toBeGreaterThanOrEqual(3);
    for (const p of referred) {
      const read = ok(await net.query("op-casa", READ, { id: p.id }, "HOUSING_SUPPORT"));
      expect(read.pathway.housingApplications.length, p.id).toBeGreaterThan(0);
    }
    const refused = await net.query("op-casa", READ, { id: other.id }, "HOUSING_SUPPORT");
    expect(refused.data?.pathway ?? null).toBeNull();
    expect(errorAt(refused, "pathway")?.extensions).toMatchObject({ code: "FORBIDDEN" });
  });

  it("contributes the housing section of the indicators, from the registry's demo records", async () => {
    const answer = ok(
      await net.query(
        "analyst",
        `query { indicators(from: "2025-01-01", to: "2025-12-31", granularity: YEAR, breakdown: NETWORK) { housing { id kind cells { value } } } }`,
        {},
        "MONITORING",
      ),
    ).indicators.housing as { id: string; kind: string; cells: { value: number | null }[] }[];
    expect(answer.map((i) => i.id)).toEqual(["housing.needs_assessed", "housing.applications", "housing.allocations", "housing.days_to_allocation"]);
    expect(answer.every((i) => i.cells.length > 0)).toBe(true);
  });
});
