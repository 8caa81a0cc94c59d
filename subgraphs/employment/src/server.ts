import { fileURLToPath } from "node:url";
import { createSubgraph, type Subgraph, type SubgraphOptions } from "@percorsi/kit/author";
import { makeLoaders, type EmploymentLoaders } from "./context.js";
import { buildEmploymentSchema } from "./schema.js";
import { EMPLOYMENT_SECTIONS } from "./modules/indicators/index.js";
import { seedEmployment } from "../seed/seed.js";

export const SUBGRAPH_NAME = "employment";
export const DEFAULT_PORT = 4002;

/** Builds the job centres' subgraph without listening, so tests run it in-process. */
export function createEmploymentSubgraph(options: SubgraphOptions = {}): Promise<Subgraph<EmploymentLoaders>> {
  return createSubgraph(
    {
      name: SUBGRAPH_NAME,
      migrationsDirectory: fileURLToPath(new URL("../migrations", import.meta.url)),
      buildSchema: buildEmploymentSchema,
      makeLoaders,
      indicatorSections: EMPLOYMENT_SECTIONS,
      seed: seedEmployment,
    },
    options,
  );
}
