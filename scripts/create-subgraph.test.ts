// The scaffold, tried as a signatory would: generated into a copy of the repository, then its
// type check, its own tests, `npm run schema:check` and `npm run conformance` there, untouched.
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planScaffold, UsageError } from "./scaffold/plan.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const NAME = "tenants-union";
/** The second scaffold, in the same copy: over a REST system it gets a stand-in for. */
const OVER_REST = "tenants-helpdesk";
const SYSTEM = "helpdesk-records";
const run = promisify(execFile);
/** The scaffold, linking the workspace by hand (an `npm install` would reach through the copy's shared node_modules). */
const SCAFFOLD = ["tsx", "--tsconfig", "tsconfig.json", "scripts/create-subgraph.ts", "--no-install"];

/** The repository's files (tracked and new, not ignored) into `dir`, sharing its installed packages; the workspace links point into the copy. */
function copyRepository(dir: string): void {
  const files = execFileSync("git", ["ls-files", "-z", "-co", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    // A file deleted in the work tree but still tracked is skipped.
    cpSync(join(ROOT, file), join(dir, file), { errorOnExist: false, force: true, verbatimSymlinks: true });
  }
  mkdirSync(join(dir, "node_modules/@percorsi"), { recursive: true });
  for (const entry of readdirSync(join(ROOT, "node_modules"))) if (entry !== "@percorsi") symlinkSync(join(ROOT, "node_modules", entry), join(dir, "node_modules", entry));
  for (const link of readdirSync(join(ROOT, "node_modules/@percorsi"))) {
    symlinkSync(readlinkSync(join(ROOT, "node_modules/@percorsi", link)), join(dir, "node_modules/@percorsi", link));
  }
}

/** Lines of the files under `dir` (none if it does not exist). */
const lines = (dir: string): number =>
  !existsSync(dir) ? 0 : readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? lines(join(dir, e.name)) : readFileSync(join(dir, e.name), "utf8").split("\n").length - 1), 0);
/** The kit entries the files under `dir` import. */
const kitImports = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .flatMap((e) => [...readFileSync(join(e.parentPath, e.name), "utf8").matchAll(/from "(@percorsi\/kit[^"]*)"/g)].map((m) => m[1]!));

describe("npm run create-subgraph", () => {
  let copy: string;
  const scaffold = (...args: string[]) => spawnSync("npx", [...SCAFFOLD, ...args], { cwd: copy, encoding: "utf8" });
  const inCopy = (command: string, args: string[], cwd = copy) => run(command, args, { cwd, env: { ...process.env, PERCORSI_DATA_DIR: join(copy, ".data") }, maxBuffer: 1 << 24 });
  const snapshot = () => ({ subgraphs: readdirSync(join(copy, "subgraphs")), manifest: readFileSync(join(copy, "schema/supergraph.yaml"), "utf8"), vocabulary: readFileSync(join(copy, "schema/network.yaml"), "utf8") });

  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), "percorsi-scaffold-"));
    copyRepository(copy);
  }, 120_000);
  afterAll(() => {
    if (!process.env.KEEP) rmSync(copy, { recursive: true, force: true });
  });

  it.each([
    ["an existing subgraph", { name: "housing", orgType: "HOUSING_BODY" }, /already exists/],
    ["a reserved name", { name: "gateway", orgType: "HOUSING_BODY" }, /reserved/],
    ["a name not in kebab-case", { name: "Tenants_Union", orgType: "TRADE_UNION" }, /kebab-case/],
    ["a malformed organisation type", { name: NAME, orgType: "trade union" }, /--org-type/],
    ["no organisation type", { name: NAME, orgType: "" }, /--org-type/],
    ["a category that never leaves the case-holder", { name: NAME, orgType: "TRADE_UNION", category: "HEALTH" }, /--category/],
    ["a port the manifest gives another", { name: NAME, orgType: "TRADE_UNION", port: 4002 }, /taken/],
    ["a demo organisation of another type", { name: NAME, orgType: "TRADE_UNION", organisation: "casa-comune" }, /is a HOUSING_BODY/],
    ["a REST system not in kebab-case", { name: NAME, orgType: "TRADE_UNION", overRest: "Ledger" }, /--over-rest/],
    ["a REST system named as its subgraph", { name: NAME, orgType: "TRADE_UNION", overRest: NAME }, /--over-rest/],
  ])("refuses %s as bad input", (_, request, message) => {
    expect(() => planScaffold(ROOT, request)).toThrow(UsageError);
    expect(() => planScaffold(ROOT, request)).toThrow(message);
  });

  it("over a system the manifest already lists, writes no stand-in and leaves its tests waiting for the signatory's mapping", () => {
    const plan = planScaffold(ROOT, { name: NAME, orgType: "TRADE_UNION", overRest: "housing-registry" });
    expect(plan.source).toEqual({ kind: "rest", service: "housing-registry", standIn: false, port: 4020 });
    expect(plan.values.__describe__).toBe("describe.skip");
  });

  it("exits 2 on bad input, writing nothing", () => {
    const before = snapshot();
    const result = scaffold("housing", "--org-type", "HOUSING_BODY");
    expect(result.stderr).toMatch(/create-subgraph: subgraphs\/housing already exists/);
    expect(result.status).toBe(2);
    expect(snapshot()).toEqual(before);
  });

  it("writes a subgraph that type-checks, passes its tests, schema:check and conformance, in under 300 lines", async () => {
    const made = scaffold(NAME, "--org-type", "TENANT_UNION");
    expect(made.stderr).not.toMatch(/Error/);
    expect(made.status).toBe(0);
    const folder = join(copy, "subgraphs", NAME);
    // Each step as a signatory runs it; independent, so at once.
    const [types, tests, check, conformance, token] = await Promise.all([
      inCopy("npx", ["tsc", "--noEmit", "-p", folder]),
      inCopy("npx", ["vitest", "run"], folder),
      inCopy("npm", ["run", "schema:check"]),
      inCopy("npm", ["run", "conformance", "--", NAME]),
      inCopy("npm", ["run", "token", "--", "--user", `op-${NAME}`]),
    ]);
    expect(types.stdout).toBe("");
    expect(tests.stdout).toMatch(/Tests\s.*4 passed/);
    expect(check.stdout).toMatch(/the network's contract is current: 5 subgraphs/);
    expect(conformance.stdout).toMatch(new RegExp(`${NAME}: all \\d+ checks pass`));
    // Its demo user signs in at its demo organisation, of the type it declared.
    const claims = JSON.parse(Buffer.from(token.stdout.trim().split("\n").at(-1)!.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ org: `${NAME}-demo`, org_type: "TENANT_UNION", roles: ["TENANTS_UNION_OPERATOR"] });

    // Its own code (src, migrations, seed) is under 300 lines; its tests are counted apart.
    const own = ["src", "migrations", "seed"].reduce((n, dir) => n + lines(join(folder, dir)), 0);
    console.log(`scaffolded ${NAME}: ${own} lines of its own code (src ${lines(join(folder, "src"))}), ${lines(join(folder, "test"))} of tests`);
    expect(own).toBeLessThan(300);
    // Built on the kit's author entry alone (and its testing entry in tests), as a signatory outside this repository would.
    expect(new Set([...kitImports(join(folder, "src")), ...kitImports(join(folder, "seed"))])).toEqual(new Set(["@percorsi/kit/author"]));
    expect(new Set(kitImports(join(folder, "test")))).toEqual(new Set(["@percorsi/kit/testing"]));
    // The network contract it touched: the manifest and the vocabulary, nothing else outside its folder.
    expect(readFileSync(join(copy, "schema/acknowledged-changes.yaml"), "utf8")).toBe(readFileSync(join(ROOT, "schema/acknowledged-changes.yaml"), "utf8"));
  }, 300_000);

  it("--over-rest writes one over a REST system, with a stand-in for it: same checks, and its reads batched", async () => {
    const made = scaffold(OVER_REST, "--org-type", "TENANT_UNION", "--over-rest", SYSTEM);
    expect(made.stderr).not.toMatch(/Error/);
    expect(made.status).toBe(0);
    const folder = join(copy, "subgraphs", OVER_REST);
    const [types, tests, check, conformance] = await Promise.all([
      inCopy("npx", ["tsc", "--noEmit", "-p", folder]),
      inCopy("npx", ["vitest", "run"], folder),
      inCopy("npm", ["run", "schema:check"]),
      inCopy("npm", ["run", "conformance", "--", OVER_REST]),
    ]);
    expect(types.stdout).toBe("");
    // Its four tests and the batching one: N pathways cost one GET /records, not N.
    expect(tests.stdout).toMatch(/Tests\s.*5 passed/);
    expect(check.stdout).toMatch(/the network's contract is current: 6 subgraphs/);
    expect(conformance.stdout).toMatch(new RegExp(`${OVER_REST}: all \\d+ checks pass`));

    // No table of its own (its store: the kit's audit and idempotency keys); the stand-in is a service of the manifest it uses.
    expect(readdirSync(join(folder, "migrations")).map((file) => readFileSync(join(folder, "migrations", file), "utf8"))).toEqual([expect.not.stringMatching(/create table/)]);
    const manifest = readFileSync(join(copy, "schema/supergraph.yaml"), "utf8");
    expect(manifest).toMatch(new RegExp(`main: subgraphs/${OVER_REST}/src/main.ts\\n    uses: \\[${SYSTEM}\\]`));
    expect(manifest).toMatch(new RegExp(`  ${SYSTEM}:\\n    url: http://127.0.0.1:\\d+\\n    main: subgraphs/${OVER_REST}/stand-in/main.ts`));
    const own = ["src", "migrations", "seed"].reduce((n, dir) => n + lines(join(folder, dir)), 0);
    console.log(`scaffolded ${OVER_REST} over ${SYSTEM}: ${own} lines of its own code (mapping ${lines(join(folder, "src", SYSTEM))}), stand-in ${lines(join(folder, "stand-in"))}, tests ${lines(join(folder, "test"))}`);
    expect(own).toBeLessThan(300);
    expect(new Set(kitImports(join(folder, "src")))).toEqual(new Set(["@percorsi/kit/author"]));
  }, 300_000);
});
