import type { RestStandIn, SubgraphTester } from "@percorsi/kit/testing";
import { SYSTEM } from "../src/server.js";

/** __service__ as the harness started it (the manifest's `uses:`): its store, its call counts. */
export const systemOf = (api: SubgraphTester) => api.services.instances[SYSTEM] as RestStandIn;

/** Its records of a pathway, as the system's own store holds them (read around the subgraph). */
export async function storedRecords(api: SubgraphTester, pathwayId: string): Promise<number> {
  const [row] = await systemOf(api).db.query<{ n: number }>("select count(*)::int as n from records where pathway_id = $1", [pathwayId]);
  return row?.n ?? 0;
}
