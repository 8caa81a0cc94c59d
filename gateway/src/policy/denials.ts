import {
  getDirectiveValues,
  getNamedType,
  getVariableValues,
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isCompositeType,
  isObjectType,
  Kind,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { forbidden } from "@percorsi/kit";
import { coversType } from "./field-policy.js";

export interface RemovedFields {
  schema: GraphQLSchema;
  /** The caller's own document and operation, as sent (before the rewrite). */
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown> | undefined;
  removed: ReadonlySet<FieldNode>;
}

type Path = readonly (string | number)[];
type Scoped = { set: SelectionSetNode; type: GraphQLCompositeType };
type Collected = { node: FieldNode; parent: GraphQLCompositeType };

/**
 * Puts the caller's own shape back on an answer planned from a rewritten operation: null and a
 * FORBIDDEN (reason ROLE) error at every response path where a removed field would have been,
 * one per list item, and nothing the caller did not ask for (the `__typename` placeholders).
 * Where an enclosing object is null, there is no such path, and the enclosing null stands.
 */
export function answerRemovedFields<T extends ExecutionResult<Record<string, unknown>, Record<string, unknown>>>(result: T, input: RemovedFields): T {
  if (!result.data) return result;
  const root = input.schema.getRootType(input.operation.operation);
  if (!root) return result;
  const coerced = getVariableValues(input.schema, input.operation.variableDefinitions ?? [], input.variables ?? {});
  const walk = new Walk(input, coerced.coerced ?? {});
  const data = walk.object(result.data, [{ set: input.operation.selectionSet, type: root }], []);
  if (walk.errors.length === 0) return { ...result, data };
  return { ...result, data, errors: [...(result.errors ?? []), ...walk.errors] };
}

const ROLE = forbidden("ROLE");

/**
 * FORBIDDEN (ROLE) at one response path, pointing at the caller's field. An answer, not an
 * exception: no stack trace is captured (it costs more than the rest of the walk).
 */
function roleDenial(node: FieldNode, path: Path): GraphQLError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new GraphQLError(ROLE.message, { nodes: node, path, extensions: { ...ROLE.extensions } });
  } finally {
    Error.stackTraceLimit = limit;
  }
}

class Walk {
  readonly errors: GraphQLError[] = [];
  private readonly fragments = new Map<string, FragmentDefinitionNode>();

  constructor(
    private readonly input: RemovedFields,
    private readonly variables: Record<string, unknown>,
  ) {
    for (const definition of input.document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(definition.name.value, definition);
    }
  }

  object(value: Record<string, unknown>, scopes: readonly Scoped[], path: Path): Record<string, unknown> {
    const runtimeType = this.runtimeType(value, scopes);
    const fields = new Map<string, Collected[]>();
    const visited = new Set<string>();
    for (const scope of scopes) this.collect(scope, runtimeType, fields, visited);
    const answer: Record<string, unknown> = {};
    for (const [key, collected] of fields) {
      if (collected.every(({ node }) => this.input.removed.has(node))) {
        answer[key] = null;
        this.errors.push(roleDenial(collected[0]!.node, [...path, key]));
        continue;
      }
      if (!(key in value)) continue;
      const inner = collected.flatMap(({ node, parent }): Scoped[] => {
        if (!node.selectionSet || node.name.value.startsWith("__")) return [];
        const type = getNamedType("getFields" in parent ? parent.getFields()[node.name.value]?.type : undefined);
        return type && isCompositeType(type) ? [{ set: node.selectionSet, type }] : [];
      });
      answer[key] = inner.length === 0 ? value[key] : this.value(value[key], inner, [...path, key]);
    }
    return answer;
  }

  private value(value: unknown, scopes: readonly Scoped[], path: Path): unknown {
    if (Array.isArray(value)) return value.map((item, index) => this.value(item, scopes, [...path, index]));
    if (value === null || typeof value !== "object") return value;
    return this.object(value as Record<string, unknown>, scopes, path);
  }

  /** The object's own type: static on an object type, from `__typename` on an interface or union. */
  private runtimeType(value: Record<string, unknown>, scopes: readonly Scoped[]): GraphQLCompositeType | undefined {
    const statics = new Set(scopes.map(({ type }) => type));
    const [only] = statics;
    if (statics.size === 1 && isObjectType(only)) return only;
    const declared = typeof value.__typename === "string" ? this.input.schema.getType(value.__typename) : undefined;
    return isObjectType(declared) ? declared : undefined;
  }

  /** graphql-js's CollectFields, over the caller's document; unknown runtime types count every fragment. */
  private collect(scope: Scoped, runtimeType: GraphQLCompositeType | undefined, fields: Map<string, Collected[]>, visited: Set<string>): void {
    for (const selection of scope.set.selections) {
      if (!this.included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const entry = { node: selection, parent: scope.type };
        const existing = fields.get(key);
        if (existing) existing.push(entry);
        else fields.set(key, [entry]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? this.input.schema.getType(selection.typeCondition.name.value) : scope.type;
        if (!isCompositeType(type) || !this.applies(type, runtimeType)) continue;
        this.collect({ set: selection.selectionSet, type }, runtimeType, fields, visited);
      } else {
        const name = selection.name.value;
        const fragment = this.fragments.get(name);
        if (visited.has(name) || !fragment) continue;
        visited.add(name);
        const type = this.input.schema.getType(fragment.typeCondition.name.value);
        if (!isCompositeType(type) || !this.applies(type, runtimeType)) continue;
        this.collect({ set: fragment.selectionSet, type }, runtimeType, fields, visited);
      }
    }
  }

  private applies(condition: GraphQLCompositeType, runtimeType: GraphQLCompositeType | undefined): boolean {
    return runtimeType === undefined || coversType(this.input.schema, condition, runtimeType);
  }

  private included(node: SelectionSetNode["selections"][number]): boolean {
    if (getDirectiveValues(GraphQLSkipDirective, node, this.variables)?.if === true) return false;
    return getDirectiveValues(GraphQLIncludeDirective, node, this.variables)?.if !== false;
  }
}
