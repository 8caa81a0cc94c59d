import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "./database.js";
import { FairGate } from "./fair-gate.js";

const codeOf = (error: unknown) => (error as { extensions?: { code?: string } }).extensions?.code;

/** A unit of work that finishes when told to, recording when it started. */
function controlled(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    work: async () => {
      log.push(name);
      await done;
      return name;
    },
    finish: () => finish(),
  };
}

describe("turns at a store go round the organisations waiting", () => {
  it("gives the next turn to the lane that waited longest, not to the oldest unit", async () => {
    const gate = new FairGate(1);
    const started: string[] = [];
    const units = ["a1", "a2", "a3", "a4", "b1", "c1", "a5", "b2"].map((name) => ({ name, ...controlled(started, name) }));
    const answers = units.map((unit) => gate.run(unit.name[0]!, unit.work));
    // a1 runs at once; then one turn per lane in the order the lanes began to wait.
    for (let i = 0; i < units.length; i++) {
      while (started.length <= i) await new Promise((resolve) => setImmediate(resolve));
      units.find((unit) => unit.name === started[i])!.finish();
    }
    expect(await Promise.all(answers)).toEqual(units.map((unit) => unit.name));
    expect(started).toEqual(["a1", "a2", "b1", "c1", "a3", "b2", "a4", "a5"]);
  });

  it("runs up to its capacity at once, and never more", async () => {
    const gate = new FairGate(3);
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        gate.run(`lane${i % 4}`, async () => {
          most = Math.max(most, ++running);
          await new Promise((resolve) => setTimeout(resolve, 2));
          running--;
        }),
      ),
    );
    expect(most).toBe(3);
  });

  it("drops a unit whose caller left while it waited, and runs the rest", async () => {
    const gate = new FairGate(1);
    const started: string[] = [];
    const first = controlled(started, "first");
    const running = gate.run("a", first.work);
    const caller = new AbortController();
    const abandoned = gate.run("b", async () => started.push("abandoned"), caller.signal);
    const later = gate.run("c", async () => started.push("later"));
    caller.abort();
    await expect(abandoned).rejects.toSatisfy((error) => codeOf(error) === "REQUEST_ABORTED");
    expect(gate.waiting).toBe(1);
    first.finish();
    await Promise.all([running, later]);
    expect(started).toEqual(["first", "later"]);
  });

  it("a failed unit passes its turn on", async () => {
    const gate = new FairGate(1);
    const failing = gate.run("a", async () => {
      throw new Error("bad statement");
    });
    const next = gate.run("b", async () => "next");
    await expect(failing).rejects.toThrow("bad statement");
    expect(await next).toBe("next");
  });
});

describe("an organisation's burst on PGlite delays another's statement by a turn, not the burst", () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase();
  });
  afterAll(() => db.close());

  it("answers the light statement before the burst's tail", async () => {
    const heavy = db.withSignal(new AbortController().signal, "org-heavy");
    const light = db.withSignal(new AbortController().signal, "org-light");
    const finished: string[] = [];
    // Twenty statements of real work queued by one organisation, then one by another.
    const burst = Array.from({ length: 20 }, (_, i) =>
      heavy.query("select count(*) from generate_series(1, 200000)").then(() => finished.push(`heavy${i}`)),
    );
    const single = light.query("select 1").then(() => finished.push("light"));
    await Promise.all([...burst, single]);
    // First come, first served would answer it last; round the lanes, it comes second.
    expect(finished.indexOf("light")).toBeLessThanOrEqual(2);
  });

  it("lets a request that arrives during the burst in (I/O is read between turns)", async () => {
    const heavy = db.withSignal(new AbortController().signal, "org-heavy");
    const light = db.withSignal(new AbortController().signal, "org-light");
    const finished: string[] = [];
    const burst = Array.from({ length: 20 }, (_, i) =>
      heavy.query("select count(*) from generate_series(1, 200000)").then(() => finished.push(`heavy${i}`)),
    );
    // Arrives as a new request would: from a later turn of the event loop, not from the burst's own promises.
    const arrival = new Promise<void>((resolve) => setTimeout(() => void light.query("select 1").then(() => (finished.push("light"), resolve())), 0));
    await Promise.all([...burst, arrival]);
    expect(finished.indexOf("light")).toBeLessThanOrEqual(3);
  });

  it("keeps an organisation's own statements in their order, transactions whole", async () => {
    await db.exec("create table if not exists turns (n int)");
    const view = db.withSignal(new AbortController().signal, "org-a");
    const other = db.withSignal(new AbortController().signal, "org-b");
    await Promise.all([
      view.transaction(async (tx) => {
        await tx.query("insert into turns values (1)");
        await tx.query("insert into turns values (2)");
      }),
      other.query("insert into turns values (10)"),
      view.query("insert into turns values (3)"),
    ]);
    const rows = await db.query<{ n: number }>("select n from turns");
    expect(rows.map((row) => row.n)).toEqual([1, 2, 10, 3]);
  });
});
