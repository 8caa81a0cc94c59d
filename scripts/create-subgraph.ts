// npm run create-subgraph -- <name> --org-type <TYPE> [--port <n>] [--category <CATEGORY>] [--organisation <id>] [--over-rest <service>]
// Writes subgraphs/<name> from scripts/scaffold/templates (an entity on `Pathway` with one
// labelled field, a write under the network's write rule, its table, seed and tests), registers
// it (schema/supergraph.yaml; its role, demo organisation and, if new, organisation type in
// schema/network.yaml), links the workspace and composes, so that its tests, `npm run
// schema:check` and `npm run conformance -- <name>` pass as written. Bad input: exit 2, nothing written.
//   --over-rest <service>  its records come from an existing REST system through a kit mapping
//                (src/<service>/<service>.mapping.ts), no table of its own; unless the manifest
//                already lists <service>, a stand-in for it is written (stand-in/) and registered.
//   --no-install  link the workspace by hand instead of `npm install` (the scaffold's own test).
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { fill, planScaffold, UsageError, type ScaffoldPlan } from "./scaffold/plan.js";
import { register } from "./scaffold/register.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TEMPLATES = fileURLToPath(new URL("./scaffold/templates", import.meta.url));

function templateFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? templateFiles(join(dir, entry.name)) : entry.name.endsWith(".tpl") ? [join(dir, entry.name)] : [],
  );
}

/** The template folders it writes from: what every subgraph has, where its records live, and the stand-in if one is written. */
function templateDirs(plan: ScaffoldPlan): string[] {
  const { source } = plan;
  return ["common", source.kind, ...(source.kind === "rest" && source.standIn ? ["stand-in"] : [])].map((dir) => join(TEMPLATES, dir));
}

/** Writes the subgraph's folder; returns its files, from the repository root. */
function writeSubgraph(plan: ScaffoldPlan): string[] {
  const target = join(ROOT, "subgraphs", plan.name);
  return templateDirs(plan).flatMap((dir) => templateFiles(dir).map((file) => {
    const path = join(target, fill(relative(dir, file), plan.values).replace(/\.tpl$/, ""));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, fill(readFileSync(file, "utf8"), plan.values));
    return relative(ROOT, path);
  }));
}

/** The workspace link `@percorsi/<name>` (what `npm install` makes, with package-lock.json's entry). */
function link(plan: ScaffoldPlan, install: boolean): void {
  if (install) {
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: ROOT, stdio: "inherit" });
    return;
  }
  const at = join(ROOT, "node_modules/@percorsi", plan.name);
  rmSync(at, { force: true });
  symlinkSync(join("../../subgraphs", plan.name), at);
}

/**
 * `npm run compose`: its labels and its role's ceiling are new, so schema:check shows them for
 * review (privacy-contract.json's diff) without an acknowledgement.
 */
function compose(): void {
  execFileSync("npm", ["run", "compose", "--workspace", "@percorsi/schema"], { cwd: ROOT, stdio: "inherit" });
}

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv.filter((a) => a !== "--"),
    allowPositionals: true,
    options: {
      "org-type": { type: "string" },
      port: { type: "string" },
      category: { type: "string" },
      organisation: { type: "string" },
      "over-rest": { type: "string" },
      "no-install": { type: "boolean" },
    },
  });
  if (positionals.length !== 1) throw new UsageError("give one name: npm run create-subgraph -- <name> --org-type <TYPE>");
  const port = values.port === undefined ? undefined : Number(values.port);
  return {
    request: { name: positionals[0]!, orgType: values["org-type"] ?? "", port, category: values.category, organisation: values.organisation, overRest: values["over-rest"] },
    install: !values["no-install"],
  };
}

/**
 * Writes, registers, links and composes; if a step fails, puts back what it changed (so a
 * failed run leaves the repository as it was) and rethrows.
 */
function scaffold(plan: ScaffoldPlan, install: boolean): { written: string[]; registered: string[] } {
  const kept = ["schema/supergraph.yaml", "schema/network.yaml", "package-lock.json"].map((file) => ({ file, text: readFileSync(join(ROOT, file), "utf8") }));
  try {
    const written = writeSubgraph(plan);
    const registered = register(ROOT, plan);
    link(plan, install);
    compose();
    return { written, registered };
  } catch (error) {
    rmSync(join(ROOT, "subgraphs", plan.name), { recursive: true, force: true });
    rmSync(join(ROOT, "node_modules/@percorsi", plan.name), { force: true });
    for (const { file, text } of kept) writeFileSync(join(ROOT, file), text);
    console.error(`\ncreate-subgraph: ${(error as Error).message.split("\n")[0]}; nothing was kept (see above).`);
    process.exit(1);
  }
}

try {
  const { request, install } = parse(process.argv.slice(2));
  const plan = planScaffold(ROOT, request);
  const { written, registered } = scaffold(plan, install);
  console.log(`\nwrote subgraphs/${plan.name}/ (${written.length} files):`);
  for (const file of written) console.log(`  ${file}`);
  console.log(`registered it in ${registered.join(" and ")}: port ${plan.port}, role ${plan.role}, demo organisation ${plan.organisation}, demo user ${plan.demoUser}` +
    (plan.newOrgType ? `, organisation type ${plan.orgType}` : ""));
  const { source } = plan;
  if (source.kind === "rest") {
    console.log(source.standIn
      ? `over ${source.service}: a stand-in for it in subgraphs/${plan.name}/stand-in/ (port ${source.port}), registered in schema/supergraph.yaml's services: and the subgraph's uses:`
      : `over ${source.service}, the manifest's existing service: no stand-in written; the subgraph uses: it`);
  }
  console.log("composed: schema/subgraphs, supergraph.graphql, api.graphql and privacy-contract.json (its labels and role ceiling, for review)");
  const mapping = source.kind === "rest" ? `src/${source.service}/${source.service}.mapping.ts` : "";
  console.log(`\nnext (docs/signatories.md, "Start: the scaffold"):
  cd subgraphs/${plan.name} && npx vitest run      its tests
  npm run conformance -- ${plan.name}               the network's rules, from outside${
    source.kind === "rest" && !source.standIn
      ? `
  FIRST: ${mapping} guesses ${source.service}'s endpoints (GET /records?pathwayIds=..., ?organisationIds=...,
  POST /records) and its fields: write the system's own there, and how test/stored.ts reads its store; then
  remove .skip from test/*.test.ts (they wait for that), run them and conformance.`
      : ""
  }
  then replace ${plan.values.__Name__}Record with your own modelling (${
    source.kind === "rest" ? `record type, ${mapping}'s endpoints and fields${source.standIn ? ", the stand-in" : ""}` : "type, migration, repository, seed"
  }), keep every
  field labelled, and run npm run compose and npm run schema:check after each schema change.`);
} catch (error) {
  if (!(error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS"))) throw error;
  console.error(`create-subgraph: ${(error as Error).message}`);
  process.exit(2);
}
