import "reflect-metadata";
import { beforeAll, describe, expect, it } from "vitest";
import { execute, parse, type ExecutionResult, type GraphQLSchema } from "graphql";
import { Arg, Directive, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { PURPOSES, type Purpose, type Role } from "@percorsi/schema";
import { buildFederatedSchema } from "../graphql/federated-schema.js";
import { NotPersonal, Sensitive } from "../graphql/sensitive.js";
import type { Actor } from "../trust/actor.js";
import { allow, decidedInResolver, decidedOnRecord, isCaseworker, type WritePolicy } from "./rules.js";

const OWNER = "cav-aurora";

@ObjectType()
@Directive('@key(fields: "id")')
class Pathway {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  @NotPersonal("a probe no rule names")
  stage: string | null;

  @Field(() => String, { nullable: true })
  @Sensitive("IDENTITY")
  givenName: string | null;

  /** As the consent authority, it would sign one; these tests decide on facts given directly. */
  @Field(() => String, { nullable: true })
  @NotPersonal("the consent receipt, for the planner")
  consentReceipt: string | null;

  /** Not exposed: who keeps the record. */
  holder: string;
}

function pathway(id: string, holder: string, givenName: string): Pathway {
  return Object.assign(new Pathway(), { id, stage: "INTAKE", givenName, holder });
}

const pathways = new Map([["p-1", pathway("p-1", OWNER, "Anna")]]);

@Resolver(() => Pathway)
class PathwayResolver {
  @Query(() => Pathway, { nullable: true })
  pathway(@Arg("id", () => ID) id: string): Pathway | null {
    return pathways.get(id) ?? null;
  }

  @Query(() => String, { nullable: true, description: "No rule names it." })
  unruled(): string {
    return "should never be seen";
  }
}

// For the schemas that must not build: each with its own resolver, so they stay out of the good one.
@ObjectType()
class StrictPerson {
  @Field(() => ID)
  @NotPersonal("the probe record's id")
  id: string;

  @Field(() => String)
  @Sensitive("IDENTITY")
  givenName: string;
}

@Resolver(() => StrictPerson)
class StrictPersonResolver {
  @Query(() => StrictPerson, { nullable: true })
  strictPerson(): StrictPerson | null {
    return null;
  }
}

@ObjectType()
class Note {
  @Field(() => ID)
  @NotPersonal("the probe record's id")
  id: string;

  @Field(() => String, { nullable: true })
  @Sensitive("HEALTH")
  body: string | null;
}

@Resolver(() => Note)
class NoteResolver {
  @Query(() => Note, { nullable: true })
  note(): Note | null {
    return Object.assign(new Note(), { id: "n-1", body: "migraine" });
  }
}

function actor(organisationId: string, roles: Role[] = ["CENTRE_OPERATOR"], purpose: Purpose | null = "EMPOWERMENT_PLAN"): Actor {
  return {
    requestId: "req-1",
    userId: `user-of-${organisationId}`,
    organisationId,
    organisationType: "ANTI_VIOLENCE_CENTRE",
    roles,
    purpose,
  };
}

const owner = actor(OWNER);
const otherCentre = actor("cav-ginestra");

let schema: GraphQLSchema;
let sdl: string;

beforeAll(async () => {
  ({ schema, sdl } = await buildFederatedSchema({
    name: "rules-probe",
    // It owns Pathway here, as the consent authority does.
    consentAuthority: true,
    resolvers: [PathwayResolver],
    referenceResolvers: { Pathway: (reference: { id: string }) => pathways.get(reference.id) ?? null },
    rules: { Query: { pathway: isCaseworker } },
    // Another organisation sees these pathways (an accepted referral, for whatever purpose it declares): what it may not read is then by category.
    facts: { Pathway: (parent: Pathway) => ({ ownerOrganisationId: parent.holder, pathwayId: parent.id, referralAccepted: true, referralPurposes: [...PURPOSES] }) },
  }));
});

async function run(who: Actor, query: string, variableValues: Record<string, unknown> = {}): Promise<ExecutionResult<any>> {
  return execute({ schema, document: parse(query), variableValues, contextValue: { actor: who, db: undefined, loaders: {} } });
}

/** The errors as [path, extensions], for exact comparison. */
function errorsOf(result: ExecutionResult): [string, unknown][] {
  return (result.errors ?? []).map((error) => [error.path?.join(".") ?? "", error.extensions]);
}

describe("the kit's permissions", () => {
  it("denies a field no rule names", async () => {
    const result = await run(owner, `{ pathway(id: "p-1") { id stage } }`);
    expect(result.data).toEqual({ pathway: { id: "p-1", stage: null } });
    expect(errorsOf(result)).toEqual([["pathway.stage", { code: "FORBIDDEN", reason: "ROLE" }]]);
  });

  it("denies a root field no rule names", async () => {
    const result = await run(owner, `{ unruled }`);
    expect(result.data).toEqual({ unruled: null });
    expect(errorsOf(result)).toEqual([["unruled", { code: "FORBIDDEN", reason: "ROLE" }]]);
  });

  it("applies the subgraph's own rules", async () => {
    const result = await run(actor(OWNER, ["ANALYST"]), `{ pathway(id: "p-1") { id } }`);
    expect(result.data).toEqual({ pathway: null });
    expect(errorsOf(result)).toEqual([["pathway", { code: "FORBIDDEN", reason: "ROLE" }]]);
  });

  describe("a @sensitive field", () => {
    it("is released to the organisation that keeps the record", async () => {
      const result = await run(owner, `{ pathway(id: "p-1") { id givenName } }`);
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ pathway: { id: "p-1", givenName: "Anna" } });
    });

    it("is refused to another organisation as HOLDER_ONLY, nulling only itself", async () => {
      const result = await run(otherCentre, `{ pathway(id: "p-1") { id givenName } }`);
      expect(result.data).toEqual({ pathway: { id: "p-1", givenName: null } });
      expect(errorsOf(result)).toEqual([["pathway.givenName", { code: "FORBIDDEN", reason: "HOLDER_ONLY" }]]);
      expect(JSON.stringify(result)).not.toContain("Anna");
    });

    it("is refused to the owner without a declared purpose", async () => {
      const result = await run(actor(OWNER, ["CENTRE_OPERATOR"], null), `{ pathway(id: "p-1") { givenName } }`);
      expect(result.data).toEqual({ pathway: { givenName: null } });
      expect(errorsOf(result)).toEqual([["pathway.givenName", { code: "FORBIDDEN", reason: "PURPOSE" }]]);
    });

    it("is checked per record in a list of entities", async () => {
      pathways.set("p-2", pathway("p-2", "cav-ginestra", "Bruna"));
      try {
        const result = await run(
          owner,
          `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Pathway { id givenName } } }`,
          { reps: [{ __typename: "Pathway", id: "p-1" }, { __typename: "Pathway", id: "p-2" }] },
        );
        expect(result.data).toEqual({ _entities: [{ id: "p-1", givenName: "Anna" }, { id: "p-2", givenName: null }] });
        expect(errorsOf(result)).toEqual([["_entities.1.givenName", { code: "FORBIDDEN", reason: "HOLDER_ONLY" }]]);
        expect(JSON.stringify(result)).not.toContain("Bruna");
      } finally {
        pathways.delete("p-2");
      }
    });

    it("must be nullable, or the schema does not build", async () => {
      await expect(
        buildFederatedSchema({
          name: "rules-probe",
          resolvers: [StrictPersonResolver],
          rules: { Query: allow },
          facts: { StrictPerson: () => ({ ownerOrganisationId: OWNER, pathwayId: null }) },
        }),
      ).rejects.toThrow("StrictPerson.givenName is @sensitive and must be nullable");
    });

    it("needs record facts for its type, or the schema does not build", async () => {
      await expect(
        buildFederatedSchema({
          name: "rules-probe",
          resolvers: [NoteResolver],
          rules: { Query: allow },
          facts: { Pathway: () => ({ ownerOrganisationId: OWNER, pathwayId: null }) },
        }),
      ).rejects.toThrow("Note.body is @sensitive but the subgraph gives no record facts for Note");
    });

    it("is never released on a facts function that answers no facts (\"no record\" is no reason to release): refused ORGANISATION", async () => {
      const { schema: noteSchema } = await buildFederatedSchema({
        name: "rules-probe",
        resolvers: [NoteResolver],
        rules: { Query: allow },
        // A subgraph in plain JavaScript, or one cast around the type, answering "no record here".
        facts: { Note: (() => null) as unknown as () => { ownerOrganisationId: string; pathwayId: null } },
      });
      const result = await execute({ schema: noteSchema, document: parse(`{ note { body } }`), contextValue: { actor: owner, db: undefined, loaders: {} } });
      expect(result.data).toEqual({ note: { body: null } });
      expect(errorsOf(result)).toEqual([["note.body", { code: "FORBIDDEN", reason: "ORGANISATION" }]]);
    });

    it("never sits in an indicator's value type, which resolves outside the shield", async () => {
      @ObjectType("IndicatorCell")
      class LeakyCell {
        @Field(() => String, { nullable: true })
        @Sensitive("PLAN")
        note: string | null;
      }
      @Resolver()
      class LeakyCellResolver {
        @Query(() => LeakyCell, { nullable: true })
        leakyCell(): LeakyCell | null {
          return null;
        }
      }
      await expect(
        buildFederatedSchema({ name: "rules-probe", resolvers: [LeakyCellResolver], rules: { Query: allow }, facts: { IndicatorCell: () => ({ ownerOrganisationId: OWNER, pathwayId: null }) } }),
      ).rejects.toThrow("IndicatorCell.note is @sensitive, but IndicatorCell holds aggregates only");
    });

    it("must be named by the write policy of every mutation whose input writes it, or the schema does not build", async () => {
      @InputType()
      class SaveNoteInput {
        @Field(() => ID)
        pathwayId: string;

        @Field(() => String)
        body: string;
      }
      @Resolver()
      class SaveNoteResolver {
        @Query(() => Note, { nullable: true })
        anyNote(): Note | null {
          return null;
        }

        @Mutation(() => Note, { nullable: true })
        saveNote(@Arg("input", () => SaveNoteInput) _input: SaveNoteInput): Note | null {
          return null;
        }
      }
      const build = (policy: WritePolicy) =>
        buildFederatedSchema({
          name: "rules-probe",
          resolvers: [SaveNoteResolver],
          rules: { Query: allow, Mutation: isCaseworker },
          facts: { Note: () => ({ ownerOrganisationId: OWNER, pathwayId: null }) },
          writes: { saveNote: policy },
        });
      // `body` is Note.body, HEALTH: a write recorded as another category (or as none) is refused.
      await expect(build(["PLAN"])).rejects.toThrow("Mutation.saveNote writes input.body (HEALTH), which its write policy does not name");
      await expect(build(null)).rejects.toThrow("Mutation.saveNote writes input.body (HEALTH)");
      await expect(build(decidedInResolver("CASE_STATUS"))).rejects.toThrow("input.body (HEALTH)");
      await expect(build([])).rejects.toThrow("Mutation.saveNote's write policy names no data category");
      await expect(build(["PLAN", "HEALTH"])).resolves.toBeDefined();
      // Decided in its resolver on a record its input names by id: the kit must know which record,
      // or a refusal by its rule would be recorded nowhere.
      await expect(build(decidedInResolver("CASE_STATUS", "HEALTH"))).rejects.toThrow("Mutation.saveNote is decided in its resolver: name the record");
      await expect(build(decidedOnRecord({ table: "notes; drop table x", argument: "input.pathwayId" }, "HEALTH"))).rejects.toThrow("is not a table or column name");
      await expect(build(decidedOnRecord({ table: "notes", argument: "input.pathwayId" }, "HEALTH"))).resolves.toBeDefined();
    });

    it("takes facts given by field as well as by type", async () => {
      const built = await buildFederatedSchema({
        name: "rules-probe",
        resolvers: [NoteResolver],
        rules: { Query: allow, Note: { id: allow } },
        facts: { "Note.body": (note: Note) => ({ ownerOrganisationId: "elsewhere", pathwayId: note.id, referralAccepted: true, referralPurposes: [...PURPOSES] }) },
      });
      const result = await execute({
        schema: built.schema,
        document: parse("{ note { id body } }"),
        contextValue: { actor: owner, db: undefined, loaders: {} },
      });
      expect(result.data).toEqual({ note: { id: "n-1", body: null } });
      expect(errorsOf(result)).toEqual([["note.body", { code: "FORBIDDEN", reason: "HOLDER_ONLY" }]]);
    });
  });

  describe("federation", () => {
    it("answers _service { sdl } to anyone, with the labels in it", async () => {
      const result = await run(actor("somewhere", ["ANALYST"], null), `{ _service { sdl } }`);
      expect(result.errors).toBeUndefined();
      const served: string = result.data._service.sdl;
      expect(served).toContain("@sensitive(category: IDENTITY)");
      expect(served).toContain('@key(fields: "id")');
      expect(served).toContain('@link(url: "https://specs.percorsi.example/privacy/v0.1", import: ["@sensitive", "@notPersonal"])');
      // The SDL handed to composition carries the category as an enum value, not a string.
      expect(sdl).toContain("givenName: String @sensitive(category: IDENTITY)");
    });

    it("builds a subgraph that defines no entity (and so has no _entities)", async () => {
      // About no woman (no label, no write about her): nor does the kit add an access report part.
      @ObjectType()
      class Bulletin {
        @Field(() => String, { nullable: true })
        text: string | null;
      }
      @Resolver()
      class BulletinResolver {
        @Query(() => Bulletin, { nullable: true })
        bulletin(): Bulletin {
          return Object.assign(new Bulletin(), { text: "open day on Friday" });
        }
      }
      const built = await buildFederatedSchema({ name: "bulletin-probe", resolvers: [BulletinResolver], rules: { Query: allow, Bulletin: allow }, facts: {} });
      expect(built.schema.getQueryType()?.getFields()._entities).toBeUndefined();
      const result = await execute({
        schema: built.schema,
        document: parse("{ _service { sdl } bulletin { text } }"),
        contextValue: { actor: owner, db: undefined, loaders: {} },
      });
      expect(result.errors).toBeUndefined();
      expect(result.data?.bulletin).toEqual({ text: "open day on Friday" });
      expect(result.data?._service).toEqual({ sdl: expect.stringContaining("type Bulletin") });
    });

    it("lets the planner read an entity's key field through _entities", async () => {
      const result = await run(
        actor("somewhere", ["ANALYST"], null),
        `{ _entities(representations: [{ __typename: "Pathway", id: "p-1" }]) { __typename ... on Pathway { id } } }`,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ _entities: [{ __typename: "Pathway", id: "p-1" }] });
    });
  });
});
