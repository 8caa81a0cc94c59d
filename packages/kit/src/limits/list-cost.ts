import {
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

export interface ListCostOptions {
  /** Items assumed for a list field that has no page-size argument. */
  defaultListSize: number;
  /** The argument that sets a page size (`first`), on the list field or on its connection. */
  pageSizeArgument?: string;
  /** Counting stops as soon as the cost passes this (so a huge operation costs little to refuse). */
  stopAbove: number;
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

  /** Walks one selection set resolved `times` times; `page` sizes the lists of a connection. */
  const walk = (set: SelectionSetNode, type: GraphQLCompositeType, times: number, page: number | undefined, spreads: ReadonlySet<string>): void => {
    for (const selection of set.selections) {
      if (total > options.stopAbove) return;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        walk(selection.selectionSet, isCompositeType(condition) ? condition : type, times, page, spreads);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments[name];
        // A cycle is invalid GraphQL (validation refuses it); never follow one here either.
        if (!fragment || spreads.has(name)) continue;
        const condition = schema.getType(fragment.typeCondition.name.value);
        walk(fragment.selectionSet, isCompositeType(condition) ? condition : type, times, page, new Set([...spreads, name]));
        continue;
      }
      const name = selection.name.value;
      if (name.startsWith("__")) continue;
      total += times;
      if (!selection.selectionSet) continue;
      const field = isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
      if (!field) continue;
      const returns = getNamedType(field.type);
      if (!isCompositeType(returns)) continue;
      const isList = isListType(getNullableType(field.type));
      const ownPage = pageSizeOf(field, selection);
      let items = 1;
      let innerPage: number | undefined;
      if (isList) items = (name === "_entities" ? entitiesSize(selection) : undefined) ?? ownPage ?? page ?? options.defaultListSize;
      else innerPage = ownPage;
      walk(selection.selectionSet, returns, times * items, innerPage, spreads);
    }
  };

  walk(operation.selectionSet, root, 1, undefined, new Set());
  return total;
}
