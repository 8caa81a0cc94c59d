import { beforeAll, describe, expect, it } from "vitest";
import { buildSchema, GraphQLError, parse, type OperationDefinitionNode } from "graphql";
import { ceilingOf, type DataCategory, type Role } from "@percorsi/schema";
import { committedPolicy } from "../../test/committed-supergraph.js";
import { answerRemovedFields } from "./denials.js";
import { FieldPolicy } from "./field-policy.js";

/** Rewrites `text` for `roles`, and answers `data` (what the planned operation returned) for the caller. */
function answer(policy: FieldPolicy, roles: Role[] | ReadonlySet<DataCategory>, text: string, data: Record<string, unknown> | null, variables?: Record<string, unknown>, errors?: GraphQLError[]) {
  const document = parse(text);
  const rewrite = policy.rewrite(document, Array.isArray(roles) ? ceilingOf(roles) : (roles as ReadonlySet<DataCategory>));
  if (!rewrite.changed) throw new Error("nothing was removed");
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === "OperationDefinition")!;
  const result = answerRemovedFields({ data, ...(errors ? { errors } : {}) }, { schema: policy.schema, document, operation, variables, removed: rewrite.removed });
  return { data: result.data, errors: (result.errors ?? []).map((e) => ({ path: e.path, reason: e.extensions.reason, line: e.locations?.[0]?.line })) };
}

describe("answering the removed fields, on the committed supergraph", () => {
  let policy: FieldPolicy;
  beforeAll(async () => {
    policy = await committedPolicy();
  });

  it("nulls each removed field where the caller asked for it, in the caller's order", () => {
    const { data, errors } = answer(
      policy,
      ["EMPLOYMENT_COUNSELLOR"],
      `query($id: ID!) { pathway(id: $id) { id stage identity { givenName } needsAssessment { healthNotes educationLevel } } }`,
      { pathway: { id: "p1", stage: "INTAKE", needsAssessment: { educationLevel: "BACHELOR" } } },
    );
    expect(data).toEqual({ pathway: { id: "p1", stage: "INTAKE", identity: null, needsAssessment: { healthNotes: null, educationLevel: "BACHELOR" } } });
    expect(Object.keys((data as any).pathway)).toEqual(["id", "stage", "identity", "needsAssessment"]);
    expect(errors).toEqual([
      { path: ["pathway", "identity"], reason: "ROLE", line: 1 },
      { path: ["pathway", "needsAssessment", "healthNotes"], reason: "ROLE", line: 1 },
    ]);
  });

  it("denies at every item of a list, nested lists included", () => {
    const nodes = Array.from({ length: 20 }, (_, i) => ({ id: `p${i}`, referrals: i % 2 ? [{ status: "SENT" }, { status: "DONE" }] : [] }));
    const { data, errors } = answer(policy, ["ANALYST"], `{ pathways { nodes { id identity { givenName } referrals { status } } } }`, {
      pathways: { nodes: nodes.map(({ id, referrals }) => ({ id, referrals: referrals.map(() => ({ __typename: "Referral" })) })) },
    });
    // ANALYST: identity and referrals are both above the ceiling (nothing below it is labelled).
    expect((data as any).pathways.nodes).toHaveLength(20);
    expect((data as any).pathways.nodes[3]).toEqual({ id: "p3", identity: null, referrals: null });
    expect(errors.map((e) => e.path)).toEqual(nodes.flatMap((_, i) => [["pathways", "nodes", i, "identity"], ["pathways", "nodes", i, "referrals"]]));
  });

  it("denies inside each item of a list whose items keep other fields", () => {
    const { data, errors } = answer(policy, ["TRAINING_OPERATOR"], `{ jobCentreCaseload { nodes { jobSeeker { skills pathway { id identity { phone } } } } } }`, {
      jobCentreCaseload: {
        nodes: [{ jobSeeker: { skills: ["a"], pathway: { id: "p1" } } }, { jobSeeker: { skills: [], pathway: null } }, { jobSeeker: { skills: ["b"], pathway: { id: "p3" } } }],
      },
    });
    expect(data).toEqual({
      jobCentreCaseload: {
        nodes: [
          { jobSeeker: { skills: ["a"], pathway: { id: "p1", identity: null } } },
          { jobSeeker: { skills: [], pathway: null } },
          { jobSeeker: { skills: ["b"], pathway: { id: "p3", identity: null } } },
        ],
      },
    });
    // Item 1 has no pathway: there is no identity there to deny.
    expect(errors.map((e) => e.path)).toEqual([
      ["jobCentreCaseload", "nodes", 0, "jobSeeker", "pathway", "identity"],
      ["jobCentreCaseload", "nodes", 2, "jobSeeker", "pathway", "identity"],
    ]);
  });

  it("strips the __typename placeholder, and keeps a __typename the caller asked for", () => {
    const placeholder = answer(policy, ["ANALYST"], `{ jobCentreCaseload { nodes { jobSeeker { skills } } } }`, { jobCentreCaseload: { nodes: [{ __typename: "Pathway" }] } });
    expect(placeholder.data).toEqual({ jobCentreCaseload: { nodes: [{ jobSeeker: null }] } });
    const asked = answer(policy, ["ANALYST"], `{ jobCentreCaseload { nodes { kind: __typename __typename jobSeeker { skills } } } }`, {
      jobCentreCaseload: { nodes: [{ kind: "Pathway", __typename: "Pathway" }] },
    });
    expect(asked.data).toEqual({ jobCentreCaseload: { nodes: [{ kind: "Pathway", __typename: "Pathway", jobSeeker: null }] } });
  });

  it("answers at aliases and through fragments, and honours @skip and @include", () => {
    const text = `query($skip: Boolean!) {
      pathway(id: "p1") {
        who: identity { givenName }
        ...Parts
        ... on Pathway { again: identity @skip(if: $skip) { phone } }
      }
    }
    fragment Parts on Pathway { stage needs: needsAssessment { notes: healthNotes } }`;
    const data = { pathway: { stage: "INTAKE", needs: { __typename: "NeedsAssessment" } } };
    const skipped = answer(policy, ["EMPLOYMENT_COUNSELLOR"], text, data, { skip: true });
    expect(skipped.data).toEqual({ pathway: { who: null, stage: "INTAKE", needs: { notes: null } } });
    expect(skipped.errors.map((e) => [e.path?.join("."), e.line])).toEqual([["pathway.who", 3], ["pathway.needs.notes", 8]]);
    const included = answer(policy, ["EMPLOYMENT_COUNSELLOR"], text, data, { skip: false });
    expect(included.errors.map((e) => e.path?.join("."))).toEqual(["pathway.who", "pathway.needs.notes", "pathway.again"]);
  });

  it("adds no denial under a null parent, and keeps the errors already there first", () => {
    const earlier = new GraphQLError("This pathway is sealed.", { path: ["pathway"], extensions: { code: "FORBIDDEN", reason: "SEALED" } });
    const { data, errors } = answer(policy, ["EMPLOYMENT_COUNSELLOR"], `{ pathway(id: "p1") { id identity { givenName } } }`, { pathway: null }, undefined, [earlier]);
    expect(data).toEqual({ pathway: null });
    expect(errors).toEqual([{ path: ["pathway"], reason: "SEALED", line: undefined }]);
  });

  it("leaves an answer without data as it is", () => {
    const { data, errors } = answer(policy, ["ANALYST"], `{ jobCentreCaseload { nodes { jobSeeker { skills } } } }`, null);
    expect(data).toBeNull();
    expect(errors).toEqual([]);
  });
});

describe("answering the removed fields on interfaces and unions", () => {
  const schema = buildSchema(`
    interface Person { id: ID! name: String }
    type Woman implements Person { id: ID! name: String health: String }
    type Staff implements Person { id: ID! name: String }
    union Anyone = Woman | Staff
    type Query { people: [Person] anyone: [Anyone] }
  `);
  const policy = new FieldPolicy(schema, new Map<string, DataCategory>([["Woman.name", "IDENTITY"], ["Woman.health", "HEALTH"]]));

  it("denies only on the objects of the type the removed field was asked on", () => {
    const { data, errors } = answer(policy, ["EMPLOYMENT_COUNSELLOR"], `{ anyone { ... on Woman { id health } ... on Staff { id name } } }`, {
      anyone: [
        { __typename: "Woman", id: "w" },
        { __typename: "Staff", id: "s", name: "Operator" },
      ],
    });
    expect(data).toEqual({ anyone: [{ id: "w", health: null }, { id: "s", name: "Operator" }] });
    expect(errors.map((e) => e.path)).toEqual([["anyone", 0, "health"]]);
  });

  it("denies an interface field for every implementation when one of them labels it", () => {
    const { data, errors } = answer(policy, ["EMPLOYMENT_COUNSELLOR"], `{ people { id name } }`, {
      people: [{ __typename: "Woman", id: "w" }, { __typename: "Staff", id: "s" }],
    });
    expect(data).toEqual({ people: [{ id: "w", name: null }, { id: "s", name: null }] });
    expect(errors).toHaveLength(2);
  });
});
