import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compositionErrorsWithPublished, publishedSdlPath } from "../src/compose.js";

// How a subgraph built outside this repository checks that it composes: against the others'
// published SDL (schema/subgraphs/*.graphql), the only form in which they ship.
describe("composition with the published SDL", () => {
  const header = readFileSync(publishedSdlPath("training"), "utf8");

  it("composes a listed subgraph's own published SDL", () => {
    expect(compositionErrorsWithPublished("training", header)).toEqual([]);
  });

  it("composes a subgraph not listed yet, with the others", () => {
    // The shared preamble (links, directives, shared enums) and a root field of its own.
    const own = `${header.split("\nschema {")[0]}\ntype Query {\n  jobClubSessionsHeld: Int\n}\n`;
    expect(compositionErrorsWithPublished("job-club", own)).toEqual([]);
  });

  it("names the clash of a field another subgraph already resolves", () => {
    const clash = `${header.split("\nschema {")[0]}\ntype Query {\n  courses: String\n}\n`;
    const errors = compositionErrorsWithPublished("job-club", clash);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join("\n")).toMatch(/courses/);
  });
});
