import "reflect-metadata";
import { describe, expect, it } from "vitest";
import { execute, Kind, parse, type ExecutionResult, type GraphQLObjectType, type GraphQLSchema, type FieldDefinitionNode, type ObjectTypeDefinitionNode } from "graphql";
import { Arg, Directive, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Query, Resolver, Root } from "type-graphql";
import { compositionErrorsWithPublished } from "@percorsi/schema/compose";
import { AuditTrail } from "../audit/audit-log.js";
import { defineAccessReportPart } from "../audit/access-report.js";
import { factsUnderReceipt, type ReceiptCarrier } from "../consent/pathway-facts.js";
import type { SubgraphContext } from "../context.js";
import { allow, isCaseworker } from "../permissions/rules.js";
import { testActor, testReceipt } from "../testing/actors.js";
import type { Actor } from "../trust/actor.js";
import { buildFederatedSchema, type SubgraphSchemaOptions } from "./federated-schema.js";
import { definePathwayStub } from "./network-references.js";
import { NotPersonal, Sensitive } from "./sensitive.js";

/**
 * A new signatory's subgraph (a housing body), written the way the kit must refuse: each case
 * changes one thing of a subgraph that builds, and the build names what is wrong.
 */
const HOUSING_BODY = "housing-body-est";
const CENTRE = "cav-aurora";
const PATHWAY_ID = "9b2f4c1e-0d6a-4c8e-9a51-3f7d2b8c6e10";

const { Pathway, resolvePathwayReference } = definePathwayStub();
type Pathway = InstanceType<typeof Pathway>;

@ObjectType({ description: "Her application for social housing, kept by the housing body." })
class HousingApplication implements ReceiptCarrier {
  @Field(() => ID)
  @NotPersonal("the record's own random id")
  id: string;

  pathwayId: string;
  consentReceipt?: string | null;

  @Field(() => String, { nullable: true })
  @Sensitive("HOUSING")
  need: string | null;
}

const applications = [Object.assign(new HousingApplication(), { id: "a-1", pathwayId: PATHWAY_ID, need: "two rooms near the school" })];

@InputType()
class RecordHousingApplicationInput {
  @Field(() => ID)
  pathwayId: string;

  @Field(() => String)
  description: string;
}

@Resolver(() => Pathway)
class HousingPathwayResolver {
  // No `@requires` written here: the kit adds it.
  @FieldResolver(() => [HousingApplication], { nullable: true })
  @Sensitive("HOUSING")
  housingApplications(@Root() pathway: Pathway): HousingApplication[] {
    return applications.filter((application) => application.pathwayId === pathway.id).map((a) => Object.assign(new HousingApplication(), a, { consentReceipt: pathway.consentReceipt }));
  }

  @Mutation(() => HousingApplication, { nullable: true })
  recordHousingApplication(@Arg("input", () => RecordHousingApplicationInput) _input: RecordHousingApplicationInput): HousingApplication | null {
    return null;
  }
}

/** Closes a file named by its own id: the kit knows it is about her from what it answers. */
@Resolver()
class CloseHousingFileResolver {
  @Mutation(() => HousingApplication, { nullable: true })
  closeHousingFile(@Arg("id", () => ID) _id: string): HousingApplication | null {
    return null;
  }
}

@ObjectType()
class HousingNeed {
  @Field(() => ID)
  @NotPersonal("the record's own random id")
  id: string;

  /** Her label was removed; a shield rule stands in its place. */
  @Field(() => String, { nullable: true })
  description: string | null;
}

// Each wrong fixture extends its own Pathway: type-graphql adds a field resolver to its type wherever the resolver is used.
const unlabelledStub = definePathwayStub();

@Resolver(() => unlabelledStub.Pathway)
class UnlabelledNeedResolver {
  @FieldResolver(() => HousingNeed, { nullable: true })
  @Sensitive("HOUSING")
  housingNeed(): HousingNeed | null {
    return null;
  }
}

@ObjectType()
class HousingVisit {
  @Field(() => ID)
  @NotPersonal("the record's own random id")
  @Sensitive("HOUSING")
  id: string;
}

const doublyLabelledStub = definePathwayStub();

@Resolver(() => doublyLabelledStub.Pathway)
class DoublyLabelledResolver {
  @FieldResolver(() => [HousingVisit], { nullable: true })
  @Sensitive("HOUSING")
  housingVisits(): HousingVisit[] {
    return [];
  }
}

const otherRequiresStub = definePathwayStub();

@Resolver(() => otherRequiresStub.Pathway)
class OtherRequiresResolver {
  // Asks the planner for something, but not for her receipt.
  @FieldResolver(() => String, { nullable: true })
  @Sensitive("HOUSING")
  @Directive('@requires(fields: "id")')
  housingNote(): string | null {
    return null;
  }
}

/** Her allocation as a whole is HOUSING; a root field hands it out without deciding on that. */
@ObjectType()
@Sensitive("HOUSING")
class HousingAllocation {
  @Field(() => String)
  address: string;
}

@Resolver()
class AllocationLookupResolver {
  @Query(() => HousingAllocation, { nullable: true })
  allocation(): HousingAllocation | null {
    return null;
  }
}

@Resolver()
class HousingQueryResolver {
  @Query(() => Boolean, { nullable: true })
  housingUp(): boolean {
    return true;
  }
}

const facts = {
  Pathway: (pathway: Pathway, ctx: SubgraphContext) => factsUnderReceipt(HOUSING_BODY, { pathwayId: pathway.id, consentReceipt: pathway.consentReceipt }, ctx),
  HousingApplication: (application: HousingApplication, ctx: SubgraphContext) => factsUnderReceipt(HOUSING_BODY, application, ctx),
  HousingNeed: () => ({ ownerOrganisationId: HOUSING_BODY, pathwayId: null }),
  HousingVisit: () => ({ ownerOrganisationId: HOUSING_BODY, pathwayId: null }),
  HousingAllocation: () => ({ ownerOrganisationId: HOUSING_BODY, pathwayId: null }),
};

/** The housing subgraph as it should be; `change` does one thing wrong. */
function housing(change: Partial<SubgraphSchemaOptions> & { extraResolvers?: SubgraphSchemaOptions["resolvers"][number][] } = {}) {
  const { extraResolvers = [], ...rest } = change;
  const wrongPathway = extraResolvers.includes(UnlabelledNeedResolver)
    ? unlabelledStub
    : extraResolvers.includes(DoublyLabelledResolver)
      ? doublyLabelledStub
      : extraResolvers.includes(OtherRequiresResolver)
        ? otherRequiresStub
        : null;
  return buildFederatedSchema({
    name: "housing",
    // A fixture with its own Pathway leaves the good one (and its mutation) out.
    resolvers: [HousingQueryResolver, ...(wrongPathway ? [] : [HousingPathwayResolver]), ...extraResolvers],
    // No root field answers a Pathway here: the planner reaches it by reference only.
    orphanedTypes: [wrongPathway?.Pathway ?? Pathway],
    referenceResolvers: { Pathway: resolvePathwayReference },
    rules: {
      Query: allow,
      Mutation: isCaseworker,
      HousingApplication: isCaseworker,
      ...(extraResolvers.includes(UnlabelledNeedResolver) ? { HousingNeed: { description: isCaseworker } } : {}),
    },
    facts,
    writes: wrongPathway ? {} : { recordHousingApplication: ["HOUSING"] },
    ...rest,
  });
}

// Reached by reference only: no root field, no mutation; its one entry is the Pathway entity.
const readOnlyStub = definePathwayStub();

@Resolver(() => readOnlyStub.Pathway)
class ReadOnlyPathwayResolver {
  @FieldResolver(() => [HousingApplication], { nullable: true })
  @Sensitive("HOUSING")
  housingApplications(@Root() pathway: InstanceType<typeof readOnlyStub.Pathway>): HousingApplication[] {
    return applications.filter((application) => application.pathwayId === pathway.id).map((a) => Object.assign(new HousingApplication(), a, { consentReceipt: pathway.consentReceipt }));
  }
}

/** A subgraph that only adds fields to `Pathway`; `orphanedTypes` is what registers its stub. */
function readOnlyHousing(orphanedTypes: SubgraphSchemaOptions["orphanedTypes"]) {
  return buildFederatedSchema({
    name: "housing",
    resolvers: [ReadOnlyPathwayResolver],
    orphanedTypes,
    referenceResolvers: { Pathway: readOnlyStub.resolvePathwayReference },
    rules: { HousingApplication: isCaseworker },
    facts,
  });
}

describe("the kit refuses a subgraph that", () => {
  it("builds when nothing is wrong", async () => {
    await expect(housing()).resolves.toBeDefined();
  });

  it("writes about a pathway it names under a null write policy", async () => {
    await expect(housing({ writes: { recordHousingApplication: null } })).rejects.toThrow(
      "Mutation.recordHousingApplication takes input.pathwayId, but its write policy is null (about no woman)",
    );
  });

  it("writes a record about her, named by its own id, under a null write policy", async () => {
    await expect(housing({ extraResolvers: [CloseHousingFileResolver], writes: { recordHousingApplication: ["HOUSING"], closeHousingFile: null } })).rejects.toThrow(
      "Mutation.closeHousingFile answers HousingApplication, a record about her, but its write policy is null",
    );
  });

  it("leaves a field of a type about her unlabelled, whatever rule stands in its place", async () => {
    await expect(housing({ extraResolvers: [UnlabelledNeedResolver] })).rejects.toThrow(
      'housing: HousingNeed.description is neither @sensitive(category) nor @notPersonal("why"), and its type is about her (reached by Pathway → Pathway.housingNeed)',
    );
  });

  it("labels a field both personal and not personal", async () => {
    await expect(housing({ extraResolvers: [DoublyLabelledResolver] })).rejects.toThrow("HousingVisit.id is both @sensitive and @notPersonal");
  });

  it("requires something else than her receipt for a personal Pathway field", async () => {
    await expect(housing({ extraResolvers: [OtherRequiresResolver] })).rejects.toThrow(
      "housing: Pathway.housingNote is personal, so its @requires must name consentReceipt (or leave @requires to the kit)",
    );
  });

  it("hands out a type labelled as a whole through a field that does not decide on its category", async () => {
    await expect(housing({ extraResolvers: [AllocationLookupResolver] })).rejects.toThrow(
      "Query.allocation answers HousingAllocation (@sensitive(category: HOUSING) as a whole) but is not labelled with that category itself",
    );
  });

  it("decides writes on its own facts without being the consent authority", async () => {
    await expect(housing({ writeFacts: async () => ({ ownerOrganisationId: HOUSING_BODY, pathwayId: PATHWAY_ID }) })).rejects.toThrow(
      "housing is not the consent authority: its writes are decided on the consent receipt",
    );
  });

  it("claims to be the consent authority without resolving the receipt", async () => {
    await expect(housing({ consentAuthority: true })).rejects.toThrow("housing claims to be the consent authority but does not resolve Pathway.consentReceipt");
  });

  it("extends Pathway by reference only but leaves its stub out of orphanedTypes", async () => {
    await expect(housing({ orphanedTypes: [] })).rejects.toThrow(
      "housing: Pathway is reached by no root field and is not in orphanedTypes, so it and Pathway.housingApplications would be left out of the schema. " +
        "An entity reached by reference only, like the Pathway stub, must be listed in orphanedTypes.",
    );
    await expect(readOnlyHousing([])).rejects.toThrow("housing: Pathway is reached by no root field and is not in orphanedTypes");
  });

  it("resolves references of a type the schema does not have", async () => {
    await expect(housing({ referenceResolvers: { Pathway: resolvePathwayReference, HousingFile: () => null } })).rejects.toThrow(
      "housing: referenceResolvers names HousingFile, which is not in the schema.",
    );
  });

  it("extends Pathway without the consent receipt", async () => {
    @ObjectType("Pathway")
    class BarePathway {
      @Field(() => ID)
      id: string;

      @Field(() => String, { nullable: true })
      @Sensitive("HOUSING")
      housingNote: string | null;
    }
    @Resolver(() => BarePathway)
    class BarePathwayResolver {
      @Query(() => BarePathway, { nullable: true })
      barePathway(): BarePathway | null {
        return null;
      }
    }
    await expect(housing({ resolvers: [BarePathwayResolver], orphanedTypes: [], writes: {} })).rejects.toThrow(
      "housing: Pathway must carry the consent receipt as @external (definePathwayStub)",
    );
  });
});

describe("a subgraph whose only entry is the Pathway entity", () => {
  it("builds without a root field of its own: federation's _entities and _service are its Query", async () => {
    const { schema, sdl } = await readOnlyHousing([readOnlyStub.Pathway]);
    expect(Object.keys(schema.getQueryType()!.getFields())).toEqual(["_entities", "_service"]);
    expect(schema.getMutationType()).toBeUndefined();
    expect(sdl).not.toMatch(/_kitBuildPlaceholder/);
    expect(compositionErrorsWithPublished("housing", sdl)).toEqual([]);
  });

  it("answers its fields through _entities, on the receipt", async () => {
    const { schema } = await readOnlyHousing([readOnlyStub.Pathway]);
    const keeper = testActor(HOUSING_BODY, "HOUSING_BODY", ["EMPLOYMENT_COUNSELLOR"], "HOUSING_SUPPORT");
    const receipt = await testReceipt(keeper, PATHWAY_ID, { holder: CENTRE, referralPurposes: ["HOUSING_SUPPORT"] });
    const result = await run(schema, keeper, READ_APPLICATIONS, { reps: [{ __typename: "Pathway", id: PATHWAY_ID, consentReceipt: receipt }] });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ _entities: [{ housingApplications: [{ need: "two rooms near the school" }] }] });
  });
});

/** The fields the planner sends with a representation for `field` of `type`: the key and what the field requires. */
function plannedFields(sdl: string, type: string, field: string): string[] {
  const definition = parse(sdl).definitions.find(
    (node): node is ObjectTypeDefinitionNode => node.kind === Kind.OBJECT_TYPE_DEFINITION && node.name.value === type,
  );
  const node = definition?.fields?.find((candidate: FieldDefinitionNode) => candidate.name.value === field);
  const requires = node?.directives?.find((directive) => directive.name.value === "requires")?.arguments?.[0]?.value;
  return ["id", ...(requires?.kind === Kind.STRING ? requires.value.split(/\s+/) : [])];
}

function run(schema: Awaited<ReturnType<typeof housing>>["schema"], actor: Actor, query: string, variableValues: Record<string, unknown>): Promise<ExecutionResult<any>> {
  const context = { actor, db: undefined, loaders: {}, audit: new AuditTrail(actor) };
  return Promise.resolve(execute({ schema, document: parse(query), variableValues, contextValue: context }));
}

const READ_APPLICATIONS = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Pathway { housingApplications { need } } } }`;

describe("a personal Pathway field of a subgraph that is not the consent authority", () => {
  const keeper = testActor(HOUSING_BODY, "HOUSING_BODY", ["EMPLOYMENT_COUNSELLOR"], "HOUSING_SUPPORT");

  it("requires the consent receipt, added by the kit, so the planner hands it over", async () => {
    const { sdl } = await housing();
    expect(plannedFields(sdl, "Pathway", "housingApplications")).toEqual(["id", "consentReceipt"]);
  });

  it("answers its own keeper, on the receipt the planner hands over, never as if her pathway were sealed", async () => {
    const { schema, sdl } = await housing();
    const receipt = await testReceipt(keeper, PATHWAY_ID, { holder: CENTRE, referralPurposes: ["HOUSING_SUPPORT"] });
    // What the planner holds for this pathway; it sends only what the field's SDL asks for.
    const held: Record<string, unknown> = { __typename: "Pathway", id: PATHWAY_ID, consentReceipt: receipt };
    const representation = Object.fromEntries(["__typename", ...plannedFields(sdl, "Pathway", "housingApplications")].map((name) => [name, held[name]]));
    const result = await run(schema, keeper, READ_APPLICATIONS, { reps: [representation] });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ _entities: [{ housingApplications: [{ need: "two rooms near the school" }] }] });
  });

  it("would be refused to that keeper as if sealed without the receipt (what a field without @requires gets)", async () => {
    const { schema } = await housing();
    const result = await run(schema, keeper, READ_APPLICATIONS, { reps: [{ __typename: "Pathway", id: PATHWAY_ID }] });
    expect(result.data).toEqual({ _entities: [{ housingApplications: null }] });
    expect(result.errors?.map((error) => error.extensions)).toEqual([{ code: "FORBIDDEN", reason: "ORGANISATION" }]);
  });
});

/** The fields of the AccessReport entity besides its key and receipt: the subgraph's part. */
function partFields(schema: GraphQLSchema): string[] {
  const report = schema.getType("AccessReport") as GraphQLObjectType | undefined;
  return Object.keys(report?.getFields() ?? {}).filter((name) => !["pathwayId", "view", "consentReceipt"].includes(name));
}

describe("her access report", () => {
  it("gets the subgraph's part from the kit, checked on the receipt like any other part", async () => {
    const { schema, sdl } = await housing();
    expect(sdl).toMatch(/type AccessReport @key\(fields: "pathwayId view"\)/);
    expect(partFields(schema)).toEqual(["housing", "housingRefusals"]);
    // A case-holder's operator without a receipt reads nothing of it (and is never told SEALED).
    const operator = testActor(CENTRE, "ANTI_VIOLENCE_CENTRE", ["CENTRE_OPERATOR"], "EMPOWERMENT_PLAN");
    const result = await run(schema, operator, `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on AccessReport { housing { action } } } }`, {
      reps: [{ __typename: "AccessReport", pathwayId: PATHWAY_ID, view: "STAFF", consentReceipt: null }],
    });
    expect(result.data).toEqual({ _entities: [{ housing: null }] });
    expect(result.errors?.map((error) => error.extensions)).toEqual([{ code: "FORBIDDEN", reason: "ORGANISATION" }]);
  });

  it("is not added twice: a part of the subgraph's own is refused with the reason", async () => {
    const own = defineAccessReportPart("housing", "housing");
    await expect(housing({ extraResolvers: [own.AccessReportPartResolver], orphanedTypes: [Pathway, own.AccessReport] })).rejects.toThrow(
      "housing: the kit adds this subgraph's part of the access report itself; remove its own (defineAccessReportPart)",
    );
  });

  it("names a subgraph's part in camel case, and refuses a name that cannot be a field", async () => {
    const { schema } = await housing({ name: "social-housing" });
    expect(partFields(schema)).toEqual(["socialHousing", "socialHousingRefusals"]);
    await expect(housing({ name: "Social Housing!" })).rejects.toThrow("Social Housing! is not a subgraph name");
  });
});
