// The housing tests' own fixtures: the organisations they act as, and records written straight
// into the housing body's system (its store), as that system would hold them.
import { randomUUID } from "node:crypto";
import type { Database } from "@percorsi/kit/author";
import type { Caller } from "@percorsi/kit/testing";

export const BODY = "casa-comune";
export const OTHER_BODY = "casa-altra";
export const AURORA = "cav-aurora";

export const housingOperator: Caller = { organisationId: BODY, organisationType: "HOUSING_BODY", roles: ["HOUSING_OPERATOR"], purpose: "HOUSING_SUPPORT" };
export const holderOperator: Caller = { organisationId: AURORA, organisationType: "ANTI_VIOLENCE_CENTRE", roles: ["CENTRE_OPERATOR"], purpose: "HOUSING_SUPPORT" };

/** Records of the housing body's system, written straight into its store. */
export async function insertHousingRecords(db: Database, pathwayId: string, body: string, allocated: boolean) {
  const need = randomUUID();
  const application = randomUUID();
  await db.query("insert into needs values ($1, $2, $3, 'AT_RISK', 3, '2025-03-01')", [need, pathwayId, body]);
  await db.query("insert into applications (id, pathway_id, housing_body_id, scheme, status, submitted_on, decided_on) values ($1, $2, $3, 'SOCIAL', $4, '2025-03-10', $5)", [
    application,
    pathwayId,
    body,
    allocated ? "ALLOCATED" : "SUBMITTED",
    allocated ? "2025-06-18" : null,
  ]);
  if (allocated) await db.query("insert into allocations values ($1, $2, $3, $4, '2025-06-18', 'SOCIAL_RENT', 'Municipio 9')", [randomUUID(), application, pathwayId, body]);
}
