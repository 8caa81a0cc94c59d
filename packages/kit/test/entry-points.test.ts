import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The kit's public entries stay small and documented, the repository-internal one keeps every
// name they give, and a packed package points at the build of exactly the files the workspace
// points at. (That the packed package installs and works: `npm run kit:pack-check`.)

const here = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
/** type-graphql's decorators and scalars, re-exported by author only (index leaves them to type-graphql). */
const TYPE_GRAPHQL = ["Arg", "Args", "ArgsType", "Ctx", "Directive", "Field", "FieldResolver", "Float", "ID", "InputType", "Int", "Mutation", "ObjectType", "Query", "registerEnumType", "Resolver", "Root"];
const ENTRIES = { author: "src/author.ts", authority: "src/authority.ts", testing: "src/testing/index.ts" } as const;

/** Each exported name of an entry file, and whether a doc comment (`/** ... *\/`) stands right before it. */
function exportsOf(path: string): { name: string; documented: boolean }[] {
  const text = readFileSync(here(path), "utf8");
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true);
  const names: { name: string; documented: boolean }[] = [];
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement)) continue;
    if (!statement.exportClause || !ts.isNamedExports(statement.exportClause)) {
      names.push({ name: "*", documented: false });
      continue;
    }
    for (const element of statement.exportClause.elements) {
      const comments = ts.getLeadingCommentRanges(text, element.getFullStart()) ?? [];
      const last = comments.at(-1);
      names.push({ name: element.name.text, documented: last !== undefined && text.slice(last.pos, last.pos + 3) === "/**" });
    }
  }
  return names;
}

describe("the kit's entry points", () => {
  it.each(Object.entries(ENTRIES))("%s names each export explicitly, with a doc comment", (_entry, path) => {
    const names = exportsOf(path);
    expect(names.length).toBeGreaterThan(5);
    expect(names.filter((n) => n.name === "*")).toEqual([]);
    expect(names.filter((n) => !n.documented).map((n) => n.name)).toEqual([]);
  });

  it("the repository-internal entry still gives every value the public ones give", async () => {
    const everything = Object.keys(await import("../src/index.js"));
    for (const entry of ["../src/author.js", "../src/authority.js"]) {
      const values = Object.keys(await import(entry));
      const kitOwn = values.filter((name) => !TYPE_GRAPHQL.includes(name));
      expect(kitOwn.filter((name) => !everything.includes(name)), entry).toEqual([]);
    }
  });

  it("gives an author nothing that only the consent authority uses", async () => {
    const author = new Set(Object.keys(await import("../src/author.js")));
    const authority = Object.keys(await import("../src/authority.js"));
    expect(authority.filter((name) => author.has(name))).toEqual([]);
  });
});

describe("the packed manifests", () => {
  it.each([["packages/kit", "package.json"], ["packages/indicators", "../indicators/package.json"], ["schema", "../../schema/package.json"]])("%s: publishConfig.exports is the build of each workspace export", (_package, path) => {
    const manifest = JSON.parse(readFileSync(here(path), "utf8")) as { name: string; exports: Record<string, string>; publishConfig: { exports: Record<string, { types: string; import: string }> } };
    // The kit's root entry is the repository's own: the workspace has it, the packed package does not.
    const packed = Object.keys(manifest.exports).filter((key) => !(manifest.name === "@percorsi/kit" && key === "."));
    expect(Object.keys(manifest.publishConfig.exports)).toEqual(packed);
    for (const [key, source] of Object.entries(manifest.exports)) {
      if (!packed.includes(key)) continue;
      const built = source.replace(/^\.\/src\//, "./dist/").replace(/\.ts$/, "");
      expect(manifest.publishConfig.exports[key], key).toEqual({ types: `${built}.d.ts`, import: `${built}.js` });
    }
  });
});
