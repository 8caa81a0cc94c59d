import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { DATA_CATEGORIES, type DataCategory } from "./vocabulary.js";

/**
 * The network's vocabulary as data (`schema/network.yaml`): roles and their capabilities,
 * organisation types, the organisation directory. This module is its one reader; code asks it
 * for capabilities and traits, never compares a role's or a type's name.
 */

/** The default file, next to supergraph.yaml; `PERCORSI_NETWORK_VOCABULARY` names another. */
export const NETWORK_VOCABULARY_PATH = fileURLToPath(new URL("../network.yaml", import.meta.url));

/** A role's name as the identity provider writes it in the `roles` claim; what it grants is data. */
export type Role = string;
/** An organisation type declared in the vocabulary. */
export type OrganisationType = string;

/** Whose records a reach covers: every one, the caller's organisation's, or none. */
export const REACHES = ["ALL", "OWN_ORGANISATION", "NONE"] as const;
export type Reach = (typeof REACHES)[number];

export interface Capabilities {
  /** Works on individual cases (reads and writes pathway records); without it, no row. */
  casework: boolean;
  /** The categories it may ever see, whatever a consent says. */
  ceiling: ReadonlySet<DataCategory>;
  /** ALL: every pathway's access report; OWN_ORGANISATION: the pathways its organisation holds. */
  readsAccessReports: Reach;
  /** ALL: every row of every breakdown; OWN_ORGANISATION: its organisation's row. */
  readsIndicators: Reach;
  /** May declare a read on a legal basis other than consent. */
  breakGlass: boolean;
  /** Administers organisations and users (no case data). */
  administersNetwork: boolean;
}

/** The yes/no capabilities, for `can`. */
export type Capability = "casework" | "breakGlass" | "administersNetwork";

export interface RoleDefinition extends Capabilities {
  name: Role;
  description: string;
}

export interface OrganisationTypeDefinition {
  name: OrganisationType;
  /** Opens pathways and holds a woman's identity. */
  caseHolder: boolean;
  /** A case-holder may refer a pathway to it. */
  receivesReferrals: boolean;
}

export interface DirectoryOrganisation {
  id: string;
  name: string;
  type: OrganisationType;
  district: string;
  /** Its staff count, where indicators need one; null when not stated. */
  operators: number | null;
}

export interface NetworkVocabulary {
  /** The file it was read from (for messages). */
  source: string;
  roles: ReadonlyMap<Role, RoleDefinition>;
  organisationTypes: ReadonlyMap<OrganisationType, OrganisationTypeDefinition>;
  directory: readonly DirectoryOrganisation[];
}

const NAME = /^[A-Z][A-Z0-9_]*$/;
const ORGANISATION_ID = /^[a-z0-9][a-z0-9-]*$/;
const ROLE_KEYS = ["description", "casework", "ceiling", "readsAccessReports", "readsIndicators", "breakGlass", "administersNetwork"];
const TYPE_KEYS = ["caseHolder", "receivesReferrals"];
const ORGANISATION_KEYS = ["id", "name", "type", "district", "operators"];

/** Reads and validates a vocabulary file; throws one error naming the file and the entry at fault. */
export function readNetworkVocabulary(path: string = defaultPath()): NetworkVocabulary {
  return parseNetworkVocabulary(readFileSync(path, "utf8"), path);
}

/** Validates a vocabulary's YAML text (`source` names it in errors). */
export function parseNetworkVocabulary(text: string, source: string): NetworkVocabulary {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new Error(`${source}: not valid YAML (${(error as Error).message.split("\n")[0]})`);
  }
  return validateNetworkVocabulary(raw, source);
}

/**
 * The vocabulary of a file with some entries added or replaced (roles and types by name, the
 * directory's organisations appended), validated like the file: a test's or a tool's fixture,
 * the file itself untouched.
 */
export function extendNetworkVocabulary(
  additions: { roles?: Record<string, object>; organisationTypes?: Record<string, object>; directory?: object[] },
  path: string = defaultPath(),
): NetworkVocabulary {
  const raw = parseYaml(readFileSync(path, "utf8")) as { roles?: object; organisationTypes?: object; directory?: object[] };
  return validateNetworkVocabulary(
    {
      ...raw,
      roles: { ...raw.roles, ...additions.roles },
      organisationTypes: { ...raw.organisationTypes, ...additions.organisationTypes },
      directory: [...(raw.directory ?? []), ...(additions.directory ?? [])],
    },
    `${path} (extended)`,
  );
}

function validateNetworkVocabulary(raw: unknown, source: string): NetworkVocabulary {
  const fail = (where: string, message: string): never => {
    throw new Error(`${source}: ${where}: ${message}`);
  };
  const config = record(raw, "the file", fail);
  known(config, ["roles", "organisationTypes", "directory"], "the file", fail);

  const roles = new Map<Role, RoleDefinition>();
  for (const [name, value] of Object.entries(record(config.roles, "roles", fail))) {
    const where = `role ${name}`;
    if (!NAME.test(name)) fail(where, "a role's name is upper-case letters, digits and '_'");
    const entry = record(value ?? {}, where, fail);
    known(entry, ROLE_KEYS, where, fail);
    roles.set(name, {
      name,
      description: entry.description === undefined ? "" : text_(entry.description, `${where}.description`, fail),
      casework: flag(entry.casework, `${where}.casework`, fail),
      ceiling: ceiling(entry.ceiling, `${where}.ceiling`, fail),
      readsAccessReports: reach(entry.readsAccessReports, `${where}.readsAccessReports`, fail),
      readsIndicators: reach(entry.readsIndicators, `${where}.readsIndicators`, fail),
      breakGlass: flag(entry.breakGlass, `${where}.breakGlass`, fail),
      administersNetwork: flag(entry.administersNetwork, `${where}.administersNetwork`, fail),
    });
  }
  if (roles.size === 0) fail("roles", "the network declares no role");

  const organisationTypes = new Map<OrganisationType, OrganisationTypeDefinition>();
  for (const [name, value] of Object.entries(record(config.organisationTypes, "organisationTypes", fail))) {
    const where = `organisation type ${name}`;
    if (!NAME.test(name)) fail(where, "a type's name is upper-case letters, digits and '_'");
    const entry = record(value ?? {}, where, fail);
    known(entry, TYPE_KEYS, where, fail);
    organisationTypes.set(name, {
      name,
      caseHolder: flag(entry.caseHolder, `${where}.caseHolder`, fail),
      receivesReferrals: flag(entry.receivesReferrals, `${where}.receivesReferrals`, fail),
    });
  }
  if (organisationTypes.size === 0) fail("organisationTypes", "the network declares no organisation type");

  const directoryEntries = config.directory ?? [];
  if (!Array.isArray(directoryEntries)) fail("directory", "must be a list of organisations");
  const seen = new Set<string>();
  const directory = (directoryEntries as unknown[]).map((value, index): DirectoryOrganisation => {
    const entry = record(value, `directory[${index}]`, fail);
    const id = text_(entry.id, `directory[${index}].id`, fail);
    const where = `organisation ${id}`;
    if (!ORGANISATION_ID.test(id)) fail(where, "an id is lower-case letters, digits and '-'");
    if (seen.has(id)) fail(where, "duplicate id");
    seen.add(id);
    known(entry, ORGANISATION_KEYS, where, fail);
    const type = text_(entry.type, `${where}.type`, fail);
    if (!organisationTypes.has(type)) fail(`${where}.type`, `type ${type} is not declared under organisationTypes`);
    const operators = entry.operators ?? null;
    if (operators !== null && (!Number.isInteger(operators) || (operators as number) < 0)) fail(`${where}.operators`, "must be a whole number");
    return { id, name: text_(entry.name, `${where}.name`, fail), type, district: text_(entry.district, `${where}.district`, fail), operators: operators as number | null };
  });
  return { source, roles, organisationTypes, directory };
}

type Fail = (where: string, message: string) => never;

function record(value: unknown, where: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(where, "must be a mapping");
  return value as Record<string, unknown>;
}

function known(entry: Record<string, unknown>, keys: readonly string[], where: string, fail: Fail): void {
  // A misspelt capability would silently grant nothing (or, worse, be read as absent by a reviewer).
  for (const key of Object.keys(entry)) if (!keys.includes(key)) fail(where, `unknown key ${key} (known: ${keys.join(", ")})`);
}

function flag(value: unknown, where: string, fail: Fail): boolean {
  if (value === undefined) return false;
  if (typeof value !== "boolean") fail(where, "must be true or false");
  return value as boolean;
}

function text_(value: unknown, where: string, fail: Fail): string {
  if (typeof value !== "string" || value.trim() === "") fail(where, "must be a non-empty string");
  return value as string;
}

function reach(value: unknown, where: string, fail: Fail): Reach {
  if (value === undefined) return "NONE";
  if (!REACHES.includes(value as Reach)) fail(where, `must be one of ${REACHES.join(", ")}`);
  return value as Reach;
}

function ceiling(value: unknown, where: string, fail: Fail): ReadonlySet<DataCategory> {
  if (value === undefined) return new Set();
  if (value === "ALL") return new Set(DATA_CATEGORIES);
  if (!Array.isArray(value)) fail(where, "must be ALL or a list of data categories");
  for (const category of value as unknown[]) {
    if (!DATA_CATEGORIES.includes(category as DataCategory)) fail(where, `unknown data category ${String(category)}`);
  }
  return new Set(value as DataCategory[]);
}

function defaultPath(): string {
  return process.env.PERCORSI_NETWORK_VOCABULARY || NETWORK_VOCABULARY_PATH;
}

let active: NetworkVocabulary | undefined;

/** The vocabulary this process runs with: read once, on first use. */
export function networkVocabulary(): NetworkVocabulary {
  return (active ??= readNetworkVocabulary());
}

/**
 * Makes this process run with another vocabulary (a deployment's file read at start, a test's
 * fixture); returns the one it replaces, for the caller to put back.
 */
export function useNetworkVocabulary(vocabulary: NetworkVocabulary): NetworkVocabulary {
  const previous = networkVocabulary();
  active = vocabulary;
  return previous;
}

const NOTHING: Capabilities = {
  casework: false,
  ceiling: new Set(),
  readsAccessReports: "NONE",
  readsIndicators: "NONE",
  breakGlass: false,
  administersNetwork: false,
};
const REACH_ORDER: Record<Reach, number> = { NONE: 0, OWN_ORGANISATION: 1, ALL: 2 };
const wider = (a: Reach, b: Reach): Reach => (REACH_ORDER[b] > REACH_ORDER[a] ? b : a);

/** What a set of roles may do: the union of its known roles' capabilities; unknown roles add nothing. */
export function capabilitiesOf(roles: readonly Role[], vocabulary: NetworkVocabulary = networkVocabulary()): Capabilities {
  let result = NOTHING;
  for (const role of roles) {
    const definition = vocabulary.roles.get(role);
    if (!definition) continue;
    result = {
      casework: result.casework || definition.casework,
      ceiling: new Set([...result.ceiling, ...definition.ceiling]),
      readsAccessReports: wider(result.readsAccessReports, definition.readsAccessReports),
      readsIndicators: wider(result.readsIndicators, definition.readsIndicators),
      breakGlass: result.breakGlass || definition.breakGlass,
      administersNetwork: result.administersNetwork || definition.administersNetwork,
    };
  }
  return result;
}

/** Whether a caller (anything with roles) has a yes/no capability. */
export function can(caller: { roles: readonly Role[] } | null | undefined, capability: Capability): boolean {
  return !!caller && capabilitiesOf(caller.roles)[capability];
}

/** The most the caller's roles may ever see: the union of their ceilings. */
export function ceilingOf(roles: readonly Role[]): ReadonlySet<DataCategory> {
  return capabilitiesOf(roles).ceiling;
}

/** Every role's ceiling, by name (the privacy contract's view of the roles). */
export function roleCeilings(vocabulary: NetworkVocabulary = networkVocabulary()): Record<Role, DataCategory[]> {
  return Object.fromEntries([...vocabulary.roles.values()].map((role) => [role.name, [...role.ceiling]]));
}

/** A role the vocabulary declares (a token's other roles are left out: they grant nothing). */
export function isRole(value: unknown): value is Role {
  return typeof value === "string" && networkVocabulary().roles.has(value);
}

export function isOrganisationType(value: unknown): value is OrganisationType {
  return typeof value === "string" && networkVocabulary().organisationTypes.has(value);
}

/** The organisation types that hold cases (open pathways, keep a woman's identity). */
export function caseHolderTypes(): OrganisationType[] {
  return [...networkVocabulary().organisationTypes.values()].filter((type) => type.caseHolder).map((type) => type.name);
}

/** The organisation types a case-holder may refer a pathway to. */
export function referralReceivingTypes(): OrganisationType[] {
  return [...networkVocabulary().organisationTypes.values()].filter((type) => type.receivesReferrals).map((type) => type.name);
}

/** The network's organisations. */
export function networkDirectory(): readonly DirectoryOrganisation[] {
  return networkVocabulary().directory;
}

/**
 * The organisation types as the GraphQL enum `OrganisationType` lists them: those of the
 * vocabulary this process started with (a schema is built once).
 */
export const ORGANISATION_TYPES: readonly OrganisationType[] = [...networkVocabulary().organisationTypes.keys()];
