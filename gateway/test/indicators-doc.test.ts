import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { INDICATORS_DOC_PATH, networkSections, renderIndicatorsDoc } from "../../scripts/indicators-doc.js";

describe("docs/indicators.md", () => {
  it("is generated from the definitions every subgraph declares, and committed fresh", async () => {
    const network = await networkSections();
    expect(network.map((n) => n.subgraph)).toEqual(["anti-violence", "employment", "training", "housing"]);
    expect(readFileSync(INDICATORS_DOC_PATH, "utf8"), "run `npm run docs:indicators` and commit the result").toBe(renderIndicatorsDoc(network));
  });

  it("documents every listed indicator with its numerator and date rule, rates with their denominator", async () => {
    for (const { sections } of await networkSections()) {
      for (const definition of sections.flatMap((s) => s.definitions)) {
        expect(definition.numerator.length, definition.id).toBeGreaterThan(10);
        expect(definition.dateRule.length, definition.id).toBeGreaterThan(5);
        if (definition.kind === "RATE") expect(definition.denominator, definition.id).toBeTruthy();
      }
    }
  });
});
