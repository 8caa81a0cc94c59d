import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DataCategory } from "@percorsi/schema";
import type { Database } from "../db/database.js";
import { migrate } from "../db/migrate.js";
import { testBackends } from "../testing/databases.js";
import { breakGlassDeclaration, withoutBreakGlassReason, type Actor } from "../trust/actor.js";
import {
  accessEventPage,
  refusalsByOrganisation,
  appendAuditEntries,
  auditedTransactions,
  AUDIT_WRITE_ROUND_TRIPS,
  AuditTrail,
  chainHash,
  GENESIS_HASH,
  KIT_MIGRATIONS_DIRECTORY,
  KIT_MIGRATIONS_TABLE,
  verifyAuditChain,
  type AuditEntry,
} from "./audit-log.js";

const counsellor: Actor = {
  requestId: "req-a",
  userId: "user-7",
  organisationId: "job-centre-nord",
  organisationType: "JOB_CENTRE",
  roles: ["EMPLOYMENT_COUNSELLOR", "BREAK_GLASS"],
  purpose: "JOB_PLACEMENT",
};

describe("AuditTrail", () => {
  it("records one entry per decision, pathway and category, however many fields asked", () => {
    const trail = new AuditTrail(counsellor);
    trail.record("p-1", "WORK_HISTORY", { allowed: true, basis: "CONSENT", consentId: "c-1" });
    trail.record("p-1", "WORK_HISTORY", { allowed: true, basis: "CONSENT", consentId: "c-1" });
    trail.record("p-1", "WORK_HISTORY", { allowed: true, basis: "CONSENT", consentId: "c-1" });
    trail.record("p-1", "HEALTH", { allowed: false, reason: "HOLDER_ONLY" });
    trail.record("p-1", "HEALTH", { allowed: false, reason: "HOLDER_ONLY" });
    expect(trail.pending().map((e) => [e.pathwayId, e.category, e.decision])).toEqual([
      ["p-1", "WORK_HISTORY", "ALLOW"],
      ["p-1", "HEALTH", "DENY"],
    ]);
  });

  it("keeps apart other pathways, other categories and other decisions", () => {
    const trail = new AuditTrail(counsellor);
    trail.record("p-1", "PLAN", { allowed: true, basis: "CONSENT", consentId: "c-1" });
    trail.record("p-2", "PLAN", { allowed: true, basis: "CONSENT", consentId: "c-1" });
    trail.record("p-1", "ECONOMIC", { allowed: true, basis: "CONSENT", consentId: "c-1" });
    trail.record("p-1", "PLAN", { allowed: true, basis: "CONSENT", consentId: "c-2" });
    trail.record("p-1", "CASE_STATUS", { allowed: true, basis: "REFERRAL" });
    trail.record("p-1", "CASE_STATUS", { allowed: false, reason: "NO_CONSENT" });
    trail.record("p-1", "CASE_STATUS", { allowed: false, reason: "WITHDRAWN" });
    trail.record(null, "TRAINING", { allowed: true, basis: "OWNERSHIP" });
    trail.record(null, "TRAINING", { allowed: true, basis: "OWNERSHIP" });
    expect(trail.pending().map((e) => [e.pathwayId, e.category, e.decision, e.basis ?? e.reason, e.consentId])).toEqual([
      ["p-1", "PLAN", "ALLOW", "CONSENT", "c-1"],
      ["p-2", "PLAN", "ALLOW", "CONSENT", "c-1"],
      ["p-1", "ECONOMIC", "ALLOW", "CONSENT", "c-1"],
      ["p-1", "PLAN", "ALLOW", "CONSENT", "c-2"],
      ["p-1", "CASE_STATUS", "ALLOW", "REFERRAL", null],
      ["p-1", "CASE_STATUS", "DENY", "NO_CONSENT", null],
      ["p-1", "CASE_STATUS", "DENY", "WITHDRAWN", null],
      [null, "TRAINING", "ALLOW", "OWNERSHIP", null],
    ]);
  });

  it("writes who asked, with which roles and purpose, and a break-glass declaration only on a break-glass read", () => {
    const declared: Actor = { ...counsellor, breakGlass: { basis: "COURT_ORDER", reason: "order 123/2025 of the juvenile court" } };
    const trail = new AuditTrail(declared);
    trail.record("p-1", "PLAN", { allowed: true, basis: "BREAK_GLASS" });
    trail.record("p-1", "WORK_HISTORY", { allowed: true, basis: "CONSENT", consentId: "c-1" });
    trail.record("p-1", "HEALTH", { allowed: false, reason: "HOLDER_ONLY" });
    const [breakGlass, consent, denial] = trail.pending();
    expect(breakGlass).toMatchObject({
      requestId: "req-a",
      actorId: "user-7",
      organisationId: "job-centre-nord",
      roles: "BREAK_GLASS,EMPLOYMENT_COUNSELLOR",
      purpose: "JOB_PLACEMENT",
      decision: "ALLOW",
      basis: "BREAK_GLASS",
      reason: null,
      consentId: null,
      breakGlassBasis: "COURT_ORDER",
      breakGlassReason: "order 123/2025 of the juvenile court",
    });
    expect(breakGlass!.at).toBeInstanceOf(Date);
    expect(consent).toMatchObject({ basis: "CONSENT", consentId: "c-1", breakGlassBasis: null, breakGlassReason: null });
    expect(denial).toMatchObject({ decision: "DENY", reason: "HOLDER_ONLY", basis: null, consentId: null, breakGlassBasis: null });
  });

  it("records the declaration's reference, not a reason, where the reason was not sent", () => {
    const declaration = breakGlassDeclaration("req-a", "COURT_ORDER", "order 123/2025 of the juvenile court");
    const trail = new AuditTrail(withoutBreakGlassReason({ ...counsellor, breakGlass: { basis: "COURT_ORDER", reason: "order 123/2025 of the juvenile court", declaration } }));
    trail.record("p-1", "PLAN", { allowed: true, basis: "BREAK_GLASS" });
    expect(trail.pending()[0]).toMatchObject({ breakGlassBasis: "COURT_ORDER", breakGlassReason: `declaration:${declaration}` });
    expect(JSON.stringify(trail.pending())).not.toContain("juvenile");
  });

  it("records a declaration once per request and pathway where its reason is kept, with the reference the others carry", () => {
    const reason = "order 123/2025 of the juvenile court";
    const declaration = breakGlassDeclaration(counsellor.requestId, "COURT_ORDER", reason);
    const trail = new AuditTrail({ ...counsellor, breakGlass: { basis: "COURT_ORDER", reason, declaration } });
    trail.recordBreakGlassDeclaration("p-1");
    trail.recordBreakGlassDeclaration("p-1");
    expect(trail.pending()).toEqual([
      expect.objectContaining({ action: "DECLARATION", pathwayId: "p-1", basis: "BREAK_GLASS", breakGlassBasis: "COURT_ORDER", breakGlassReason: reason, report: `declaration:${declaration}` }),
    ]);
    // Where only the reference arrived, or nothing was declared, there is nothing to record.
    const elsewhere = new AuditTrail(withoutBreakGlassReason({ ...counsellor, breakGlass: { basis: "COURT_ORDER", reason, declaration } }));
    elsewhere.recordBreakGlassDeclaration("p-1");
    new AuditTrail(counsellor).recordBreakGlassDeclaration("p-1");
    expect(elsewhere.pending()).toEqual([]);
  });

  it("has nothing pending before any decision", () => {
    expect(new AuditTrail(counsellor).pending()).toEqual([]);
  });
});

let clock = Date.parse("2025-06-01T08:00:00.000Z");

function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  clock += 1000;
  return {
    at: new Date(clock),
    action: "READ",
    requestId: "req-1",
    actorId: "user-7",
    organisationId: "job-centre-nord",
    roles: "EMPLOYMENT_COUNSELLOR",
    purpose: "JOB_PLACEMENT",
    pathwayId: "p-1",
    category: "WORK_HISTORY",
    decision: "ALLOW",
    reason: null,
    basis: "CONSENT",
    consentId: "c-1",
    breakGlassBasis: null,
    breakGlassReason: null,
    ...overrides,
  };
}

const denial = (category: DataCategory, reason: string, overrides: Partial<AuditEntry> = {}) =>
  entry({ category, decision: "DENY", reason, basis: null, consentId: null, ...overrides });

interface StoredRow {
  seq: string | number;
  category: string;
  prev_hash: string;
  hash: string;
}

describe.each(testBackends())("the audit log on $name", (backend) => {
  let db: Database;

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db, KIT_MIGRATIONS_DIRECTORY, KIT_MIGRATIONS_TABLE);
  });

  afterAll(async () => {
    await db?.close();
  });

  /** Empties the log the only way it can be emptied: as its owner, with the guards switched off. */
  async function asOwnerWithoutGuards(sql: string, params: unknown[] = []): Promise<void> {
    await db.exec("alter table audit_log disable trigger user");
    try {
      await db.query(sql, params);
    } finally {
      await db.exec("alter table audit_log enable trigger user");
    }
  }

  beforeEach(async () => {
    await asOwnerWithoutGuards("truncate audit_log restart identity");
  });

  const rows = () => db.query<StoredRow>("select seq, category, prev_hash, hash from audit_log order by seq");

  it("migrates idempotently", async () => {
    await expect(migrate(db, KIT_MIGRATIONS_DIRECTORY, KIT_MIGRATIONS_TABLE)).resolves.toEqual({ applied: [] });
  });

  it("starts from the genesis hash and chains batch after batch", async () => {
    await appendAuditEntries(db, [entry({ category: "WORK_HISTORY" }), entry({ category: "PLAN" }), denial("HEALTH", "HOLDER_ONLY")]);
    await appendAuditEntries(db, [entry({ requestId: "req-2", category: "JOB_SEARCH" }), denial("CARE", "NO_CONSENT", { requestId: "req-2" })]);
    const stored = await rows();
    expect(stored.map((row) => row.category)).toEqual(["WORK_HISTORY", "PLAN", "HEALTH", "JOB_SEARCH", "CARE"]);
    expect(stored[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < stored.length; i++) expect(stored[i]!.prev_hash, `entry ${i}`).toBe(stored[i - 1]!.hash);
    // The first entry of the second batch links to the last of the first.
    expect(stored[3]!.prev_hash).toBe(stored[2]!.hash);
    expect(new Set(stored.map((row) => row.hash)).size).toBe(5);
    expect(await verifyAuditChain(db)).toEqual({ entries: 5, firstBroken: null });
    // Paging through the log in small batches gives the same answer.
    expect(await verifyAuditChain(db, 2)).toEqual({ entries: 5, firstBroken: null });
    expect(await verifyAuditChain(db, 1)).toEqual({ entries: 5, firstBroken: null });
  });

  it("hashes every field of an entry, linked to the one before", async () => {
    const first = entry({ breakGlassBasis: "COURT_ORDER", breakGlassReason: "order 12", basis: "BREAK_GLASS", consentId: null });
    await appendAuditEntries(db, [first]);
    const [row] = await rows();
    expect(row!.hash).toBe(
      chainHash(GENESIS_HASH, [
        first.at.toISOString(),
        "req-1",
        "user-7",
        "job-centre-nord",
        "EMPLOYMENT_COUNSELLOR",
        "JOB_PLACEMENT",
        "p-1",
        "WORK_HISTORY",
        "ALLOW",
        null,
        "BREAK_GLASS",
        null,
        "COURT_ORDER",
        "order 12",
      ]),
    );
  });

  it("chains indicator reads with their report, and a change to the report shows", async () => {
    await appendAuditEntries(db, [entry({ category: "PLAN" }), entry({ action: "INDICATORS", pathwayId: null, category: "AGGREGATE", report: "2025-01-01..2025-12-31 YEAR NETWORK intake" })]);
    expect(await verifyAuditChain(db)).toEqual({ entries: 2, firstBroken: null });
    const [, read] = await db.query<{ seq: number; action: string; report: string | null }>("select seq, action, report from audit_log order by seq");
    expect(read).toMatchObject({ action: "INDICATORS", report: "2025-01-01..2025-12-31 YEAR NETWORK intake" });
    await asOwnerWithoutGuards("update audit_log set report = 'another report' where seq = $1", [read!.seq]);
    expect(await verifyAuditChain(db)).toEqual({ entries: 1, firstBroken: { seq: Number(read!.seq), problem: "hash" } });
  });

  it("writes nothing for an empty batch", async () => {
    await appendAuditEntries(db, []);
    expect(await rows()).toEqual([]);
    expect(await verifyAuditChain(db)).toEqual({ entries: 0, firstBroken: null });
  });

  describe("a write sent outside a transaction while its entry waits", () => {
    const allowed = { allowed: true, basis: "CONSENT", consentId: "c-1" } as const;
    beforeAll(async () => {
      await db.exec("create table if not exists bare_write (n int)");
    });

    it("commits with its entry, in one transaction", async () => {
      const trail = new AuditTrail(counsellor);
      const view = auditedTransactions(db, trail, () => new Error("audit unavailable"));
      trail.holdWrite("p-bare", "WORK_HISTORY", allowed);
      await view.query("insert into bare_write values (1)");
      expect(trail.holdsWrites()).toBe(false);
      expect((await db.query<{ pathway_id: string }>("select pathway_id from audit_log")).map((row) => row.pathway_id)).toEqual(["p-bare"]);
      // Reads pass straight through, and write nothing.
      await view.query("select n from bare_write");
      expect(await rows()).toHaveLength(1);
    });

    it("rolls back when its entry cannot be stored", async () => {
      const trail = new AuditTrail(counsellor);
      const view = auditedTransactions(db, trail, () => new Error("audit unavailable"));
      trail.holdWrite("p-bare", "WORK_HISTORY", allowed);
      await db.exec("alter table audit_log disable trigger user");
      await db.exec("alter table audit_log add constraint no_entries check (false) not valid");
      try {
        await expect(view.query("insert into bare_write values (2)")).rejects.toThrow("audit unavailable");
      } finally {
        await db.exec("alter table audit_log drop constraint no_entries");
        await db.exec("alter table audit_log enable trigger user");
      }
      expect(await db.query("select n from bare_write where n = 2")).toEqual([]);
    });
  });

  it("keeps one chain when requests write at the same time", async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        appendAuditEntries(db, [entry({ requestId: `req-${i}` }), denial("HEALTH", "HOLDER_ONLY", { requestId: `req-${i}` })]),
      ),
    );
    expect(await verifyAuditChain(db)).toEqual({ entries: 16, firstBroken: null });
  });

  it("writes the batches that wait meanwhile together (group commit), each request answered once stored", async () => {
    const before = db.roundTrips;
    const stored: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => appendAuditEntries(db, [entry({ requestId: `grouped-${i}` })]).then(() => stored.push(i))),
    );
    expect(stored.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // The first request's batch alone, then the seven that arrived meanwhile in one transaction.
    expect(db.roundTrips - before).toBeLessThanOrEqual(2 * (AUDIT_WRITE_ROUND_TRIPS + 2));
    expect(await verifyAuditChain(db)).toEqual({ entries: 8, firstBroken: null });
  });

  it("refuses every request of a group whose write fails, and writes the next group", async () => {
    await appendAuditEntries(db, [entry()]);
    const failing = [appendAuditEntries(db, [entry({ requestId: "a" })]), appendAuditEntries(db, [{ ...entry({ requestId: "b" }), decision: "MAYBE" as never }])];
    const results = await Promise.allSettled(failing);
    // The first waits for nothing and is written alone; the second's group fails as a whole.
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
    await appendAuditEntries(db, [entry({ requestId: "c" })]);
    const written = await db.query<{ request_id: string }>("select request_id from audit_log order by seq");
    expect(written.map((row) => row.request_id)).toEqual(["req-1", "a", "c"]);
    expect(await verifyAuditChain(db)).toEqual({ entries: 3, firstBroken: null });
  });

  describe("is append-only", () => {
    beforeEach(async () => {
      await appendAuditEntries(db, [entry(), entry({ category: "PLAN" }), denial("HEALTH", "HOLDER_ONLY")]);
    });

    it("refuses UPDATE", async () => {
      await expect(db.query("update audit_log set decision = 'ALLOW', reason = null where category = 'HEALTH'")).rejects.toThrow(
        /append-only/,
      );
      await expect(db.query("update audit_log set at = now()")).rejects.toThrow(/append-only/);
    });

    it("refuses DELETE", async () => {
      await expect(db.query("delete from audit_log where category = 'PLAN'")).rejects.toThrow(/append-only/);
      await expect(db.query("delete from audit_log")).rejects.toThrow(/append-only/);
    });

    it("refuses TRUNCATE", async () => {
      await expect(db.exec("truncate audit_log")).rejects.toThrow(/append-only/);
    });

    it("and is left whole after the refusals", async () => {
      await db.query("delete from audit_log").catch(() => undefined);
      await db.query("update audit_log set category = 'CARE'").catch(() => undefined);
      expect((await rows()).map((row) => row.category)).toEqual(["WORK_HISTORY", "PLAN", "HEALTH"]);
      expect(await verifyAuditChain(db)).toEqual({ entries: 3, firstBroken: null });
    });
  });

  describe("shows tampering", () => {
    beforeEach(async () => {
      await appendAuditEntries(db, [entry(), entry({ category: "PLAN" })]);
      await appendAuditEntries(db, [denial("HEALTH", "HOLDER_ONLY"), entry({ category: "JOB_SEARCH" }), entry({ category: "CARE" })]);
    });

    async function seqOf(category: string): Promise<number> {
      const [row] = await db.query<{ seq: string | number }>("select seq from audit_log where category = $1", [category]);
      return Number(row!.seq);
    }

    it("an entry changed after it was written breaks its own hash", async () => {
      const seq = await seqOf("HEALTH");
      // A denial turned into an allowance, by the owner with the guards off.
      await asOwnerWithoutGuards("update audit_log set decision = 'ALLOW', reason = null, basis = 'CONSENT' where seq = $1", [seq]);
      expect(await verifyAuditChain(db)).toEqual({ entries: 2, firstBroken: { seq, problem: "hash" } });
    });

    it("each field counts, the time included", async () => {
      const seq = await seqOf("JOB_SEARCH");
      await asOwnerWithoutGuards("update audit_log set at = at + interval '1 millisecond' where seq = $1", [seq]);
      expect(await verifyAuditChain(db)).toEqual({ entries: 3, firstBroken: { seq, problem: "hash" } });
    });

    it("a changed entry whose hash was recomputed breaks the next link", async () => {
      const seq = await seqOf("PLAN");
      await asOwnerWithoutGuards("update audit_log set organisation_id = 'someone-else', hash = $2 where seq = $1", [seq, "f".repeat(64)]);
      expect(await verifyAuditChain(db)).toEqual({ entries: 1, firstBroken: { seq, problem: "hash" } });
      const [plan] = await db.query<StoredRow & Record<string, unknown>>("select * from audit_log where seq = $1", [seq]);
      const fields = [
        new Date(plan!.at as string).toISOString(),
        ...["request_id", "actor_id", "organisation_id", "roles", "purpose", "pathway_id", "category", "decision", "reason", "basis", "consent_id", "break_glass_basis", "break_glass_reason"].map(
          (column) => plan![column] as string | null,
        ),
      ];
      await asOwnerWithoutGuards("update audit_log set hash = $2 where seq = $1", [seq, chainHash(plan!.prev_hash, fields)]);
      expect(await verifyAuditChain(db)).toEqual({ entries: 2, firstBroken: { seq: await seqOf("HEALTH"), problem: "link" } });
    });

    it("an entry deleted from the middle breaks the link of the next one", async () => {
      const removed = await seqOf("HEALTH");
      await asOwnerWithoutGuards("delete from audit_log where seq = $1", [removed]);
      expect(await verifyAuditChain(db)).toEqual({ entries: 2, firstBroken: { seq: await seqOf("JOB_SEARCH"), problem: "link" } });
    });

    it("a row inserted behind the chain's back is caught (inserts are allowed; forging the link is not possible)", async () => {
      const [last] = await db.query<{ seq: string | number; hash: string }>("select seq, hash from audit_log order by seq desc limit 1");
      const insert = (prevHash: string, hash: string) =>
        db.query(
          `insert into audit_log (at, request_id, actor_id, organisation_id, roles, category, decision, prev_hash, hash)
           values (now(), 'req-x', 'intruder', 'job-centre-nord', 'EMPLOYMENT_COUNSELLOR', 'PLAN', 'ALLOW', $1, $2) returning seq`,
          [prevHash, hash],
        ) as Promise<{ seq: string | number }[]>;
      // Linked to the right entry, but with a hash that is not the chain's.
      const [forged] = await insert(last!.hash, "e".repeat(64));
      expect(await verifyAuditChain(db)).toEqual({ entries: 5, firstBroken: { seq: Number(forged!.seq), problem: "hash" } });
      await asOwnerWithoutGuards("delete from audit_log where seq = $1", [Number(forged!.seq)]);
      // Linked to an earlier entry (a fork).
      const [forked] = await insert(GENESIS_HASH, "d".repeat(64));
      expect(await verifyAuditChain(db)).toEqual({ entries: 5, firstBroken: { seq: Number(forked!.seq), problem: "link" } });
    });
  });

  describe("accessEventPage", () => {
    it("keeps one line per allowed request and folds repeated refusals into one, with count, first and last time", async () => {
      const at = (minute: number) => new Date(Date.UTC(2025, 5, 1, 9, minute));
      await appendAuditEntries(db, [entry({ at: at(0), requestId: "ok-1" })]);
      // Forty refusals of the same kind from one organisation, each its own request, two actors.
      for (let i = 0; i < 40; i++) {
        await appendAuditEntries(db, [denial("CASE_STATUS", "ORGANISATION", { at: at(1 + i), requestId: `flood-${i}`, organisationId: "cav-other", actorId: `u-${i % 2}` })]);
      }
      // Another reason from the same organisation is another line; an allowed read in between stays its own.
      await appendAuditEntries(db, [entry({ at: at(50), requestId: "ok-2" })]);
      await appendAuditEntries(db, [denial("CASE_STATUS", "ROLE", { at: at(51), requestId: "role-1", organisationId: "cav-other" })]);

      const lines = await accessEventPage(db, "p-1", 0, 50);
      expect(lines.map((line) => [line.decision, line.organisation_id, line.reasons, Number(line.count)])).toEqual([
        ["ALLOW", "job-centre-nord", [], 1],
        ["DENY", "cav-other", ["ORGANISATION"], 40],
        ["ALLOW", "job-centre-nord", [], 1],
        ["DENY", "cav-other", ["ROLE"], 1],
      ]);
      const flood = lines[1]!;
      expect([new Date(flood.at).toISOString(), new Date(flood.last_at).toISOString()]).toEqual([at(1).toISOString(), at(40).toISOString()]);
      // Two actors: the folded line names neither.
      expect(flood.actor_id).toBeNull();

      // Paged: the cursor of a line is its first entry, so a later repeat does not move it.
      const [first] = await accessEventPage(db, "p-1", 0, 1);
      const second = await accessEventPage(db, "p-1", Number(first!.seq), 1);
      expect(second.map((line) => Number(line.count))).toEqual([40]);
      await appendAuditEntries(db, [denial("CASE_STATUS", "ORGANISATION", { at: at(52), requestId: "flood-late", organisationId: "cav-other" })]);
      const again = await accessEventPage(db, "p-1", Number(first!.seq), 2);
      expect(again.map((line) => [Number(line.seq), Number(line.count)])).toEqual([
        [Number(second[0]!.seq), 41],
        [Number(lines[2]!.seq), 1],
      ]);

      expect((await refusalsByOrganisation(db, "p-1")).map((row) => [row.organisation_id, Number(row.refusals)])).toEqual([["cav-other", 42]]);
    });
  });
});
