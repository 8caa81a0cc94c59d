import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The monorepo root: the nearest ancestor whose package.json declares workspaces. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && "workspaces" in JSON.parse(readFileSync(manifest, "utf8"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** Where local state lives (databases, development keys): `PERCORSI_DATA_DIR` or `<repo>/.data`. */
export function dataDir(...parts: string[]): string {
  const base = process.env.PERCORSI_DATA_DIR ? resolve(process.env.PERCORSI_DATA_DIR) : join(repoRoot(), ".data");
  return join(base, ...parts);
}

export function isProduction(): boolean {
  return process.env.NODE_ENV === "production";
}

/** A port from the environment, or the default of the local contract. */
export function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a port number`);
  return port;
}
