import { portFromEnv, runService } from "@percorsi/kit/author";
import { createTrainingSubgraph, DEFAULT_PORT } from "./server.js";

// The port is checked before the store is opened; then it serves until a signal or its supervisor's death.
await runService("training", portFromEnv("TRAINING_PORT", DEFAULT_PORT), process.env.HOST ?? "127.0.0.1", () =>
  createTrainingSubgraph({ seed: process.env.SEED !== "false" }),
);
