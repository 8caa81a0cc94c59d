import { createHmac } from "node:crypto";

// The record keys of the cell-key method: one secret 32-bit key per woman (pathway). A key is
// HMAC(secret, epoch, pathway): stable within a key epoch (the same noise for the same women in
// every table), unpredictable without the secret, and all new in the next epoch. Who holds the
// secret (the consent authority alone) is the kit's business (`recordKeysFor`).

/** Each pathway's record key in an epoch, from the secret. */
export function recordKeysWith(secretBytes: Buffer, pathwayIds: readonly string[], epoch: string): Map<string, number> {
  const keys = new Map<string, number>();
  for (const id of pathwayIds) {
    const mac = createHmac("sha256", secretBytes).update(`${epoch}\u0000${id.toLowerCase()}`).digest();
    keys.set(id, mac.readUInt32BE(0));
  }
  return keys;
}
