import { createHash } from "node:crypto";
import { GraphQLError } from "graphql";
import { errorFields, log } from "../log.js";
import { storeOf, type Database, type Queryable } from "./database.js";

/**
 * Idempotent creating mutations: a client that retries a mutation (a timeout, a lost answer, a
 * two-field mutation whose second field failed) with the same idempotency key gets what the first
 * request created, instead of a duplicate.
 *
 * A resolver wraps the writes it would have put in `ctx.db.transaction(...)`:
 *
 * ```ts
 * @Mutation(() => Campaign, { nullable: true })
 * async recordCampaign(@Arg("input", () => RecordCampaignInput) input: RecordCampaignInput, @Ctx() ctx: EmploymentContext) {
 *   const jobCentreId = writingJobCentre(ctx);            // checks first: a refusal stores nothing
 *   const { id } = await idempotent(ctx, { key: input.idempotencyKey, operation: "recordCampaign", input }, async (tx) => {
 *     const id = randomUUID();                            // made inside: a retry gets the first one back
 *     await new CampaignRepository(tx).insertMany([{ id, ... }]);
 *     return { id };                                      // ids only: this is stored for a day
 *   });
 *   return required(await ctx.loaders.campaign.load(id), "campaign");   // read back as any read
 * }
 * ```
 *
 * - The key is the client's (`idempotencyKey`, optional: see `IdempotentInput`); without one the
 *   work simply runs in a transaction. Keys are 8-128 letters, digits, `-`, `_`, `.`, `:` (a UUID
 *   fits), scoped to the caller's organisation (two organisations never share one) and kept 24 h.
 * - The work and the stored result commit together: a failed request stores nothing, so its
 *   retry runs again. The key row is written first, so a concurrent duplicate waits on it (a
 *   unique key on PostgreSQL; PGlite runs one transaction at a time) and then gets the stored
 *   result: the work never runs twice.
 * - The same key with another input or operation is refused: BAD_USER_INPUT, reason
 *   `IDEMPOTENCY_KEY_REUSED`. Only a hash of the input is kept, never the input.
 * - Return ids (JSON), not records: the stored result holds no personal data, and the answer is
 *   read back through loaders, so a retry passes through the current access decisions like any
 *   read (a consent withdrawn in between is honoured).
 * - Run the access checks before `idempotent`, and keep them out of the work: a refusal must not
 *   be stored, and a stored result must not bypass them.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Letters, digits, `-`, `_`, `.`, `:`; 8 to 128 characters; starts with a letter or digit. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/;
/** How long a key holds: a retry after a day runs again. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;
/** Where the key sits in an input, by convention (`IdempotentInput`). */
export const IDEMPOTENCY_KEY_FIELD = "idempotencyKey";

export interface IdempotencyRequest {
  /** The client's key; null or undefined runs the work without one. */
  key: string | null | undefined;
  /** The mutation: one key never stands for two operations. */
  operation: string;
  /** The input the key stands for: hashed (its `idempotencyKey` left out), never stored. */
  input: unknown;
  /** How errors name the key; `idempotencyKey` by default (as resolvers and validation name input fields). */
  field?: string;
}

export interface IdempotencyOptions {
  /** 24 h by default. */
  ttlMs?: number;
  /** The clock (tests). */
  now?: () => Date;
}

/** What `idempotent` needs of the request context: the store, and whose organisation it is. */
export interface IdempotencyContext {
  db: Database;
  actor: { organisationId: string };
}

/**
 * Runs `work` once per (organisation, key): stores its JSON result in the same transaction, and
 * answers a retry with the stored result without running it again. See the module comment.
 */
export async function idempotent<T extends JsonValue>(
  ctx: IdempotencyContext,
  request: IdempotencyRequest,
  work: (tx: Queryable) => Promise<T>,
  options: IdempotencyOptions = {},
): Promise<T> {
  return attempt(ctx, request, work, options, 1);
}

async function attempt<T extends JsonValue>(
  ctx: IdempotencyContext,
  request: IdempotencyRequest,
  work: (tx: Queryable) => Promise<T>,
  options: IdempotencyOptions,
  attemptNumber: number,
): Promise<T> {
  const field = request.field ?? IDEMPOTENCY_KEY_FIELD;
  if (request.key === null || request.key === undefined) return ctx.db.transaction(work);
  if (typeof request.key !== "string" || !IDEMPOTENCY_KEY_PATTERN.test(request.key)) {
    throw idempotencyError("`idempotencyKey` must be 8 to 128 letters, digits, '-', '_', '.' or ':'.", "IDEMPOTENCY_KEY_INVALID", field);
  }
  const key = request.key;
  const organisationId = ctx.actor.organisationId;
  const fingerprint = requestFingerprint(request.operation, request.input);
  const now = options.now?.() ?? new Date();
  const expiredBefore = new Date(now.getTime() - (options.ttlMs ?? IDEMPOTENCY_KEY_TTL_MS));

  const result = await ctx.db.transaction(async (tx) => {
    // An expired key is free again.
    await tx.query("delete from idempotency_key where organisation_id = $1 and key = $2 and created_at <= $3", [organisationId, key, expiredBefore]);
    // Claimed first: a concurrent request with the same key waits here until this one ends.
    const claimed = await tx.query(
      `insert into idempotency_key (organisation_id, key, operation, request_fingerprint, created_at)
       values ($1, $2, $3, $4, $5) on conflict (organisation_id, key) do nothing returning key`,
      [organisationId, key, request.operation, fingerprint, now],
    );
    if (claimed.length === 0) {
      const [stored] = await tx.query<{ operation: string; request_fingerprint: string; result: T }>(
        "select operation, request_fingerprint, result from idempotency_key where organisation_id = $1 and key = $2",
        [organisationId, key],
      );
      // Gone between the two statements (expired and removed by a concurrent request): retry.
      if (!stored) throw new KeyVanished();
      if (stored.operation !== request.operation || stored.request_fingerprint !== fingerprint) {
        throw idempotencyError("This `idempotencyKey` was already used for another request.", "IDEMPOTENCY_KEY_REUSED", field);
      }
      return stored.result;
    }
    const done = await work(tx);
    await tx.query("update idempotency_key set result = $3::jsonb where organisation_id = $1 and key = $2", [
      organisationId,
      key,
      JSON.stringify(done ?? null),
    ]);
    return done;
  }).catch((error: unknown) => {
    if (error instanceof KeyVanished && attemptNumber < 3) return attempt(ctx, request, work, options, attemptNumber + 1);
    throw error;
  });
  await purgeNowAndThen(ctx.db, now, options.ttlMs);
  return result;
}

/**
 * Removes expired keys (everyone's). `idempotent` calls it at most every few minutes per
 * store; a deployment may also run it on a schedule. Returns how many went.
 */
export async function purgeExpiredIdempotencyKeys(db: Queryable, options: IdempotencyOptions = {}): Promise<number> {
  const now = options.now?.() ?? new Date();
  const expiredBefore = new Date(now.getTime() - (options.ttlMs ?? IDEMPOTENCY_KEY_TTL_MS));
  const removed = await db.query("delete from idempotency_key where created_at <= $1 returning key", [expiredBefore]);
  return removed.length;
}

const PURGE_EVERY_MS = 10 * 60 * 1000;
const lastPurge = new WeakMap<Database, number>();

/** Outside the request's transaction, and never its failure: a cleanup that fails waits for the next. */
async function purgeNowAndThen(db: Database, now: Date, ttlMs: number | undefined): Promise<void> {
  db = storeOf(db);
  const last = lastPurge.get(db);
  if (last !== undefined && now.getTime() - last < PURGE_EVERY_MS) return;
  lastPurge.set(db, now.getTime());
  try {
    await purgeExpiredIdempotencyKeys(db, { now: () => now, ttlMs });
  } catch (error) {
    log.warn("idempotency.purge_failed", errorFields(error));
  }
}

/**
 * A stable hash of an operation and its input: object keys sorted, `undefined` left out, the
 * top-level `idempotencyKey` ignored (the key does not fingerprint itself).
 */
export function requestFingerprint(operation: string, input: unknown): string {
  const withoutKey =
    input && typeof input === "object" && !Array.isArray(input)
      ? Object.fromEntries(Object.entries(input).filter(([name]) => name !== IDEMPOTENCY_KEY_FIELD))
      : input;
  return createHash("sha256").update(operation).update("\n").update(canonicalJson(withoutKey)).digest("hex");
}

function canonicalJson(value: unknown): string {
  if (value === undefined) return "null";
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([name, item]) => `${JSON.stringify(name)}:${canonicalJson(item)}`).join(",")}}`;
}

class KeyVanished extends Error {}

function idempotencyError(message: string, reason: "IDEMPOTENCY_KEY_INVALID" | "IDEMPOTENCY_KEY_REUSED", field: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT", reason, field } });
}
