import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readNetwork } from "@percorsi/schema/network";
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

  it("grants each subgraph exactly the cohort attributes its sections read, and the organisation types of its sections", async () => {
    const manifest = new Map(readNetwork().map((s) => [s.name, s]));
    for (const { subgraph, sections } of await networkSections()) {
      if (subgraph === "anti-violence") continue; // the consent authority reads its own store
      const grant = manifest.get(subgraph)!.indicatorCohort;
      expect(grant, `${subgraph} has an indicator_cohort entry`).toBeDefined();
      const read = new Set(sections.flatMap((s) => s.cohortAttributes ?? []));
      // Not more than its sections read (what it learns is what it needs), not less (its figures would be wrong).
      expect([...grant!.attributes].sort(), subgraph).toEqual([...read].sort());
      const own = new Set(grant!.organisationTypes);
      expect(sections.some((s) => s.organisationTypes.some((t) => own.has(t))), subgraph).toBe(true);
    }
  });
});
