import type { Queryable } from "../../db/database.js";

// The ids of the release messages a subgraph has taken: each message is taken once. A message
// expires minutes after it is signed, so its id is kept only until then (and a margin).

/**
 * Kept past a message's expiry: verifying a message and taking its id are two steps, and an id
 * pruned between them would let its replay through.
 */
const PRUNE_MARGIN_SECONDS = 5 * 60;

/**
 * Takes a verified message's id: true the first time, false for an id already taken. The insert
 * decides, not a read before it: of two identical messages sent at once, the unique key lets one
 * through (on PostgreSQL the second waits for the first to commit, then finds its id taken).
 */
export async function takeReleaseMessageId(db: Queryable, id: string, expiresAt: number, now = Math.floor(Date.now() / 1000)): Promise<boolean> {
  await db.query("delete from indicator_release_messages where expires_at < to_timestamp($1)", [now - PRUNE_MARGIN_SECONDS]);
  const taken = await db.query("insert into indicator_release_messages (id, expires_at) values ($1, to_timestamp($2)) on conflict (id) do nothing returning id", [id, expiresAt]);
  return taken.length === 1;
}
