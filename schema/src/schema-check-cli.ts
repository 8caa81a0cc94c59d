// npm run schema:check: the network's contract, checked (CI runs it).
//   composes the manifest's subgraphs; lints the client-facing schema (descriptions, naming),
//   every problem failing (no list of tolerated ones);
//   reports every change against the committed contract (supergraph, each subgraph's SDL under
//   schema/subgraphs/, the privacy contract: labels and role ceilings) with graphql-inspector;
//   fails on a breaking change or a change of who may see what (a category changed, a label
//   removed, an existing role's ceiling moved), unless acknowledged in
//   schema/acknowledged-changes.yaml (path + reason), and on committed files that are stale. A new
//   labelled field or a new role is shown as REVIEW: the privacy contract's diff is its review.
// npm run compose (schema:check --write): the same checks, then writes the files to commit.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSchema } from "graphql";
import { parse as parseYaml } from "yaml";
import { apiSchemaOf } from "./api-schema.js";
import { composeNetwork, publishedSdlPath } from "./compose.js";
import { readNetwork } from "./network.js";
import { roleCeilings } from "./network-vocabulary.js";
import {
  apiChanges,
  confineToProposed,
  labelLint,
  lintApiSchema,
  privacyChanges,
  privacyContractOf,
  unacknowledged,
  type Acknowledgement,
  type LintProblem,
  type PrivacyContract,
} from "./schema-check.js";
import { API_SCHEMA_PATH, SUPERGRAPH_PATH } from "./supergraph-file.js";

const here = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const PRIVACY_CONTRACT_PATH = here("privacy-contract.json");
const ACKNOWLEDGED_PATH = here("acknowledged-changes.yaml");
const subgraphSdlPath = publishedSdlPath;

const readOr = (path: string, fallback: string) => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return fallback;
  }
};
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

const write = process.argv.includes("--write");
const composed = await composeNetwork();
const committedSupergraph = readOr(SUPERGRAPH_PATH, "");
// Before the first contract file, the committed supergraph's labels and today's ceilings stand for it.
const committedContract = JSON.parse(readOr(PRIVACY_CONTRACT_PATH, "null")) as PrivacyContract | null ?? privacyContractOf(committedSupergraph || composed.supergraph, roleCeilings());
const contract = privacyContractOf(composed.supergraph, roleCeilings());
const acknowledged = ((parseYaml(readOr(ACKNOWLEDGED_PATH, "")) as { acknowledged?: Acknowledgement[] } | null)?.acknowledged ?? []) as Acknowledgement[];

// Changes against the committed contract; those confined to subgraphs not live yet are for review.
const proposed = new Set(readNetwork().filter((subgraph) => subgraph.proposed).map((subgraph) => subgraph.name));
const subgraphSdls = composed.subgraphs.flatMap(({ name, sdl }) => [sdl, readOr(subgraphSdlPath(name), "")].filter(Boolean).map((text) => ({ sdl: text, proposed: proposed.has(name) })));
const changes = confineToProposed(
  [...(committedSupergraph ? await apiChanges(committedSupergraph, composed.supergraph) : []), ...privacyChanges(committedContract, contract)],
  subgraphSdls,
);
const blocking = unacknowledged(changes, acknowledged);

// Lint: every problem fails; there is no list of tolerated ones.
const api = apiSchemaOf(composed.supergraph);
const problems: LintProblem[] = [...labelLint(composed.supergraph), ...lintApiSchema(buildSchema(api))];

const outputs = [
  { path: SUPERGRAPH_PATH, text: composed.supergraph },
  { path: API_SCHEMA_PATH, text: api },
  ...composed.subgraphs.map(({ name, sdl }) => ({ path: subgraphSdlPath(name), text: `# ${name}'s SDL, as composed into supergraph.graphql. Generated: do not edit.\n${sdl.trim()}\n` })),
  { path: PRIVACY_CONTRACT_PATH, text: json(contract) },
];
const stale = outputs.filter(({ path, text }) => readOr(path, "") !== text);
const name = (path: string) => path.slice(here("").length);

for (const change of changes) console.log(`${change.breaking ? "BREAKING" : change.review ? "REVIEW  " : "change  "} ${change.path}: ${change.message}${change.breaking && !blocking.includes(change) ? " (acknowledged)" : ""}`);
for (const problem of problems) console.log(`LINT     ${problem.path}: ${problem.detail}`);

let failed = false;
if (blocking.length > 0) {
  failed = true;
  console.error(`\n${blocking.length} breaking change(s) not acknowledged: add each path with a reason to ${name(ACKNOWLEDGED_PATH)}, or undo it.`);
}
if (problems.length > 0) {
  failed = true;
  console.error(`\n${problems.length} lint problem(s): every field about her carries a label, every type and field of the API a description; names follow the conventions.`);
}
if (failed) process.exit(1);
if (write) {
  for (const { path, text } of stale) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  console.log(stale.length ? `wrote ${stale.map(({ path }) => name(path)).join(", ")}` : "nothing to write: the committed contract is current.");
} else if (stale.length > 0) {
  for (const { path } of stale) console.error(`${name(path)} is stale: run \`npm run compose\` and commit the result.`);
  process.exit(1);
} else {
  console.log(`the network's contract is current: ${composed.subgraphs.length} subgraphs, ${Object.keys(contract.labels).length} labelled fields, ${changes.length} change(s).`);
}
