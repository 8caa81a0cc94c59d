import { allow, and, chain, or, rule, shield } from "graphql-shield";
import type { IRule, IRules } from "graphql-shield";
import { getNamedType, GraphQLError, isInputObjectType, isObjectType, type GraphQLField, type GraphQLResolveInfo, type GraphQLSchema } from "graphql";
import { DATA_CATEGORIES, personalTypes } from "@percorsi/schema";
import { can, type Capability, type DataCategory, type OrganisationType, type Purpose } from "@percorsi/schema";
import { decideAccess, decideWrite, type RecordFacts } from "../access/decide.js";
import { factsForWrite } from "../consent/pathway-facts.js";
import { badUserInput, DENIAL_REASONS, forbidden, type DenialReason } from "../graphql/errors.js";
import { isUuid } from "../graphql/ids.js";
import { sensitiveFields } from "../graphql/sensitive.js";
import type { SubgraphContext } from "../context.js";
import type { Queryable } from "../db/database.js";
import type { AccessDecision } from "../access/decide.js";
import { appendAuditEntries } from "../audit/audit-log.js";
import { log } from "../log.js";

export { allow, and, chain, or };

/**
 * A shield rule or logic rule (allow, chain, or...). Compose rules with `chain` (one after the
 * other, stopping at the first refusal): `and` runs them all at once, so a rule with a side
 * effect (an audited decision) would run even when another refuses.
 */
export type ShieldRule = IRule | ReturnType<typeof and> | ReturnType<typeof or> | ReturnType<typeof chain>;

/** The context carries an actor only after its assertion was verified. */
export const isAuthenticated: ShieldRule = rule({ cache: "contextual" })((_parent, _args, ctx: SubgraphContext) =>
  ctx.actor ? true : forbidden("ROLE"),
);

const capabilityRules = new Map<string, ShieldRule>();

/**
 * The caller's roles grant a capability (schema/network.yaml), at an organisation of one of
 * these types if any are named. Rules ask for capabilities, never for a role's name, so a role
 * the network adds grants what the file says. Memoised by name: shield refuses two rules of one name.
 */
export function hasCapability(capability: Capability, ...organisationTypes: OrganisationType[]): ShieldRule {
  const name = `has:${capability}${organisationTypes.length > 0 ? `@${organisationTypes.join(",")}` : ""}`;
  let made = capabilityRules.get(name);
  if (!made) {
    made = rule(name, { cache: "contextual" })((_parent, _args, ctx: SubgraphContext) =>
      can(ctx.actor, capability) && (organisationTypes.length === 0 || organisationTypes.includes(ctx.actor.organisationType)) ? true : forbidden("ROLE"),
    );
    capabilityRules.set(name, made);
  }
  return made;
}

/** Writing about a woman is processing her data: it needs a declared purpose, as reading does. */
export const hasPurpose: ShieldRule = rule({ cache: "contextual" })((_parent, _args, ctx: SubgraphContext) =>
  ctx.actor.purpose !== null ? true : forbidden("PURPOSE"),
);

/** The declared purpose is one of these (a write made for one purpose only); refused as PURPOSE. */
export function declaresPurpose(...purposes: Purpose[]): ShieldRule {
  return rule(`declaresPurpose:${purposes.join(",")}`, { cache: "contextual" })((_parent, _args, ctx: SubgraphContext) =>
    ctx.actor.purpose !== null && purposes.includes(ctx.actor.purpose) ? true : forbidden("PURPOSE"),
  );
}

/** People who work on individual cases; analysts and admins see no rows. */
export const isCaseworker = hasCapability("casework");

/** Caseworkers at an organisation of one of these types (a subgraph's own kind of organisation). */
export const isCaseworkerAt = (...organisationTypes: OrganisationType[]): ShieldRule => hasCapability("casework", ...organisationTypes);

/** A caller whose roles may declare a read on a legal basis other than consent. */
export const mayBreakGlass = hasCapability("breakGlass");

/** The parent record belongs to the caller's organisation. */
export function sameOrganisation<P>(organisationOf: (parent: P) => string): ShieldRule {
  return rule({ cache: "no_cache" })((parent: P, _args, ctx: SubgraphContext) =>
    organisationOf(parent) === ctx.actor.organisationId ? true : forbidden("ORGANISATION"),
  );
}

const denyByDefault = rule("denyByDefault", { cache: "strict" })(() => forbidden("ROLE"));

/**
 * How a subgraph tells, for a labelled field's parent, who keeps the record and for which pathway.
 * Never "no record": a field about a pathway that may hold records of several organisations, or
 * none, takes its facts from `factsOfPathwayRecords`, which judges "nothing here" exactly as
 * "another organisation's record" (existence non-disclosure).
 */
export type FactsResolver = (parent: any, ctx: SubgraphContext<any>) => Promise<RecordFacts> | RecordFacts;

/**
 * The categories the gateway removed for the caller's role never reached this subgraph; the
 * refusal is recorded on each pathway the request touches here, so it shows in her report.
 */
function recordRoleDenials(ctx: SubgraphContext, pathwayId: string | null): void {
  if (!pathwayId || !ctx.actor.roleDenied) return;
  for (const category of ctx.actor.roleDenied) ctx.audit?.record(pathwayId, category, { allowed: false, reason: "ROLE" });
}

function sensitiveRule(category: DataCategory, facts: FactsResolver): ShieldRule {
  return rule({ cache: "no_cache" })(async (parent, _args, ctx: SubgraphContext, info: GraphQLResolveInfo) => {
    let recordFacts: RecordFacts;
    try {
      recordFacts = await facts(parent, ctx);
    } catch (error) {
      // Its store or system failed (STORE_*, SUBGRAPH_UNAVAILABLE/TIMEOUT): that code at this
      // field, nothing released. Thrown, shield would turn it into an opaque refusal.
      return error as Error;
    }
    // A facts function that knows no answer is a subgraph's bug: released nothing (fail closed).
    // "No record" is never a reason to release without a decision: it would answer null where a
    // record elsewhere answers a refusal, and so tell that she has one (`factsOfPathwayRecords`).
    if (!recordFacts) {
      log.error("access.facts_missing", { field: `${info?.parentType?.name}.${info?.fieldName}` });
      return forbidden("ORGANISATION");
    }
    const decision = decideAccess(ctx.actor, category, recordFacts);
    ctx.audit?.record(recordFacts.pathwayId, category, decision);
    recordRoleDenials(ctx, recordFacts.pathwayId);
    if (decision.allowed && info?.operation?.operation === "mutation") {
      // A mutation's answer follows a write that has committed: its read-back is audited field by
      // field before release, so a failing audit store denies these fields, never the write's answer.
      try {
        await ctx.audit.flush(ctx.db);
      } catch {
        return forbidden("AUDIT_UNAVAILABLE");
      }
    }
    return decision.allowed ? true : forbidden(decision.reason);
  });
}

/** `Pathway.id`, open to every caller (the planner needs it), records the role removals. */
const pathwayKeyRule = rule("pathwayKey", { cache: "no_cache" })((parent: { id?: unknown }, _args, ctx: SubgraphContext) => {
  if (typeof parent?.id === "string" && isUuid(parent.id)) recordRoleDenials(ctx, parent.id);
  return true;
});

/**
 * How a subgraph's mutation relates to her, naming every data category it writes (each is an
 * entry of her access report, stored before the write commits):
 * - a list of categories: it writes about the pathway its arguments name (`pathwayId`, or
 *   `input.pathwayId`); the kit decides the write (`decideWrite`) and audits it before the
 *   resolver runs, after the mutation's own rule (a caller that rule refuses is an audited DENY);
 * - `decidedInResolver(...categories)`: the pathway is known only from the record the mutation
 *   names (a referral, a goal, a consent); its resolver calls `authorizeWrite` itself.
 *   `decidedOnRecord(record, ...)` names that record, so the kit records a refusal by the
 *   mutation's own rule on its pathway (required when the arguments name a record by id);
 * - `opensPathway(...categories)`: it creates the pathway; its resolver audits the write in the
 *   transaction that creates it (`auditWriteWithin`);
 * - null: about no woman (an employer, a course).
 * Every mutation must be listed: a write about her cannot go unchecked. The kit refuses a policy
 * that leaves out a category the mutation's input writes (see `categoriesWritten`).
 */
export type WritePolicy =
  | readonly DataCategory[]
  | { readonly decidedInResolver: readonly DataCategory[]; readonly record?: NamedRecord }
  | { readonly opensPathway: readonly DataCategory[] }
  | null;

/**
 * The record a `decidedInResolver` mutation names, so the kit can put a refusal by the
 * mutation's own rule (role, purpose) on her pathway: `argument` is where the id sits in the
 * arguments (`id`, `input.referralId`), `table` the store's table keyed by `id`, `pathwayColumn`
 * its pathway (`pathway_id`; `id` for the pathways table itself).
 */
export interface NamedRecord {
  readonly table: string;
  readonly argument: string;
  readonly pathwayColumn?: string;
}

export const decidedInResolver = (...categories: readonly DataCategory[]): WritePolicy => ({ decidedInResolver: categories });
/** `decidedInResolver`, naming the record whose pathway a refusal by the mutation's rule is recorded on. */
export const decidedOnRecord = (record: NamedRecord, ...categories: readonly DataCategory[]): WritePolicy => ({ decidedInResolver: categories, record });
export const opensPathway = (...categories: readonly DataCategory[]): WritePolicy => ({ opensPathway: categories });

/** The categories a policy names (none for null). */
export function policyCategories(policy: WritePolicy): readonly DataCategory[] {
  if (policy === null) return [];
  if (Array.isArray(policy)) return policy;
  const named = policy as { decidedInResolver?: readonly DataCategory[]; opensPathway?: readonly DataCategory[] };
  return named.decidedInResolver ?? named.opensPathway ?? [];
}

/** Where a write learns her standing: the receipt in the request, or (the consent authority) its own data. */
export type WriteFactsResolver = (pathwayId: string, ctx: SubgraphContext<any>) => Promise<RecordFacts>;

/**
 * Decides and audits a write about a pathway; throws FORBIDDEN with the table's reason. The
 * pathway id must have been checked as an id by the caller.
 */
export async function authorizeWrite(
  ctx: SubgraphContext<any>,
  pathwayId: string,
  categories: DataCategory | readonly DataCategory[],
  facts: WriteFactsResolver = factsForWrite,
  held = false,
): Promise<void> {
  const decision = decideWrite(ctx.actor, await facts(pathwayId, ctx));
  for (const category of typeof categories === "string" ? [categories] : categories) {
    // An allowed write is recorded in its own transaction (`holdWrite`); a refusal at once.
    if (decision.allowed && held) ctx.audit.holdWrite(pathwayId, category, decision);
    else ctx.audit.record(pathwayId, category, decision, "WRITE");
  }
  await auditAhead(ctx);
  if (!decision.allowed) throw forbidden(decision.reason);
}

/**
 * Records a write decided in a resolver: an allowed write's entry is held for the write's own
 * transaction (`ctx.db.transaction`, `idempotent`), a refusal is written at once. Throws
 * AUDIT_UNAVAILABLE if a refusal's entry cannot be stored.
 */
export async function auditWriteDecision(ctx: SubgraphContext<any>, pathwayId: string, categories: readonly DataCategory[], decision: AccessDecision): Promise<void> {
  for (const category of categories) {
    if (decision.allowed) ctx.audit.holdWrite(pathwayId, category, decision);
    else ctx.audit.record(pathwayId, category, decision, "WRITE");
  }
  await auditAhead(ctx);
}

/**
 * Audits an allowed write inside the transaction that makes it (a pathway being opened, whose id
 * exists only there): the entries commit with the write or not at all. Throws AUDIT_UNAVAILABLE,
 * which rolls the write back, if they cannot be written.
 */
export async function auditWriteWithin(
  ctx: SubgraphContext<any>,
  tx: Queryable,
  pathwayId: string,
  categories: readonly DataCategory[],
  decision: AccessDecision,
): Promise<void> {
  for (const category of categories) ctx.audit.record(pathwayId, category, decision, "WRITE");
  try {
    await ctx.audit.writeWithin(tx);
  } catch {
    throw forbidden("AUDIT_UNAVAILABLE");
  }
}

/** The reason a shield rule's refusal carries (ROLE when it names none). */
function refusalReason(result: unknown): DenialReason {
  const reason = result instanceof GraphQLError ? result.extensions?.reason : undefined;
  return DENIAL_REASONS.includes(reason as DenialReason) ? (reason as DenialReason) : "ROLE";
}

/**
 * Records a refusal by a mutation's or a lookup's own rule (the role, the purpose) on the pathway
 * it names, and writes it before answering (best effort: a refusal releases and writes nothing).
 * Only a well-formed id is recorded, whether or not such a pathway exists.
 */
async function recordRefusal(ctx: SubgraphContext, pathwayId: unknown, categories: readonly DataCategory[], action: "READ" | "WRITE", result: unknown) {
  if (typeof pathwayId !== "string" || !isUuid(pathwayId) || !ctx.audit) return;
  const reason = refusalReason(result);
  for (const category of categories) ctx.audit.record(pathwayId.toLowerCase(), category, { allowed: false, reason }, action);
  await ctx.audit.flush(ctx.db).catch(() => undefined);
}

/**
 * Records a refusal by a mutation's own rule on the pathway of the record it names, looked up
 * in one statement whatever the id: an id of no record costs the same lookup and gets the same
 * refusal, and the entry is written off the answer's path (not awaited), so neither the answer
 * nor its timing tells whether the record exists; an id of no record is recorded on no pathway.
 * A malformed id is looked up nowhere.
 */
async function recordRefusalOnRecord(ctx: SubgraphContext, record: NamedRecord, args: Record<string, unknown>, categories: readonly DataCategory[], result: unknown) {
  const id = argumentAt(args, record.argument);
  if (typeof id !== "string" || !isUuid(id) || !ctx.audit) return;
  let pathwayId: string | null = null;
  try {
    const [row] = await ctx.db.query<{ pathway_id: string }>(
      `select ${record.pathwayColumn ?? "pathway_id"}::text as pathway_id from ${record.table} where id = $1`,
      [id.toLowerCase()],
    );
    pathwayId = row?.pathway_id ?? null;
  } catch {
    return;
  }
  // An id of no record is recorded too, on no pathway: who probed, when (the DPO sees it).
  const reason = refusalReason(result);
  const entries = categories.map((category) => ctx.audit.entryFor(pathwayId, category, { allowed: false, reason }, "WRITE"));
  void appendAuditEntries(ctx.db, entries).catch(() => undefined);
}

/** The value at a dotted path of a field's arguments (`input.referralId`). */
function argumentAt(args: Record<string, unknown>, path: string): unknown {
  let value: unknown = args;
  for (const part of path.split(".")) value = value && typeof value === "object" ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

type RefusalRecorder = (ctx: SubgraphContext, args: Record<string, unknown>, result: unknown) => Promise<void>;

/**
 * `gate` first, then `then`, one after the other; a refusal by `gate` is audited by `onRefusal`.
 * (A `chain` whose evaluation is this one: shield's own `and` would run both at once, and
 * record the write decision as allowed though the role was refused.)
 */
function auditedGate(gate: ShieldRule, then: ShieldRule, onRefusal: RefusalRecorder): ShieldRule {
  const composed = chain(gate as IRule, then as IRule);
  type Resolve = IRule["resolve"];
  composed.resolve = (async (parent, args, ctx, info, options) => {
    const gated = await (gate as IRule).resolve(parent, args, ctx, info, options);
    if (gated !== true) {
      await onRefusal(ctx as unknown as SubgraphContext, args as Record<string, unknown>, gated);
      return gated;
    }
    return (then as IRule).resolve(parent, args, ctx, info, options);
  }) as Resolve;
  return composed;
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

function writeRule(categories: readonly DataCategory[], facts: WriteFactsResolver): ShieldRule {
  return rule({ cache: "no_cache" })(async (_parent, args: Record<string, unknown>, ctx: SubgraphContext) => {
    const pathwayId = pathwayIdArgument(args);
    if (typeof pathwayId !== "string" || !isUuid(pathwayId)) return badUserInput("`pathwayId` is not a pathway id.", "pathwayId");
    try {
      await authorizeWrite(ctx, pathwayId.toLowerCase(), categories, facts, true);
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
  const personal = personalTypes(schema);
  for (const [name, field] of Object.entries(mutation?.getFields() ?? {})) {
    if (!(name in writes)) throw new Error(`Mutation.${name} does not say whether it writes about a pathway (SubgraphSchemaOptions.writes)`);
    const policy = writes[name]!;
    const categories = policyCategories(policy);
    if (policy !== null && categories.length === 0) throw new Error(`Mutation.${name}'s write policy names no data category`);
    for (const category of categories) if (!DATA_CATEGORIES.includes(category)) throw new Error(`Mutation.${name} names an unknown category ${category}`);
    for (const [input, category] of categoriesWritten(schema, field)) {
      if (!categories.includes(category)) throw new Error(`Mutation.${name} writes ${input} (${category}), which its write policy does not name`);
    }
    if (policy === null) {
      const about = whatNamesHer(schema, field, personal);
      if (about) throw new Error(`Mutation.${name} ${about}, but its write policy is null (about no woman): name the categories it writes, so the kit decides and audits it`);
      continue;
    }
    if (!Array.isArray(policy)) {
      const record = (policy as { record?: NamedRecord }).record;
      if ("decidedInResolver" in policy && !record && namesARecord(field)) {
        throw new Error(`Mutation.${name} is decided in its resolver: name the record its arguments point to (decidedOnRecord), so a refusal by its rule is recorded on her pathway`);
      }
      if (!record) continue;
      for (const identifier of [record.table, record.pathwayColumn ?? "pathway_id"]) {
        if (!/^[a-z_][a-z0-9_]*$/.test(identifier)) throw new Error(`Mutation.${name}'s record names ${identifier}, which is not a table or column name`);
      }
      const existing = tree.Mutation?.[name] ?? tree.Mutation?.["*"];
      if (!existing) throw new Error(`Mutation.${name} has no rule for who may call it`);
      (tree.Mutation ??= {})[name] = auditedGate(existing, allow, (ctx, args, result) => recordRefusalOnRecord(ctx, record, args, categories, result));
      continue;
    }
    const input = field.args.find((arg) => arg.name === "input");
    const inputType = input ? getNamedType(input.type) : undefined;
    const named = field.args.some((arg) => arg.name === "pathwayId") || (isInputObjectType(inputType) && "pathwayId" in inputType.getFields());
    if (!named) throw new Error(`Mutation.${name} writes about a pathway but takes no pathwayId (nor input.pathwayId)`);
    const existing = tree.Mutation?.[name] ?? tree.Mutation?.["*"];
    if (!existing) throw new Error(`Mutation.${name} has no rule for who may call it`);
    (tree.Mutation ??= {})[name] = auditedGate(existing, writeRule(categories, writeFacts), (ctx, args, result) =>
      recordRefusal(ctx, pathwayIdArgument(args), categories, "WRITE", result),
    );
  }
  // A lookup of one pathway by id: a caller its rule refuses (an analyst, an admin, the DPO) is
  // recorded on the pathway named, as a refusal deeper in the answer is.
  for (const [name, field] of Object.entries(schema.getQueryType()?.getFields() ?? {})) {
    const idArgument = pathwayLookupArgument(field);
    const existing = tree.Query?.[name] ?? tree.Query?.["*"];
    if (!idArgument || !existing) continue;
    tree.Query![name] = auditedGate(existing, allow, (ctx, args, result) => recordRefusal(ctx, args[idArgument], ["CASE_STATUS"], "READ", result));
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

/**
 * How a mutation shows it is about a woman, if it does: an argument or input field naming a
 * pathway, or an answer that is a record about her (a type reachable from `Pathway` or carrying
 * a label: its table links her pathway). Null: nothing the schema says ties it to her.
 */
function whatNamesHer(schema: GraphQLSchema, field: GraphQLField<unknown, unknown>, personal: ReadonlyMap<string, string>): string | null {
  const seen = new Set<string>();
  const named = (path: string, name: string, typeName: string): string | null => {
    if (name === "pathwayId" || name === "pathwayIds") return path;
    const type = schema.getType(typeName);
    if (!isInputObjectType(type) || seen.has(typeName)) return null;
    seen.add(typeName);
    for (const child of Object.values(type.getFields())) {
      const found = named(`${path}.${child.name}`, child.name, getNamedType(child.type).name);
      if (found) return found;
    }
    return null;
  };
  for (const arg of field.args) {
    const found = named(arg.name, arg.name, getNamedType(arg.type).name);
    if (found) return `takes ${found}`;
  }
  const answer = getNamedType(field.type).name;
  return personal.has(answer) ? `answers ${answer}, a record about her` : null;
}

/** Whether a mutation's arguments name a record by id (`id`, or an input field ending in `Id`). */
function namesARecord(field: GraphQLField<unknown, unknown>): boolean {
  return field.args.some((arg) => {
    if (arg.name === "id" || arg.name.endsWith("Id")) return true;
    const type = getNamedType(arg.type);
    return isInputObjectType(type) && Object.keys(type.getFields()).some((name) => name === "id" || name.endsWith("Id"));
  });
}

/** The argument by which a root field looks up one pathway: `pathwayId`, or `id` of a field answering a Pathway. */
function pathwayLookupArgument(field: GraphQLField<unknown, unknown>): string | null {
  if (field.name.startsWith("_")) return null;
  if (field.args.some((arg) => arg.name === "pathwayId")) return "pathwayId";
  return getNamedType(field.type).name === "Pathway" && field.args.some((arg) => arg.name === "id") ? "id" : null;
}

/** Input fields that say nothing about her: the record named, the retry key. */
const UNLABELLED_INPUTS = new Set(["pathwayId", "id", "idempotencyKey"]);

/**
 * What a mutation's input writes, by name: an input field named as a labelled field of a type its
 * answer reaches (`healthNotes` → `NeedsAssessment.healthNotes`, HEALTH). A policy must name
 * each such category: a write recorded as one category while it stores others is refused at start.
 */
export function categoriesWritten(schema: GraphQLSchema, field: GraphQLField<unknown, unknown>): [input: string, category: DataCategory][] {
  const labelled = new Map<string, Set<DataCategory>>();
  const sensitive = sensitiveFields(schema);
  const seen = new Set<string>();
  const visit = (typeName: string) => {
    if (seen.has(typeName)) return;
    seen.add(typeName);
    const type = schema.getType(typeName);
    if (!isObjectType(type)) return;
    for (const child of Object.values(type.getFields())) {
      const category = sensitive.get(`${typeName}.${child.name}`);
      if (category) (labelled.get(child.name) ?? labelled.set(child.name, new Set()).get(child.name)!).add(category);
      visit(getNamedType(child.type).name);
    }
  };
  visit(getNamedType(field.type).name);
  const written: [string, DataCategory][] = [];
  const inputs = new Set<string>();
  const walk = (path: string, name: string, typeName: string) => {
    if (!UNLABELLED_INPUTS.has(name)) for (const category of labelled.get(name) ?? []) written.push([path, category]);
    const type = schema.getType(typeName);
    if (!isInputObjectType(type) || inputs.has(typeName)) return;
    inputs.add(typeName);
    for (const child of Object.values(type.getFields())) walk(`${path}.${child.name}`, child.name, getNamedType(child.type).name);
  };
  for (const arg of field.args) walk(arg.name, arg.name, getNamedType(arg.type).name);
  return written;
}

/** The indicators' value types: aggregates under a section its resolver has already checked. */
export const AGGREGATE_VALUE_TYPES: readonly string[] = ["Indicator", "IndicatorCell", "IndicatorDefinitionDescription", "IndicatorPeriod", "IndicatorRelease"];

function isRule(value: ShieldRule | TypeRules): value is ShieldRule {
  return typeof (value as { resolve?: unknown }).resolve === "function";
}

/** Fields named in `@key(fields: "...")`: the planner must always be able to read them. */
export function entityKeyFields(schema: GraphQLSchema): Map<string, string[]> {
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
