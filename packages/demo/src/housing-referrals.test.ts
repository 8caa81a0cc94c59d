import { describe, expect, it } from "vitest";
import { evaluateConsents } from "@percorsi/kit";
import { DEMO_HOUSING_BODY, housingNeedAssessedOn } from "./housing-referrals.js";
import { DEMO_TODAY, demoNetwork } from "./network.js";

const { pathways } = demoNetwork();
const referred = pathways.filter((p) => p.referrals.some((r) => r.toOrganisationId === DEMO_HOUSING_BODY));

describe("the housing body's part of the demo", () => {
  it("refers a few open pathways with a housing need to casa-comune for housing support, accepted", () => {
    expect(referred.length).toBeGreaterThanOrEqual(3);
    expect(new Set(referred.map((p) => p.holderId)).size).toBe(3);
    for (const p of referred) {
      expect(p.closedOn).toBeNull();
      expect(["SHELTER", "TEMPORARY", "AT_RISK"]).toContain(p.needsAssessment!.housingSituation);
      const referral = p.referrals.find((r) => r.toOrganisationId === DEMO_HOUSING_BODY)!;
      expect(referral).toMatchObject({ purpose: "HOUSING_SUPPORT", status: "ACCEPTED" });
      expect(referral.respondedOn! <= DEMO_TODAY).toBe(true);
    }
  });

  it("covers each referral with her consent naming casa-comune: her housing data, for housing support, from the day it was sent", () => {
    for (const p of referred) {
      const referral = p.referrals.find((r) => r.toOrganisationId === DEMO_HOUSING_BODY)!;
      for (const on of [referral.sentOn, DEMO_TODAY]) {
        const { permitted } = evaluateConsents(p.consents, { organisationId: DEMO_HOUSING_BODY, organisationType: "HOUSING_BODY", purpose: "HOUSING_SUPPORT", on });
        expect(Object.keys(permitted).sort()).toEqual(["CASE_STATUS", "HOUSING"]);
      }
      // Nothing for another purpose.
      expect(evaluateConsents(p.consents, { organisationId: DEMO_HOUSING_BODY, organisationType: "HOUSING_BODY", purpose: "TRAINING", on: DEMO_TODAY }).permitted).toEqual({});
    }
  });

  it("dates the housing body's records of a referred woman after it took her on", () => {
    for (const p of referred) {
      const referral = p.referrals.find((r) => r.toOrganisationId === DEMO_HOUSING_BODY)!;
      expect(housingNeedAssessedOn(p)! > referral.respondedOn!).toBe(true);
    }
    expect(pathways.filter((p) => p.needsAssessment?.housingSituation === "RENTED").every((p) => housingNeedAssessedOn(p) === null)).toBe(true);
  });
});
