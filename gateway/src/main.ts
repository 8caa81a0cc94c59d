import { runService } from "@percorsi/kit";
import { gatewayPortFromEnv } from "./config.js";
import { createGateway } from "./server.js";

// The port is checked first; then it serves until a signal or its supervisor's death.
await runService("gateway", gatewayPortFromEnv(), process.env.HOST ?? "127.0.0.1", () => createGateway());
