import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, resolve } from "node:path";
import { log } from "../log.js";

/**
 * One process per store. A PGlite directory opened by two processes at once splits in two:
 * each keeps its own copy in memory, acknowledged writes of one are lost when the other
 * flushes, and the audit chain breaks. So a file-backed store is opened only under an exclusive
 * lock: `<directory>.lock`, created with O_EXCL, holding the owner's pid, the kernel's start
 * time of that pid (so a recycled pid is not mistaken for the owner) and host name.
 *
 * A lock whose owner is dead (killed, crashed) is stale and is taken over; the take-over itself
 * runs under a short-lived `<lock>.break` mutex, so two starters cannot both break it, nor break
 * the fresh lock of a third. A lock held by a live process, or by another host (whose processes
 * cannot be checked from here), refuses the open with a `StoreInUseError`.
 */
export interface StoreLock {
  readonly path: string;
  release(): void;
}

interface Holder {
  pid: number;
  /** The pid's start time in clock ticks since boot (Linux), or null where unknown. */
  processStart: string | null;
  host: string;
  since: string;
}

export class StoreInUseError extends Error {
  readonly code = "STORE_IN_USE";
  constructor(
    readonly directory: string,
    readonly holder: Pick<Holder, "pid" | "host" | "since"> | null,
  ) {
    const who = holder
      ? `process ${holder.pid}${holder.host === hostname() ? "" : ` on host ${holder.host}`} (since ${holder.since})`
      : "another process";
    super(
      `The store ${directory} is in use by ${who}. A store is opened by one process at a time: ` +
        `stop that process first, or give this one its own store (PERCORSI_DATA_DIR or DATABASE_URL).`,
    );
    this.name = "StoreInUseError";
  }
}

const held = new Set<StoreLock>();
let exitHookInstalled = false;

/** Takes the store's lock or throws `StoreInUseError`; call before anything opens the directory. */
export function acquireStoreLock(directory: string): StoreLock {
  const storeDirectory = resolve(directory);
  const path = `${storeDirectory}.lock`;
  const mine: Holder = { pid: process.pid, processStart: processStartOf(process.pid), host: hostname(), since: new Date().toISOString() };
  const content = JSON.stringify(mine);
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 20; attempt++) {
    if (tryCreate(path, content)) return remember(path, content);
    const found = readLock(path);
    if (found === "absent") continue;
    if (found === "partial") {
      // Its creator is between open and write; or it died there. Wait a moment, then judge by age.
      if (ageMs(path) < 2000) {
        sleep(50);
        continue;
      }
      breakStale(path, null, null);
      continue;
    }
    const { holder, raw } = found;
    if (isAlive(holder)) throw new StoreInUseError(storeDirectory, holder);
    if (breakStale(path, raw, holder)) continue;
  }
  throw new StoreInUseError(storeDirectory, null);
}

function tryCreate(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx", 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

function remember(path: string, content: string): StoreLock {
  const lock: StoreLock = {
    path,
    release() {
      if (!held.delete(lock)) return;
      // Only our own lock: never one a later owner took over after ours was judged stale.
      if (readRaw(path) === content) unlinkQuietly(path);
    },
  };
  held.add(lock);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", () => {
      for (const lock of [...held]) lock.release();
    });
  }
  return lock;
}

type Found = "absent" | "partial" | { holder: Holder; raw: string };

function readLock(path: string): Found {
  const raw = readRaw(path);
  if (raw === null) return "absent";
  try {
    const holder = JSON.parse(raw) as Holder;
    if (!Number.isInteger(holder.pid) || typeof holder.host !== "string") return "partial";
    return { holder, raw };
  } catch {
    return "partial";
  }
}

function isAlive(holder: Holder): boolean {
  // Another host's processes cannot be checked from here: assume the owner lives.
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user; it is alive.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const start = processStartOf(holder.pid);
  // The same pid started at another time is another process: the owner is gone.
  return !(holder.processStart && start && start !== holder.processStart);
}

/** Removes a stale lock, if it is still the one judged stale; true when the caller may retry at once. */
function breakStale(path: string, raw: string | null, holder: Holder | null): boolean {
  const breaker = `${path}.break`;
  for (let attempt = 0; attempt < 100; attempt++) {
    if (tryCreate(breaker, String(process.pid))) {
      try {
        const now = readRaw(path);
        if (now !== null && (raw === null ? readLock(path) === "partial" && ageMs(path) >= 2000 : now === raw)) {
          unlinkQuietly(path);
          log.warn("store.stale_lock_recovered", { lock: path, pid: holder?.pid ?? null });
        }
      } finally {
        unlinkQuietly(breaker);
      }
      return true;
    }
    // A breaker left by a process that died while holding it (a few statements long).
    if (ageMs(breaker) > 5000) unlinkQuietly(breaker);
    else sleep(20);
  }
  return false;
}

function processStartOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 22, counted after the command name, which may itself hold spaces and parentheses.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function readRaw(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
