import { allow, and, or, rule, shield } from "graphql-shield";
import type { IRule, IRules } from "graphql-shield";
import type { GraphQLSchema } from "graphql";
import type { DataCategory, Role } from "@percorsi/schema";
import { decideAccess, CASEWORK_ROLES, type RecordFacts } from "../access/decide.js";
import { forbidden } from "../graphql/errors.js";
import { sensitiveFields } from "../graphql/sensitive.js";
import { hasAnyRole } from "../trust/actor.js";
import type { SubgraphContext } from "../context.js";

export { allow, and, or };

/** A shield rule or logic rule (allow, and, or...). */
export type ShieldRule = IRule | ReturnType<typeof and> | ReturnType<typeof or>;

/** The context carries an actor only after its assertion was verified. */
export const isAuthenticated = rule({ cache: "contextual" })((_parent, _args, ctx: SubgraphContext) =>
  ctx.actor ? true : forbidden("ROLE"),
);

export function hasRole(...roles: Role[]): ShieldRule {
  return rule(`hasRole:${roles.join(",")}`, { cache: "contextual" })((_parent, _args, ctx: SubgraphContext) =>
    hasAnyRole(ctx.actor, roles) ? true : forbidden("ROLE"),
  );
}

/** Writing about a woman is processing her data: it needs a declared purpose, as reading does. */
export const hasPurpose = rule({ cache: "contextual" })((_parent, _args, ctx: SubgraphContext) =>
  ctx.actor.purpose !== null ? true : forbidden("PURPOSE"),
);

/** People who work on individual cases; analysts and admins see no rows. */
export const isCaseworker = hasRole(...CASEWORK_ROLES);

/** The parent record belongs to the caller's organisation. */
export function sameOrganisation<P>(organisationOf: (parent: P) => string): ShieldRule {
  return rule({ cache: "no_cache" })((parent: P, _args, ctx: SubgraphContext) =>
    organisationOf(parent) === ctx.actor.organisationId ? true : forbidden("ORGANISATION"),
  );
}

const denyByDefault = rule("denyByDefault", { cache: "strict" })(() => forbidden("ROLE"));

/** How a subgraph tells, for a labelled field's parent, who keeps the record and for which pathway. */
export type FactsResolver = (parent: any, ctx: SubgraphContext<any>) => Promise<RecordFacts | null> | RecordFacts | null;

function sensitiveRule(category: DataCategory, facts: FactsResolver): ShieldRule {
  return rule({ cache: "no_cache" })(async (parent, _args, ctx: SubgraphContext) => {
    const recordFacts = await facts(parent, ctx);
    // No record: the field resolves to nothing, so there is nothing to release.
    if (recordFacts === null) return true;
    const decision = decideAccess(ctx.actor, category, recordFacts);
    ctx.audit?.record(recordFacts.pathwayId, category, decision);
    return decision.allowed ? true : forbidden(decision.reason);
  });
}

type TypeRules = Record<string, ShieldRule>;

/**
 * The subgraph's shield: its own rules, a decision rule for every `@sensitive` field (derived
 * from the label, so a labelled field cannot go unchecked), federation's fields opened, and
 * deny for everything else.
 */
export function buildPermissions(
  schema: GraphQLSchema,
  rules: Record<string, ShieldRule | TypeRules>,
  facts: Record<string, FactsResolver>,
) {
  const tree: Record<string, TypeRules> = {};
  for (const [type, typeRules] of Object.entries(rules)) {
    tree[type] = isRule(typeRules) ? { "*": typeRules } : { ...typeRules };
  }
  for (const [path, category] of sensitiveFields(schema)) {
    const [type, field] = path.split(".") as [string, string];
    const resolver = facts[path] ?? facts[type];
    if (!resolver) throw new Error(`${path} is @sensitive but the subgraph gives no record facts for ${type}`);
    (tree[type] ??= {})[field] = sensitiveRule(category, resolver);
  }
  for (const [type, keyFields] of entityKeyFields(schema)) {
    for (const field of keyFields) (tree[type] ??= {})[field] = allow;
  }
  // `_entities` exists only when the subgraph defines an entity; shield refuses rules for absent fields.
  const hasEntities = schema.getQueryType()?.getFields()._entities !== undefined;
  tree.Query = { ...tree.Query, _service: allow, ...(hasEntities ? { _entities: allow } : {}) };
  tree._Service = { "*": allow };
  return shield(tree as IRules, { fallbackRule: denyByDefault, allowExternalErrors: true });
}

function isRule(value: ShieldRule | TypeRules): value is ShieldRule {
  return typeof (value as { resolve?: unknown }).resolve === "function";
}

/** Fields named in `@key(fields: "...")`: the planner must always be able to read them. */
function entityKeyFields(schema: GraphQLSchema): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const type of Object.values(schema.getTypeMap())) {
    const nodes = [type.astNode, ...((type as { extensionASTNodes?: readonly unknown[] }).extensionASTNodes ?? [])];
    for (const node of nodes as { directives?: { name: { value: string }; arguments?: { value: { kind: string; value?: string } }[] }[] }[]) {
      for (const directive of node?.directives ?? []) {
        if (directive.name.value !== "key") continue;
        const fields = directive.arguments?.[0]?.value.value ?? "";
        keys.set(type.name, [...(keys.get(type.name) ?? []), ...fields.split(/\s+/).filter((f) => /^\w+$/.test(f))]);
      }
    }
  }
  return keys;
}
