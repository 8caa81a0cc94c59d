import type { IndicatorSection } from "@percorsi/kit/author";
import { employersSection } from "./employers.indicators.js";
import { employmentOutcomesSection } from "./employment-outcomes.indicators.js";
import { employmentSection } from "./employment.indicators.js";

export { EMPLOYERS_DEFINITIONS, EMPLOYERS_INDICATORS, employersSection } from "./employers.indicators.js";
export { EMPLOYMENT_OUTCOMES, EMPLOYMENT_OUTCOMES_DEFINITIONS, employmentOutcomesSection } from "./employment-outcomes.indicators.js";
export { EMPLOYMENT_DEFINITIONS, EMPLOYMENT_INDICATORS, employmentSection } from "./employment.indicators.js";

/** The `IndicatorReport` fields the employment subgraph contributes. */
export const EMPLOYMENT_SECTIONS: readonly IndicatorSection[] = [employmentSection, employmentOutcomesSection, employersSection];
