import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

// One vitest configuration for every workspace.
export const sharedConfig = defineConfig({
  resolve: {
    // Apollo and type-graphql load graphql's CommonJS build; make tests load the same copy
    // or graphql refuses types "from another module or realm".
    alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }],
  },
  test: {
    include: ["{src,test,seed}/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: "forks",
    fileParallelism: false,
    env: {
      APOLLO_TELEMETRY_DISABLED: "1",
      NODE_ENV: "test",
      // Keys and file-backed stores of a test run live apart from the developer's own .data/.
      PERCORSI_DATA_DIR: mkdtempSync(join(tmpdir(), "percorsi-test-")),
    },
  },
});
