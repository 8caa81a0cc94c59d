import { runRestStandIn } from "@percorsi/kit";
import { createHousingRegistry } from "./server.js";

// The stand-in housing system as its own process: HOUSING_REGISTRY_PORT (4020), its key in
// HOUSING_REGISTRY_API_KEY (npm start makes one per run and gives it to the housing subgraph too).
await runRestStandIn("housing-registry", 4020, createHousingRegistry);
