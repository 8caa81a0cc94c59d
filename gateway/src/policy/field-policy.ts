import { createHash } from "node:crypto";
import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isObjectType,
  Kind,
  print,
  type DefinitionNode,
  type DocumentNode,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionNode,
  type SelectionSetNode,
} from "graphql";
import { DATA_CATEGORIES, type DataCategory } from "@percorsi/schema";
import type { SensitiveFields } from "@percorsi/schema";

/** An operation as the caller's role may send it on. */
export type Rewrite =
  | { changed: false; document: DocumentNode }
  | {
      changed: true;
      /** What is planned and sent to subgraphs: the fields above the ceiling are gone. */
      document: DocumentNode;
      /** `print(document)`, and its sha256: the query-plan cache key must follow the document. */
      source: string;
      queryHash: string;
      /** The removed fields, as nodes of the caller's own document (to answer them). */
      removed: ReadonlySet<FieldNode>;
      /** Their categories: the assertion carries them so the subgraphs audit the refusal. */
      removedCategories: readonly DataCategory[];
    };

const TYPENAME: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: "__typename" } };
const ID: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: "id" } };
/** Objects whose `id` a subgraph must resolve for the role refusals to be recorded on them. */
const AUDITED_TYPE = "Pathway";

/**
 * The gateway's field policy for one supergraph: removes from an operation every field whose
 * `@sensitive` category is above the caller's role ceiling, before the query planner sees it.
 *
 * Fragments are rewritten where they are defined (their type condition is the parent type),
 * so a fragment spread twice is judged once. A selection set left empty gets `__typename` as a
 * placeholder; a selection set on an interface or union gets `__typename` so the answer can
 * tell which type each object is. Both are taken out of the answer again (see `denials.ts`).
 * Rewrites are memoised per parsed document (Apollo Server reuses one per query text) and
 * ceiling; a new supergraph means a new policy, so nothing stale is ever reused.
 */
export class FieldPolicy {
  private readonly labelled: ReadonlySet<DataCategory>;
  private readonly memo = new WeakMap<DocumentNode, Map<string, Rewrite>>();

  constructor(
    readonly schema: GraphQLSchema,
    readonly labels: SensitiveFields,
  ) {
    this.labelled = new Set(labels.values());
  }

  rewrite(document: DocumentNode, ceiling: ReadonlySet<DataCategory>): Rewrite {
    // A ceiling covering every label used (a centre operator) has nothing to remove.
    if ([...this.labelled].every((category) => ceiling.has(category))) return { changed: false, document };
    const key = DATA_CATEGORIES.filter((category) => ceiling.has(category)).join(",");
    let byCeiling = this.memo.get(document);
    if (!byCeiling) this.memo.set(document, (byCeiling = new Map()));
    let rewrite = byCeiling.get(key);
    if (!rewrite) byCeiling.set(key, (rewrite = this.rewriteUncached(document, ceiling)));
    return rewrite;
  }

  /** A field selected on `parent` is above the ceiling; on an interface, if it is on any implementation. */
  isAboveCeiling(parent: GraphQLCompositeType, fieldName: string, ceiling: ReadonlySet<DataCategory>): boolean {
    return this.categoriesAbove(parent, fieldName, ceiling).length > 0;
  }

  /** The categories above the ceiling a field selected on `parent` carries (several on an interface). */
  private categoriesAbove(parent: GraphQLCompositeType, fieldName: string, ceiling: ReadonlySet<DataCategory>): DataCategory[] {
    const types = [parent.name, ...(isAbstractType(parent) ? this.schema.getPossibleTypes(parent).map((type) => type.name) : [])];
    return types.flatMap((typeName) => {
      const category = this.labels.get(`${typeName}.${fieldName}`);
      return category !== undefined && !ceiling.has(category) ? [category] : [];
    });
  }

  rewriteUncached(document: DocumentNode, ceiling: ReadonlySet<DataCategory>): Rewrite {
    const removed = new Set<FieldNode>();
    const categories = new Set<DataCategory>();
    const definitions = document.definitions.map((definition): DefinitionNode => {
      if (definition.kind === Kind.OPERATION_DEFINITION) {
        const root = this.schema.getRootType(definition.operation);
        if (!root) throw new Error(`the schema has no ${definition.operation} type`);
        const selectionSet = this.rewriteSet(definition.selectionSet, root, ceiling, removed, categories, false)!;
        return selectionSet === definition.selectionSet ? definition : { ...definition, selectionSet };
      }
      if (definition.kind === Kind.FRAGMENT_DEFINITION) {
        const type = this.compositeType(definition.typeCondition.name.value);
        const selectionSet = this.rewriteSet(definition.selectionSet, type, ceiling, removed, categories, false)!;
        return selectionSet === definition.selectionSet ? definition : { ...definition, selectionSet };
      }
      return definition;
    });
    if (removed.size === 0) return { changed: false, document };
    const rewritten: DocumentNode = { kind: Kind.DOCUMENT, definitions };
    const source = print(rewritten);
    return { changed: true, document: rewritten, source, queryHash: sha256(source), removed, removedCategories: DATA_CATEGORIES.filter((c) => categories.has(c)) };
  }

  /**
   * The selection set without the fields above the ceiling; the same object when untouched,
   * null when emptied and `mayVanish` (an inline fragment, which is then dropped).
   */
  private rewriteSet(
    set: SelectionSetNode,
    parent: GraphQLCompositeType,
    ceiling: ReadonlySet<DataCategory>,
    removed: Set<FieldNode>,
    categories: Set<DataCategory>,
    mayVanish: boolean,
  ): SelectionSetNode | null {
    let changed = false;
    const kept: SelectionNode[] = [];
    for (const selection of set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        kept.push(selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? this.compositeType(selection.typeCondition.name.value) : parent;
        const inner = this.rewriteSet(selection.selectionSet, type, ceiling, removed, categories, true);
        if (inner !== selection.selectionSet) changed = true;
        if (inner) kept.push(inner === selection.selectionSet ? selection : { ...selection, selectionSet: inner });
      } else if (selection.name.value.startsWith("__")) {
        kept.push(selection); // __typename, and introspection (__schema, __type) at the root
      } else if (this.isAboveCeiling(parent, selection.name.value, ceiling)) {
        removed.add(selection);
        for (const category of this.categoriesAbove(parent, selection.name.value, ceiling)) categories.add(category);
        changed = true;
      } else if (selection.selectionSet) {
        const type = getNamedType(this.field(parent, selection.name.value).type);
        if (!isCompositeType(type)) throw new Error(`${parent.name}.${selection.name.value} has a selection but no fields`);
        const inner = this.rewriteSet(selection.selectionSet, type, ceiling, removed, categories, false)!;
        if (inner !== selection.selectionSet) changed = true;
        kept.push(inner === selection.selectionSet ? selection : { ...selection, selectionSet: inner });
      } else {
        kept.push(selection);
      }
    }
    // On an interface or union, the answer must say which type each object is: a removal may
    // sit in a fragment (here or spread from elsewhere) that applies to some types only.
    const hasTypename = kept.some((s) => s.kind === Kind.FIELD && s.name.value === "__typename" && !s.alias);
    const typenameNeeded = isAbstractType(parent) && !hasTypename;
    if (!changed && !typenameNeeded) return set;
    if (kept.length === 0 && mayVanish) return null;
    // A pathway that lost a field keeps its id: the subgraph resolving it records the refusal
    // on her pathway (the caller's answer does not get the id it did not ask for).
    if (changed && parent.name === AUDITED_TYPE && !kept.some((s) => s.kind === Kind.FIELD && s.name.value === "id" && !s.alias)) kept.push(ID);
    if (kept.length === 0 || typenameNeeded) kept.push(TYPENAME);
    return { kind: Kind.SELECTION_SET, selections: kept };
  }

  private field(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> {
    const field = "getFields" in parent ? parent.getFields()[name] : undefined;
    // The document was validated against this schema: an unknown field means it changed under us.
    if (!field) throw new Error(`unknown field ${parent.name}.${name}`);
    return field;
  }

  private compositeType(name: string): GraphQLCompositeType {
    const type = this.schema.getType(name);
    if (!isCompositeType(type)) throw new Error(`unknown type ${name}`);
    return type;
  }
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Whether an object type is one an abstract or object type stands for. */
export function coversType(schema: GraphQLSchema, condition: GraphQLCompositeType, type: GraphQLCompositeType): boolean {
  if (condition === type) return true;
  return isAbstractType(condition) && isObjectType(type) && schema.isSubType(condition, type);
}
