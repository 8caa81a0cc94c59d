import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAuditEntries, KIT_MIGRATIONS_DIRECTORY, KIT_MIGRATIONS_TABLE, migrate, openDatabase, type AuditEntry } from "@percorsi/kit";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function entry(index: number): AuditEntry {
  return {
    at: new Date(Date.UTC(2025, 0, 1, 9, index)),
    requestId: `req-${index}`,
    actorId: "op-aurora",
    organisationId: "cav-aurora",
    roles: "CENTRE_OPERATOR",
    purpose: "CASE_MANAGEMENT",
    pathwayId: `pathway-${index}`,
    category: "WORK_HISTORY",
    action: "READ",
    decision: "ALLOW",
    reason: null,
    basis: "CONSENT",
    consentId: `consent-${index}`,
    breakGlassBasis: null,
    breakGlassReason: null,
  };
}

function runCli(dataDirectory: string): Promise<{ code: number; stdout: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PERCORSI_DATA_DIR: dataDirectory, DATABASE_URL: "" };
  for (const name of ["ANTI_VIOLENCE", "EMPLOYMENT", "TRAINING"]) delete env[`${name}_DATABASE_URL`];
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "scripts/audit-verify.ts"], { cwd: ROOT, env, timeout: 30_000 }, (error, stdout) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout });
    });
  });
}

describe("npm run audit:verify", () => {
  let dataDirectory: string;
  let storeDirectory: string;

  beforeAll(async () => {
    dataDirectory = mkdtempSync(join(tmpdir(), "percorsi-audit-verify-"));
    storeDirectory = join(dataDirectory, "anti-violence", "pgdata");
    const db = await openDatabase({ directory: storeDirectory });
    try {
      await migrate(db, KIT_MIGRATIONS_DIRECTORY, KIT_MIGRATIONS_TABLE);
      await appendAuditEntries(db, [entry(1), entry(2), entry(3)]);
      await appendAuditEntries(db, [entry(4)]);
    } finally {
      await db.close();
    }
  }, 30_000);

  afterAll(() => {
    if (dataDirectory) rmSync(dataDirectory, { recursive: true, force: true });
  });

  it("reports an intact chain and exits 0", async () => {
    const { code, stdout } = await runCli(dataDirectory);
    expect(stdout).toContain("anti-violence: 4 entries, chain intact");
    expect(stdout).toMatch(/employment: skipped/);
    expect(stdout).not.toContain("op-aurora");
    expect(code).toBe(0);
  }, 30_000);

  it("names the tampered entry and exits 1", async () => {
    const db = await openDatabase({ directory: storeDirectory });
    try {
      await db.exec(`alter table audit_log disable trigger user;
        update audit_log set purpose = 'MONITORING' where seq = 2;
        alter table audit_log enable trigger user;`);
    } finally {
      await db.close();
    }
    const { code, stdout } = await runCli(dataDirectory);
    expect(stdout).toContain("anti-violence: BROKEN at entry 2 (hash)");
    expect(stdout).not.toContain("MONITORING");
    expect(code).toBe(1);
  }, 30_000);
});
