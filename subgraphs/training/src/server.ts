import { fileURLToPath } from "node:url";
import { createSubgraph, type Subgraph, type SubgraphOptions } from "@percorsi/kit/author";
import { makeLoaders, type TrainingLoaders } from "./context.js";
import { buildTrainingSchema } from "./schema.js";
import { TRAINING_SECTIONS } from "./modules/indicators/index.js";
import { seedTraining } from "../seed/seed.js";

export const SUBGRAPH_NAME = "training";
export const DEFAULT_PORT = 4003;

/** Builds the training bodies' subgraph without listening, so tests run it in-process. */
export function createTrainingSubgraph(options: SubgraphOptions = {}): Promise<Subgraph<TrainingLoaders>> {
  return createSubgraph(
    {
      name: SUBGRAPH_NAME,
      migrationsDirectory: fileURLToPath(new URL("../migrations", import.meta.url)),
      buildSchema: buildTrainingSchema,
      makeLoaders,
      indicatorSections: TRAINING_SECTIONS,
      seed: seedTraining,
    },
    options,
  );
}
