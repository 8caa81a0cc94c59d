// Registers the dashboard's persisted operations with the gateway: copies the manifest codegen
// wrote ({ "sha256:<hex>": "<operation text>" }) to gateway/persisted-operations/dashboard.json,
// where the gateway's safelist reads it. Run after `npm run codegen`; commit both.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const GENERATED_MANIFEST = fileURLToPath(new URL("../src/gql/persisted-documents.json", import.meta.url));
export const REGISTERED_MANIFEST = fileURLToPath(new URL("../../gateway/persisted-operations/dashboard.json", import.meta.url));

/** The manifest as the gateway takes it, refusing any entry whose key is not its text's sha256. */
export function registeredManifest(generated = readFileSync(GENERATED_MANIFEST, "utf8")): string {
  const manifest = JSON.parse(generated) as Record<string, string>;
  for (const [id, text] of Object.entries(manifest)) {
    const hash = `sha256:${createHash("sha256").update(text).digest("hex")}`;
    if (id !== hash) throw new Error(`manifest entry ${id} is not the sha256 of its operation (${hash})`);
  }
  const sorted = Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => a.localeCompare(b)));
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync(dirname(REGISTERED_MANIFEST), { recursive: true });
  writeFileSync(REGISTERED_MANIFEST, registeredManifest());
  console.log(`registered ${Object.keys(JSON.parse(readFileSync(GENERATED_MANIFEST, "utf8"))).length} operations in gateway/persisted-operations/dashboard.json`);
}
