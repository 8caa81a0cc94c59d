import { createHash } from "node:crypto";
import { addDays, DEMO_HOUSING_BODY, demoNetworkOfSize, demoSize, housingNeedAssessedOn, uuidFor, type DemoNetwork } from "@percorsi/demo";
import type { Database } from "@percorsi/kit";

/** A stable number from a pathway id: the demo's records vary without a random generator. */
const spread = (id: string, modulo: number) => createHash("sha256").update(id).digest().readUInt32BE(0) % modulo;

/**
 * The demo housing body's records: every demo pathway whose needs assessment found her in a
 * shelter, temporary housing or at risk has a housing need (assessed a week after the housing
 * body accepted her referral, when the demo refers her: `housingNeedAssessedOn`) and an
 * application ten days after that; about half were allocated a home 30 to 210 days on (none in
 * the future). Into an empty store only.
 */
export async function seedHousingRegistry(db: Database, network: DemoNetwork = demoNetworkOfSize(demoSize())): Promise<void> {
  const [{ count } = { count: 0 }] = await db.query<{ count: number }>("select count(*)::int as count from applications");
  if (count > 0) return;
  const today = new Date().toISOString().slice(0, 10);
  await db.transaction(async (tx) => {
    for (const pathway of network.pathways) {
      const assessedOn = housingNeedAssessedOn(pathway);
      if (assessedOn === null) continue;
      const situation = pathway.needsAssessment!.housingSituation;
      const submittedOn = addDays(assessedOn, 10);
      if (submittedOn > today) continue;
      const needId = uuidFor(`housing-need:${pathway.id}`);
      const applicationId = uuidFor(`housing-application:${pathway.id}`);
      await tx.query("insert into needs values ($1, $2, $3, $4, $5, $6)", [needId, pathway.id, DEMO_HOUSING_BODY, situation, 1 + spread(pathway.id, 4), assessedOn]);
      const allocatedOn = addDays(submittedOn, 30 + spread(applicationId, 180));
      const allocated = spread(pathway.id, 2) === 0 && allocatedOn <= today;
      await tx.query("insert into applications (id, pathway_id, housing_body_id, scheme, status, submitted_on, decided_on) values ($1, $2, $3, $4, $5, $6, $7)", [
        applicationId,
        pathway.id,
        DEMO_HOUSING_BODY,
        situation === "SHELTER" ? "PROTECTED" : "SOCIAL",
        allocated ? "ALLOCATED" : "SUBMITTED",
        submittedOn,
        allocated ? allocatedOn : null,
      ]);
      if (allocated) {
        await tx.query("insert into allocations values ($1, $2, $3, $4, $5, $6, $7)", [
          uuidFor(`housing-allocation:${pathway.id}`),
          applicationId,
          pathway.id,
          DEMO_HOUSING_BODY,
          allocatedOn,
          situation === "SHELTER" ? "PROTECTED_FLAT" : "SOCIAL_RENT",
          ["Municipio 4", "Municipio 9", "Rho"][spread(applicationId, 3)]!,
        ]);
      }
    }
  });
}
