// The anti-violence tests' own fixtures: the demo network's people, as the gateway would describe
// them, and the subgraph under the kit's harness.
import type { Purpose } from "@percorsi/schema";
import { demoNetwork, type DemoPathway } from "@percorsi/demo";
import { startSubgraphTest, testActor, type SubgraphTestOptions } from "@percorsi/kit/testing";
import { createAntiViolenceSubgraph } from "../src/server.js";

/** The consent authority under the kit's harness, seeded with the demo network unless told. */
export const startAntiViolence = (options: SubgraphTestOptions = {}) => startSubgraphTest(createAntiViolenceSubgraph, options);

/** The demo network's people, as the gateway would describe them. */
export const as = {
  aurora: (purpose: Purpose | null = "EMPOWERMENT_PLAN") => testActor("cav-aurora", "ANTI_VIOLENCE_CENTRE", ["CENTRE_OPERATOR"], purpose, "op-aurora"),
  ginestra: (purpose: Purpose | null = "EMPOWERMENT_PLAN") =>
    testActor("cav-ginestra", "ANTI_VIOLENCE_CENTRE", ["CENTRE_OPERATOR"], purpose, "op-ginestra"),
  iris: (purpose: Purpose | null = "HOUSING_SUPPORT") => testActor("casa-rifugio-iris", "SHELTER", ["CENTRE_OPERATOR"], purpose, "op-iris"),
  cpiCentro: (purpose: Purpose | null = "JOB_PLACEMENT") =>
    testActor("cpi-milano-centro", "JOB_CENTRE", ["EMPLOYMENT_COUNSELLOR"], purpose, "op-cpi-centro"),
  cpiRho: (purpose: Purpose | null = "JOB_PLACEMENT") => testActor("cpi-rho", "JOB_CENTRE", ["EMPLOYMENT_COUNSELLOR"], purpose, "op-cpi-rho"),
  analyst: () => testActor("cabina-di-regia", "CONTROL_ROOM", ["ANALYST"], "MONITORING", "analyst"),
};

export const auroraPathways = (): DemoPathway[] => demoNetwork().pathways.filter((p) => p.holderId === "cav-aurora");
