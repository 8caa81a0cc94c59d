import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Database } from "./database.js";

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const FILE_PATTERN = /^(\d+)[_-](.+)\.sql$/;

/** Reads `NNN_name.sql` files in version order; a gap or a duplicate number is an error. */
export function readMigrations(directory: string): Migration[] {
  const migrations = readdirSync(directory)
    .map((file) => ({ file, match: FILE_PATTERN.exec(file) }))
    .filter((entry): entry is { file: string; match: RegExpExecArray } => entry.match !== null)
    .map(({ file, match }) => {
      const sql = readFileSync(join(directory, file), "utf8");
      return {
        version: Number(match[1]),
        name: match[2]!,
        sql,
        checksum: createHash("sha256").update(sql).digest("hex"),
      };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migrations in ${directory} must be numbered 1..n without gaps (found ${migration.version} at ${index + 1})`);
    }
  });
  return migrations;
}

/**
 * Applies pending migrations (recorded in `table`: the kit's own migrations keep apart from the
 * subgraph's), each in its own transaction, and refuses to start when an applied
 * file has changed since: a migration is history, never edited.
 */
export async function migrate(db: Database, directory: string, table = "schema_migrations"): Promise<{ applied: number[] }> {
  if (!/^[a-z_]+$/.test(table)) throw new Error("migration table names are lower-case words");
  await db.exec(`
    create table if not exists ${table} (
      version integer primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`);
  const done = new Map(
    (await db.query<{ version: number; checksum: string }>(`select version, checksum from ${table}`)).map((row) => [
      row.version,
      row.checksum,
    ]),
  );
  const applied: number[] = [];
  for (const migration of readMigrations(directory)) {
    const checksum = done.get(migration.version);
    if (checksum !== undefined) {
      if (checksum !== migration.checksum) {
        throw new Error(`migration ${migration.version}_${migration.name} was changed after it was applied`);
      }
      continue;
    }
    await db.transaction(async (tx) => {
      await tx.exec(migration.sql);
      await tx.query(`insert into ${table} (version, name, checksum) values ($1, $2, $3)`, [
        migration.version,
        migration.name,
        migration.checksum,
      ]);
    });
    applied.push(migration.version);
  }
  return { applied };
}
