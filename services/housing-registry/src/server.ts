import { fileURLToPath } from "node:url";
import { createRestStandIn, type RestStandIn, type StandInOptions } from "@percorsi/kit";
import { allocationsOf, applicationsOf, insertApplication, needsOf } from "./store.js";
import { seedHousingRegistry } from "./seed.js";

/**
 * A STAND-IN for a housing body's existing system, so the housing subgraph has something real
 * to map: a plain REST/JSON service with its own store, its own API and its own auth (an API key
 * in `x-api-key`), served by the kit's `createRestStandIn`. It knows nothing of the network (no
 * actor, no consent, no GraphQL): like the system it stands for, it trusts whoever holds its key.
 *
 *   GET  /health
 *   GET  /needs?pathwayIds=a,b,...         { items: [{ id, pathway_id, housing_body_id, situation, household_size, assessed_on }] }
 *   GET  /applications?pathwayIds=a,b,...  { items: [{ id, pathway_id, housing_body_id, scheme, status, submitted_on, decided_on }] }
 *   GET  /allocations?pathwayIds=a,b,...   { items: [{ id, application_id, pathway_id, housing_body_id, allocated_on, tenure, district }] }
 *   POST /applications  { pathway_id, housing_body_id, scheme, submitted_on, recorded_by }  → 201 the application
 *        (an `Idempotency-Key` header makes a retry answer the first result)
 *
 * At most 200 pathway ids per read (400 beyond).
 */
export type HousingRegistry = RestStandIn;
export type HousingRegistryOptions = StandInOptions;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createHousingRegistry(options: HousingRegistryOptions): Promise<HousingRegistry> {
  return createRestStandIn(
    {
      name: "housing-registry",
      migrationsDirectory: fileURLToPath(new URL("../migrations", import.meta.url)),
      seed: seedHousingRegistry,
      reads: [
        { path: "/needs", param: "pathwayIds", read: needsOf },
        { path: "/applications", param: "pathwayIds", read: applicationsOf },
        { path: "/allocations", param: "pathwayIds", read: allocationsOf },
      ],
      writes: [{ path: "/applications", write: createApplication }],
    },
    options,
  );
}

/** Its own validation, in its own words; null: 422. */
function createApplication(db: Parameters<typeof insertApplication>[0], body: Record<string, unknown>) {
  const { pathway_id, housing_body_id, scheme, submitted_on, recorded_by } = body;
  if (
    typeof pathway_id !== "string" ||
    !UUID.test(pathway_id) ||
    typeof housing_body_id !== "string" ||
    housing_body_id === "" ||
    (scheme !== "SOCIAL" && scheme !== "PROTECTED") ||
    typeof submitted_on !== "string" ||
    !DAY.test(submitted_on) ||
    (recorded_by !== null && recorded_by !== undefined && typeof recorded_by !== "string")
  ) {
    return Promise.resolve(null);
  }
  return insertApplication(db, { pathway_id: pathway_id.toLowerCase(), housing_body_id, scheme, submitted_on, recorded_by: (recorded_by as string | undefined) ?? null });
}
