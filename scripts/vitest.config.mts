import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The local tooling's own tests (npm start's supervisor, the subgraph scaffold); `npm test` runs them after the workspaces'.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: { include: ["*.test.mjs", "*.test.ts"], testTimeout: 60_000, pool: "forks" },
});
