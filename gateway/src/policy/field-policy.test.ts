import { beforeAll, describe, expect, it } from "vitest";
import { buildSchema, parse, print, type DocumentNode, type FieldNode } from "graphql";
import { ceilingOf, type DataCategory, type Role } from "@percorsi/schema";
import { committedPolicy } from "../../test/committed-supergraph.js";
import { FieldPolicy, sha256, type Rewrite } from "./field-policy.js";

const as = (...roles: Role[]) => ceilingOf(roles);
const normalise = (text: string) => print(parse(text));
const printed = (rewrite: Rewrite) => (rewrite.changed ? rewrite.source : print(rewrite.document));
const removedNames = (rewrite: Rewrite) => (rewrite.changed ? [...rewrite.removed].map((n: FieldNode) => n.alias?.value ?? n.name.value) : []);

describe("the field policy's rewrite, on the committed supergraph", () => {
  let policy: FieldPolicy;
  beforeAll(async () => {
    policy = await committedPolicy();
  });

  const JOB_CENTRE_QUERY = `query($id: ID!) { pathway(id: $id) { id stage identity { givenName } needsAssessment { healthNotes educationLevel } } }`;

  it("takes from a job counsellor's operation what the role may never see, before planning", () => {
    const rewrite = policy.rewrite(parse(JOB_CENTRE_QUERY), as("EMPLOYMENT_COUNSELLOR"));
    expect(rewrite.changed).toBe(true);
    expect(printed(rewrite)).toBe(normalise(`query($id: ID!) { pathway(id: $id) { id stage needsAssessment { educationLevel } } }`));
    expect(removedNames(rewrite)).toEqual(["identity", "healthNotes"]);
  });

  it("re-hashes the rewritten text, so the plan cache cannot hand it another role's plan", () => {
    const document = parse(JOB_CENTRE_QUERY);
    const counsellor = policy.rewrite(document, as("EMPLOYMENT_COUNSELLOR"));
    const analyst = policy.rewrite(document, as("ANALYST"));
    if (!counsellor.changed || !analyst.changed) throw new Error("expected rewrites");
    expect(counsellor.queryHash).toBe(sha256(counsellor.source));
    expect(counsellor.queryHash).not.toBe(sha256(JOB_CENTRE_QUERY));
    expect(analyst.queryHash).not.toBe(counsellor.queryHash);
    // Same text, same ceiling: the same rewrite, memoised on the parsed document.
    expect(policy.rewrite(document, as("TRAINING_OPERATOR"))).toBe(counsellor);
  });

  it("leaves a centre operator's operation untouched (the same document)", () => {
    const document = parse(JOB_CENTRE_QUERY);
    const rewrite = policy.rewrite(document, as("CENTRE_OPERATOR"));
    expect(rewrite).toEqual({ changed: false, document });
    expect(rewrite.document).toBe(document);
  });

  it("gives a user with several roles the union of their ceilings", () => {
    expect(policy.rewrite(parse(JOB_CENTRE_QUERY), as("TRAINING_OPERATOR", "CENTRE_OPERATOR")).changed).toBe(false);
    expect(removedNames(policy.rewrite(parse(JOB_CENTRE_QUERY), as("ANALYST", "EMPLOYMENT_COUNSELLOR")))).toEqual(["identity", "healthNotes"]);
  });

  it.each<[Role, string[]]>([
    ["EMPLOYMENT_COUNSELLOR", ["identity", "healthNotes"]],
    ["TRAINING_OPERATOR", ["identity", "healthNotes"]],
    ["BREAK_GLASS", ["identity", "healthNotes"]],
    ["ANALYST", ["stage", "identity", "needsAssessment"]],
    ["NETWORK_ADMIN", ["stage", "identity", "needsAssessment"]],
    ["DPO", ["stage", "identity", "needsAssessment"]],
  ])("removes for %s: %j", (role, removed) => {
    expect(removedNames(policy.rewrite(parse(JOB_CENTRE_QUERY), as(role)))).toEqual(removed);
  });

  it("leaves an unknown or absent ceiling nothing labelled", () => {
    const rewrite = policy.rewrite(parse(`{ jobCentreCaseload { totalCount nodes { id stage jobSeeker { id skills } } } }`), new Set<DataCategory>());
    expect(printed(rewrite)).toBe(normalise(`{ jobCentreCaseload { totalCount nodes { id } } }`));
  });

  it("keeps a pathway emptied by removal by its id (where the refusal is recorded), and puts __typename elsewhere", () => {
    const rewrite = policy.rewrite(parse(`{ jobCentreCaseload { nodes { jobSeeker { skills } } } }`), as("ANALYST"));
    expect(printed(rewrite)).toBe(normalise(`{ jobCentreCaseload { nodes { id } } }`));
    // Not a pathway: an emptied needs assessment gets the __typename placeholder, not an id; the
    // pathway above it lost a field of its own record and gets its id.
    const inner = policy.rewrite(parse(`{ trainingCaseload { nodes { needsAssessment { healthNotes } } } }`), as("TRAINING_OPERATOR"));
    expect(printed(inner)).toBe(normalise(`{ trainingCaseload { nodes { needsAssessment { __typename } id } } }`));
  });

  it("adds no id to a pathway that lost nothing, nor a second one to a pathway that asked for it", () => {
    const untouched = parse(`{ pathways { nodes { stage } } }`);
    expect(policy.rewrite(untouched, as("EMPLOYMENT_COUNSELLOR")).document).toBe(untouched);
    const asked = policy.rewrite(parse(`{ pathways { nodes { id identity { givenName } stage } } }`), as("EMPLOYMENT_COUNSELLOR"));
    expect(printed(asked)).toBe(normalise(`{ pathways { nodes { id stage } } }`));
  });

  it("judges aliased fields by their name, and keeps the aliases it does not remove", () => {
    const rewrite = policy.rewrite(parse(`{ pathways { nodes { key: id who: identity { givenName } now: stage } } }`), as("EMPLOYMENT_COUNSELLOR"));
    // The alias `key` is not her id under its own name: the subgraph gets an unaliased `id` too.
    expect(printed(rewrite)).toBe(normalise(`{ pathways { nodes { key: id now: stage id } } }`));
    expect(removedNames(rewrite)).toEqual(["who"]);
  });

  it("rewrites named fragments where they are defined, once, and keeps their spreads", () => {
    const rewrite = policy.rewrite(
      parse(`query($id: ID!) { pathway(id: $id) { ...Case } other: pathway(id: $id) { ...Case ...OnlyIdentity } }
             fragment Case on Pathway { id identity { familyName } needsAssessment { ...Needs } }
             fragment Needs on NeedsAssessment { healthNotes languages }
             fragment OnlyIdentity on Pathway { identity { email } }`),
      as("TRAINING_OPERATOR"),
    );
    expect(printed(rewrite)).toBe(
      normalise(`query($id: ID!) { pathway(id: $id) { ...Case } other: pathway(id: $id) { ...Case ...OnlyIdentity } }
                 fragment Case on Pathway { id needsAssessment { ...Needs } }
                 fragment Needs on NeedsAssessment { languages }
                 fragment OnlyIdentity on Pathway { id }`),
    );
    expect(removedNames(rewrite)).toEqual(["identity", "healthNotes", "identity"]);
  });

  it("drops an inline fragment emptied by removal, and keeps directives and variables", () => {
    const rewrite = policy.rewrite(
      parse(`query($id: ID!, $all: Boolean = false) {
               pathway(id: $id) {
                 id
                 ... on Pathway { identity { phone } }
                 ... @include(if: $all) { stage identity { email } }
                 needsAssessment @skip(if: $all) { healthNotes }
               }
             }`),
      as("EMPLOYMENT_COUNSELLOR"),
    );
    expect(printed(rewrite)).toBe(
      normalise(`query($id: ID!, $all: Boolean = false) {
                   pathway(id: $id) { id ... @include(if: $all) { stage id } needsAssessment @skip(if: $all) { __typename } }
                 }`),
    );
  });

  it("rewrites every operation of a document and the selections of a mutation", () => {
    const rewrite = policy.rewrite(
      parse(`query A { pathways { nodes { identity { givenName } stage } } }
             mutation B($id: ID!) { setPathwayStage(input: { pathwayId: $id, stage: PLAN_ACTIVE }) { id identity { phone } } }`),
      as("BREAK_GLASS"),
    );
    expect(printed(rewrite)).toBe(
      normalise(`query A { pathways { nodes { stage id } } }
                 mutation B($id: ID!) { setPathwayStage(input: { pathwayId: $id, stage: PLAN_ACTIVE }) { id } }`),
    );
  });

  it("leaves introspection alone", () => {
    const document = parse(`{ __schema { types { name fields { name } } } __type(name: "Pathway") { name } __typename }`);
    expect(policy.rewrite(document, as("ANALYST")).document).toBe(document);
  });

  it("refuses a field the schema does not know (the schema changed under the request)", () => {
    expect(() => policy.rewriteUncached(parse(`{ pathways { nodes { secretField { a } } } }`), as("ANALYST"))).toThrow(/unknown field/);
  });
});

describe("the field policy on interfaces and unions", () => {
  const schema = buildSchema(`
    interface Person { id: ID! name: String }
    type Woman implements Person { id: ID! name: String health: String }
    type Staff implements Person { id: ID! name: String }
    union Anyone = Woman | Staff
    type Query { people: [Person] anyone: [Anyone] }
  `);
  const labels = new Map<string, DataCategory>([
    ["Woman.name", "IDENTITY"],
    ["Woman.health", "HEALTH"],
  ]);
  const policy = new FieldPolicy(schema, labels);
  const rewrite = (text: string) => printed(policy.rewrite(parse(text) as DocumentNode, as("EMPLOYMENT_COUNSELLOR")));

  it("removes an interface field labelled on any implementation, and asks for __typename", () => {
    expect(rewrite(`{ people { id name } }`)).toBe(normalise(`{ people { id __typename } }`));
  });

  it("removes a field inside a type condition only, and asks for __typename", () => {
    expect(rewrite(`{ anyone { ... on Woman { id health } ... on Staff { name } } }`)).toBe(
      normalise(`{ anyone { ... on Woman { id } ... on Staff { name } __typename } }`),
    );
    expect(rewrite(`{ people { ...W } } fragment W on Woman { health }`)).toBe(
      normalise(`{ people { ...W __typename } } fragment W on Woman { __typename }`),
    );
  });
});
