import type { DataCategory } from "@percorsi/schema";

/** What opening a pathway writes about her: her identity, how she may be contacted safely, and the case itself. */
export const OPENING_WRITES: readonly DataCategory[] = ["IDENTITY", "SAFETY", "CASE_STATUS"];
