import { createHmac } from "node:crypto";
import { CONSENT_AUTHORITY_KEY_NAME } from "../consent/receipt.js";
import { keyOnFirstUse, loadDerivedSecret } from "../trust/keys.js";

// The record keys of the cell-key method: one secret 32-bit key per woman (pathway), derived by the
// consent authority alone and handed to the other subgraphs only inside the signed cohort. A key
// is HMAC(secret, epoch, pathway): stable within a key epoch (the same noise for the same women in
// every table), unpredictable without the secret, and all new in the next epoch.

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

/** The same with an explicit secret (tests). */
export function recordKeysWith(secretBytes: Buffer, pathwayIds: readonly string[], epoch: string): Map<string, number> {
  const keys = new Map<string, number>();
  for (const id of pathwayIds) {
    const mac = createHmac("sha256", secretBytes).update(`${epoch}\u0000${id.toLowerCase()}`).digest();
    keys.set(id, mac.readUInt32BE(0));
  }
  return keys;
}
