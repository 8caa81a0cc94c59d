import { demoNetworkOfSize, demoSize } from "@percorsi/demo";
import type { Database } from "@percorsi/kit/author";
import { insertRecord } from "./server.js";

/** Demo records for a few of the demo network's pathways, at the subgraph's demo organisation; into an empty store only. */
export async function seed__ServicePascal__(db: Database): Promise<void> {
  const [{ count } = { count: 0 }] = await db.query<{ count: number }>("select count(*)::int as count from records");
  if (count > 0) return;
  const pathways = demoNetworkOfSize(demoSize()).pathways.slice(0, 3);
  await db.transaction(async (tx) => {
    for (const pathway of pathways) {
      await insertRecord(tx, { pathway_id: pathway.id, organisation_id: "__org_id__", recorded_on: pathway.openedOn, recorded_by: "__demo_user__" });
    }
  });
}
