import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, migrate } from "@percorsi/kit/author";
import { sqlState, testBackends } from "@percorsi/kit/testing";

const MIGRATIONS = fileURLToPath(new URL("../migrations", import.meta.url));
const PATHWAY = "00000000-0000-4000-8000-00000000000b";

describe.each(testBackends())("the referral rejection code migration on $name", (backend) => {
  let db: Database;
  let before: string;
  beforeAll(async () => {
    db = await backend.open();
    // The store as it stood before the code existed: migrations 1 to 4 only.
    before = mkdtempSync(join(tmpdir(), "migrations-"));
    for (const file of readdirSync(MIGRATIONS).filter((f) => /^00[1-4]_/.test(f))) copyFileSync(join(MIGRATIONS, file), join(before, file));
    expect(await migrate(db, before)).toEqual({ applied: [1, 2, 3, 4] });
  });
  afterAll(async () => {
    rmSync(before, { recursive: true, force: true });
    await db.close();
  });

  const referral = (id: string, status: string, reason: string | null, code?: string | null) =>
    db.query(
      `insert into referrals (id, pathway_id, from_organisation_id, to_organisation_id, purpose, status, sent_on, sent_by, responded_on, rejection_reason${code === undefined ? "" : ", rejection_code"})
       values ($1, '${PATHWAY}', 'cav', 'cpi', 'JOB_PLACEMENT', $2, '2025-01-01', 'u', '2025-01-02', $3${code === undefined ? "" : ", $4"})`,
      code === undefined ? [id, status, reason] : [id, status, reason, code],
    );

  it("makes every earlier rejection OTHER, and nothing else", async () => {
    await db.exec(`insert into organisations (id, name, type, district) values ('cav', 'Cav', 'ANTI_VIOLENCE_CENTRE', 'N'), ('cpi', 'Cpi', 'JOB_CENTRE', 'S');
      insert into pathways (id, holder_id, stage, opened_on, opened_by) values ('${PATHWAY}', 'cav', 'INTAKE', '2025-01-01', 'u');`);
    await referral("00000000-0000-4000-8000-0000000000c1", "REJECTED", "Typed by an operator");
    await referral("00000000-0000-4000-8000-0000000000c2", "ACCEPTED", null);
    expect(await migrate(db, MIGRATIONS)).toEqual({ applied: [5] });
    const rows = await db.query("select id, rejection_code from referrals order by id");
    expect(rows).toEqual([
      { id: "00000000-0000-4000-8000-0000000000c1", rejection_code: "OTHER" },
      { id: "00000000-0000-4000-8000-0000000000c2", rejection_code: null },
    ]);
  });

  it("then refuses a code outside the vocabulary, a rejection without a code and a code without a rejection", async () => {
    expect(await sqlState(referral("00000000-0000-4000-8000-0000000000c3", "REJECTED", "Full", "FULL"))).toBe("23514");
    expect(await sqlState(referral("00000000-0000-4000-8000-0000000000c4", "REJECTED", "Full", null))).toBe("23514");
    expect(await sqlState(referral("00000000-0000-4000-8000-0000000000c5", "ACCEPTED", null, "OTHER"))).toBe("23514");
    expect(await sqlState(referral("00000000-0000-4000-8000-0000000000c6", "REJECTED", "Full", "NO_CAPACITY"))).toBeUndefined();
  });
});
