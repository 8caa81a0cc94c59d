import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { DataCategory } from "@percorsi/schema";
import type { AccessDecision } from "../access/decide.js";
import { STORE, storeOf, type Database, type Queryable } from "../db/database.js";
import { breakGlassDeclaration, type Actor } from "../trust/actor.js";

/** The kit's own migrations (the audit log, idempotency keys), applied to every subgraph's store. */
export const KIT_MIGRATIONS_DIRECTORY = fileURLToPath(new URL("../../migrations", import.meta.url));
export const KIT_MIGRATIONS_TABLE = "kit_schema_migrations";

/**
 * What was attempted: a read of her data, a write about her, a read of her access report, a read
 * of the indicators, or a break-glass declaration (recorded with its reason by the consent authority).
 */
export type AuditAction = "READ" | "WRITE" | "REPORT" | "INDICATORS" | "DECLARATION";

/** The category of an indicator read: aggregates, no one's data. */
export const AGGREGATE_CATEGORY = "AGGREGATE";

export interface AuditEntry {
  at: Date;
  action: AuditAction;
  requestId: string;
  actorId: string;
  organisationId: string;
  roles: string;
  purpose: string | null;
  pathwayId: string | null;
  category: DataCategory | typeof AGGREGATE_CATEGORY;
  decision: "ALLOW" | "DENY";
  reason: string | null;
  basis: string | null;
  consentId: string | null;
  breakGlassBasis: string | null;
  breakGlassReason: string | null;
  /** INDICATORS: which report (range, granularity, breakdown, section). DECLARATION: `declaration:<reference>`. */
  report?: string | null;
}

/**
 * The sensitive decisions of one request, collected while it executes and written in one batch
 * before it answers. The same decision on several fields of one pathway is one entry.
 */
export class AuditTrail {
  private readonly entries = new Map<string, AuditEntry>();
  private readonly written = new Set<string>();
  /** Allowed writes' entries, kept for the write's own transaction (see `holdWrite`). */
  private readonly held = new Map<string, AuditEntry>();

  constructor(private readonly actor: Actor) {}

  record(pathwayId: string | null, category: DataCategory, decision: AccessDecision, action: AuditAction = "READ"): void {
    this.add(this.entry(pathwayId, category, decision, action));
  }

  /**
   * An allowed write's entry, kept until the write's transaction (the kit's, see
   * `auditedTransactions`) writes it with the write: a write that fails, on bad input or
   * otherwise, rolls its entry back with it, so no entry says she was written about when she was not.
   */
  holdWrite(pathwayId: string, category: DataCategory, decision: AccessDecision): void {
    const entry = this.entry(pathwayId, category, decision, "WRITE");
    const key = [entry.pathwayId, entry.category, entry.basis, entry.consentId].join("|");
    if (!this.held.has(key)) this.held.set(key, entry);
  }

  /** Held entries no transaction wrote (the write failed before one, or wrote outside one). */
  takeHeld(): AuditEntry[] {
    const entries = [...this.held.values()];
    this.held.clear();
    return entries;
  }

  /** A read of the indicators (allowed or refused): who, which report; no pathway, no personal data. */
  recordIndicatorRead(report: string, decision: AccessDecision): void {
    this.add({ ...this.entry(null, AGGREGATE_CATEGORY, decision, "INDICATORS"), report });
  }

  /**
   * The caller's break-glass declaration, where its reason is kept (the consent authority, which
   * alone receives it): basis, reason and the reference the other subgraphs' entries carry,
   * recomputed here so that theirs resolve to this entry only if the gateway's matches. Once per
   * request and pathway; nothing without a declaration or its reason.
   */
  recordBreakGlassDeclaration(pathwayId: string | null): void {
    const declared = this.actor.breakGlass;
    if (!declared?.reason) return;
    const reference = breakGlassDeclaration(this.actor.requestId, declared.basis, declared.reason);
    this.add({ ...this.entry(pathwayId, "CASE_STATUS", { allowed: true, basis: "BREAK_GLASS" }, "DECLARATION"), report: `declaration:${reference}` });
  }

  /** An entry of this request, not kept in the trail: for one written on its own (see `recordRefusalOnRecord`). */
  entryFor(pathwayId: string | null, category: DataCategory, decision: AccessDecision, action: AuditAction): AuditEntry {
    return this.entry(pathwayId, category, decision, action);
  }

  private entry(pathwayId: string | null, category: AuditEntry["category"], decision: AccessDecision, action: AuditAction): AuditEntry {
    return {
      at: new Date(),
      action,
      requestId: this.actor.requestId,
      actorId: this.actor.userId,
      organisationId: this.actor.organisationId,
      roles: [...this.actor.roles].sort().join(","),
      purpose: this.actor.purpose,
      pathwayId,
      category,
      decision: decision.allowed ? "ALLOW" : "DENY",
      reason: decision.allowed ? null : decision.reason,
      basis: decision.allowed ? decision.basis : null,
      consentId: decision.allowed ? (decision.consentId ?? null) : null,
      breakGlassBasis: decision.allowed && decision.basis === "BREAK_GLASS" ? (this.actor.breakGlass?.basis ?? null) : null,
      // The reason where it is recorded (the consent authority), elsewhere the declaration's reference.
      breakGlassReason: decision.allowed && decision.basis === "BREAK_GLASS" ? breakGlassRecord(this.actor) : null,
    };
  }

  private add(entry: AuditEntry): void {
    const key = [entry.action, entry.pathwayId, entry.category, entry.decision, entry.reason, entry.basis, entry.consentId, entry.report].join("|");
    if (!this.entries.has(key)) this.entries.set(key, entry);
  }

  /** Entries recorded and not yet written. */
  pending(): AuditEntry[] {
    return [...this.entries].filter(([key]) => !this.written.has(key)).map(([, entry]) => entry);
  }

  /**
   * Writes what is pending now, before the request goes on: a write about her is audited before
   * it is made (write-ahead), so no write can exist without its entry. Throws if it cannot be written.
   */
  flush(db: Database): Promise<void> {
    // One flush at a time: fields resolving in parallel must not write the same entry twice.
    const run = this.tail.then(async () => {
      const keys = this.pendingKeys();
      if (keys.length === 0) return;
      await appendAuditEntries(db, keys.map((key) => this.entries.get(key)!));
      for (const key of keys) this.written.add(key);
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * Writes what is pending inside a transaction of the caller's (the write it audits): the
   * entries commit with that write or not at all.
   */
  async writeWithin(tx: Queryable): Promise<void> {
    const keys = this.pendingKeys();
    const held = [...this.held.values()];
    if (keys.length === 0 && held.length === 0) return;
    await writeChainedWithin(tx, [...keys.map((key) => this.entries.get(key)!), ...held]);
    for (const key of keys) this.written.add(key);
    // Written in this transaction: if it rolls back, the write they describe rolled back too.
    this.held.clear();
  }

  /** Whether an allowed write waits for its transaction. */
  holdsWrites(): boolean {
    return this.held.size > 0;
  }

  private tail: Promise<void> = Promise.resolve();

  private pendingKeys(): string[] {
    return [...this.entries.keys()].filter((key) => !this.written.has(key));
  }
}

function breakGlassRecord(actor: Actor): string | null {
  const declared = actor.breakGlass;
  if (declared?.reason) return declared.reason;
  return declared?.declaration ? `declaration:${declared.declaration}` : null;
}

const COLUMNS = [
  "at",
  "request_id",
  "actor_id",
  "organisation_id",
  "roles",
  "purpose",
  "pathway_id",
  "category",
  "decision",
  "reason",
  "basis",
  "consent_id",
  "break_glass_basis",
  "break_glass_reason",
  "action",
  "report",
] as const;

type AuditRow = Record<(typeof COLUMNS)[number], string | null> & { seq: string | number; prev_hash: string; hash: string };

/** The chain's first link. */
export const GENESIS_HASH = "0".repeat(64);

function values(entry: AuditEntry): (string | null)[] {
  return [
    entry.at.toISOString(),
    entry.requestId,
    entry.actorId,
    entry.organisationId,
    entry.roles,
    entry.purpose,
    entry.pathwayId,
    entry.category,
    entry.decision,
    entry.reason,
    entry.basis,
    entry.consentId,
    entry.breakGlassBasis,
    entry.breakGlassReason,
    entry.action,
    entry.report ?? null,
  ];
}

/**
 * A link of the chain. Columns added later (action, then report) are hashed only when they hold
 * more than their default (READ, null), so that entries written before they existed still verify.
 */
export function chainHash(previous: string, fields: readonly (string | null)[]): string {
  let hashed = fields;
  if (fields.length === COLUMNS.length) {
    if (hashed[hashed.length - 1] === null) hashed = hashed.slice(0, -1);
    if (hashed.length === COLUMNS.length - 1 && hashed[hashed.length - 1] === "READ") hashed = hashed.slice(0, -1);
  }
  return createHash("sha256").update(JSON.stringify([previous, ...hashed])).digest("hex");
}

/**
 * A request's view of its store whose transactions write the request's held write entries
 * (`holdWrite`) just before they commit: every mutation writes through `ctx.db.transaction` or
 * the kit's `idempotent` (which uses it), so every subgraph's writes are audited in their own
 * transaction. If the entries cannot be stored, the transaction rolls back (AUDIT_UNAVAILABLE).
 */
export function auditedTransactions(db: Database, trail: AuditTrail, unavailable: () => Error): Database {
  const audited = <T>(work: (tx: Queryable) => Promise<T>) =>
    db.transaction(async (tx) => {
      const result = await work(tx);
      if (trail.holdsWrites()) {
        try {
          await trail.writeWithin(tx);
        } catch {
          throw unavailable();
        }
      }
      return result;
    });
  return {
    [STORE]: db,
    get kind() {
      return db.kind;
    },
    get roundTrips() {
      return db.roundTrips;
    },
    // A write statement sent outside a transaction while an allowed write's entries wait gets
    // a transaction of its own that stores them with it: no write commits before its entry.
    query: (sql, params) => (trail.holdsWrites() && isWriteStatement(sql) ? audited((tx) => tx.query(sql, params)) : db.query(sql, params)),
    exec: (sql) => (trail.holdsWrites() && isWriteStatement(sql) ? audited((tx) => tx.exec(sql)) : db.exec(sql)),
    transaction: (work) => audited(work),
    withSignal: (signal, lane) => auditedTransactions(db.withSignal(signal, lane), trail, unavailable),
    close: () => db.close(),
  } as Database;
}

/** A statement that changes rows (a CTE ending in one included); reads and DDL-free selects are not. */
function isWriteStatement(sql: string): boolean {
  return /^\s*(insert|update|delete|merge)\b/i.test(sql) || /^\s*with\b[\s\S]*\b(insert|update|delete)\b/i.test(sql);
}

/** Statements one audit batch costs (lock, chain head, insert): constant per request, shared under load. */
export const AUDIT_WRITE_ROUND_TRIPS = 3;

interface Waiting {
  entries: readonly AuditEntry[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: while one batch is being written, the batches of requests that finish meanwhile
 * wait and are then written together, in one transaction. Each request still answers only once
 * its own entries are stored (or is refused if they could not be), but under load the lock,
 * chain head and insert are paid once per group, not once per request.
 */
class AuditWriter {
  private waiting: Waiting[] = [];
  private draining = false;

  constructor(private readonly db: Database) {}

  append(entries: readonly AuditEntry[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ entries, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    while (this.waiting.length > 0) {
      const group = this.waiting;
      this.waiting = [];
      try {
        await writeChained(this.db, group.flatMap((request) => request.entries));
        for (const request of group) request.resolve();
      } catch (error) {
        for (const request of group) request.reject(error);
      }
    }
    this.draining = false;
  }
}

const writers = new WeakMap<Database, AuditWriter>();

/** Appends a request's batch to the chain; resolves once it is stored (see `AuditWriter`). */
export function appendAuditEntries(view: Database, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return Promise.resolve();
  // One group-commit writer per store, whichever request's view of it asks: a batch is shared
  // between requests, so one caller leaving does not cancel the others' entries.
  const db = storeOf(view);
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = new AuditWriter(db)));
  return writer.append(entries);
}

/** Appends entries to the chain in one transaction; the lock keeps concurrent writers (processes) in line. */
async function writeChained(db: Database, entries: readonly AuditEntry[]): Promise<void> {
  await db.transaction((tx) => writeChainedWithin(tx, entries));
}

/** Appends entries to the chain inside an open transaction; the lock is held until it ends. */
async function writeChainedWithin(tx: Queryable, entries: readonly AuditEntry[]): Promise<void> {
  await tx.query("select pg_advisory_xact_lock(7277001)");
  const [last] = await tx.query<{ hash: string }>("select hash from audit_log order by seq desc limit 1");
  let previous = last?.hash ?? GENESIS_HASH;
  const rows = entries.map((entry) => {
    const fields = values(entry);
    const hash = chainHash(previous, fields);
    const row = [...fields, previous, hash];
    previous = hash;
    return row;
  });
  const columns = [...COLUMNS, "prev_hash", "hash"];
  const arrays = columns.map((_, index) => rows.map((row) => row[index] ?? null));
  await tx.query(
    `insert into audit_log (${columns.join(", ")})
     select * from unnest(${columns.map((c, i) => `$${i + 1}::${c === "at" ? "timestamptz" : "text"}[]`).join(", ")})`,
    arrays,
  );
}

export interface ChainReport {
  entries: number;
  /** The first entry whose hash or link does not hold, or null when the chain is whole. */
  firstBroken: { seq: number; problem: "hash" | "link" } | null;
}

/** Recomputes every hash in order; names the first entry that was changed, removed or inserted. */
export async function verifyAuditChain(db: Queryable, batch = 1000): Promise<ChainReport> {
  let previous = GENESIS_HASH;
  let count = 0;
  let after = 0;
  for (;;) {
    const rows = await db.query<AuditRow & { at: Date | string }>(
      `select seq, ${COLUMNS.join(", ")}, prev_hash, hash from audit_log where seq > $1 order by seq limit $2`,
      [after, batch],
    );
    for (const row of rows) {
      const seq = Number(row.seq);
      const fields = COLUMNS.map((column) => {
        const value = row[column];
        return column === "at" && value !== null ? new Date(value as string).toISOString() : (value as string | null);
      });
      if (row.prev_hash !== previous) return { entries: count, firstBroken: { seq, problem: "link" } };
      if (chainHash(previous, fields) !== row.hash) return { entries: count, firstBroken: { seq, problem: "hash" } };
      previous = row.hash;
      count++;
      after = seq;
    }
    if (rows.length < batch) return { entries: count, firstBroken: null };
  }
}

export interface AccessEventRow {
  at: Date;
  action: AuditAction;
  request_id: string;
  organisation_id: string;
  actor_id: string;
  roles: string;
  purpose: string | null;
  decision: "ALLOW" | "DENY";
  categories: DataCategory[];
  reasons: string[];
  bases: string[];
  /** One declaration per request: its basis, and its reason (the consent authority) or reference (elsewhere). */
  break_glass_basis: string | null;
  break_glass_reason: string | null;
}

export interface AccessEventLine extends AccessEventRow {
  /** The line's first entry: its place in the report, and its cursor. */
  seq: string | number;
  last_at: Date;
  count: number;
}

/**
 * A page of a pathway's report in this store, in the order its events began. An allowed access
 * is one line per request; refusals with the same organisation, action, categories and reasons
 * are one line with their count, first and last time, so a flood stays readable. A line's first
 * entry never changes (the log is append-only), so `seq` is a stable cursor.
 */
export async function accessEventPage(db: Queryable, pathwayId: string, afterSeq: number, first: number): Promise<AccessEventLine[]> {
  return db.query(
    `with events as (
       select min(seq) as seq, min(at) as at, max(at) as last_at, action, organisation_id, actor_id, roles, purpose, decision,
              array_agg(distinct category order by category) as categories,
              coalesce(array_agg(distinct reason order by reason) filter (where reason is not null), '{}') as reasons,
              coalesce(array_agg(distinct basis order by basis) filter (where basis is not null), '{}') as bases,
              max(break_glass_basis) as break_glass_basis, max(break_glass_reason) as break_glass_reason
       from audit_log where pathway_id = $1
       group by request_id, action, organisation_id, actor_id, roles, purpose, decision
     ), lines as (
       select seq, at, last_at, 1 as count, action, organisation_id, actor_id, roles, purpose, decision, categories, reasons, bases,
              break_glass_basis, break_glass_reason
       from events where decision = 'ALLOW'
       union all
       select min(seq), min(at), max(last_at), count(*)::int, action, organisation_id,
              case when count(distinct actor_id) = 1 then min(actor_id) end,
              case when count(distinct roles) = 1 then min(roles) end,
              case when count(distinct purpose) = 1 and count(purpose) = count(*) then min(purpose) end,
              'DENY', categories, reasons, '{}'::text[], null::text, null::text
       from events where decision = 'DENY'
       group by action, organisation_id, categories, reasons
     )
     select * from lines where seq > $2 order by seq limit $3`,
    [pathwayId, afterSeq, first],
  );
}

/** A pathway's refused requests in this store, by organisation, most first. */
export async function refusalsByOrganisation(
  db: Queryable,
  pathwayId: string,
): Promise<{ organisation_id: string; refusals: number; first_at: Date; last_at: Date }[]> {
  return db.query(
    `select organisation_id, count(distinct request_id)::int as refusals, min(at) as first_at, max(at) as last_at
     from audit_log where pathway_id = $1 and decision = 'DENY'
     group by organisation_id order by refusals desc, organisation_id`,
    [pathwayId],
  );
}
