import { Kind, parse, type ConstDirectiveNode, type FieldDefinitionNode, type TypeNode } from "graphql";

/**
 * Fields of a composed supergraph that an outage of one subgraph would turn into a loss of more
 * than their own path: a non-null field the gateway must fetch from a subgraph other than the one
 * that handed it the parent. When that subgraph is down (or refuses), graphql-js nulls the
 * nearest nullable ancestor, so the field must be nullable itself:
 * - every root field (each is fetched from its own subgraph, so a root's loss must not take the
 *   other roots, and `data`, with it);
 * - every field of a type that some subgraph returns without resolving that field itself (an
 *   entity another subgraph extends, such as `Organisation.name` under a job centre's vacancy).
 * Derived from the supergraph's `@join__*` directives, so a new subgraph or field is covered.
 */
export function outageUnsafeFields(supergraphSdl: string): string[] {
  const objects = parse(supergraphSdl).definitions.flatMap((definition) =>
    definition.kind === Kind.OBJECT_TYPE_DEFINITION ? [definition] : [],
  );
  const typeGraphs = new Map(objects.map((type) => [type.name.value, joinGraphs(type.directives, "join__type")]));
  // Where each type can be entered: the graphs that resolve a field returning it.
  const enteredFrom = new Map<string, Set<string>>();
  for (const type of objects) {
    for (const field of type.fields ?? []) {
      const returned = namedType(field.type);
      if (!typeGraphs.has(returned)) continue;
      const graphs = resolvingGraphs(field, typeGraphs.get(type.name.value)!);
      enteredFrom.set(returned, new Set([...(enteredFrom.get(returned) ?? []), ...graphs]));
    }
  }
  const unsafe: string[] = [];
  for (const type of objects) {
    const root = type.name.value === "Query" || type.name.value === "Mutation";
    for (const field of type.fields ?? []) {
      if (field.type.kind !== Kind.NON_NULL_TYPE || field.name.value.startsWith("_")) continue;
      const graphs = resolvingGraphs(field, typeGraphs.get(type.name.value)!);
      const fetchedElsewhere = [...(enteredFrom.get(type.name.value) ?? [])].some((graph) => !graphs.includes(graph));
      if (root || fetchedElsewhere) unsafe.push(`${type.name.value}.${field.name.value}`);
    }
  }
  return unsafe;
}

/** The graphs that resolve a field: its own `@join__field`s (not `external`), else its type's. */
function resolvingGraphs(field: FieldDefinitionNode, typeGraphs: string[]): string[] {
  const own = (field.directives ?? []).filter(
    (directive) => directive.name.value === "join__field" && !directive.arguments?.some((a) => a.name.value === "external" && a.value.kind === Kind.BOOLEAN && a.value.value),
  );
  const graphs = own.flatMap((directive) => joinGraphs([directive], "join__field"));
  return own.length > 0 && graphs.length > 0 ? graphs : typeGraphs;
}

function joinGraphs(directives: readonly ConstDirectiveNode[] | undefined, name: string): string[] {
  return (directives ?? [])
    .filter((directive) => directive.name.value === name)
    .flatMap((directive) => {
      const graph = directive.arguments?.find((argument) => argument.name.value === "graph")?.value;
      return graph?.kind === Kind.ENUM ? [graph.value] : [];
    });
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}
