import "reflect-metadata";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { isObjectType, Kind, parse, print, visit, type ConstDirectiveNode, type DocumentNode, type FieldDefinitionNode, type GraphQLSchema } from "graphql";
import { applyMiddleware } from "graphql-middleware";
import { buildSchema, createResolversMap, getMetadataStorage, Query, Resolver, type NonEmptyArray } from "type-graphql";
import { describeLabelProblem, labelProblems, PRIVACY_SPEC_URL, sharedDefinitionNames, sharedSdl } from "@percorsi/schema";
import { assertNullableRoots } from "./outage-boundaries.js";
import {
  AGGREGATE_VALUE_TYPES,
  allow,
  buildPermissions,
  entityKeyFields,
  type FactsResolver,
  type ShieldRule,
  type WriteFactsResolver,
  type WritePolicy,
} from "../permissions/rules.js";
import { defineAccessReportPart } from "../audit/access-report.js";
import { REQUIRES_CONSENT_RECEIPT } from "../consent/pathway-facts.js";

/** Federation directives a subgraph may use; all are imported so any of them can be applied. */
const FEDERATION_IMPORTS = ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@composeDirective"];

export const SUBGRAPH_HEADER = `extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.7", import: ${JSON.stringify(FEDERATION_IMPORTS)})
  @link(url: "${PRIVACY_SPEC_URL}", import: ["@sensitive", "@notPersonal"])
  @composeDirective(name: "@sensitive")
  @composeDirective(name: "@notPersonal")
`;

export type ReferenceResolver = (reference: any, context: any, info: any) => unknown;

export interface SubgraphSchemaOptions {
  /** The subgraph's name (also its actor assertions' audience); its part of her access report is `AccessReport.<name in camel case>`. */
  name: string;
  /**
   * Only the anti-violence subgraph: it owns `Pathway` and its consent receipts, answers the
   * access report itself and decides writes on its own data (`writeFacts`). Checked against
   * the schema: a subgraph that does not resolve the receipt cannot claim it.
   */
  consentAuthority?: boolean;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
  /** `__resolveReference` per entity type; must return class instances through a DataLoader. */
  referenceResolvers?: Record<string, ReferenceResolver>;
  /** Rules for fields that are not `@sensitive`; anything not named is denied. */
  rules: Record<string, ShieldRule | Record<string, ShieldRule>>;
  /** Who keeps the record behind a labelled field: by "Type.field" or by "Type". */
  facts: Record<string, FactsResolver>;
  /** Every mutation: whether, and how, it writes about a pathway (see `WritePolicy`). */
  writes?: Record<string, WritePolicy>;
  /**
   * Where writes learn her standing. By default the consent receipt the gateway obtained and
   * sent with the request; only the consent authority decides on its own data (refused elsewhere).
   */
  writeFacts?: WriteFactsResolver;
}

export interface SubgraphSchema {
  /** The executable schema, permissions applied. */
  schema: GraphQLSchema;
  /** The subgraph SDL, as composition reads it. */
  sdl: string;
}

/**
 * type-graphql classes → a Federation 2 subgraph schema carrying the network's shared SDL,
 * with graphql-shield applied (deny by default).
 */
export async function buildFederatedSchema(options: SubgraphSchemaOptions): Promise<SubgraphSchema> {
  const authority = options.consentAuthority === true;
  if (!authority && options.writeFacts) {
    throw new Error(`${options.name} is not the consent authority: its writes are decided on the consent receipt, not on writeFacts of its own`);
  }
  // Her access report must show every subgraph that decides about her (it labels fields, so it
  // must give their facts, or it writes about her): the kit adds this subgraph's part itself,
  // so none can be left out of it.
  const decidesAboutHer = Object.keys(options.facts).length > 0 || Object.values(options.writes ?? {}).some((policy) => policy !== null);
  const partField = reportFieldName(options.name);
  const part = authority || !decidesAboutHer ? undefined : defineAccessReportPart(partField, options.name);
  const resolverClasses: NonEmptyArray<Function> = [...options.resolvers, ...(part ? [part.AccessReportPartResolver] : []), BuildPlaceholderResolver];
  const built = await buildSchema({
    resolvers: resolverClasses,
    orphanedTypes: [...(options.orphanedTypes ?? []), ...(part ? [part.AccessReport] : [])],
    validate: { forbidUnknownValues: false, validationError: { target: false, value: false } },
    emitSchemaFile: false,
  }).catch((error: Error) => {
    if (part && /multiple types named "AccessReport"/.test(error.message)) {
      throw new Error(`${options.name}: the kit adds this subgraph's part of the access report itself; remove its own (defineAccessReportPart)`);
    }
    throw error;
  });
  assertResolvedTypesBuilt(built, options, resolverClasses);
  // An outage or a denial at a root field must cost that field only.
  assertNullableRoots(built);
  const generated = withoutPlaceholder(withRootDescriptions(withReceiptRequired(parse(printSchemaWithDirectives(built)), options.name, authority)));
  const sdl = [SUBGRAPH_HEADER, sharedSdl, print(withEnumCategories(withoutSharedDefinitions(generated)))].join("\n");
  const resolvers = createResolversMap(built) as Record<string, Record<string, unknown>>;
  delete resolvers.Query?.[PLACEHOLDER];
  for (const [type, resolveReference] of Object.entries(options.referenceResolvers ?? {})) {
    resolvers[type] = { ...resolvers[type], __resolveReference: resolveReference };
  }
  const subgraph = buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: resolvers as never }]);
  assertLabelled(subgraph, options.name);
  // The part's fields check their reader themselves (the receipt's holder, or the DPO).
  const rules = part
    ? { ...options.rules, AccessReport: { [partField]: allow, [`${partField}Refusals`]: allow }, AccessRefusalSummary: allow, AccessEvent: allow }
    : options.rules;
  const schema = applyMiddleware(subgraph, buildPermissions(subgraph, rules, options.facts, options.writes, options.writeFacts));
  // A report's thousands of cells would each pass through the shield for an `allow`: their
  // section was checked by its resolver, so their plain fields resolve unwrapped.
  for (const name of AGGREGATE_VALUE_TYPES) {
    const type = schema.getType(name);
    if (isObjectType(type)) for (const field of Object.values(type.getFields())) field.resolve = undefined;
  }
  return { schema, sdl };
}

/**
 * type-graphql refuses a schema without a Query field, but a subgraph reached only through the
 * entities it extends (`Pathway`) needs none: federation adds `_entities` and `_service`. The kit
 * builds with this field and takes it out of the SDL and the resolvers.
 */
const PLACEHOLDER = "_kitBuildPlaceholder";

@Resolver()
class BuildPlaceholderResolver {
  @Query(() => Boolean, { name: PLACEHOLDER, nullable: true })
  placeholder(): null {
    return null;
  }
}

function withoutPlaceholder(document: DocumentNode): DocumentNode {
  return visit(document, {
    FieldDefinition: (node) => (node.name.value === PLACEHOLDER ? null : undefined),
  });
}

/**
 * type-graphql builds only the types a root field reaches and those in `orphanedTypes`. An entity
 * the planner reaches by reference only (the `Pathway` stub) left out of both would vanish from
 * the schema, silently, with every field the subgraph resolves on it and every type only those
 * fields reach: refused, naming what would vanish.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
function assertResolvedTypesBuilt(schema: GraphQLSchema, options: SubgraphSchemaOptions, resolverClasses: readonly Function[]): void {
  const storage = getMetadataStorage();
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  const declared = (target: Function) => resolverClasses.some((resolver) => resolver === target || target.prototype?.isPrototypeOf(resolver.prototype));
  const lost = new Map<string, string[]>();
  for (const resolver of storage.fieldResolvers) {
    if (!declared(resolver.target)) continue;
    const objectType = resolver.getObjectType?.() ?? resolver.resolverClassMetadata?.getObjectType?.();
    const typeName = storage.objectTypes.find((type) => type.target === objectType)?.name;
    if (!typeName || schema.getType(typeName)) continue;
    lost.set(typeName, [...(lost.get(typeName) ?? []), `${typeName}.${resolver.schemaName}`]);
  }
  const problems = [...lost].map(([typeName, fields]) => `${typeName} is reached by no root field and is not in orphanedTypes, so it and ${fields.join(", ")} would be left out of the schema`);
  for (const typeName of Object.keys(options.referenceResolvers ?? {})) {
    if (!schema.getType(typeName) && !lost.has(typeName)) problems.push(`referenceResolvers names ${typeName}, which is not in the schema`);
  }
  if (problems.length === 0) return;
  throw new Error(`${options.name}: ${problems.join("; ")}. An entity reached by reference only, like the Pathway stub, must be listed in orphanedTypes.`);
}

/** The field of a subgraph's part of her access report: its name in camel case (`social-housing` → `socialHousing`). */
export function reportFieldName(subgraph: string): string {
  const field = subgraph.replace(/[-_ ]+([a-zA-Z0-9])/g, (_match, next: string) => next.toUpperCase());
  if (!/^[a-z][a-zA-Z0-9]*$/.test(field)) throw new Error(`${subgraph} is not a subgraph name: lower-case letters, digits and dashes, starting with a letter`);
  return field;
}

/**
 * Refuses a schema with a field of a type about her (`Pathway`, a type with a labelled field,
 * or one they reach) that is neither `@sensitive` nor `@notPersonal`. Key fields (the planner's,
 * opened by the kit) and `@external` copies (labelled by their owner) are the machinery's.
 */
function assertLabelled(schema: GraphQLSchema, subgraph: string): void {
  const keys = entityKeyFields(schema);
  const external = (type: string, field: string) => {
    const node = (schema.getType(type) as { getFields?: () => Record<string, { astNode?: FieldDefinitionNode | null }> }).getFields?.()[field]?.astNode;
    return node?.directives?.some((d) => d.name.value === "external") ?? false;
  };
  const problems = labelProblems(schema, (type, field) => (keys.get(type) ?? []).includes(field) || external(type, field));
  if (problems.length > 0) throw new Error(`${subgraph}: ${problems.map(describeLabelProblem).join("; ")}`);
}

/** `@requires(fields: "consentReceipt")` as a node, from the one place that spells it. */
const RECEIPT_DIRECTIVE: ConstDirectiveNode = (parse(`type T { f: String ${REQUIRES_CONSENT_RECEIPT} }`).definitions[0] as unknown as { fields: FieldDefinitionNode[] })
  .fields[0]!.directives![0]!;

/**
 * Outside the consent authority, a personal field of `Pathway` is judged on the consent receipt
 * the planner fetches for it, and the planner fetches it only for a field that requires it:
 * without `@requires(fields: "consentReceipt")` every reader, its own keeper included, would be
 * refused as if the pathway were sealed. The kit adds it, so no field can be left without.
 * Such a subgraph's `Pathway` must carry the receipt as `@external` (`definePathwayStub`);
 * the authority's must resolve it.
 */
function withReceiptRequired(document: DocumentNode, subgraph: string, authority: boolean): DocumentNode {
  const pathway = document.definitions.find(
    (definition) => (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) && definition.name.value === "Pathway",
  ) as { fields?: readonly FieldDefinitionNode[] } | undefined;
  const has = (field: FieldDefinitionNode | undefined, name: string) => field?.directives?.some((d) => d.name.value === name) ?? false;
  const receipt = pathway?.fields?.find((field) => field.name.value === "consentReceipt");
  if (authority) {
    if (!receipt || has(receipt, "external")) throw new Error(`${subgraph} claims to be the consent authority but does not resolve Pathway.consentReceipt`);
    return document;
  }
  if (!pathway) return document;
  if (!receipt || !has(receipt, "external")) {
    throw new Error(`${subgraph}: Pathway must carry the consent receipt as @external (definePathwayStub), or no field of it can be judged on her consent`);
  }
  const withReceipt = (field: FieldDefinitionNode): FieldDefinitionNode => {
    if (!has(field, "sensitive")) return field;
    const requires = field.directives?.find((directive) => directive.name.value === "requires")?.arguments?.[0]?.value;
    if (!requires) return { ...field, directives: [...(field.directives ?? []), RECEIPT_DIRECTIVE] };
    if (requires.kind !== Kind.STRING || !requires.value.split(/\s+/).includes("consentReceipt")) {
      throw new Error(`${subgraph}: Pathway.${field.name.value} is personal, so its @requires must name consentReceipt (or leave @requires to the kit)`);
    }
    return field;
  };
  return {
    ...document,
    definitions: document.definitions.map((definition) =>
      definition === pathway ? { ...definition, fields: pathway.fields?.map(withReceipt) } : definition,
    ) as DocumentNode["definitions"],
  };
}

/**
 * What the root types say in the API. type-graphql gives root types no description, and every
 * subgraph contributes to them: the kit gives all the same text, so composition has one to keep.
 */
const ROOT_DESCRIPTIONS: Readonly<Record<string, string>> = {
  Query:
    "Where a read starts. Each subgraph adds the root fields of what it holds; what a field releases follows from your organisation, your role, the request's purpose and her consent.",
  Mutation:
    "Where a write starts. Each agency records in its own store; a write about a pathway is decided on her consent, like a read, and shows in her access report.",
};

function withRootDescriptions(document: DocumentNode): DocumentNode {
  return {
    ...document,
    definitions: document.definitions.map((definition) => {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION || definition.description) return definition;
      const text = ROOT_DESCRIPTIONS[definition.name.value];
      return text ? { ...definition, description: { kind: Kind.STRING, value: text, block: true } } : definition;
    }),
  };
}

/** type-graphql prints the enums it knows; the shared ones come from the network contract. */
function withoutSharedDefinitions(document: DocumentNode): DocumentNode {
  return {
    ...document,
    definitions: document.definitions.filter(
      (definition) =>
        !(
          (definition.kind === Kind.ENUM_TYPE_DEFINITION || definition.kind === Kind.DIRECTIVE_DEFINITION) &&
          sharedDefinitionNames.has(definition.name.value)
        ),
    ),
  };
}

/**
 * type-graphql does not know `@sensitive`'s argument type and prints the category as a string;
 * the SDL must carry the enum value.
 */
function withEnumCategories(document: DocumentNode): DocumentNode {
  return visit(document, {
    Directive(node) {
      if (node.name.value !== "sensitive") return undefined;
      return {
        ...node,
        arguments: node.arguments?.map((argument) =>
          argument.value.kind === Kind.STRING ? { ...argument, value: { kind: Kind.ENUM, value: argument.value.value } } : argument,
        ),
      };
    },
  });
}
