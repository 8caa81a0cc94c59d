import { buildSchema, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { errorsAtPaths } from "./resilient-source.js";

// The API schema the caller sees: no consentReceipt (it is @inaccessible).
const schema = buildSchema(`
  type Query { pathways: [Pathway!]! course(id: ID!): Course organisations: [Organisation!]! }
  type Pathway { id: ID! needsAssessment: String jobSeeker: String }
  type Course { title: String }
  type Organisation { id: ID! }
`);

const fetchOf = (query: string, variables: Record<string, unknown> = {}) =>
  ({ kind: "incoming operation", request: { query, variables }, document: parse(query), incomingRequestContext: { schema }, context: {} }) as unknown as Parameters<typeof errorsAtPaths>[0];

describe("a failed fetch's errors", () => {
  it("sit at each root field the fetch selects", () => {
    const { errors } = errorsAtPaths(fetchOf(`{ course(id: "c") { title } orgs: organisations { id } __typename }`), "SUBGRAPH_UNAVAILABLE");
    expect(errors?.map((e) => e.path)).toEqual([["course"], ["orgs"]]);
    expect(errors?.every((e) => e.extensions?.code === "SUBGRAPH_UNAVAILABLE")).toBe(true);
  });

  it("sit at each entity's fields, and never name a field the caller cannot see", () => {
    const representations = [{ __typename: "Pathway", id: "a" }, { __typename: "Pathway", id: "b" }];
    const query = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Pathway { consentReceipt needsAssessment } } }`;
    const { errors } = errorsAtPaths(fetchOf(query, { representations }), "SUBGRAPH_TIMEOUT");
    expect(errors?.map((e) => e.path)).toEqual([
      ["_entities", 0, "needsAssessment"],
      ["_entities", 1, "needsAssessment"],
    ]);
    // A fetch of the receipt alone: the error sits on the entity.
    const receipts = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Pathway { consentReceipt } } }`;
    expect(errorsAtPaths(fetchOf(receipts, { representations }), "SUBGRAPH_TIMEOUT").errors?.map((e) => e.path)).toEqual([
      ["_entities", 0],
      ["_entities", 1],
    ]);
  });
});
