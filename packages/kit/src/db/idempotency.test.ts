import "reflect-metadata";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GraphQLError } from "graphql";
import { KIT_MIGRATIONS_DIRECTORY, KIT_MIGRATIONS_TABLE } from "../audit/audit-log.js";
import { countRows, testBackends } from "../testing/databases.js";
import type { Database, Queryable } from "./database.js";
import { IDEMPOTENCY_KEY_TTL_MS, idempotent, purgeExpiredIdempotencyKeys, requestFingerprint, type IdempotencyOptions } from "./idempotency.js";
import { migrate } from "./migrate.js";

const SECRET = "Maria Rossi";
const KEY = "3f0e7c1a-5d2b-4e8f-9a6c-1b2d3e4f5a6b";

describe.each(testBackends())("idempotent creating mutations ($name)", (backend) => {
  let db: Database;
  let runs: number;

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db, KIT_MIGRATIONS_DIRECTORY, KIT_MIGRATIONS_TABLE);
    await db.exec("create table probe_write (id serial primary key, organisation_id text not null, note text not null)");
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    runs = 0;
    await db.exec("delete from idempotency_key; delete from probe_write");
  });

  const ctxOf = (organisationId: string) => ({ db, actor: { organisationId } });
  /** A creating mutation's work: one row, its id returned. */
  const create = (organisationId: string, note: string, options: { delayMs?: number; fail?: boolean } = {}) => async (tx: Queryable) => {
    runs++;
    const [row] = await tx.query<{ id: number }>("insert into probe_write (organisation_id, note) values ($1, $2) returning id", [organisationId, note]);
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    if (options.fail) throw new Error("boom after the write");
    return { id: row!.id };
  };
  const save = (input: { note: string; idempotencyKey?: string | null; [more: string]: unknown }, organisationId = "cav-aurora", options: IdempotencyOptions & { delayMs?: number; fail?: boolean } = {}) =>
    idempotent(ctxOf(organisationId), { key: input.idempotencyKey, operation: "saveNote", input }, create(organisationId, input.note, options), options);
  const writes = () => countRows(db, "probe_write");

  /** The GraphQL error a call was refused with. */
  async function refusal(work: Promise<unknown>): Promise<GraphQLError> {
    const error = await work.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(GraphQLError);
    return error as GraphQLError;
  }

  it("without a key, simply runs the work in a transaction, every time", async () => {
    const first = await save({ note: "a" });
    const second = await save({ note: "a", idempotencyKey: null });
    expect(first.id).not.toBe(second.id);
    expect(runs).toBe(2);
    expect(await countRows(db, "idempotency_key")).toBe(0);
  });

  it("a retry with the same key and input returns the first result and does not write again", async () => {
    const first = await save({ note: "a", idempotencyKey: KEY });
    const retry = await save({ note: "a", idempotencyKey: KEY });
    expect(retry).toEqual(first);
    expect(runs).toBe(1);
    expect(await writes()).toBe(1);
  });

  it("fingerprints the input, not its key order nor its idempotencyKey", () => {
    expect(requestFingerprint("saveNote", { a: 1, b: [1, { c: 2, d: undefined }], idempotencyKey: "x" })).toBe(
      requestFingerprint("saveNote", { b: [1, { c: 2 }], a: 1, idempotencyKey: "y" }),
    );
    expect(requestFingerprint("saveNote", { a: 1 })).not.toBe(requestFingerprint("saveNote", { a: 2 }));
    expect(requestFingerprint("saveNote", { a: 1 })).not.toBe(requestFingerprint("saveOther", { a: 1 }));
  });

  it("the same key with another input is refused (IDEMPOTENCY_KEY_REUSED) and runs nothing", async () => {
    await save({ note: "a", idempotencyKey: KEY });
    const error = await refusal(save({ note: SECRET, idempotencyKey: KEY }));
    expect(error.extensions).toEqual({ code: "BAD_USER_INPUT", reason: "IDEMPOTENCY_KEY_REUSED", field: "idempotencyKey" });
    expect(error.message).not.toContain(KEY);
    expect(runs).toBe(1);
    expect(await writes()).toBe(1);
  });

  it("the same key for another operation is refused too", async () => {
    await save({ note: "a", idempotencyKey: KEY });
    const error = await refusal(idempotent(ctxOf("cav-aurora"), { key: KEY, operation: "saveOther", input: { note: "a" } }, create("cav-aurora", "a")));
    expect(error.extensions?.reason).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(runs).toBe(1);
  });

  it("keys are the organisation's own: another organisation's same key is another request", async () => {
    const ours = await save({ note: "a", idempotencyKey: KEY }, "cav-aurora");
    const theirs = await save({ note: "a", idempotencyKey: KEY }, "cav-ginestra");
    expect(theirs.id).not.toBe(ours.id);
    // Nor does a different input at theirs count as reuse of ours.
    await expect(save({ note: "b", idempotencyKey: "another-key-1" }, "cav-ginestra")).resolves.toBeDefined();
    await expect(save({ note: "c", idempotencyKey: "another-key-1" }, "cav-aurora")).resolves.toBeDefined();
    expect(runs).toBe(4);
  });

  it.each([
    ["too short", "abc1234"],
    ["too long", "k".repeat(129)],
    ["with a space", "my key 123456"],
    ["with a NUL", "abcdefgh\u0000"],
    ["non-ASCII", "chiave-è-mia"],
    ["starting with punctuation", "-abcdefgh"],
    ["personal data", SECRET],
  ])("refuses a key %s (IDEMPOTENCY_KEY_INVALID), without repeating it", async (_case, key) => {
    const error = await refusal(save({ note: "a", idempotencyKey: key }));
    expect(error.extensions).toEqual({ code: "BAD_USER_INPUT", reason: "IDEMPOTENCY_KEY_INVALID", field: "idempotencyKey" });
    expect(error.message).not.toContain(key);
    expect(runs).toBe(0);
  });

  it("accepts keys of 8 and 128 characters", async () => {
    await expect(save({ note: "a", idempotencyKey: "a1234567" })).resolves.toBeDefined();
    await expect(save({ note: "a", idempotencyKey: `k${"x".repeat(126)}9` })).resolves.toBeDefined();
  });

  it("a failed request stores nothing: its retry runs again", async () => {
    await expect(save({ note: "a", idempotencyKey: KEY }, "cav-aurora", { fail: true })).rejects.toThrow("boom");
    expect(await writes()).toBe(0);
    expect(await countRows(db, "idempotency_key")).toBe(0);
    const retry = await save({ note: "a", idempotencyKey: KEY });
    expect(runs).toBe(2);
    expect(await writes()).toBe(1);
    expect(await save({ note: "a", idempotencyKey: KEY })).toEqual(retry);
  });

  it("keeps a hash of the input and the ids, never the input", async () => {
    await save({ note: SECRET, idempotencyKey: KEY });
    const rows = await db.query("select * from idempotency_key");
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain("Maria");
    expect(rows[0]).toMatchObject({ organisation_id: "cav-aurora", key: KEY, operation: "saveNote", result: { id: expect.any(Number) } });
  });

  describe("after the key expires", () => {
    const at = (ms: number) => () => new Date(Date.UTC(2026, 0, 1) + ms);

    it("the same key runs again, even with another input", async () => {
      await save({ note: "a", idempotencyKey: KEY }, "cav-aurora", { now: at(0) });
      await save({ note: "a", idempotencyKey: KEY }, "cav-aurora", { now: at(IDEMPOTENCY_KEY_TTL_MS - 1000) });
      expect(runs).toBe(1);
      await save({ note: "b", idempotencyKey: KEY }, "cav-aurora", { now: at(IDEMPOTENCY_KEY_TTL_MS + 1000) });
      expect(runs).toBe(2);
      expect(await writes()).toBe(2);
    });

    it("purging removes every organisation's expired keys and keeps the rest", async () => {
      await save({ note: "a", idempotencyKey: "old-key-aurora" }, "cav-aurora", { now: at(0) });
      await save({ note: "a", idempotencyKey: "old-key-ginestra" }, "cav-ginestra", { now: at(1000) });
      await save({ note: "a", idempotencyKey: "fresh-key-aurora" }, "cav-aurora", { now: at(IDEMPOTENCY_KEY_TTL_MS) });
      expect(await purgeExpiredIdempotencyKeys(db, { now: at(IDEMPOTENCY_KEY_TTL_MS + 2000) })).toBe(2);
      expect((await db.query<{ key: string }>("select key from idempotency_key")).map((row) => row.key)).toEqual(["fresh-key-aurora"]);
    });
  });

  describe("concurrent duplicates", () => {
    it("run the work once; every request gets the same result", async () => {
      const results = await Promise.all(Array.from({ length: 8 }, () => save({ note: "a", idempotencyKey: KEY }, "cav-aurora", { delayMs: 150 })));
      expect(runs).toBe(1);
      expect(await writes()).toBe(1);
      expect(new Set(results.map((result) => result.id)).size).toBe(1);
    });

    it("with another input, are refused while the first is written, never both run", async () => {
      const outcomes = await Promise.allSettled([
        save({ note: "a", idempotencyKey: KEY }, "cav-aurora", { delayMs: 150 }),
        save({ note: "b", idempotencyKey: KEY }, "cav-aurora", { delayMs: 150 }),
        save({ note: "c", idempotencyKey: KEY }, "cav-aurora", { delayMs: 150 }),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
      for (const outcome of outcomes.filter((outcome) => outcome.status === "rejected")) {
        expect((outcome.reason as GraphQLError).extensions?.reason).toBe("IDEMPOTENCY_KEY_REUSED");
      }
      expect(runs).toBe(1);
      expect(await writes()).toBe(1);
    });

    it("when the first fails, a waiting duplicate runs in its place", async () => {
      const first = save({ note: "a", idempotencyKey: KEY }, "cav-aurora", { delayMs: 300, fail: true });
      // The first has claimed the key (and is still working) when the duplicate arrives.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const outcomes = await Promise.allSettled([first, save({ note: "a", idempotencyKey: KEY }, "cav-aurora")]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(["rejected", "fulfilled"]);
      expect(runs).toBe(2);
      expect(await writes()).toBe(1);
    });
  });
});
