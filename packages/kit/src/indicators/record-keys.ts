import { recordKeysWith } from "@percorsi/indicators";
import { CONSENT_AUTHORITY_KEY_NAME } from "../consent/receipt.js";
import { keyOnFirstUse, loadDerivedSecret } from "../trust/keys.js";

// The record keys of the cell-key method (@percorsi/indicators, record-keys.ts), derived by the
// consent authority alone from its own secret and handed to the other subgraphs only inside the
// signed cohort.

const LABEL = "percorsi indicator record keys";

/** The key epoch in force: `INDICATOR_KEY_EPOCH`, or "1". A new epoch draws new noise for every cell. */
export function indicatorKeyEpoch(): string {
  const raw = process.env.INDICATOR_KEY_EPOCH;
  return raw === undefined || raw === "" ? "1" : raw;
}

const secret = keyOnFirstUse(() => loadDerivedSecret(CONSENT_AUTHORITY_KEY_NAME, LABEL));

/** Each pathway's record key in the given epoch (the consent authority only: it holds the secret). */
export async function recordKeysFor(pathwayIds: readonly string[], epoch: string = indicatorKeyEpoch()): Promise<Map<string, number>> {
  return recordKeysWith(await secret(), pathwayIds, epoch);
}
