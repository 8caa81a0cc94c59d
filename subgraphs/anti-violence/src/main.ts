import { portFromEnv, runService } from "@percorsi/kit/author";
import { createAntiViolenceSubgraph, DEFAULT_PORT, SUBGRAPH_NAME } from "./server.js";
import { ANTI_VIOLENCE_SECTIONS } from "./modules/indicators/index.js";
import { ReleaseRunner, releaseTargetsFromNetwork, startReleaseSchedule } from "./modules/indicator-report/release-runner.js";

// The port is checked before the store is opened; then it serves until a signal or its supervisor's death.
const subgraph = await runService("anti-violence", portFromEnv("ANTI_VIOLENCE_PORT", DEFAULT_PORT), process.env.HOST ?? "127.0.0.1", () =>
  createAntiViolenceSubgraph({ seed: process.env.SEED !== "false" }),
);
// As the consent authority, it runs the network's indicator releases on schedule.
startReleaseSchedule(new ReleaseRunner(subgraph.db, ANTI_VIOLENCE_SECTIONS, releaseTargetsFromNetwork(SUBGRAPH_NAME), SUBGRAPH_NAME));
