// npm run kit:pack-check: the kit installs outside this repository. Packs @percorsi/kit,
// @percorsi/indicators and @percorsi/schema (their prepack builds dist/), installs the three
// tarballs into an empty folder (runtime dependencies from npm's cache, else the registry),
// writes there the worked example of packages/kit/README.md (the files marked
// `<!-- file: PATH -->`, so the README cannot drift from what works), compiles it with TypeScript
// against the packed declarations, starts it and runs the network's conformance checks plus a
// write under the write rule (packages/kit/test/pack/check.mjs).
// Exits 1 when a step or a check fails. KEEP=1 keeps the folder.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const kit = join(root, "packages/kit");
/** The packages a signatory installs, by workspace directory (the kit depends on the other two). */
const PACKED = { schema: join(root, "schema"), indicators: join(root, "packages/indicators"), kit } as const;
const work = mkdtempSync(join(tmpdir(), "percorsi-kit-pack-"));
const packs = join(work, "packs");
const app = join(work, "app");
const timings: [string, number][] = [];

function step<T>(name: string, run: () => T): T {
  const started = performance.now();
  try {
    return run();
  } finally {
    timings.push([name, Math.round(performance.now() - started)]);
  }
}

const sh = (command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
  execFileSync(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });

/** The README's files of the worked example: `<!-- file: PATH -->` then a fenced block. */
function exampleFiles(readme: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const match of readme.matchAll(/<!-- file: ([^\s]+) -->\s*```[a-z]*\n([\s\S]*?)```/g)) files.set(match[1]!, match[2]!);
  return files;
}

let failed = false;
try {
  mkdirSync(packs);
  step("pack (build included)", () => {
    try {
      const workspaces = Object.keys(PACKED).flatMap((name) => ["--workspace", `@percorsi/${name}`]);
      sh("npm", ["pack", ...workspaces, "--pack-destination", packs, "--silent"], root);
    } finally {
      // A pack that failed between prepack and postpack leaves the packed manifest: put the workspace's back.
      for (const dir of Object.values(PACKED)) sh("node", [join(root, "scripts/pack-manifest.mjs"), "restore"], dir);
    }
  });
  const tarball = (name: string) => join(packs, readdirSync(packs).find((file) => file.startsWith(`percorsi-${name}-`))!);

  mkdirSync(join(app, "src"), { recursive: true });
  const files = exampleFiles(readFileSync(join(kit, "README.md"), "utf8"));
  if (!files.has("src/job-club.ts")) throw new Error("packages/kit/README.md has no <!-- file: src/job-club.ts --> block");
  for (const [path, text] of files) {
    mkdirSync(dirname(join(app, path)), { recursive: true });
    writeFileSync(join(app, path), text);
  }
  copyFileSync(join(kit, "test/pack/tsconfig.json"), join(app, "tsconfig.json"));
  copyFileSync(join(kit, "test/pack/check.mjs"), join(app, "check.mjs"));
  // What a signatory's own package.json holds: the packed packages, and TypeScript to build with
  // (the versions this repository uses, so npm's cache has them).
  const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify(
      {
        name: "job-club",
        private: true,
        type: "module",
        dependencies: Object.fromEntries(Object.keys(PACKED).map((name) => [`@percorsi/${name}`, `file:${tarball(name)}`])),
        devDependencies: { typescript: rootManifest.devDependencies.typescript, "@types/node": rootManifest.devDependencies["@types/node"] },
      },
      null,
      2,
    ),
  );
  step("npm install (empty folder)", () => sh("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], app));
  step("tsc (example, against the packed declarations)", () => sh(join(app, "node_modules/.bin/tsc"), ["-p", "."], app));
  const results = step("start + conformance + write", () => {
    sh("node", ["check.mjs", "results.json"], app, { PERCORSI_DATA_DIR: join(app, ".data"), APOLLO_TELEMETRY_DISABLED: "1", NODE_ENV: "test" });
    return JSON.parse(readFileSync(join(app, "results.json"), "utf8")) as { check: string; passed: boolean; detail: string }[];
  });
  for (const result of results) console.log(`${result.passed ? "pass" : "FAIL"}  ${result.check}${result.passed ? "" : `: ${result.detail}`}`);
  // 17 conformance checks (every one applies to a subgraph extending Pathway) and 3 of the write.
  if (results.length < 20) console.log(`FAIL  expected 20 checks, ran ${results.length}`);
  failed = results.length < 20 || results.some((result) => !result.passed);
} catch (error) {
  const { stderr, stdout, message } = error as { stderr?: string; stdout?: string; message: string };
  console.error(`FAIL  ${message.split("\n")[0]}\n${(stderr || stdout || "").slice(-4000)}`);
  failed = true;
} finally {
  for (const [name, ms] of timings) console.log(`${(ms / 1000).toFixed(1).padStart(6)} s  ${name}`);
  if (process.env.KEEP) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
console.log(failed ? "\nkit:pack-check failed" : "\nkit:pack-check: the packed kit installs and its example conforms");
process.exit(failed ? 1 : 0);
