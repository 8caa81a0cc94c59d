import { describe, expect, it } from "vitest";
import { isNonNullType, isObjectType, buildASTSchema, parse, type GraphQLField, type GraphQLObjectType } from "graphql";
import { composeSupergraph } from "../src/compose.js";
import { apiSchemaOf } from "../src/api-schema.js";
import { readApiSchema, readSupergraph } from "../src/supergraph-file.js";
import { DATA_CATEGORIES } from "../src/vocabulary.js";
import { outageUnsafeFields } from "../src/outage-boundaries.js";
import { describeLabelProblem, labelProblems, personalTypes, supergraphKeyFields } from "../src/privacy-labels.js";

function category(field: GraphQLField<unknown, unknown>): string | undefined {
  const directive = field.astNode?.directives?.find((d) => d.name.value === "sensitive");
  const argument = directive?.arguments?.[0]?.value;
  return argument?.kind === "EnumValue" ? argument.value : undefined;
}

describe("the committed supergraph", () => {
  const sdl = readSupergraph();
  const schema = buildASTSchema(parse(sdl), { assumeValidSDL: true });

  it("is what composition of supergraph.yaml gives today", async () => {
    expect(await composeSupergraph()).toBe(sdl);
  });

  it("carries the privacy labels, with categories from the vocabulary", () => {
    const pathway = schema.getType("Pathway") as GraphQLObjectType;
    expect(category(pathway.getFields().identity!)).toBe("IDENTITY");
    expect(category(pathway.getFields().stage!)).toBe("CASE_STATUS");
    expect(category(pathway.getFields().jobSeeker!)).toBe("JOB_SEARCH");
    expect(category(pathway.getFields().placements!)).toBe("PLACEMENT");
    expect(category(pathway.getFields().enrolments!)).toBe("TRAINING");
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        const label = category(field);
        if (label === undefined) continue;
        expect(DATA_CATEGORIES, `${type.name}.${field.name}`).toContain(label);
        // A denial must null only the field: a non-null one would null its parent.
        expect(isNonNullType(field.type), `${type.name}.${field.name} must be nullable`).toBe(false);
      }
    }
  });

  it("costs an outage only its own paths: no non-null root field, nor one fetched from another subgraph than its parent", () => {
    expect(outageUnsafeFields(sdl)).toEqual([]);
  });

  it("would name such fields (the lint reads the join directives, not a list)", () => {
    const strict = sdl
      .replace(/organisations: \[Organisation!\]\s/, "organisations: [Organisation!]! ")
      .replace(/(\n\s+name: String)( @join__field\(graph: ANTI_VIOLENCE\))/, "$1!$2");
    expect(strict).not.toBe(sdl);
    expect(outageUnsafeFields(strict)).toEqual(expect.arrayContaining(["Query.organisations", "Organisation.name"]));
  });

  it("labels every field of every type about her, as the schema itself says which those are", () => {
    const personal = personalTypes(schema);
    // Derived, not listed: the records that hang off her pathway are found by following it.
    expect([...personal.keys()]).toEqual(
      expect.arrayContaining(["Pathway", "Identity", "NeedsAssessment", "EmpowermentPlan", "PlanGoal", "Referral", "Consent", "JobSeeker", "Placement", "RetentionCheck", "Enrolment"]),
    );
    // Public records are declared so, and are not followed.
    for (const name of ["Organisation", "Employer", "Vacancy", "Course"]) expect(personal.has(name), name).toBe(false);
    expect(labelProblems(schema, supergraphKeyFields(schema)).map(describeLabelProblem)).toEqual([]);
  });

  it("would name a personal field whose label was taken off", () => {
    const unlabelled = sdl.replace(/(\n\s+occupation: String) @sensitive\(category: PLACEMENT\)/, "$1");
    expect(unlabelled).not.toBe(sdl);
    const stripped = buildASTSchema(parse(unlabelled), { assumeValidSDL: true });
    expect(labelProblems(stripped, supergraphKeyFields(stripped))).toEqual([expect.objectContaining({ field: "Placement.occupation", problem: "UNLABELLED" })]);
  });
});

describe("the committed client-facing schema (api.graphql)", () => {
  const api = readApiSchema();

  it("is the API schema of the committed supergraph", () => {
    expect(api).toBe(apiSchemaOf(readSupergraph()));
  });

  it("has no federation machinery and no field kept from clients", () => {
    expect(api).not.toMatch(/join__|link__/);
    expect(api).not.toMatch(/@inaccessible|consentReceipt|reportingCohort/);
    // The supergraph does carry them: the test would see a printer that kept them.
    expect(readSupergraph()).toMatch(/join__/);
    expect(readSupergraph()).toMatch(/consentReceipt/);
  });

  it("is a schema clients can build against, with the network's root fields", () => {
    const schema = buildASTSchema(parse(api));
    expect(Object.keys(schema.getQueryType()!.getFields())).toContain("pathways");
    expect(schema.getType("Pathway")).toBeDefined();
  });
});
