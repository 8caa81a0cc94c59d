import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEMO_USERS } from "@percorsi/demo";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function token(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "gateway/src/token.ts", ...args], { cwd: ROOT, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const STACK_FRAME = /^\s+at\s/m;

describe("npm run token", () => {
  it("--help prints the usage and every demo user, and exits 0", async () => {
    for (const flag of ["--help", "-h"]) {
      const { code, stdout, stderr } = await token(flag);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^usage: npm run token -- --user <demo user id>/);
      for (const user of DEMO_USERS) expect(stdout).toMatch(new RegExp(`^  ${user.id}\\s+${user.organisationId}\\s+${user.roles.join(", ")}$`, "m"));
      expect(stderr).toBe("");
    }
  }, 60_000);

  it("an unknown flag prints the usage to stderr and exits 2, without a stack trace", async () => {
    const { code, stdout, stderr } = await token("--bogus");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("Unknown option '--bogus'");
    expect(stderr).toContain("usage: npm run token");
    expect(stderr).not.toMatch(STACK_FRAME);
  }, 30_000);

  it("no user, or an unknown one, exits 2 without a stack trace", async () => {
    const missing = await token();
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("usage: npm run token");
    const unknown = await token("--user", "nobody");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown demo user "nobody"');
    for (const run of [missing, unknown]) expect(run.stderr).not.toMatch(STACK_FRAME);
  }, 30_000);

  it("--user prints a token alone on one line", async () => {
    const { code, stdout } = await token("--user", "op-aurora");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  }, 30_000);
});
