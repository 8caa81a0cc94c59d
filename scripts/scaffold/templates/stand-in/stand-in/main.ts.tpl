import { runRestStandIn } from "@percorsi/kit/author";
import { create__ServicePascal__ } from "./server.js";

// The stand-in as its own process (the manifest's `services:`): __SERVICE___PORT, __SERVICE___API_KEY.
await runRestStandIn("__service__", __service_port__, create__ServicePascal__);
