// Runs one process of the local network and keeps it running: when it exits unexpectedly, says
// which one, how (exit code or signal) and its last log lines, then restarts it with a growing
// delay. A process that keeps crashing before it has served for a while is given up on
// (onGiveUp) and left down, so a broken build fails loudly instead of looping. stop() forwards a
// graceful SIGTERM and waits.
//
// Each child has an IPC channel to the supervisor: the kit's services say when they are ready
// over it (readiness: "message"), and stop when it closes, which happens however the supervisor
// dies (SIGKILL included): no child outlives it holding its port.
//
// Privacy: a child's stderr may quote data in an exception message. Only lines that cannot carry
// personal data are repeated: the kit's structured log lines (technical fields only, by design),
// stack frames, Node's fatal-error lines; an exception's message is withheld, its class kept.
import { spawn } from "node:child_process";

const DEFAULTS = {
  /** First restart delay; doubles with each fast crash in a row. */
  initialBackoffMs: 1000,
  maxBackoffMs: 15_000,
  /**
   * A crash within this time of becoming ready (or of starting, without readiness messages), or
   * before it ever became ready, is a fast crash: a slow start (PGlite creating its store) does
   * not hide a crash loop.
   */
  stableAfterMs: 30_000,
  /** Fast crashes in a row before giving up. */
  maxFastCrashes: 5,
  /** stop(): how long the process may drain after SIGTERM before it is killed. */
  stopTimeoutMs: 15_000,
  /** How many of its last stderr lines to keep for the crash report. */
  tailLines: 12,
};

/** A stderr line as it may be repeated in a crash report, or null to withhold it. */
export function reportableLine(line) {
  const trimmed = line.trim();
  if (trimmed === "") return null;
  if (trimmed.startsWith("{")) {
    try {
      const entry = JSON.parse(trimmed);
      if (entry && typeof entry.event === "string") return trimmed;
    } catch {
      // not a log line
    }
    return null;
  }
  if (/^at\s/.test(trimmed)) return trimmed;
  if (/^(FATAL ERROR:|<--- |Node\.js v\d)/.test(trimmed)) return trimmed;
  const error = /^((?:[A-Z][A-Za-z]*)?Error)(?: \[([A-Z0-9_]+)\])?:/.exec(trimmed);
  if (error) return `${error[1]}${error[2] ? ` [${error[2]}]` : ""}: (message withheld)`;
  return null;
}

/**
 * @param {object} spec
 * @param {string} spec.label
 * @param {string} spec.command
 * @param {string[]} spec.args
 * @param {string} [spec.cwd]
 * @param {Record<string, string | undefined>} [spec.env]
 * @param {(line: string) => void} [spec.print] where the child's output and reports go
 * @param {(line: string) => string} [spec.render] how a child's output line is shown
 * @param {(reason: string) => void} [spec.onGiveUp]
 * @param {"message"} [spec.readiness] the child sends {percorsi: "ready"} once it serves
 * @param {Partial<typeof DEFAULTS>} [spec.options]
 */
export function supervise(spec) {
  const options = { ...DEFAULTS, ...spec.options };
  const print = spec.print ?? ((line) => console.log(line));
  const render = spec.render ?? ((line) => line);
  const prefix = `[${spec.label}]`.padEnd(16);
  const say = (line) => print(`${"[percorsi]".padEnd(16)}${line}`);
  let child = null;
  let stopping = false;
  let fastCrashes = 0;
  let givenUp = false;
  let restartTimer = null;
  let starts = 0;
  let exited = Promise.resolve();

  const start = () => {
    starts += 1;
    const startedAt = Date.now();
    const tail = [];
    let readyAt = null;
    const current = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      // The IPC channel: readiness messages in, and the child's way to notice the supervisor's death.
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      // Its own process group: a Ctrl-C in the terminal reaches the supervisor only, which
      // stops the processes in order (gateway first) with one SIGTERM each.
      detached: true,
    });
    child = current;
    current.on("message", (message) => {
      if (message && message.percorsi === "ready" && readyAt === null) readyAt = Date.now();
    });
    // A child that exits closes the channel; nothing else to do with its errors.
    current.on("error", () => undefined);
    for (const [stream, isErr] of [
      [current.stdout, false],
      [current.stderr, true],
    ]) {
      let buffered = "";
      stream.on("data", (chunk) => {
        buffered += chunk;
        const lines = buffered.split("\n");
        buffered = lines.pop();
        for (const line of lines) {
          print(`${prefix}${render(line)}`);
          if (isErr) {
            tail.push(line);
            if (tail.length > options.tailLines) tail.shift();
          }
        }
      });
    }
    exited = new Promise((resolve) => {
      current.once("exit", (code, signal) => {
        child = null;
        resolve();
        if (stopping) return;
        const ranMs = Date.now() - startedAt;
        const how = signal ? `signal ${signal}` : `code ${code}`;
        say(`${spec.label} exited unexpectedly (${how}) after ${(ranMs / 1000).toFixed(1)} s.`);
        const shown = tail.map(reportableLine).filter((line) => line !== null);
        if (shown.length > 0) {
          say(`last lines it wrote to stderr${shown.length < tail.length ? " (lines that may quote data withheld)" : ""}:`);
          for (const line of shown) print(`${prefix}  ${line}`);
        } else if (tail.length > 0) {
          say(`its last stderr lines are withheld: they may quote data.`);
        }
        const fast = spec.readiness === "message" ? readyAt === null || Date.now() - readyAt < options.stableAfterMs : ranMs < options.stableAfterMs;
        fastCrashes = fast ? fastCrashes + 1 : 1;
        if (fastCrashes >= options.maxFastCrashes) {
          const when = spec.readiness === "message" ? `each before it had served for ${options.stableAfterMs / 1000} s` : `within ${options.stableAfterMs / 1000} s of starting`;
          const reason = `${spec.label} crashed ${fastCrashes} times in a row, ${when}; giving up on it: it is left down.`;
          givenUp = true;
          say(reason);
          spec.onGiveUp?.(reason);
          return;
        }
        const delay = Math.min(options.maxBackoffMs, options.initialBackoffMs * 2 ** (fastCrashes - 1));
        say(`restarting ${spec.label} in ${(delay / 1000).toFixed(1)} s (crash ${fastCrashes} in a row; it is given up on at ${options.maxFastCrashes}).`);
        restartTimer = setTimeout(() => {
          restartTimer = null;
          if (!stopping) start();
        }, delay);
      });
    });
  };

  start();
  return {
    label: spec.label,
    get starts() {
      return starts;
    },
    get running() {
      return child !== null;
    },
    /** Given up on: it crashed too often and is left down. */
    get givenUp() {
      return givenUp;
    },
    /** Stops it for good: SIGTERM (it drains), SIGKILL if it has not exited in time. */
    async stop() {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      const current = child;
      if (!current) return;
      current.kill("SIGTERM");
      const killer = setTimeout(() => current.kill("SIGKILL"), options.stopTimeoutMs);
      await exited;
      clearTimeout(killer);
    },
    /** Kills it at once (the supervisor itself is going away). */
    kill() {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      child?.kill("SIGKILL");
    },
  };
}
