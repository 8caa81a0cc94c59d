// The housing body's part of the story: a few women whose needs assessment found her in a
// shelter, in temporary housing or at risk of losing her home are referred to casa-comune for
// housing support (her consent names it: consents.ts), and the housing body's own system holds
// her need and application from the day it took her on (services/housing-registry seeds them).
// No random draws: every other record of the network stays as it was.

import { DEMO_TODAY } from "./pathways.js";
import { addDays, maxDate, uuidFor } from "./random.js";
import { userOf } from "./organisations.js";
import type { DemoNeedsAssessment, DemoPathway, DemoReferral } from "./types.js";

/** The demo's housing body. */
export const DEMO_HOUSING_BODY = "casa-comune";

/** Housing situations at assessment that make a housing need: what the housing body records. */
export const HOUSING_NEED_SITUATIONS: ReadonlySet<DemoNeedsAssessment["housingSituation"]> = new Set(["SHELTER", "TEMPORARY", "AT_RISK"]);

/** Referred women per case-holder: the first open pathways with a housing need. */
const REFERRED_PER_HOLDER = 2;

const NOTES: Readonly<Record<string, string>> = {
  SHELTER: "Ready to leave the shelter: she needs a protected flat.",
  TEMPORARY: "Her temporary accommodation ends soon.",
  AT_RISK: "She risks losing her home.",
};

const hasHousingNeed = (p: DemoPathway) => p.needsAssessment !== null && HOUSING_NEED_SITUATIONS.has(p.needsAssessment.housingSituation);

/**
 * Refers the first open pathways with a housing need of each case-holder to the housing body,
 * accepted. Sent a week after her other first referral (so the consent she signed for those
 * covers this one too, and nothing else moves), answered three days later.
 */
export function addHousingReferrals(pathways: readonly DemoPathway[]): void {
  const referred = new Map<string, number>();
  for (const p of pathways) {
    if (p.closedOn !== null || !hasHousingNeed(p) || p.referrals.length === 0) continue;
    if ((referred.get(p.holderId) ?? 0) >= REFERRED_PER_HOLDER) continue;
    const firstSent = p.referrals.map((r) => r.sentOn).sort()[0]!;
    const sentOn = addDays(maxDate(firstSent, p.needsAssessment!.assessedOn), 7);
    const respondedOn = addDays(sentOn, 3);
    if (respondedOn > DEMO_TODAY) continue;
    const referral: DemoReferral = {
      id: uuidFor(`pathway/${p.id}/referral/HOUSING_SUPPORT`),
      toOrganisationId: DEMO_HOUSING_BODY,
      purpose: "HOUSING_SUPPORT",
      note: NOTES[p.needsAssessment!.housingSituation] ?? null,
      status: "ACCEPTED",
      sentOn,
      sentByUserId: userOf(p.holderId).id,
      respondedOn,
      rejectionReason: null,
    };
    p.referrals.push(referral);
    referred.set(p.holderId, (referred.get(p.holderId) ?? 0) + 1);
  }
}

/**
 * When the housing body assessed her housing need, if its system holds one: a week after it
 * accepted her referral. The registry also keeps the demo's earlier housing records of the other
 * women with a housing need (ten days after the centre's assessment), which the housing
 * indicators count. Null: no housing need.
 */
export function housingNeedAssessedOn(p: DemoPathway): string | null {
  if (!hasHousingNeed(p)) return null;
  const referral = p.referrals.find((r) => r.toOrganisationId === DEMO_HOUSING_BODY && r.respondedOn !== null && r.status !== "REJECTED");
  return referral ? addDays(referral.respondedOn!, 7) : addDays(p.needsAssessment!.assessedOn, 10);
}
