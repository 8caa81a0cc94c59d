import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  valueFromAST,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import type { CostModel, FieldOwners } from "./cost-model.js";

export interface ListCostOptions {
  /** Items assumed for a list field that has no page-size argument. */
  defaultListSize: number;
  /** The argument that sets a page size (`first`), on the list field or on its connection. */
  pageSizeArgument?: string;
  /** Counting stops as soon as the cost passes this (so a huge operation costs little to refuse). */
  stopAbove: number;
  /** Root-field weights, report sizes, entity fetches (see `CostModel`); without it every field is 1. */
  model?: CostModel;
  /** Which subgraph resolves each field (the gateway's supergraph): a change of subgraph is an entity fetch per parent. */
  owners?: FieldOwners;
}

/**
 * What an operation costs to answer: every field counts once per object it is resolved on, so
 * a field under a list counts as many times as the list has items. A list's size is its page
 * size (`first`, a literal, a variable or the argument's default; on a connection field it sizes
 * the connection's lists), the number of representations for `_entities`, else
 * `defaultListSize`. Nested lists multiply: a path that refers back to itself
 * (referrals → pathway → referrals...) grows geometrically with its depth and is caught long
 * before it runs. Introspection fields cost nothing.
 *
 * Returns a number above `stopAbove` as soon as the count passes it.
 */
export function listCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown> | undefined,
  options: ListCostOptions,
): number {
  const pageArgument = options.pageSizeArgument ?? "first";
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  let total = 0;

  const sizeOf = (value: unknown): number | undefined =>
    typeof value === "number" && Number.isFinite(value) ? Math.max(1, Math.floor(value)) : undefined;

  const pageSizeOf = (field: GraphQLField<unknown, unknown>, node: FieldNode): number | undefined => {
    const definition = field.args.find((arg) => arg.name === pageArgument);
    if (!definition) return undefined;
    const given = node.arguments?.find((arg) => arg.name.value === pageArgument);
    if (!given) return sizeOf(definition.defaultValue);
    if (given.value.kind === Kind.VARIABLE) return sizeOf(variables?.[given.value.name.value]) ?? sizeOf(definition.defaultValue);
    return sizeOf(valueFromAST(given.value, definition.type, variables));
  };

  const entitiesSize = (node: FieldNode): number | undefined => {
    const given = node.arguments?.find((arg) => arg.name.value === "representations");
    if (!given) return undefined;
    if (given.value.kind === Kind.VARIABLE) {
      const value = variables?.[given.value.name.value];
      return Array.isArray(value) ? Math.max(1, value.length) : undefined;
    }
    return given.value.kind === Kind.LIST ? Math.max(1, given.value.values.length) : undefined;
  };

  const model = options.model;
  const owners = options.owners;

  /** The arguments a field is given (variables and defaults applied); {} when they do not coerce (validation says why). */
  const argumentsOf = (field: GraphQLField<unknown, unknown>, node: FieldNode): Record<string, unknown> => {
    try {
      return getArgumentValues(field, node, variables ?? {});
    } catch {
      return {};
    }
  };

  interface Scope {
    /** The page size a connection gives its lists. */
    page: number | undefined;
    /** The subgraph the parent objects come from (gateway only). */
    graph: string | undefined;
    /** List sizes set by an enclosing field's arguments ("Type.field" → items). */
    sized: Readonly<Record<string, number>>;
    spreads: ReadonlySet<string>;
  }

  /** Walks one selection set resolved `times` times. */
  const walk = (set: SelectionSetNode, type: GraphQLCompositeType, times: number, scope: Scope): void => {
    // Subgraphs this selection set already fetched from, per parent (the planner makes one fetch per subgraph).
    const fetched = new Set<string>();
    for (const selection of set.selections) {
      if (total > options.stopAbove) return;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        walk(selection.selectionSet, isCompositeType(condition) ? condition : type, times, scope);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments[name];
        // A cycle is invalid GraphQL (validation refuses it); never follow one here either.
        if (!fragment || scope.spreads.has(name)) continue;
        const condition = schema.getType(fragment.typeCondition.name.value);
        walk(fragment.selectionSet, isCompositeType(condition) ? condition : type, times, { ...scope, spreads: new Set([...scope.spreads, name]) });
        continue;
      }
      const name = selection.name.value;
      if (name.startsWith("__")) continue;
      const key = `${type.name}.${name}`;
      const weight = model?.fieldWeights[key] ?? 1;
      total += times * weight;
      // A field only another subgraph resolves: the gateway fetches it, once per parent and subgraph.
      let graph = scope.graph;
      const placement = owners?.get(key);
      const resolvers = placement?.graphs ?? [];
      if (resolvers.length > 0 && (graph === undefined || !resolvers.includes(graph))) {
        const next = resolvers[0]!;
        if (graph !== undefined && !fetched.has(next)) {
          fetched.add(next);
          total += times * (model?.entityFetch ?? 0);
        }
        graph = next;
      }
      // Its @requires (her consent receipt) is fetched from the consent authority first, and verified.
      if (placement?.requires && graph !== undefined && !fetched.has(`requires:${graph}`)) {
        fetched.add(`requires:${graph}`);
        total += times * (model?.requiresFetch ?? 0);
      }
      if (!selection.selectionSet) continue;
      const field = isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
      if (!field) continue;
      const returns = getNamedType(field.type);
      if (!isCompositeType(returns)) continue;
      const sizing = model?.sizedLists[key];
      const sized = sizing ? { ...scope.sized, ...sizing(argumentsOf(field, selection)) } : scope.sized;
      const isList = isListType(getNullableType(field.type));
      const ownPage = pageSizeOf(field, selection);
      let items = 1;
      let innerPage: number | undefined;
      if (isList) items = (name === "_entities" ? entitiesSize(selection) : undefined) ?? scope.sized[key] ?? ownPage ?? scope.page ?? options.defaultListSize;
      else innerPage = ownPage;
      // A packed object (a report cell) counts its weight with all its fields.
      const packed = model?.packedTypes[returns.name];
      if (packed !== undefined) total += times * items * packed;
      else walk(selection.selectionSet, returns, times * items, { page: innerPage, graph, sized, spreads: scope.spreads });
    }
  };

  total += model?.requestCost ?? 0;
  walk(operation.selectionSet, root, 1, { page: undefined, graph: undefined, sized: {}, spreads: new Set() });
  return total;
}
