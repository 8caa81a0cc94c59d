import { buildSchema, Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { listCost } from "./list-cost.js";
import { checkCost, checkShape, GATEWAY_LIMITS, LIMIT_CODES, limitParseOptions, SUBGRAPH_LIMITS, tokenLimitRefusal, type OperationLimits } from "./operation-limits.js";

const schema = buildSchema(`
  scalar _Any
  union _Entity = Pathway
  type Query {
    pathways(first: Int = 20): PathwayConnection!
    pathway(id: ID!): Pathway
    organisations: [Organisation!]!
    _entities(representations: [_Any!]!): [_Entity]!
  }
  type PathwayConnection { totalCount: Int! nodes: [Pathway!]! }
  type Pathway { id: ID! stage: String referrals: [Referral!] holder: Organisation skills: [String!] }
  type Referral { id: ID! status: String pathway: Pathway to: Organisation }
  type Organisation { id: ID! name: String }
`);

const cost = (query: string, variables?: Record<string, unknown>, stopAbove = 1e12) => {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  return listCost(schema, operation, fragments, variables, { defaultListSize: 10, stopAbove });
};

/** referrals → pathway → referrals ... `loops` times, as the reported 911-byte query did 30 times. */
const selfReferencing = (loops: number) => `{ pathway(id: "p") { ${"referrals { pathway { ".repeat(loops)}id${" } }".repeat(loops)} } }`;

describe("list cost", () => {
  it("counts each field once per object it is resolved on, a connection's lists by its page size", () => {
    // pathways, totalCount, nodes: once each; id and stage: once per node.
    expect(cost(`{ pathways(first: 5) { totalCount nodes { id stage } } }`)).toBe(3 + 2 * 5);
    expect(cost(`{ pathways { nodes { id } } }`)).toBe(2 + 20); // the argument's default
    expect(cost(`query($n: Int) { pathways(first: $n) { nodes { id } } }`, { n: 50 })).toBe(2 + 50);
    // A list without a page size counts as the default list size; scalar lists count once.
    expect(cost(`{ organisations { id name } }`)).toBe(1 + 2 * 10);
    expect(cost(`{ pathway(id: "p") { skills } }`)).toBe(2);
  });

  it("sizes _entities by the representations the planner sends", () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Pathway { id referrals { id } } } }`;
    expect(cost(query, { r: new Array(40).fill({ __typename: "Pathway", id: "p" }) })).toBe(1 + 40 * 2 + 40 * 10);
  });

  it("multiplies nested lists, so a self-referencing path explodes with its depth", () => {
    expect(cost(selfReferencing(1))).toBe(1 + 1 + 10 + 10);
    expect(cost(selfReferencing(3))).toBeGreaterThan(1000);
    expect(cost(selfReferencing(6))).toBeGreaterThan(GATEWAY_LIMITS.maxCost);
  });

  it("stops counting once over the limit, however large the operation", () => {
    const fragments = Array.from({ length: 12 }, (_, i) => `fragment F${i} on Pathway { referrals { pathway { ...F${i + 1} ...F${i + 1} } } }`).join("\n");
    const bomb = `{ pathway(id: "p") { ...F0 } }\n${fragments}\nfragment F12 on Pathway { id }`;
    const started = performance.now();
    expect(cost(bomb, undefined, 1000)).toBeGreaterThan(1000);
    expect(performance.now() - started).toBeLessThan(100);
  });
});

describe("operation limits", () => {
  const limits: OperationLimits = { ...GATEWAY_LIMITS };
  const codeOf = (error: { extensions: Record<string, unknown> } | null) => error?.extensions.code;

  it("refuses with a stable code, HTTP 400, and never echoes the operation", () => {
    const deep = checkShape(schema, parse(selfReferencing(30)), limits);
    expect(codeOf(deep)).toBe(LIMIT_CODES.depth);
    expect(deep!.extensions.http).toEqual({ status: 400 });
    expect(deep!.message).not.toMatch(/referrals|pathway/);

    const aliases = `{ ${Array.from({ length: 300 }, (_, i) => `a${i}: pathways(first: 100) { nodes { id } }`).join(" ")} }`;
    expect(codeOf(checkShape(schema, parse(aliases), limits))).toBe(LIMIT_CODES.aliases);
    const directives = `{ pathway(id: "p") { ${Array.from({ length: 31 }, () => "id @include(if: true)").join(" ")} } }`;
    expect(codeOf(checkShape(schema, parse(directives), limits))).toBe(LIMIT_CODES.directives);
    const tokens = `{ pathway(id: "p") { ${"id ".repeat(limits.maxTokens)} } }`;
    let parseError: Error | undefined;
    try {
      parse(tokens, limitParseOptions(limits));
    } catch (error) {
      parseError = error as Error;
    }
    expect(codeOf(tokenLimitRefusal(parseError!.message))).toBe(LIMIT_CODES.tokens);
    expect(codeOf(checkCost(schema, parse(selfReferencing(8)), null, {}, limits))).toBe(LIMIT_CODES.cost);
  });

  it("lets ordinary operations through, fragments not counting as a level", () => {
    const query = `query Q($n: Int) { pathways(first: $n) { nodes { ...P } } } fragment P on Pathway { id referrals { to { name } } }`;
    expect(() => parse(query, limitParseOptions(limits))).not.toThrow();
    expect(checkShape(schema, parse(query), limits)).toBeNull();
    expect(checkCost(schema, parse(query), "Q", { n: 100 }, limits)).toBeNull();
    // Another syntax error is not a limit: Apollo reports it as it always has.
    expect(tokenLimitRefusal('Syntax Error: Expected Name, found <EOF>.')).toBeNull();
  });

  it("gives the subgraphs limits at least the gateway's: the planner's queries are larger", () => {
    for (const key of Object.keys(GATEWAY_LIMITS) as (keyof OperationLimits)[]) {
      if (key === "defaultListSize") expect(SUBGRAPH_LIMITS[key]).toBe(GATEWAY_LIMITS[key]);
      else expect(SUBGRAPH_LIMITS[key]).toBeGreaterThan(GATEWAY_LIMITS[key]);
    }
  });
});
