// The workspace's package.json points its exports at TypeScript sources (tsx, vitest and tsc read
// them as they are); a packed package must point at its build. npm reads package.json from disk
// after `prepack`, so `prepack` swaps in `publishConfig.exports` (what pnpm and yarn do on their
// own) and drops what only the workspace uses; `postpack` puts the workspace's manifest back.
//   node ../scripts/pack-manifest.mjs apply | restore     (run in the package's directory)
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

const MANIFEST = "package.json";
const KEPT = ".package.workspace.json";
const [command] = process.argv.slice(2);

if (command === "apply") {
  // A backup left by an interrupted pack is the workspace's manifest: never overwrite it.
  if (existsSync(KEPT)) throw new Error(`${KEPT} exists: an earlier pack did not finish; restore it first`);
  const text = readFileSync(MANIFEST, "utf8");
  const manifest = JSON.parse(text);
  const { exports, ...publishConfig } = manifest.publishConfig ?? {};
  if (!exports) throw new Error(`${manifest.name} has no publishConfig.exports`);
  writeFileSync(KEPT, text);
  const packed = { ...manifest, exports };
  delete packed.scripts;
  delete packed.devDependencies;
  if (Object.keys(publishConfig).length > 0) packed.publishConfig = publishConfig;
  else delete packed.publishConfig;
  writeFileSync(MANIFEST, `${JSON.stringify(packed, null, 2)}\n`);
} else if (command === "restore") {
  if (existsSync(KEPT)) renameSync(KEPT, MANIFEST);
} else {
  console.error("usage: node pack-manifest.mjs apply | restore");
  process.exit(2);
}
