// Her economic and housing situation reviewed months after intake (the needs assessment holds
// the one at intake): what the autonomy indicators compare. A job she holds lifts her income;
// housing moves out of the shelter or away from risk over time, and sometimes gets worse.

import { userOf } from "./organisations.js";
import { DEMO_TODAY } from "./pathways.js";
import { Random, addMonths, minDate, seeded, uuidFor } from "./random.js";
import type { DemoNeedsAssessment, DemoPathway, DemoSituationReview } from "./types.js";

type Economic = DemoNeedsAssessment["economicSituation"];
type Housing = DemoNeedsAssessment["housingSituation"];

/** Worst to best; a review moves her along it. */
const ECONOMIC_LADDER: readonly Economic[] = ["NO_INCOME", "INCOME_SUPPORT", "IRREGULAR_INCOME", "LOW_INCOME", "SELF_SUFFICIENT"];
const HOUSING_NEXT: Readonly<Record<Housing, Readonly<Partial<Record<Housing, number>>>>> = {
  SHELTER: { TEMPORARY: 3, WITH_RELATIVES: 2, RENTED: 2 },
  AT_RISK: { RENTED: 3, TEMPORARY: 2, WITH_RELATIVES: 1 },
  TEMPORARY: { RENTED: 3, WITH_RELATIVES: 1 },
  WITH_RELATIVES: { RENTED: 2 },
  RENTED: {},
  OWNED: {},
};
/** Reviews every six months or so, at most three. */
const REVIEW_MONTHS = [6, 12, 18] as const;

/** Gives every pathway with a plan its reviews (its own random stream per pathway). */
export function addSituationReviews(seed: number, pathways: readonly DemoPathway[]): void {
  for (const pathway of pathways) pathway.situationReviews = reviewsOf(seeded(seed, `situation-reviews/${pathway.id}`), pathway);
}

function reviewsOf(rng: Random, p: DemoPathway): DemoSituationReview[] {
  const needs = p.needsAssessment;
  if (!needs || !p.plan || !rng.chance(0.8)) return [];
  const lastDay = minDate(p.closedOn ?? DEMO_TODAY, DEMO_TODAY);
  const reviews: DemoSituationReview[] = [];
  let economic = needs.economicSituation;
  let housing = needs.housingSituation;
  for (const [n, months] of REVIEW_MONTHS.entries()) {
    const reviewedOn = addMonths(needs.assessedOn, months + rng.int(-1, 1));
    if (reviewedOn > lastDay || reviewedOn <= needs.assessedOn) break;
    economic = nextEconomic(rng, economic, p.placements.some((pl) => pl.startOn <= reviewedOn && ongoingOn(pl, reviewedOn)));
    housing = nextHousing(rng, housing);
    reviews.push({
      id: uuidFor(`pathway/${p.id}/situation-review/${n}`),
      reviewedOn,
      reviewedBy: userOf(p.holderId).id,
      economicSituation: economic,
      housingSituation: housing,
    });
  }
  return reviews;
}

/** In the job on that day (her checks are the job centre's; the centre hears it from her). */
function ongoingOn(placement: DemoPathway["placements"][number], day: string): boolean {
  return placement.endOn === null || placement.endOn >= day;
}

function nextEconomic(rng: Random, current: Economic, employed: boolean): Economic {
  const rank = ECONOMIC_LADDER.indexOf(current);
  if (employed) return ECONOMIC_LADDER[Math.max(rank, rng.chance(0.4) ? 4 : 3)]!;
  if (rng.chance(0.3)) return ECONOMIC_LADDER[Math.min(rank + 1, 4)]!;
  if (rng.chance(0.06)) return ECONOMIC_LADDER[Math.max(rank - 1, 0)]!;
  return current;
}

function nextHousing(rng: Random, current: Housing): Housing {
  const options = HOUSING_NEXT[current];
  if (Object.keys(options).length > 0 && rng.chance(0.4)) return rng.weighted(options as Record<Housing, number>);
  // Some lose the home they had.
  if ((current === "RENTED" || current === "WITH_RELATIVES") && rng.chance(0.04)) return "AT_RISK";
  return current;
}
