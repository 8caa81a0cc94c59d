// The kit installs outside this repository (issue: "the kit installed from its packed build"):
// runs `npm run kit:pack-check` as a signatory's machine would meet it — packs the kit, the
// indicators and the network contract, installs them into an empty folder, builds the kit
// README's worked example there and runs the conformance checks and a write against it.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("npm run kit:pack-check", () => {
  it("installs the packed kit into an empty folder, where the worked example passes every check", async () => {
    const { stdout } = await promisify(execFile)("npm", ["run", "--silent", "kit:pack-check"], { cwd: root, encoding: "utf8", maxBuffer: 16 * 1024 * 1024, env: { ...process.env, KEEP: "" } });
    const results = stdout.split("\n").filter((line) => /^(pass|FAIL) /.test(line));
    expect(results.filter((line) => line.startsWith("FAIL"))).toEqual([]);
    // 17 conformance checks and 3 of the write.
    expect(results.length).toBeGreaterThanOrEqual(20);
  }, 300_000);
});
