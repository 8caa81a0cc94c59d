import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "./database.js";
import { acquireStoreLock, StoreInUseError } from "./store-lock.js";

const root = mkdtempSync(join(tmpdir(), "percorsi-store-lock-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshStore = () => join(root, `store-${++n}`, "pgdata");

function refusal(work: () => unknown): StoreInUseError | undefined {
  try {
    work();
    return undefined;
  } catch (error) {
    if (error instanceof StoreInUseError) return error;
    throw error;
  }
}

/** The pid of a process that has exited (so is dead, and not yet reused). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

describe("the store lock", () => {
  it("is exclusive, also within one process, and released on release", () => {
    const store = freshStore();
    const lock = acquireStoreLock(store);
    const held = JSON.parse(readFileSync(`${store}.lock`, "utf8"));
    expect(held).toMatchObject({ pid: process.pid, host: hostname() });
    const refused = refusal(() => acquireStoreLock(store));
    expect(refused?.code).toBe("STORE_IN_USE");
    expect(refused?.message).toContain(`is in use by process ${process.pid}`);
    lock.release();
    expect(existsSync(`${store}.lock`)).toBe(false);
    acquireStoreLock(store).release();
  });

  it("takes over the lock of a dead process, and of a recycled pid", () => {
    const store = freshStore();
    acquireStoreLock(store).release();
    writeFileSync(`${store}.lock`, JSON.stringify({ pid: deadPid(), processStart: null, host: hostname(), since: "2026-01-01T00:00:00.000Z" }));
    acquireStoreLock(store).release();
    // Our own pid, started at another time: the owner that wrote it is gone.
    writeFileSync(`${store}.lock`, JSON.stringify({ pid: process.pid, processStart: "1", host: hostname(), since: "2026-01-01T00:00:00.000Z" }));
    acquireStoreLock(store).release();
  });

  it("refuses a lock held on another host, whose processes it cannot check", () => {
    const store = freshStore();
    acquireStoreLock(store).release();
    writeFileSync(`${store}.lock`, JSON.stringify({ pid: deadPid(), processStart: null, host: "elsewhere.example", since: "2026-01-01T00:00:00.000Z" }));
    expect(refusal(() => acquireStoreLock(store))?.message).toContain("on host elsewhere.example");
  });

  it("leaves a lock being written by a starting process alone", () => {
    const store = freshStore();
    acquireStoreLock(store).release();
    writeFileSync(`${store}.lock`, "");
    expect(refusal(() => acquireStoreLock(store))).toBeInstanceOf(StoreInUseError);
  });

  it("refuses a PGlite store another process has open, and recovers it when that process is killed", async () => {
    const store = freshStore();
    const holder = spawn(
      process.execPath,
      ["--import", "tsx", "-e", `import { openDatabase } from "./src/db/database.ts";
        const db = await openDatabase({ directory: ${JSON.stringify(store)} });
        await db.exec("create table t (v text); insert into t values ('acknowledged')");
        console.log("ready"); setInterval(() => undefined, 1000);`],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on("data", (chunk) => String(chunk).includes("ready") && resolve());
      holder.once("exit", () => reject(new Error("the holder exited")));
    });
    await expect(openDatabase({ directory: store })).rejects.toThrow(`in use by process ${holder.pid}`);
    holder.kill("SIGKILL");
    await new Promise((resolve) => holder.once("exit", resolve));
    const db = await openDatabase({ directory: store });
    try {
      expect(await db.query("select v from t")).toEqual([{ v: "acknowledged" }]);
      await expect(openDatabase({ directory: store })).rejects.toBeInstanceOf(StoreInUseError);
    } finally {
      await db.close();
    }
    expect(existsSync(`${store}.lock`)).toBe(false);
  }, 60_000);
});
