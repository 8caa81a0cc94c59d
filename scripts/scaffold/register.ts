// The scaffold's edits outside the subgraph's folder: its entry in the manifest
// (schema/supergraph.yaml; with --over-rest its `uses:`, and its stand-in's `services:` entry
// when it writes one) and, in schema/network.yaml, its role, its organisation type if new and
// its demo organisation. Each is a template of scripts/scaffold/registration, inserted as text at
// the end of its section so the files' comments and layout stay as they are.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isMap, isSeq, parseDocument } from "yaml";
import { fill, type ScaffoldPlan } from "./plan.js";

const REGISTRATION = new URL("./registration/", import.meta.url);
const template = (file: string, plan: ScaffoldPlan) => fill(readFileSync(new URL(file, REGISTRATION), "utf8"), plan.values);

/** `text` with `insertion` after the last item of the top-level `section` (a block map or sequence). */
export function appendToSection(text: string, section: string, insertion: string): string {
  const node = parseDocument(text).get(section, true);
  if (!(isMap(node) || isSeq(node)) || node.items.length === 0) throw new Error(`no ${section}: section with items to append to`);
  const last = node.items.at(-1)!;
  const range = (isMap(node) ? (last as { value: { range?: number[] } }).value.range : (last as { range?: number[] }).range)!;
  // After the line on which the last item ends.
  const at = text.indexOf("\n", range[1]! - 1) + 1;
  return `${text.slice(0, at)}${insertion}${text.slice(at)}`;
}

/** `appendToSection`, or the section added at the end of the file if it has none yet. */
function appendOrAddSection(text: string, section: string, insertion: string): string {
  if (parseDocument(text).has(section)) return appendToSection(text, section, insertion);
  return `${text.endsWith("\n") ? text : `${text}\n`}${section}:\n${insertion}`;
}

/** The files it changed, as paths from the repository root. */
export function register(root: string, plan: ScaffoldPlan): string[] {
  const manifestPath = join(root, "schema/supergraph.yaml");
  let manifest = appendToSection(readFileSync(manifestPath, "utf8"), "subgraphs", template("manifest-entry.yaml.tpl", plan));
  if (plan.source.kind === "rest" && plan.source.standIn) manifest = appendOrAddSection(manifest, "services", template("service-entry.yaml.tpl", plan));
  writeFileSync(manifestPath, manifest);
  const vocabularyPath = join(root, "schema/network.yaml");
  let vocabulary = appendToSection(readFileSync(vocabularyPath, "utf8"), "roles", template("role.yaml.tpl", plan));
  if (plan.newOrgType) vocabulary = appendToSection(vocabulary, "organisationTypes", template("organisation-type.yaml.tpl", plan));
  if (!plan.organisationListed) vocabulary = appendToSection(vocabulary, "directory", template("directory-entry.yaml.tpl", plan));
  writeFileSync(vocabularyPath, vocabulary);
  return ["schema/supergraph.yaml", "schema/network.yaml"];
}
