import { log, refuseToStart } from "@percorsi/kit";
import { gatewayPortFromEnv } from "./config.js";
import { createGateway } from "./server.js";

const gateway = await createGateway().catch(refuseToStart);
await gateway.listen(gatewayPortFromEnv(), process.env.HOST ?? "127.0.0.1");
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    log.info("gateway.stopping");
    void gateway.stop().then(() => process.exit(0));
  });
}
