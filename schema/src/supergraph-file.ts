import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The composed supergraph, committed next to supergraph.yaml. */
export const SUPERGRAPH_PATH = fileURLToPath(new URL("../supergraph.graphql", import.meta.url));
export const SUBGRAPHS_CONFIG_PATH = fileURLToPath(new URL("../supergraph.yaml", import.meta.url));

export function readSupergraph(): string {
  return readFileSync(SUPERGRAPH_PATH, "utf8");
}
