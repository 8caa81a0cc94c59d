// The training tests' own fixtures: the demo organisations they act as, and the subgraph under
// the kit's harness with what training's requests declare (purpose TRAINING, the demo's holders).
import { demoNetwork } from "@percorsi/demo";
import { callerActor, startSubgraphTest, type Caller, type SubgraphTestOptions } from "@percorsi/kit/testing";
import { createTrainingSubgraph } from "../src/server.js";

/** Demo organisations the tests act as. */
export const ATELIER = "formazione-atelier";
export const PONTE = "formazione-ponte";
export const AURORA = "cav-aurora";
export const CONTROL_ROOM = "cabina-di-regia";

export const atelierOperator: Caller = { organisationId: ATELIER, organisationType: "TRAINING_BODY", roles: ["TRAINING_OPERATOR"] };
export const ponteOperator: Caller = { organisationId: PONTE, organisationType: "TRAINING_BODY", roles: ["TRAINING_OPERATOR"] };
export const centreOperator: Caller = { organisationId: AURORA, organisationType: "ANTI_VIOLENCE_CENTRE", roles: ["CENTRE_OPERATOR"] };
export const analyst: Caller = { organisationId: CONTROL_ROOM, organisationType: "CONTROL_ROOM", roles: ["ANALYST"], purpose: "MONITORING" };
export const admin: Caller = { organisationId: CONTROL_ROOM, organisationType: "CONTROL_ROOM", roles: ["NETWORK_ADMIN"], purpose: "MONITORING" };

/** The actor the gateway would assert for one request of `caller` (purpose TRAINING unless said). */
export const actorOf = (caller: Caller) => callerActor(caller, "TRAINING");

/** Who holds a pathway in the demo network (one made up by a test: the Aurora centre). */
export const holderOf = (pathwayId: string): string => demoNetwork().pathways.find((p) => p.id === pathwayId)?.holderId ?? AURORA;

/** The subgraph under the kit's harness: requests for TRAINING, receipts naming the demo's holders. */
export const startTraining = (options: SubgraphTestOptions = {}) => startSubgraphTest(createTrainingSubgraph, { purpose: "TRAINING", holderOf, ...options });
