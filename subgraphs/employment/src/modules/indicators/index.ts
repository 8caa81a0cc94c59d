import type { IndicatorSection } from "@percorsi/kit";
import { employersSection } from "./employers.indicators.js";
import { employmentSection } from "./employment.indicators.js";

export { EMPLOYERS_DEFINITIONS, EMPLOYERS_INDICATORS, employersSection } from "./employers.indicators.js";
export { EMPLOYMENT_DEFINITIONS, EMPLOYMENT_INDICATORS, employmentSection } from "./employment.indicators.js";

/** The `IndicatorReport` fields the employment subgraph contributes. */
export const EMPLOYMENT_SECTIONS: readonly IndicatorSection[] = [employmentSection, employersSection];
