import { portFromEnv, runService } from "@percorsi/kit/author";
import { create__Name__Subgraph, DEFAULT_PORT, SUBGRAPH_NAME } from "./server.js";

// The port is checked before the store is opened; then it serves until a signal or its supervisor's death.
await runService(SUBGRAPH_NAME, portFromEnv("__NAME___PORT", DEFAULT_PORT), process.env.HOST ?? "127.0.0.1", () =>
  // The demo rows (seed/) go into an empty store unless SEED=false.
  create__Name__Subgraph({ seed: process.env.SEED !== "false" }),
);
