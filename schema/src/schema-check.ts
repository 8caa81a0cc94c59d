import { CriticalityLevel, diff } from "@graphql-inspector/core";
import {
  buildASTSchema,
  buildSchema,
  parse,
  Kind,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from "graphql";
import { apiSchemaOf } from "./api-schema.js";
import { describeLabelProblem, labelProblems, supergraphKeyFields } from "./privacy-labels.js";
import { sensitiveFieldsOf } from "./sensitive-fields.js";

/**
 * Schema governance: what `npm run schema:check` decides, as functions of the schemas (the CLI in
 * schema-check-cli.ts reads and writes the files). A change to the network's contract is judged
 * against the committed one: breaking changes for clients (graphql-inspector), and changes of who
 * may see what (a field's data category, a role's ceiling) fail unless acknowledged.
 */

export interface SchemaChange {
  /** Where: `Type.field`, `Type`, or `ceiling:ROLE`. */
  path: string;
  message: string;
  breaking: boolean;
  /** Who may see what grows without taking anything from anyone: shown for review, not failing. */
  review?: boolean;
}

/** What the privacy rules of a contract are: each labelled field's category, each role's ceiling. */
export interface PrivacyContract {
  labels: Record<string, string>;
  ceilings: Record<string, readonly string[]>;
}

export function privacyContractOf(supergraphSdl: string, ceilings: Readonly<Record<string, readonly string[]>>): PrivacyContract {
  return {
    labels: Object.fromEntries([...sensitiveFieldsOf(supergraphSdl)].sort(([a], [b]) => a.localeCompare(b))),
    ceilings: Object.fromEntries(Object.entries(ceilings).map(([role, categories]) => [role, [...categories].sort()])),
  };
}

/** The client-facing changes between two supergraphs, by graphql-inspector. */
export async function apiChanges(before: string, after: string): Promise<SchemaChange[]> {
  const changes = await diff(buildSchema(apiSchemaOf(before)), buildSchema(apiSchemaOf(after)));
  return changes.map((change) => ({
    path: change.path ?? change.type,
    message: change.message,
    breaking: change.criticality.level === CriticalityLevel.Breaking,
  }));
}

/**
 * Changes of who may see what. Breaking: a label removed or its category changed (what a field
 * discloses, and to whom, moves), an existing role's ceiling raised or lowered. For review only
 * (the privacy contract's diff, not an acknowledgement): a new labelled field and a new role's
 * ceiling, which change nothing anyone could already see: a signatory adds them in its own folder
 * and the directory, and the control room reads them in `privacy-contract.json`. (A new field
 * without a label never gets here: the lint refuses it.)
 */
export function privacyChanges(before: PrivacyContract, after: PrivacyContract): SchemaChange[] {
  const changes: SchemaChange[] = [];
  for (const [field, category] of Object.entries(before.labels)) {
    const now = after.labels[field];
    if (now === undefined) {
      changes.push({ path: field, message: `'${field}' is no longer labelled ${category} (or is gone)`, breaking: true });
    } else if (now !== category) {
      changes.push({ path: field, message: `'${field}' changes category from ${category} to ${now}`, breaking: true });
    }
  }
  for (const [field, category] of Object.entries(after.labels)) {
    if (!(field in before.labels)) changes.push({ path: field, message: `'${field}' is a new personal field (${category})`, breaking: false, review: true });
  }
  const roles = new Set([...Object.keys(before.ceilings), ...Object.keys(after.ceilings)]);
  for (const role of roles) {
    if (!(role in before.ceilings)) {
      changes.push({ path: `ceiling:${role}`, message: `new role ${role} may see ${[...(after.ceilings[role] ?? [])].join(", ") || "nothing"}`, breaking: false, review: true });
      continue;
    }
    const was = new Set(before.ceilings[role] ?? []);
    const is = new Set(after.ceilings[role] ?? []);
    const raised = [...is].filter((c) => !was.has(c));
    const lowered = [...was].filter((c) => !is.has(c));
    if (raised.length > 0) changes.push({ path: `ceiling:${role}`, message: `role ${role} may now see ${raised.join(", ")}`, breaking: true });
    if (lowered.length > 0) changes.push({ path: `ceiling:${role}`, message: `role ${role} may no longer see ${lowered.join(", ")}`, breaking: true });
  }
  return changes;
}

/**
 * A change confined to subgraphs that are not live yet (the manifest's `proposed: true`) breaks
 * no client: it is shown for review instead. Confined: every subgraph whose SDL, before or after,
 * defines the changed field (or the changed type, for a path without a field) is proposed. A
 * role's ceiling belongs to no subgraph and keeps its judgement.
 */
export function confineToProposed(changes: readonly SchemaChange[], subgraphs: readonly { sdl: string; proposed: boolean }[]): SchemaChange[] {
  const owners = subgraphs.map(({ sdl, proposed }) => ({ defines: definedPaths(sdl), proposed }));
  return changes.map((change) => {
    if (!change.breaking || change.path.startsWith("ceiling:")) return change;
    const [type, field] = change.path.split(".");
    const path = field === undefined ? type! : `${type}.${field}`;
    const defining = owners.filter(({ defines }) => defines.has(path));
    return defining.length > 0 && defining.every(({ proposed }) => proposed) ? { ...change, breaking: false, review: true } : change;
  });
}

/** `Type` and `Type.member` (fields, input fields, enum values) an SDL defines or extends. */
function definedPaths(sdl: string): Set<string> {
  const paths = new Set<string>();
  for (const definition of parse(sdl).definitions) {
    if (!("name" in definition) || !definition.name) continue;
    const type = definition.name.value;
    if (definition.kind !== Kind.OBJECT_TYPE_EXTENSION && definition.kind !== Kind.INTERFACE_TYPE_EXTENSION) paths.add(type);
    const members = "fields" in definition ? definition.fields : "values" in definition ? definition.values : undefined;
    for (const member of members ?? []) paths.add(`${type}.${member.name.value}`);
  }
  return paths;
}

/** Acknowledged changes: each names a change by its path and says why it is accepted. */
export interface Acknowledgement {
  path: string;
  reason: string;
}

export function unacknowledged(changes: readonly SchemaChange[], acknowledged: readonly Acknowledgement[]): SchemaChange[] {
  const paths = new Set(acknowledged.filter((a) => a.reason?.trim()).map((a) => a.path));
  return changes.filter((change) => change.breaking && !paths.has(change.path));
}

export interface LintProblem {
  path: string;
  problem: "NO_DESCRIPTION" | "NAMING" | "LABEL";
  detail: string;
}

/**
 * Every field of a type about her labelled `@sensitive(category)` or `@notPersonal(reason)`, the
 * types found by following the supergraph from `Pathway` (privacy-labels.ts): a new unlabelled
 * personal field fails the check, with no baseline.
 */
export function labelLint(supergraphSdl: string): LintProblem[] {
  const schema = buildASTSchema(parse(supergraphSdl), { assumeValid: true, assumeValidSDL: true });
  return labelProblems(schema, supergraphKeyFields(schema)).map((problem) => ({ path: problem.field, problem: "LABEL", detail: describeLabelProblem(problem) }));
}

const PASCAL = /^[A-Z][A-Za-z0-9]*$/;
const CAMEL = /^[a-z][A-Za-z0-9]*$/;
const UPPER = /^[A-Z][A-Z0-9_]*$/;

/**
 * The client-facing schema's conventions: a description on every type and field (what a new
 * user reads in GraphiQL), types in PascalCase, fields and arguments in camelCase, enum values in
 * UPPER_CASE. Federation's own names (`_Service`, `_entities`) are not the network's.
 */
export function lintApiSchema(schema: GraphQLSchema): LintProblem[] {
  const problems: LintProblem[] = [];
  const own = (type: GraphQLNamedType) => !type.name.startsWith("__") && !type.name.startsWith("_") && !(isScalarType(type) && isSpecifiedScalarType(type));
  for (const type of Object.values(schema.getTypeMap()).filter(own)) {
    if (!type.description) problems.push({ path: type.name, problem: "NO_DESCRIPTION", detail: "type without a description" });
    if (!PASCAL.test(type.name)) problems.push({ path: type.name, problem: "NAMING", detail: "type names are PascalCase" });
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        const path = `${type.name}.${field.name}`;
        if (field.name.startsWith("_")) continue;
        if (!field.description) problems.push({ path, problem: "NO_DESCRIPTION", detail: "field without a description" });
        if (!CAMEL.test(field.name)) problems.push({ path, problem: "NAMING", detail: "field names are camelCase" });
        for (const argument of "args" in field ? field.args : []) {
          if (!CAMEL.test(argument.name)) problems.push({ path: `${path}(${argument.name})`, problem: "NAMING", detail: "argument names are camelCase" });
        }
      }
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) {
        if (!UPPER.test(value.name)) problems.push({ path: `${type.name}.${value.name}`, problem: "NAMING", detail: "enum values are UPPER_CASE" });
      }
    }
  }
  return problems;
}
