import { randomUUID } from "node:crypto";
import {
  buildASTSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  parse,
  type DocumentNode,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from "graphql";
import { DATA_CATEGORIES, sensitiveFieldsOf, type DataCategory } from "@percorsi/schema";
import { assertionHeaders } from "../actors.js";
import { caller, post, type Check, type ConformanceTarget } from "./probe.js";

// What the subgraph's own SDL (`_service { sdl }`) tells the checks: it composes with the
// network, labels its personal fields, and names the fields, writes and report parts the other
// checks probe. Read from the SDL alone: the checks know nothing else of the subgraph.

export const SDL_PROBE = "{ _service { sdl } }";

/** The subgraph's SDL as published, read through its schema (null if it publishes none). */
export interface PublishedSdl {
  text: string;
  document: DocumentNode;
  schema: GraphQLSchema;
  /** `Type.field` → category, as labelled. */
  labels: ReadonlyMap<string, DataCategory>;
}

export async function checkSdl(target: ConformanceTarget, check: Check): Promise<PublishedSdl | null> {
  let text: string | null = null;
  await check("publishes its SDL (_service)", async () => {
    const actor = caller("probe", "CONTROL_ROOM", [], null);
    const answer = await post(target.url, { query: SDL_PROBE, variables: {} }, await assertionHeaders(actor, target.name, { query: SDL_PROBE }));
    text = answer.json?.data?._service?.sdl ?? null;
    return text ? null : "no SDL";
  });
  if (!text) return null;
  const own: string = text;
  if (target.composesWith) {
    await check("composes with the network", async () => {
      const errors = await target.composesWith!(own);
      return errors.length === 0 ? null : errors.slice(0, 3).join("; ");
    });
  }
  const document = parse(own);
  const schema = buildASTSchema(document, { assumeValid: true, assumeValidSDL: true });
  let labels: ReadonlyMap<string, DataCategory> = new Map();
  await check("labels personal fields with known categories, each nullable", async () => {
    labels = sensitiveFieldsOf(own);
    return labelProblems(schema, labels);
  });
  return { text: own, document, schema, labels };
}

function labelProblems(schema: GraphQLSchema, labels: ReadonlyMap<string, DataCategory>): string | null {
  const problems: string[] = [];
  for (const [key, category] of labels) {
    if (!DATA_CATEGORIES.includes(category)) problems.push(`${key}: unknown category`);
    const [typeName, fieldName] = key.split(".") as [string, string];
    const type = schema.getType(typeName);
    const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
    if (field && isNonNullType(field.type)) problems.push(`${key} is non-null (a denial must null it alone)`);
  }
  return problems.length === 0 ? null : problems.join("; ");
}

const hasDirective = (node: { directives?: readonly { name: { value: string } }[] } | undefined, name: string) => node?.directives?.some((d) => d.name.value === name) ?? false;

/** Fields this subgraph resolves on Pathway (not `@external`), with the selection that asks for each. */
export function pathwaySelections(sdl: PublishedSdl): Map<string, string> {
  const selections = new Map<string, string>();
  const pathway = sdl.schema.getType("Pathway");
  if (!isObjectType(pathway)) return selections;
  for (const definition of sdl.document.definitions) {
    if ((definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) || definition.name.value !== "Pathway") continue;
    for (const field of definition.fields ?? []) {
      if (hasDirective(field, "external") || hasDirective(field, "inaccessible")) continue;
      if ((field.arguments ?? []).some((argument) => argument.type.kind === Kind.NON_NULL_TYPE)) continue;
      const type = getNamedType(pathway.getFields()[field.name.value]!.type);
      selections.set(field.name.value, isScalarType(type) || isEnumType(type) ? field.name.value : `${field.name.value} { __typename }`);
    }
  }
  return selections;
}

/** Its personal `Pathway` fields (labelled), with their categories. */
export function personalPathwayFields(sdl: PublishedSdl): Map<string, DataCategory> {
  const selections = pathwaySelections(sdl);
  return new Map([...sdl.labels].filter(([key]) => key.startsWith("Pathway.") && selections.has(key.slice(8))).map(([key, category]) => [key.slice(8), category]));
}

/**
 * Whether the subgraph keeps pathways itself (the consent authority: its `Pathway` resolves its
 * own `consentReceipt`) rather than judging them on receipts it is handed (`@external`).
 */
export function keepsPathways(sdl: PublishedSdl): boolean {
  for (const definition of sdl.document.definitions) {
    if ((definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) || definition.name.value !== "Pathway") continue;
    const receipt = definition.fields?.find((field) => field.name.value === "consentReceipt");
    if (receipt) return !hasDirective(receipt, "external");
  }
  return false;
}

/** The `_entities` query for Pathway with these selections, representations as `$r`. */
export const pathwayEntitiesQuery = (selections: Iterable<string>) =>
  `query($r: [_Any!]!) { _entities(representations: $r) { ... on Pathway { id ${[...selections].join(" ")} } } }`;

/** A call of one mutation, its arguments as variables. */
export interface MutationCall {
  name: string;
  query: string;
  /** Variables for a pathway: every required value filled, text set to `value`. */
  variables(pathwayId: string, value: string): Record<string, unknown>;
}

export function mutationCall(sdl: PublishedSdl, name: string, selection?: string): MutationCall | null {
  const field = sdl.schema.getMutationType()?.getFields()[name];
  if (!field) return null;
  const declared = field.args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(", ");
  const passed = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(", ");
  const wanted = (arg: { name: string; type: GraphQLInputType }) => isNonNullType(arg.type) || arg.name === "pathwayId";
  return {
    name,
    query: `mutation${declared ? `(${declared})` : ""} { ${name}${passed ? `(${passed})` : ""} ${selection ?? selectionOf(field)} }`,
    variables: (pathwayId, value) => Object.fromEntries(field.args.filter(wanted).map((arg) => [arg.name, sample(arg.name, arg.type, pathwayId, value)])),
  };
}

/** The mutations that name the pathway they write about (`pathwayId`, or `input.pathwayId`). */
export function pathwayWrites(sdl: PublishedSdl): MutationCall[] {
  return Object.values(sdl.schema.getMutationType()?.getFields() ?? {}).flatMap((field) => {
    const input = field.args.find((arg) => arg.name === "input");
    const inputType = input ? getNamedType(input.type) : undefined;
    const named = field.args.some((arg) => arg.name === "pathwayId") || (isInputObjectType(inputType) && "pathwayId" in inputType.getFields());
    return named ? [mutationCall(sdl, field.name)!] : [];
  });
}

const selectionOf = (field: GraphQLField<unknown, unknown>) => {
  const type = getNamedType(field.type);
  return isObjectType(type) ? "{ __typename }" : "";
};

/** A value the type accepts: the pathway's id for `pathwayId`, `value` for text, every required input field filled. */
function sample(name: string, type: GraphQLInputType, pathwayId: string, value: string): unknown {
  if (isNonNullType(type)) return sample(name, type.ofType, pathwayId, value);
  if (isListType(type)) return [sample(name, type.ofType as GraphQLInputType, pathwayId, value)];
  if (name === "pathwayId") return pathwayId;
  if (isInputObjectType(type)) {
    return Object.fromEntries(Object.values(type.getFields()).filter((f) => isNonNullType(f.type) || f.name === "pathwayId").map((f) => [f.name, sample(f.name, f.type, pathwayId, value)]));
  }
  if (isEnumType(type)) return type.getValues()[0]?.value;
  switch (type.name) {
    case "ID":
      return randomUUID();
    case "Int":
    case "Float":
      return 1;
    case "Boolean":
      return false;
    case "LocalDate":
    case "Date":
      return "2025-01-15";
    case "DateTime":
      return "2025-01-15T10:00:00.000Z";
    default:
      return value;
  }
}

/** The fields of `owner` whose values are `valueType`s (lists of them). */
function fieldsOf(sdl: PublishedSdl, owner: string, valueType: string): string[] {
  const type = sdl.schema.getType(owner);
  if (!isObjectType(type)) return [];
  return Object.values(type.getFields())
    .filter((field) => getNamedType(field.type).name === valueType)
    .map((field) => field.name);
}

/** The fields of `AccessReport` this subgraph contributes: lists of `AccessEvent`. */
export const accessReportParts = (sdl: PublishedSdl) => fieldsOf(sdl, "AccessReport", "AccessEvent");

/** The sections of `IndicatorReport` this subgraph contributes: lists of `Indicator`. */
export const indicatorSections = (sdl: PublishedSdl) => fieldsOf(sdl, "IndicatorReport", "Indicator");
