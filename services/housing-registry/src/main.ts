import { ConfigurationError, portFromEnv, refuseToStart, runService } from "@percorsi/kit";
import { createHousingRegistry } from "./server.js";

// The stand-in housing system as its own process: HOUSING_REGISTRY_PORT (4020), its key in
// HOUSING_REGISTRY_API_KEY (npm start makes one per run and gives it to the housing subgraph too).
const apiKey = process.env.HOUSING_REGISTRY_API_KEY ?? "";
if (apiKey.length < 16) refuseToStart(new ConfigurationError("HOUSING_REGISTRY_API_KEY must be set, at least 16 characters long."));
await runService("housing-registry", portFromEnv("HOUSING_REGISTRY_PORT", 4020), process.env.HOST ?? "127.0.0.1", () =>
  createHousingRegistry({ apiKey, seed: process.env.SEED !== "false" }),
);
