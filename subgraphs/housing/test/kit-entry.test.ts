// A signatory builds its subgraph from the kit's author entry alone: housing, made as one would
// be, imports nothing else of the kit (the repository-internal `@percorsi/kit` included).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../src", import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : []));

describe("the housing subgraph's code", () => {
  it("imports the kit through @percorsi/kit/author only", () => {
    const kitImports = files(SRC).flatMap((file) => [...readFileSync(file, "utf8").matchAll(/from "(@percorsi\/kit[^"]*)"/g)].map((m) => m[1]!));
    expect(kitImports.length).toBeGreaterThan(10);
    expect([...new Set(kitImports)]).toEqual(["@percorsi/kit/author"]);
  });
});
