import { portFromEnv, runService } from "@percorsi/kit/author";
import { create__Name__Subgraph, DEFAULT_PORT, SUBGRAPH_NAME } from "./server.js";

// The port is checked before the store is opened; then it serves until a signal or its supervisor's death.
await runService(SUBGRAPH_NAME, portFromEnv("__NAME___PORT", DEFAULT_PORT), process.env.HOST ?? "127.0.0.1", () => create__Name__Subgraph());
