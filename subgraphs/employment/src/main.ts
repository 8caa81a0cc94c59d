import { log, portFromEnv, refuseToStart } from "@percorsi/kit";
import { createEmploymentSubgraph, DEFAULT_PORT } from "./server.js";

const subgraph = await createEmploymentSubgraph({ seed: process.env.SEED !== "false" }).catch(refuseToStart);
await subgraph.listen(portFromEnv("EMPLOYMENT_PORT", DEFAULT_PORT), process.env.HOST ?? "127.0.0.1");
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    log.info("subgraph.stopping", { subgraph: subgraph.name });
    void subgraph.stop().then(() => process.exit(0));
  });
}
