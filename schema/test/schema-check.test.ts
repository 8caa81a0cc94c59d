import { buildSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { roleCeilings } from "../src/network-vocabulary.js";
import { apiChanges, confineToProposed, labelLint, lintApiSchema, privacyChanges, privacyContractOf, unacknowledged } from "../src/schema-check.js";
import { apiSchemaOf } from "../src/api-schema.js";
import { readSupergraph } from "../src/supergraph-file.js";

const committed = readSupergraph();
const contract = privacyContractOf(committed, roleCeilings());

describe("schema:check judges a change against the committed contract", () => {
  it("finds nothing between the committed supergraph and itself", async () => {
    expect(await apiChanges(committed, committed)).toEqual([]);
    expect(privacyChanges(contract, privacyContractOf(committed, roleCeilings()))).toEqual([]);
  });

  it("calls a removed field breaking, until it is acknowledged with a reason", async () => {
    // The field goes with its description.
    const removed = committed.replace(/\n  """[^"]*"""\n  occupation: String @sensitive\(category: PLACEMENT\)/, "");
    expect(removed).not.toBe(committed);
    const changes = await apiChanges(committed, removed);
    expect(changes).toEqual([expect.objectContaining({ path: "Placement.occupation", breaking: true })]);
    expect(unacknowledged(changes, [])).toHaveLength(1);
    expect(unacknowledged(changes, [{ path: "Placement.occupation", reason: "" }])).toHaveLength(1);
    expect(unacknowledged(changes, [{ path: "Placement.occupation", reason: "Replaced by jobTitle; no client reads it." }])).toEqual([]);
  });

  it("calls a changed category, a removed label and a moved ceiling breaking; a new label or role is for review", () => {
    const labels = { ...contract.labels, "Placement.occupation": "WORK_HISTORY", "Placement.newField": "PLACEMENT" };
    delete (labels as Record<string, string>)["Enrolment.certificate"];
    const after = { labels, ceilings: { ...contract.ceilings, ANALYST: ["CASE_STATUS"], TRAINING_OPERATOR: ["TRAINING"], TENANTS_OPERATOR: ["HOUSING"] } };
    const changes = privacyChanges(contract, after);
    expect(changes.map((change) => change.path).sort()).toEqual(["Enrolment.certificate", "Placement.newField", "Placement.occupation", "ceiling:ANALYST", "ceiling:TENANTS_OPERATOR", "ceiling:TRAINING_OPERATOR"]);
    const forReview = ["Placement.newField", "ceiling:TENANTS_OPERATOR"];
    expect(changes.filter((change) => change.breaking).map((change) => change.path).sort()).toEqual(["Enrolment.certificate", "Placement.occupation", "ceiling:ANALYST", "ceiling:TRAINING_OPERATOR"]);
    expect(changes.filter((change) => change.review).map((change) => change.path).sort()).toEqual(forReview);
    expect(unacknowledged(changes, []).map((change) => change.path)).not.toContain("Placement.newField");
    expect(changes.find((change) => change.path === "Placement.occupation")!.message).toMatch(/from PLACEMENT to WORK_HISTORY/);
    expect(changes.find((change) => change.path === "ceiling:ANALYST")!.message).toMatch(/may now see CASE_STATUS/);
  });

  it("shows a breaking change confined to a subgraph not live yet for review, and only that", () => {
    const live = `type Pathway @key(fields: "id") { id: ID! shared: String } type Placement { occupation: String }`;
    const proposed = `type Pathway @key(fields: "id") { id: ID! tenancy: [Dispute] } type Dispute { matter: String } input RecordDispute { matter: String! }`;
    const changes = [
      { path: "RecordDispute.matter", message: "added required", breaking: true },
      { path: "Dispute", message: "removed", breaking: true },
      { path: "Pathway.tenancy", message: "type changed", breaking: true },
      { path: "Placement.occupation", message: "removed", breaking: true },
      { path: "Pathway.shared", message: "removed", breaking: true },
      { path: "ceiling:TENANTS_OPERATOR", message: "raised", breaking: true },
    ];
    const judged = (isProposed: boolean) => confineToProposed(changes, [{ sdl: live, proposed: false }, { sdl: proposed, proposed: isProposed }]).filter((c) => c.breaking).map((c) => c.path);
    expect(judged(true)).toEqual(["Placement.occupation", "Pathway.shared", "ceiling:TENANTS_OPERATOR"]);
    expect(judged(false)).toEqual(changes.map((c) => c.path));
  });

  it("lints descriptions and names of the client-facing schema", () => {
    const schema = buildSchema(`
      "The root."
      type Query {
        "A documented field."
        good: Thing
        bad_name: Int
      }
      type Thing { "Its id." id: ID }
      "Colours."
      enum Colour { RED lowerCase }
    `);
    expect(lintApiSchema(schema).map((p) => `${p.problem} ${p.path}`).sort()).toEqual([
      "NAMING Colour.lowerCase",
      "NAMING Query.bad_name",
      "NO_DESCRIPTION Query.bad_name",
      "NO_DESCRIPTION Thing",
    ]);
  });
});

describe("schema:check's API lint, with nothing tolerated", () => {
  const lintOf = (supergraph: string) => lintApiSchema(buildSchema(apiSchemaOf(supergraph))).map((p) => `${p.problem} ${p.path}`);

  it("passes the committed supergraph: every type and field described, every name by the conventions", () => {
    expect(lintOf(committed)).toEqual([]);
  });

  it("fails a type or field that loses its description", () => {
    const undescribed = committed
      .replace(/\n  "{3}\n  Pseudonymous and random[^"]*"{3}\n/, "\n")
      .replace(/\n"{3}\nA woman's pathway to economic autonomy[^"]*"{3}\n/, "\n");
    expect(undescribed).not.toBe(committed);
    expect(lintOf(undescribed)).toEqual(["NO_DESCRIPTION Pathway", "NO_DESCRIPTION Pathway.id"]);
  });
});

describe("schema:check's label lint", () => {
  it("passes the committed supergraph", () => {
    expect(labelLint(committed)).toEqual([]);
  });

  it("fails a new personal field that carries no label", () => {
    const unlabelled = committed.replace(/(\n  occupation: String) @sensitive\(category: PLACEMENT\)/, "$1");
    expect(unlabelled).not.toBe(committed);
    expect(labelLint(unlabelled)).toEqual([expect.objectContaining({ path: "Placement.occupation", problem: "LABEL" })]);
  });
});
