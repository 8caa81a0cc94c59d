// Every subgraph of the network builds on the kit's narrow entries: its src/ imports
// `@percorsi/kit/author`, and the consent authority's also `@percorsi/kit/authority`; never the
// repository-internal `@percorsi/kit` (nor a file of the kit by path). The subgraphs are the
// manifest's (schema/supergraph.yaml) that live in this repository (those with a `main`).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { readNetwork } from "@percorsi/schema/network";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [join(dir, entry.name)] : []));
/** What a module names as the kit: a package specifier, or a relative path into packages/kit. */
const kitImports = (file: string): string[] =>
  [...readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)]
    .map((match) => match[1]!)
    .filter((specifier) => specifier.startsWith("@percorsi/kit") || (specifier.startsWith(".") && relative(join(ROOT, "packages/kit"), join(dirname(file), specifier)).split("/")[0] !== ".."));

const local = readNetwork().filter((subgraph) => subgraph.main !== undefined);

describe("each subgraph's code", () => {
  it("the manifest lists the repository's subgraphs", () => {
    expect(local.map((subgraph) => subgraph.name)).toEqual(expect.arrayContaining(["anti-violence", "employment", "training", "housing"]));
  });

  it.each(local.map((subgraph) => [subgraph.name, subgraph] as const))("%s imports the kit through its narrow entries only", (_name, subgraph) => {
    const src = dirname(join(ROOT, subgraph.main!));
    const used = files(src).flatMap((file) => kitImports(file).map((specifier) => ({ file: relative(ROOT, file), specifier })));
    expect(used.length).toBeGreaterThan(10);
    const allowed = subgraph.consentAuthority ? ["@percorsi/kit/author", "@percorsi/kit/authority"] : ["@percorsi/kit/author"];
    expect(used.filter(({ specifier }) => !allowed.includes(specifier))).toEqual([]);
  });
});
