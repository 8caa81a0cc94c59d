import { describe, expect, it } from "vitest";
import { readSupergraph } from "../src/supergraph-file.js";
import { sensitiveFieldsOf } from "../src/sensitive-fields.js";

const header = (link: string) => `schema
  @link(url: "https://specs.apollo.dev/link/v1.0")
  ${link}
{ query: Query }
`;

describe("labels read from the supergraph SDL", () => {
  const labels = sensitiveFieldsOf(readSupergraph());

  it("finds every labelled field of the committed supergraph", () => {
    const uses = readSupergraph().match(/^\s+\w+(\([^)]*\))?: [^\n]*@sensitive\(category: \w+\)/gm) ?? [];
    expect(uses.length).toBeGreaterThan(50);
    expect(labels.size).toBe(uses.length);
  });

  it.each([
    ["Pathway.identity", "IDENTITY"],
    ["Pathway.stage", "CASE_STATUS"],
    ["Pathway.jobSeeker", "JOB_SEARCH"],
    ["Identity.preferredContact", "SAFETY"],
    ["NeedsAssessment.healthNotes", "HEALTH"],
    ["NeedsAssessment.educationLevel", "EDUCATION_SKILLS"],
    ["JobSeeker.skills", "EDUCATION_SKILLS"],
    ["Placement.employer", "PLACEMENT"],
  ])("labels %s as %s", (field, category) => {
    expect(labels.get(field)).toBe(category);
  });

  it("leaves unlabelled fields out", () => {
    expect(labels.has("Pathway.id")).toBe(false);
    expect(labels.has("Query.pathway")).toBe(false);
    expect(labels.has("Organisation.name")).toBe(false);
  });

  it("follows a renamed import", () => {
    const sdl = `${header('@link(url: "https://specs.percorsi.example/privacy/v0.1", import: [{ name: "@sensitive", as: "@label" }])')}
      type Query { a: String @label(category: HEALTH) b: String @sensitive(category: HEALTH) }`;
    expect([...sensitiveFieldsOf(sdl)]).toEqual([["Query.a", "HEALTH"]]);
  });

  it("follows a namespaced directive when it is not imported", () => {
    const sdl = `${header('@link(url: "https://specs.percorsi.example/privacy/v0.2")')}
      type Query { a: String @privacy__sensitive(category: SAFETY) }
      interface Named { name: String @privacy__sensitive(category: IDENTITY) }`;
    expect([...sensitiveFieldsOf(sdl)]).toEqual([["Query.a", "SAFETY"], ["Named.name", "IDENTITY"]]);
  });

  it.each([
    ["an unknown category", "@sensitive(category: GOSSIP)"],
    ["no category", "@sensitive"],
  ])("refuses a label with %s rather than treat the field as public", (_label, use) => {
    const sdl = `${header('@link(url: "https://specs.percorsi.example/privacy/v0.1", import: ["@sensitive"])')}
      type Query { a: String ${use} }`;
    expect(() => sensitiveFieldsOf(sdl)).toThrow(/Query\.a/);
  });
});
