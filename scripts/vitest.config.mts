import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The local tooling's own tests (npm start's supervisor, the subgraph scaffold, the packed kit);
// `npm test` runs them after the workspaces'. One file at a time: the pack check swaps the
// packages' manifests while it packs, and the scaffold test copies the repository.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: { include: ["*.test.mjs", "*.test.ts"], testTimeout: 60_000, pool: "forks", fileParallelism: false },
});
