import {
  getNamedType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type ConstDirectiveNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from "graphql";

/**
 * Which types of a schema are about a woman, and whether each of their fields says what it is.
 * Read from the schema's own labels (a subgraph's or the supergraph's), never from a list: a
 * type is personal when it is `Pathway`, carries a `@sensitive` field or is `@sensitive` as a
 * whole, or is reached from one of those through a field not declared `@notPersonal`. A type
 * declared `@notPersonal` as a whole (a public record: a course, an employer) is never personal.
 * Every field of a personal type must be `@sensitive(category:)` or `@notPersonal(reason:)`,
 * unless its type is `@sensitive` as a whole; such a type must be entered only through fields
 * labelled with its category (or a mutation, whose write policy decides), so that the kit's
 * decision on that field covers all of it.
 */

/** The personal types, each with the field path that first reached it (its own name for a root). */
export function personalTypes(schema: GraphQLSchema): Map<string, string> {
  const reached = new Map<string, string>();
  const queue: string[] = [];
  const add = (type: GraphQLObjectType, via: string) => {
    if (reached.has(type.name) || typeNotPersonalReason(type) !== undefined) return;
    reached.set(type.name, via);
    queue.push(type.name);
  };
  const records = new Set(objectTypes(schema));
  for (const type of records) {
    if (type.name === "Pathway" || typeCategory(type) !== undefined || Object.values(type.getFields()).some((field) => fieldCategory(field) !== undefined)) {
      add(type, type.name);
    }
  }
  while (queue.length > 0) {
    const type = schema.getType(queue.shift()!) as GraphQLObjectType;
    for (const field of Object.values(type.getFields())) {
      // A field declared not personal links to something that is not hers.
      if (notPersonalReason(field) !== undefined) continue;
      for (const target of objectTypesOf(schema, records, getNamedType(field.type))) add(target, `${reached.get(type.name)} → ${type.name}.${field.name}`);
    }
  }
  return reached;
}

export interface LabelProblem {
  /** "Type.field" (or "Type" for a type's own declaration). */
  field: string;
  /** How the type was reached from `Pathway` or a labelled type. */
  reachedBy: string;
  problem: "UNLABELLED" | "BOTH" | "UNGUARDED";
}

/**
 * Fields of personal types that are neither labelled nor declared not personal (or both), and
 * fields that enter a type labelled as a whole without deciding on its category. `exempt`
 * names the fields the federation machinery answers (an entity's key, an `@external` copy
 * whose owner labels it).
 */
export function labelProblems(schema: GraphQLSchema, exempt: (type: string, field: string) => boolean = () => false): LabelProblem[] {
  const problems: LabelProblem[] = [];
  for (const type of objectTypes(schema)) {
    const fields = Object.values(type.getFields());
    if (typeNotPersonalReason(type) !== undefined && (typeCategory(type) !== undefined || fields.some((field) => fieldCategory(field) !== undefined))) {
      problems.push({ field: type.name, reachedBy: type.name, problem: "BOTH" });
    }
  }
  const personal = personalTypes(schema);
  for (const [name, reachedBy] of personal) {
    const type = schema.getType(name) as GraphQLObjectType;
    const covered = typeCategory(type) !== undefined;
    for (const field of Object.values(type.getFields())) {
      const labelled = fieldCategory(field) !== undefined;
      const declared = notPersonalReason(field) !== undefined;
      if (labelled && declared) problems.push({ field: `${name}.${field.name}`, reachedBy, problem: "BOTH" });
      else if (!labelled && !declared && !covered && !exempt(name, field.name)) problems.push({ field: `${name}.${field.name}`, reachedBy, problem: "UNLABELLED" });
    }
  }
  // Every way into a type labelled as a whole is a decision on its category.
  const records = new Set(objectTypes(schema));
  const mutation = schema.getMutationType()?.name;
  for (const type of [...records, schema.getQueryType()].filter((t): t is GraphQLObjectType => !!t)) {
    for (const field of Object.values(type.getFields())) {
      for (const target of objectTypesOf(schema, records, getNamedType(field.type))) {
        const category = typeCategory(target);
        if (category === undefined || type.name === mutation || fieldCategory(field) === category || typeCategory(type) === category) continue;
        problems.push({ field: `${type.name}.${field.name}`, reachedBy: `${target.name} (@sensitive(category: ${category}) as a whole)`, problem: "UNGUARDED" });
      }
    }
  }
  return problems;
}

/** A problem as a sentence a subgraph author can act on. */
export function describeLabelProblem({ field, reachedBy, problem }: LabelProblem): string {
  const typeName = field.split(".")[0]!;
  if (problem === "BOTH") return `${field} is both @sensitive and @notPersonal: it is one or the other`;
  if (problem === "UNGUARDED") return `${field} answers ${reachedBy} but is not labelled with that category itself: its whole type would be released undecided`;
  const where = reachedBy === typeName ? `${typeName} is about her` : `its type is about her (reached by ${reachedBy})`;
  return `${field} is neither @sensitive(category) nor @notPersonal("why"), and ${where}: label it with its data category, or declare why it is not personal (a shield rule is no label)`;
}

/** The category a field is labelled with, if any. */
export function fieldCategory(field: GraphQLField<unknown, unknown>): string | undefined {
  return enumArgument(field.astNode?.directives, "sensitive", "category");
}

/** Why a field is declared not personal, if it is. */
export function notPersonalReason(field: GraphQLField<unknown, unknown>): string | undefined {
  return stringArgument(field.astNode?.directives, "notPersonal", "reason");
}

/** The category a type is labelled with as a whole, if any. */
export function typeCategory(type: GraphQLObjectType): string | undefined {
  for (const node of [type.astNode, ...type.extensionASTNodes]) {
    const category = enumArgument(node?.directives, "sensitive", "category");
    if (category !== undefined) return category;
  }
  return undefined;
}

/** Why a type is declared not personal as a whole (a public record), if it is. */
export function typeNotPersonalReason(type: GraphQLObjectType): string | undefined {
  for (const node of [type.astNode, ...type.extensionASTNodes]) {
    const reason = stringArgument(node?.directives, "notPersonal", "reason");
    if (reason !== undefined) return reason;
  }
  return undefined;
}

function argumentOf(directives: readonly ConstDirectiveNode[] | undefined, directive: string, argument: string) {
  return directives?.find((d) => d.name.value === directive)?.arguments?.find((a) => a.name.value === argument)?.value;
}

function enumArgument(directives: readonly ConstDirectiveNode[] | undefined, directive: string, argument: string): string | undefined {
  const value = argumentOf(directives, directive, argument);
  return value?.kind === "EnumValue" ? value.value : undefined;
}

function stringArgument(directives: readonly ConstDirectiveNode[] | undefined, directive: string, argument: string): string | undefined {
  const value = argumentOf(directives, directive, argument);
  return value?.kind === "StringValue" ? value.value : undefined;
}

/** Object types but the roots (an operation is not a record) and the machinery's own (`_Service`, `__Type`). */
function objectTypes(schema: GraphQLSchema): GraphQLObjectType[] {
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].map((type) => type?.name));
  return Object.values(schema.getTypeMap()).filter((type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith("_") && !roots.has(type.name));
}

/** The record types a field's type stands for (an interface or a union: each possible type). */
function objectTypesOf(schema: GraphQLSchema, records: ReadonlySet<GraphQLObjectType>, type: GraphQLNamedType): GraphQLObjectType[] {
  const candidates = isObjectType(type) ? [type] : isInterfaceType(type) || isUnionType(type) ? schema.getPossibleTypes(type) : [];
  return candidates.filter((candidate) => records.has(candidate));
}

/**
 * Fields the federation machinery answers in a supergraph: an entity's key fields
 * (`@join__type(key:)`), opened to the planner by every subgraph's kit. The exemption for
 * `labelProblems` on a supergraph.
 */
export function supergraphKeyFields(schema: GraphQLSchema): (typeName: string, field: string) => boolean {
  return (typeName, field) => {
    const type = schema.getType(typeName);
    const joins = type?.astNode?.directives?.filter((d) => d.name.value === "join__type") ?? [];
    return joins.some((join) => {
      const key = join.arguments?.find((argument) => argument.name.value === "key")?.value;
      return key?.kind === "StringValue" && key.value.split(/\s+/).includes(field);
    });
  };
}
