import { portFromEnv, runService } from "@percorsi/kit/author";
import { createEmploymentSubgraph, DEFAULT_PORT } from "./server.js";

// The port is checked before the store is opened; then it serves until a signal or its supervisor's death.
await runService("employment", portFromEnv("EMPLOYMENT_PORT", DEFAULT_PORT), process.env.HOST ?? "127.0.0.1", () =>
  createEmploymentSubgraph({ seed: process.env.SEED !== "false" }),
);
