import "reflect-metadata";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { isObjectType, Kind, parse, print, visit, type DocumentNode, type GraphQLSchema } from "graphql";
import { applyMiddleware } from "graphql-middleware";
import { buildSchema, createResolversMap, type NonEmptyArray } from "type-graphql";
import { PRIVACY_SPEC_URL, sharedDefinitionNames, sharedSdl } from "@percorsi/schema";
import { assertNullableRoots } from "./outage-boundaries.js";
import { AGGREGATE_VALUE_TYPES, buildPermissions, type FactsResolver, type ShieldRule, type WriteFactsResolver, type WritePolicy } from "../permissions/rules.js";

/** Federation directives a subgraph may use; all are imported so any of them can be applied. */
const FEDERATION_IMPORTS = ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@composeDirective"];

export const SUBGRAPH_HEADER = `extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.7", import: ${JSON.stringify(FEDERATION_IMPORTS)})
  @link(url: "${PRIVACY_SPEC_URL}", import: ["@sensitive"])
  @composeDirective(name: "@sensitive")
`;

export type ReferenceResolver = (reference: any, context: any, info: any) => unknown;

export interface SubgraphSchemaOptions {
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
   * sent with the request; only the consent authority decides on its own data.
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
  const built = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes ?? [],
    validate: { forbidUnknownValues: false, validationError: { target: false, value: false } },
    emitSchemaFile: false,
  });
  // An outage or a denial at a root field must cost that field only.
  assertNullableRoots(built);
  const generated = parse(printSchemaWithDirectives(built));
  const sdl = [SUBGRAPH_HEADER, sharedSdl, print(withEnumCategories(withoutSharedDefinitions(generated)))].join("\n");
  const resolvers = createResolversMap(built) as Record<string, Record<string, unknown>>;
  for (const [type, resolveReference] of Object.entries(options.referenceResolvers ?? {})) {
    resolvers[type] = { ...resolvers[type], __resolveReference: resolveReference };
  }
  const subgraph = buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: resolvers as never }]);
  const schema = applyMiddleware(subgraph, buildPermissions(subgraph, options.rules, options.facts, options.writes, options.writeFacts));
  // A report's thousands of cells would each pass through the shield for an `allow`: their
  // section was checked by its resolver, so their plain fields resolve unwrapped.
  for (const name of AGGREGATE_VALUE_TYPES) {
    const type = schema.getType(name);
    if (isObjectType(type)) for (const field of Object.values(type.getFields())) field.resolve = undefined;
  }
  return { schema, sdl };
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
