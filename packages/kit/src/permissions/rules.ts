import { allow, and, or, rule, shield } from "graphql-shield";
import type { IRule, IRules } from "graphql-shield";
import { getNamedType, isInputObjectType, type GraphQLSchema } from "graphql";
import type { DataCategory, Role } from "@percorsi/schema";
import { decideAccess, decideWrite, CASEWORK_ROLES, type RecordFacts } from "../access/decide.js";
import { factsForWrite } from "../consent/pathway-facts.js";
import { badUserInput, forbidden } from "../graphql/errors.js";
import { isUuid } from "../graphql/ids.js";
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

/**
 * The categories the gateway removed for the caller's role never reached this subgraph; the
 * refusal is recorded on each pathway the request touches here, so it shows in her report.
 */
function recordRoleDenials(ctx: SubgraphContext, pathwayId: string | null): void {
  if (!pathwayId || !ctx.actor.roleDenied) return;
  for (const category of ctx.actor.roleDenied) ctx.audit?.record(pathwayId, category, { allowed: false, reason: "ROLE" });
}

function sensitiveRule(category: DataCategory, facts: FactsResolver): ShieldRule {
  return rule({ cache: "no_cache" })(async (parent, _args, ctx: SubgraphContext) => {
    const recordFacts = await facts(parent, ctx);
    // No record: the field resolves to nothing, so there is nothing to release.
    if (recordFacts === null) return true;
    const decision = decideAccess(ctx.actor, category, recordFacts);
    ctx.audit?.record(recordFacts.pathwayId, category, decision);
    recordRoleDenials(ctx, recordFacts.pathwayId);
    return decision.allowed ? true : forbidden(decision.reason);
  });
}

/** `Pathway.id`, open to every caller (the planner needs it), records the role removals. */
const pathwayKeyRule = rule("pathwayKey", { cache: "no_cache" })((parent: { id?: unknown }, _args, ctx: SubgraphContext) => {
  if (typeof parent?.id === "string" && isUuid(parent.id)) recordRoleDenials(ctx, parent.id);
  return true;
});

/**
 * How a subgraph's mutation relates to her:
 * - a data category: it writes about the pathway its arguments name (`pathwayId`, or
 *   `input.pathwayId`); the kit decides the write (`decideWrite`) and audits it before the
 *   resolver runs;
 * - `decidedInResolver(category)`: the pathway is known only from the record the mutation
 *   names (a referral, a goal, a consent); its resolver calls `authorizeWrite` itself;
 * - null: about no existing pathway (a pathway being opened, an employer, a course).
 * Every mutation must be listed: a write about her cannot go unchecked.
 */
export type WritePolicy = DataCategory | { decidedInResolver: DataCategory } | null;

export const decidedInResolver = (category: DataCategory): WritePolicy => ({ decidedInResolver: category });

/** Where a write learns her standing: the receipt in the request, or (the consent authority) its own data. */
export type WriteFactsResolver = (pathwayId: string, ctx: SubgraphContext<any>) => Promise<RecordFacts>;

/**
 * Decides and audits a write about a pathway; throws FORBIDDEN with the table's reason. The
 * pathway id must have been checked as an id by the caller.
 */
export async function authorizeWrite(
  ctx: SubgraphContext<any>,
  pathwayId: string,
  category: DataCategory,
  facts: WriteFactsResolver = factsForWrite,
): Promise<void> {
  const decision = decideWrite(ctx.actor, await facts(pathwayId, ctx));
  ctx.audit.record(pathwayId, category, decision, "WRITE");
  await auditAhead(ctx);
  if (!decision.allowed) throw forbidden(decision.reason);
}

/**
 * Writes the request's pending audit entries before a write goes ahead: an unaudited write is
 * refused (AUDIT_UNAVAILABLE) and writes nothing, so the audit never misses a write.
 */
export async function auditAhead(ctx: SubgraphContext<any>): Promise<void> {
  try {
    await ctx.audit.flush(ctx.db);
  } catch {
    throw forbidden("AUDIT_UNAVAILABLE");
  }
}

/** The pathway a mutation's arguments name. */
export function pathwayIdArgument(args: Record<string, unknown>): unknown {
  return args.pathwayId ?? (args.input as { pathwayId?: unknown } | undefined)?.pathwayId;
}

function writeRule(category: DataCategory, facts: WriteFactsResolver): ShieldRule {
  return rule({ cache: "no_cache" })(async (_parent, args: Record<string, unknown>, ctx: SubgraphContext) => {
    const pathwayId = pathwayIdArgument(args);
    if (typeof pathwayId !== "string" || !isUuid(pathwayId)) return badUserInput("`pathwayId` is not a pathway id.", "pathwayId");
    try {
      await authorizeWrite(ctx, pathwayId.toLowerCase(), category, facts);
      return true;
    } catch (error) {
      return error as Error;
    }
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
  writes: Record<string, WritePolicy> = {},
  writeFacts: WriteFactsResolver = factsForWrite,
) {
  const tree: Record<string, TypeRules> = {};
  for (const [type, typeRules] of Object.entries(rules)) {
    tree[type] = isRule(typeRules) ? { "*": typeRules } : { ...typeRules };
  }
  const mutation = schema.getMutationType();
  for (const [name, field] of Object.entries(mutation?.getFields() ?? {})) {
    if (!(name in writes)) throw new Error(`Mutation.${name} does not say whether it writes about a pathway (SubgraphSchemaOptions.writes)`);
    const policy = writes[name];
    if (typeof policy !== "string") continue;
    const input = field.args.find((arg) => arg.name === "input");
    const inputType = input ? getNamedType(input.type) : undefined;
    const named = field.args.some((arg) => arg.name === "pathwayId") || (isInputObjectType(inputType) && "pathwayId" in inputType.getFields());
    if (!named) throw new Error(`Mutation.${name} writes about a pathway but takes no pathwayId (nor input.pathwayId)`);
    const existing = tree.Mutation?.[name] ?? tree.Mutation?.["*"];
    if (!existing) throw new Error(`Mutation.${name} has no rule for who may call it`);
    (tree.Mutation ??= {})[name] = and(existing, writeRule(policy, writeFacts));
  }
  for (const name of Object.keys(writes)) {
    if (!mutation?.getFields()[name]) throw new Error(`writes names Mutation.${name}, which does not exist`);
  }
  for (const [path, category] of sensitiveFields(schema)) {
    const [type, field] = path.split(".") as [string, string];
    const resolver = facts[path] ?? facts[type];
    if (!resolver) throw new Error(`${path} is @sensitive but the subgraph gives no record facts for ${type}`);
    // They resolve outside the shield (federated-schema.ts): nobody's data may ever sit in them.
    if (AGGREGATE_VALUE_TYPES.includes(type)) throw new Error(`${path} is @sensitive, but ${type} holds aggregates only`);
    (tree[type] ??= {})[field] = sensitiveRule(category, resolver);
  }
  for (const [type, keyFields] of entityKeyFields(schema)) {
    for (const field of keyFields) (tree[type] ??= {})[field] = type === "Pathway" && field === "id" ? pathwayKeyRule : allow;
  }
  // The indicators' types hold aggregates only; each section's resolver checks its reader itself
  // (decideIndicatorRead), so a signatory's sections need no rules of their own.
  if (schema.getType("IndicatorReport")) tree.IndicatorReport = { "*": isAuthenticated, ...tree.IndicatorReport };
  for (const type of AGGREGATE_VALUE_TYPES) if (schema.getType(type)) tree[type] = { "*": allow, ...tree[type] };
  // `_entities` exists only when the subgraph defines an entity; shield refuses rules for absent fields.
  const hasEntities = schema.getQueryType()?.getFields()._entities !== undefined;
  tree.Query = { ...tree.Query, _service: allow, ...(hasEntities ? { _entities: allow } : {}) };
  tree._Service = { "*": allow };
  return shield(tree as IRules, { fallbackRule: denyByDefault, allowExternalErrors: true });
}

/** The indicators' value types: aggregates under a section its resolver has already checked. */
export const AGGREGATE_VALUE_TYPES: readonly string[] = ["Indicator", "IndicatorCell", "IndicatorDefinitionDescription", "IndicatorPeriod"];

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
