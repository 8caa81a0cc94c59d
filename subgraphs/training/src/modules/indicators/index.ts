import type { IndicatorSection } from "@percorsi/kit/author";
import { operatorTrainingSection } from "./operator-training.indicators.js";
import { trainingOutcomesSection } from "./training-outcomes.indicators.js";
import { trainingSection } from "./training.indicators.js";

export { OPERATOR_TRAINING_DEFINITIONS, OPERATOR_TRAINING_INDICATORS, operatorTrainingSection } from "./operator-training.indicators.js";
export { TRAINING_OUTCOMES, TRAINING_OUTCOMES_DEFINITIONS, trainingOutcomesSection } from "./training-outcomes.indicators.js";
export { TRAINING_DEFINITIONS, TRAINING_INDICATORS, trainingSection } from "./training.indicators.js";

/** The `IndicatorReport` fields the training subgraph contributes. */
export const TRAINING_SECTIONS: readonly IndicatorSection[] = [trainingSection, trainingOutcomesSection, operatorTrainingSection];
