import type { IndicatorSection } from "@percorsi/kit/author";
import { autonomySection } from "./autonomy.indicators.js";
import { intakeSection } from "./intake.indicators.js";
import { pathwayOutcomesSection } from "./pathway-outcomes.indicators.js";
import { plansSection } from "./plans.indicators.js";
import { referralsSection } from "./referrals.indicators.js";
import { rightsSection } from "./rights.indicators.js";

export { autonomySection, intakeSection, pathwayOutcomesSection, plansSection, referralsSection, rightsSection };
export { PATHWAY_OUTCOMES } from "./pathway-outcomes.indicators.js";

/** The anti-violence subgraph's sections of `IndicatorReport`, in the report's order. */
export const ANTI_VIOLENCE_SECTIONS: readonly IndicatorSection[] = [
  intakeSection,
  plansSection,
  referralsSection,
  autonomySection,
  pathwayOutcomesSection,
  rightsSection,
];
