import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The composed supergraph, committed next to supergraph.yaml. */
export const SUPERGRAPH_PATH = fileURLToPath(new URL("../supergraph.graphql", import.meta.url));
/** The client-facing schema (the supergraph's API schema), for codegen and editors. */
export const API_SCHEMA_PATH = fileURLToPath(new URL("../api.graphql", import.meta.url));
export const SUBGRAPHS_CONFIG_PATH = fileURLToPath(new URL("../supergraph.yaml", import.meta.url));

export function readSupergraph(): string {
  return readFileSync(SUPERGRAPH_PATH, "utf8");
}

export function readApiSchema(): string {
  return readFileSync(API_SCHEMA_PATH, "utf8");
}
