import type { SubgraphTester } from "@percorsi/kit/testing";

/** Its records of a pathway, as its own table holds them. */
export const storedRecords = (api: SubgraphTester, pathwayId: string): Promise<number> => api.count("__name_snake___records", "pathway_id = $1", [pathwayId]);
