import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { reportableLine, supervise } from "./supervisor.mjs";

const fast = { initialBackoffMs: 50, maxBackoffMs: 200, stableAfterMs: 5_000, maxFastCrashes: 3, stopTimeoutMs: 3_000 };

/** A child process from a few lines of JavaScript. */
const node = (source) => ({ command: process.execPath, args: ["-e", source] });

const until = async (condition, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe("npm start's supervisor", () => {
  it("reports a crash (which, exit code, last log lines without what may quote data) and restarts it", async () => {
    const marker = join(mkdtempSync(join(tmpdir(), "percorsi-supervisor-")), "crashed-once");
    const lines = [];
    const child = supervise({
      label: "probe",
      ...node(`
        const fs = require("node:fs");
        if (!fs.existsSync(${JSON.stringify(marker)})) {
          fs.writeFileSync(${JSON.stringify(marker)}, "");
          console.error(JSON.stringify({ level: "error", event: "probe.failing", code: "XX000" }));
          console.error("Error: duplicate key (email)=(nadia.esempio@example.org)");
          console.error("    at crash (/app/probe.js:1:1)");
          process.exit(3);
        }
        console.log("up again");
        setInterval(() => {}, 1000);
        process.on("SIGTERM", () => { console.log("draining"); process.exit(0); });
      `),
      print: (line) => lines.push(line),
      options: fast,
    });
    await until(() => lines.some((line) => line.includes("up again")));
    expect(child.starts).toBe(2);
    const output = lines.join("\n");
    expect(output).toMatch(/probe exited unexpectedly \(code 3\)/);
    expect(output).toContain('"event":"probe.failing"');
    expect(output).toContain("Error: (message withheld)");
    expect(output).toContain("at crash (/app/probe.js:1:1)");
    expect(output).toMatch(/restarting probe in 0\.1 s/);
    // The exception's message (personal data) was printed live by the child, never in the report.
    const report = lines.filter((line) => !line.includes("duplicate key"));
    expect(lines.length - report.length).toBe(1);

    await child.stop();
    expect(child.running).toBe(false);
    expect(lines.some((line) => line.includes("draining"))).toBe(true);
    expect(lines.filter((line) => line.includes("exited unexpectedly"))).toHaveLength(1);
  });

  it("gives up on a process that keeps crashing as soon as it starts", async () => {
    const reasons = [];
    const lines = [];
    const child = supervise({
      label: "broken",
      ...node(`process.exit(1)`),
      print: (line) => lines.push(line),
      onGiveUp: (reason) => reasons.push(reason),
      options: fast,
    });
    await until(() => reasons.length > 0);
    expect(child.starts).toBe(3);
    expect(reasons[0]).toMatch(/broken crashed 3 times in a row/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(child.starts).toBe(3);
  });

  it("says which signal killed a process", async () => {
    const lines = [];
    const child = supervise({ label: "killed", ...node(`process.kill(process.pid, "SIGKILL")`), print: (line) => lines.push(line), options: { ...fast, maxFastCrashes: 1 } });
    await until(() => lines.some((line) => line.includes("giving up")));
    expect(lines.join("\n")).toMatch(/killed exited unexpectedly \(signal SIGKILL\)/);
    await child.stop();
  });

  it("repeats only lines that cannot carry personal data", () => {
    expect(reportableLine(`{"time":"t","level":"error","event":"audit.write_failed","error":"Error"}`)).toContain("audit.write_failed");
    expect(reportableLine("FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory")).toContain("heap out of memory");
    expect(reportableLine("TypeError [ERR_INVALID_ARG_TYPE]: The value \"Nadia\" is invalid")).toBe("TypeError [ERR_INVALID_ARG_TYPE]: (message withheld)");
    expect(reportableLine("Nadia Esempio, via Roma 1")).toBeNull();
    expect(reportableLine(`{"name":"Nadia"}`)).toBeNull();
  });
});
