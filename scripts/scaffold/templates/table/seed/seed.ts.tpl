import { demoNetworkOfSize, demoSize } from "@percorsi/demo";
import type { Database } from "@percorsi/kit/author";
import { __Name__RecordRepository } from "../src/modules/__name__/__name__.repository.js";

/** Its demo organisation, as schema/network.yaml's directory lists it. */
export const DEMO_ORGANISATION = "__org_id__";

/** Demo rows for a few of the demo network's pathways, into an empty store only (so it is idempotent). */
export async function seed__Name__(db: Database): Promise<void> {
  const [{ count } = { count: 0 }] = await db.query<{ count: number }>("select count(*)::int as count from __name_snake___records");
  if (count > 0) return;
  const pathways = demoNetworkOfSize(demoSize()).pathways.slice(0, 3);
  await db.transaction(async (tx) => {
    const records = new __Name__RecordRepository(tx);
    for (const pathway of pathways) {
      await records.insert({ pathwayId: pathway.id, organisationId: DEMO_ORGANISATION, recordedOn: pathway.openedOn, recordedBy: "__demo_user__" });
    }
  });
}
