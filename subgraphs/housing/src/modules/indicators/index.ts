import type { IndicatorSection } from "@percorsi/kit/author";
import { housingSection } from "./housing.indicators.js";

/** The housing subgraph's sections of the network's indicators (`IndicatorReport.housing`). */
export const HOUSING_SECTIONS: readonly IndicatorSection[] = [housingSection];
