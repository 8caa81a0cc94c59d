import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testBackends } from "../testing/databases.js";
import type { Database } from "./database.js";
import { migrate, readMigrations } from "./migrate.js";

const directories: string[] = [];

/** A fresh migrations directory holding these files. */
function migrationsDir(files: Record<string, string>): string {
  const directory = mkdtempSync(join(tmpdir(), "percorsi-migrations-"));
  directories.push(directory);
  writeFiles(directory, files);
  return directory;
}

function writeFiles(directory: string, files: Record<string, string>): void {
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(directory, name), sql);
}

afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

/** Ten steps, unpadded so that name order (1, 10, 2...) differs from version order. */
function tenSteps(): Record<string, string> {
  const files: Record<string, string> = { "1_steps.sql": "create table steps (id serial primary key, version integer not null);" };
  for (let version = 2; version <= 10; version++) files[`${version}_step.sql`] = `insert into steps (version) values (${version});`;
  return files;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("readMigrations", () => {
  it("reads NNN_name.sql and NNN-name.sql in version order, ignoring other files", () => {
    const directory = migrationsDir({
      "002-add-notes.sql": "select 2;",
      "001_people.sql": "select 1;",
      "README.md": "not a migration",
      "seed.sql": "not numbered",
    });
    expect(readMigrations(directory)).toEqual([
      { version: 1, name: "people", sql: "select 1;", checksum: sha256("select 1;") },
      { version: 2, name: "add-notes", sql: "select 2;", checksum: sha256("select 2;") },
    ]);
  });

  it("refuses a duplicate number", () => {
    const directory = migrationsDir({ "1_a.sql": "select 1;", "2_b.sql": "select 2;", "2_c.sql": "select 2;" });
    expect(() => readMigrations(directory)).toThrow(/without gaps/);
  });

  it("refuses numbering that does not start at 1", () => {
    expect(() => readMigrations(migrationsDir({ "2_b.sql": "select 2;" }))).toThrow(/found 2 at 1/);
  });
});

describe.each(testBackends())("on $name", (backend) => {
  let db: Database;

  beforeAll(async () => {
    db = await backend.open();
  });
  afterAll(async () => {
    await db?.close();
  });
  // One database per backend (PGlite takes seconds to open): start every test from an empty schema.
  beforeEach(async () => {
    await db.exec("drop schema public cascade; create schema public;");
  });

  async function tables(): Promise<string[]> {
    const rows = await db.query<{ name: string }>(
      "select table_name as name from information_schema.tables where table_schema = 'public' order by table_name",
    );
    return rows.map((row) => row.name);
  }

  async function recorded(): Promise<{ version: number; name: string; checksum: string }[]> {
    return db.query("select version, name, checksum from schema_migrations order by version");
  }

  describe("migrate", () => {
    it("applies migrations in version order and records each", async () => {
      const files = tenSteps();
      const directory = migrationsDir({ ...files, "notes.txt": "ignored" });

      expect(await migrate(db, directory)).toEqual({ applied: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] });

      const steps = await db.query<{ version: number }>("select version from steps order by id");
      expect(steps.map((row) => row.version)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const rows = await recorded();
      expect(rows.map((row) => row.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(rows[0]).toEqual({ version: 1, name: "steps", checksum: sha256(files["1_steps.sql"]!) });
      expect(rows[9]).toEqual({ version: 10, name: "step", checksum: sha256(files["10_step.sql"]!) });
    });

    it("applies nothing the second time, and only what is new after that", async () => {
      const directory = migrationsDir(tenSteps());
      await migrate(db, directory);

      const before = db.roundTrips;
      expect(await migrate(db, directory)).toEqual({ applied: [] });
      // The bookkeeping table and the list of applied versions: nothing else.
      expect(db.roundTrips - before).toBe(2);
      expect(await db.query("select count(*)::int as n from steps")).toEqual([{ n: 9 }]);

      writeFiles(directory, { "11_more.sql": "insert into steps (version) values (11);" });
      expect(await migrate(db, directory)).toEqual({ applied: [11] });
      expect(await db.query("select count(*)::int as n from steps")).toEqual([{ n: 10 }]);
    });

    it("refuses an applied migration that was changed, and applies nothing after it", async () => {
      const directory = migrationsDir({
        "1_people.sql": "create table people (id text primary key);",
        "2_notes.sql": "create table notes (id text primary key);",
      });
      await migrate(db, directory);
      writeFiles(directory, {
        "2_notes.sql": "create table notes (id text primary key, body text);",
        "3_more.sql": "create table more (id text primary key);",
      });

      await expect(migrate(db, directory)).rejects.toThrow("migration 2_notes was changed after it was applied");
      expect(await tables()).toEqual(["notes", "people", "schema_migrations"]);
      expect((await recorded()).map((row) => row.version)).toEqual([1, 2]);
    });

    it("refuses a numbering gap before applying anything", async () => {
      const directory = migrationsDir({
        "1_people.sql": "create table people (id text primary key);",
        "3_notes.sql": "create table notes (id text primary key);",
      });
      await expect(migrate(db, directory)).rejects.toThrow(/numbered 1\.\.n without gaps \(found 3 at 2\)/);
      expect(await tables()).toEqual(["schema_migrations"]);
      expect(await recorded()).toEqual([]);
    });

    it("applies a failing migration all or nothing", async () => {
      const directory = migrationsDir({
        "1_people.sql": "create table people (id text primary key);",
        "2_broken.sql": `
          create table cases (id text primary key);
          create table notes (id text primary key);
          insert into people (id) values ('p-1');
          insert into nowhere (id) values ('x');
        `,
        "3_after.sql": "create table after_broken (id text primary key);",
      });

      await expect(migrate(db, directory)).rejects.toThrow(/nowhere/);
      expect(await tables()).toEqual(["people", "schema_migrations"]);
      expect(await db.query("select id from people")).toEqual([]);
      expect((await recorded()).map((row) => row.version)).toEqual([1]);

      // Fixed, it applies from where it stopped.
      writeFiles(directory, { "2_broken.sql": "create table cases (id text primary key);" });
      expect(await migrate(db, directory)).toEqual({ applied: [2, 3] });
      expect(await tables()).toEqual(["after_broken", "cases", "people", "schema_migrations"]);
    });
  });

  describe("Database", () => {
    it("commits a transaction and returns its result", async () => {
      await db.exec("create table items (id integer primary key)");
      const result = await db.transaction(async (tx) => {
        await tx.query("insert into items (id) values ($1), ($2)", [1, 2]);
        return tx.query<{ n: number }>("select count(*)::int as n from items");
      });
      expect(result).toEqual([{ n: 2 }]);
      expect(await db.query("select id from items order by id")).toEqual([{ id: 1 }, { id: 2 }]);
    });

    it("rolls a transaction back when its work throws, and rethrows the error", async () => {
      await db.exec("create table items (id integer primary key)");
      await db.query("insert into items (id) values (1)");
      const failure = new Error("stop here");

      await expect(
        db.transaction(async (tx) => {
          await tx.query("insert into items (id) values (2)");
          await tx.exec("update items set id = 10 where id = 1; create table scratch (id integer);");
          throw failure;
        }),
      ).rejects.toBe(failure);

      expect(await db.query("select id from items order by id")).toEqual([{ id: 1 }]);
      expect(await tables()).toEqual(["items"]);
    });

    it("rolls a transaction back when a statement fails", async () => {
      await db.exec("create table items (id integer primary key)");
      await expect(
        db.transaction(async (tx) => {
          await tx.query("insert into items (id) values (1)");
          await tx.query("insert into items (id) values (1)");
        }),
      ).rejects.toMatchObject({ code: "23505" });
      expect(await db.query("select id from items")).toEqual([]);
    });

    it("returns DATE columns as YYYY-MM-DD strings", async () => {
      await db.exec("create table visits (id integer primary key, day date not null)");
      await db.query("insert into visits (id, day) values (1, $1), (2, '1999-12-31')", ["2024-02-29"]);
      expect(await db.query("select id, day from visits order by id")).toEqual([
        { id: 1, day: "2024-02-29" },
        { id: 2, day: "1999-12-31" },
      ]);
      const [row] = await db.transaction((tx) => tx.query<{ day: unknown }>("select '2025-01-01'::date as day"));
      expect(row).toEqual({ day: "2025-01-01" });
    });

    it("returns timestamptz columns as Date", async () => {
      const [row] = await db.query<{ at: unknown }>("select '2024-02-29T10:00:00Z'::timestamptz as at");
      expect(row!.at).toBeInstanceOf(Date);
      expect((row!.at as Date).toISOString()).toBe("2024-02-29T10:00:00.000Z");
    });

    it("counts every statement sent in roundTrips", async () => {
      const start = db.roundTrips;
      await db.query("select 1");
      expect(db.roundTrips).toBe(start + 1);
      // exec sends its statements at once: one round trip.
      await db.exec("create table a (id integer); create table b (id integer); create table c (id integer);");
      expect(db.roundTrips).toBe(start + 2);
      await db.transaction(async (tx) => {
        await tx.query("insert into a (id) values (1)");
        await tx.exec("insert into b (id) values (1)");
      });
      expect(db.roundTrips).toBe(start + 4);
      await expect(db.query("select * from nowhere")).rejects.toThrow();
      expect(db.roundTrips).toBe(start + 5);
    });

    it("reports its kind", () => {
      expect(db.kind).toBe(backend.name);
    });
  });
});
