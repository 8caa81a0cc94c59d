import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { SUBGRAPHS_CONFIG_PATH } from "./supergraph-file.js";
import { isOrganisationType, type OrganisationType } from "./network-vocabulary.js";

/**
 * The network as configured: the subgraphs of `schema/supergraph.yaml`, in its order. Everything
 * that needs the list (composition, `npm start`, the benchmarks, the gateway's test network, the
 * audit verifier, the indicator docs) reads it here; a signatory joins by adding its entry.
 */
export interface NetworkSubgraph {
  name: string;
  /** Where the gateway reaches it (its port is the subgraph's default port). */
  routingUrl: string;
  /** Default port, from the routing URL; `<ENV_NAME>_PORT` overrides it at run time. */
  port: number;
  /** `ANTI_VIOLENCE` for "anti-violence": the prefix of its environment variables. */
  envName: string;
  /** Where composition reads its SDL. */
  schema: { module: string; export: string } | { file: string };
  /** The listener `npm start` runs (a path from the repository root); absent: it runs elsewhere. */
  main?: string;
  /** The factory the in-process test network builds it with: `(options) => Subgraph`. */
  server?: { module: string; export: string };
  /** Its indicator sections. */
  indicators?: { module: string; export: string };
  /**
   * What the consent authority hands it for each indicator release: the women its organisations
   * (of these types) are involved with, and of each only these attributes. Reviewed configuration:
   * the control room decides what each subgraph learns (docs/indicators.md lists it).
   */
  indicatorCohort?: { organisationTypes: OrganisationType[]; attributes: CohortAttributeName[] };
  /** The consent authority (one per network): it mints receipts and records break-glass declarations. */
  consentAuthority: boolean;
  /**
   * The consent authority's indicator release runner, for in-process networks:
   * `(db, env) => { runAllDue(day) }`, reaching the other subgraphs where `env` says.
   */
  releaseRunner?: { module: string; export: string };
  /** The services (`readServices`) it reads and writes through. */
  uses: string[];
  /** Who can sign in to the demo network at its organisations (development tokens only). */
  demoUsers: ManifestDemoUser[];
  /**
   * Not live yet (`proposed: true`, as the scaffold writes it): no client depends on its API, so
   * schema:check shows a change confined to its own types and fields for review instead of
   * failing it. The control room removes the key when it routes production traffic to it.
   */
  proposed: boolean;
}

/**
 * A demo user a subgraph's manifest entry declares (`demo_users:`), so that a signatory's
 * operator can sign in to the demo without code outside its folder; @percorsi/demo adds them to
 * its sign-in users. Its organisation must be in the directory of schema/network.yaml.
 */
export interface ManifestDemoUser {
  id: string;
  displayName: string;
  organisationId: string;
  roles: string[];
  description: string;
}

/**
 * A process of the demo network that is not a subgraph: the stand-in for an agency's existing
 * system that a subgraph sits over (`uses`). `npm start` runs its `main` with a fresh API key
 * (`<ENV_NAME>_API_KEY`) and hands that key and its URL (`<ENV_NAME>_URL`) to the subgraphs
 * that use it; the in-process networks start its `server` factory
 * (`(options: { apiKey, seed, db? }) => { listen(port), stop() }`).
 */
export interface NetworkService {
  name: string;
  /** Its base URL (its port is the default port; `<ENV_NAME>_PORT` overrides it). */
  url: string;
  port: number;
  envName: string;
  main?: string;
  server?: { module: string; export: string };
}

/** What a subgraph may be granted about a woman in a release's cohort (see the kit's COHORT_ATTRIBUTES). */
export const COHORT_ATTRIBUTE_NAMES = ["openedOn", "planSignedOn", "referralsSentOn"] as const;
export type CohortAttributeName = (typeof COHORT_ATTRIBUTE_NAMES)[number];

interface Entry {
  routing_url?: unknown;
  schema?: { module?: unknown; export?: unknown; file?: unknown };
  main?: unknown;
  server?: { module?: unknown; export?: unknown };
  indicators?: { module?: unknown; export?: unknown };
  indicator_cohort?: { organisation_types?: unknown; attributes?: unknown };
  consent_authority?: unknown;
  release_runner?: { module?: unknown; export?: unknown };
  uses?: unknown;
  url?: unknown;
  demo_users?: unknown;
  proposed?: unknown;
}

interface Manifest {
  subgraphs?: Record<string, Entry>;
  services?: Record<string, Entry>;
}

/** `ANTI_VIOLENCE` for "anti-violence". */
export const envNameOf = (name: string): string => name.toUpperCase().replace(/-/g, "_");

export function readNetwork(path: string = SUBGRAPHS_CONFIG_PATH): NetworkSubgraph[] {
  const config = parseYaml(readFileSync(path, "utf8")) as Manifest | null;
  const services = new Set(Object.keys(config?.services ?? {}));
  const entries = Object.entries(config?.subgraphs ?? {});
  if (entries.length === 0) throw new Error(`${path} lists no subgraphs`);
  const network = entries.map(([name, entry]) => {
    const where = `${path}: subgraph ${name}`;
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`${where}: a name is lowercase letters, digits and '-'`);
    if (typeof entry.routing_url !== "string") throw new Error(`${where} has no routing_url`);
    const routingUrl = entry.routing_url;
    const port = Number(new URL(routingUrl).port);
    if (!port) throw new Error(`${where}: routing_url names no port`);
    const uses = entry.uses === undefined ? [] : entry.uses;
    if (!Array.isArray(uses) || uses.some((service) => typeof service !== "string" || !services.has(service))) {
      throw new Error(`${where}: uses must list services of the manifest's services:`);
    }
    if (entry.consent_authority !== undefined && typeof entry.consent_authority !== "boolean") throw new Error(`${where}: consent_authority must be true or false`);
    if (entry.proposed !== undefined && typeof entry.proposed !== "boolean") throw new Error(`${where}: proposed must be true or false`);
    const subgraph: NetworkSubgraph = {
      name,
      routingUrl,
      port,
      envName: envNameOf(name),
      schema: schemaOf(entry.schema, where, path),
      consentAuthority: entry.consent_authority === true,
      uses: uses as string[],
      demoUsers: demoUsersOf(entry.demo_users, `${where}: demo_users`),
      proposed: entry.proposed === true,
    };
    if (entry.main !== undefined) subgraph.main = text(entry.main, `${where}: main`);
    if (entry.server !== undefined) subgraph.server = moduleExport(entry.server, `${where}: server`);
    if (entry.indicators !== undefined) subgraph.indicators = moduleExport(entry.indicators, `${where}: indicators`);
    if (entry.indicator_cohort !== undefined) subgraph.indicatorCohort = indicatorCohortOf(entry.indicator_cohort, `${where}: indicator_cohort`);
    if (entry.release_runner !== undefined) {
      if (!subgraph.consentAuthority) throw new Error(`${where}: only the consent_authority has a release_runner`);
      subgraph.releaseRunner = moduleExport(entry.release_runner, `${where}: release_runner`);
    }
    return subgraph;
  });
  if (network.filter((s) => s.consentAuthority).length > 1) throw new Error(`${path}: more than one subgraph is the consent_authority`);
  return network;
}

/** The name of the network's consent authority (the subgraph `consent_authority: true`), if any. */
export function consentAuthorityOf(network: readonly NetworkSubgraph[] = readNetwork()): string | undefined {
  return network.find((subgraph) => subgraph.consentAuthority)?.name;
}

/** The manifest's services (stand-ins for agencies' existing systems), in its order. */
export function readServices(path: string = SUBGRAPHS_CONFIG_PATH): NetworkService[] {
  const config = parseYaml(readFileSync(path, "utf8")) as Manifest | null;
  return Object.entries(config?.services ?? {}).map(([name, entry]) => {
    const where = `${path}: service ${name}`;
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`${where}: a name is lowercase letters, digits and '-'`);
    const url = text(entry.url, `${where}: url`);
    const port = Number(new URL(url).port);
    if (!port) throw new Error(`${where}: url names no port`);
    const service: NetworkService = { name, url, port, envName: envNameOf(name) };
    if (entry.main !== undefined) service.main = text(entry.main, `${where}: main`);
    if (entry.server !== undefined) service.server = moduleExport(entry.server, `${where}: server`);
    return service;
  });
}

/** The port a subgraph (or service) listens on here: `<ENV_NAME>_PORT`, else the manifest's. */
export function portOf(subgraph: { envName: string; port: number }, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[`${subgraph.envName}_PORT`];
  return raw ? Number(raw) : subgraph.port;
}

/** Where a subgraph is reached here: `SUBGRAPH_<ENV_NAME>_URL`, else its routing URL on the port it listens on. */
export function urlOf(subgraph: NetworkSubgraph, env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env[`SUBGRAPH_${subgraph.envName}_URL`];
  if (explicit) return explicit;
  const url = new URL(subgraph.routingUrl);
  url.port = String(portOf(subgraph, env));
  return url.toString();
}

/** What a `{ module, export }` entry names, imported. */
export async function importExport<T>(entry: { module: string; export: string }): Promise<T> {
  const loaded = (await import(entry.module)) as Record<string, unknown>;
  if (!(entry.export in loaded)) throw new Error(`${entry.module} does not export ${entry.export}`);
  return loaded[entry.export] as T;
}

function schemaOf(schema: Entry["schema"], where: string, path: string): NetworkSubgraph["schema"] {
  if (schema && typeof schema.file === "string") return { file: resolve(dirname(path), schema.file) };
  return moduleExport(schema, `${where}: schema`);
}

function moduleExport(entry: { module?: unknown; export?: unknown } | undefined, where: string): { module: string; export: string } {
  return { module: text(entry?.module, `${where}.module`), export: text(entry?.export, `${where}.export`) };
}

function indicatorCohortOf(entry: Entry["indicator_cohort"], where: string): NonNullable<NetworkSubgraph["indicatorCohort"]> {
  const types = entry?.organisation_types;
  const attributes = entry?.attributes ?? [];
  if (!Array.isArray(types) || types.length === 0 || !types.every(isOrganisationType)) {
    throw new Error(`${where}.organisation_types must list organisation types of schema/network.yaml`);
  }
  if (!Array.isArray(attributes) || attributes.some((a) => !(COHORT_ATTRIBUTE_NAMES as readonly unknown[]).includes(a))) {
    throw new Error(`${where}.attributes may list only ${COHORT_ATTRIBUTE_NAMES.join(", ")}`);
  }
  return { organisationTypes: types as OrganisationType[], attributes: attributes as CohortAttributeName[] };
}

function demoUsersOf(entry: unknown, where: string): ManifestDemoUser[] {
  if (entry === undefined) return [];
  if (!Array.isArray(entry)) throw new Error(`${where} must be a list of { id, name, organisation, roles, description }`);
  return entry.map((user: Record<string, unknown>, i) => {
    const at = `${where}[${i}]`;
    if (!Array.isArray(user?.roles) || user.roles.length === 0 || user.roles.some((r) => typeof r !== "string")) throw new Error(`${at}.roles must list roles`);
    return {
      id: text(user.id, `${at}.id`),
      displayName: text(user.name, `${at}.name`),
      organisationId: text(user.organisation, `${at}.organisation`),
      roles: user.roles as string[],
      description: text(user.description, `${at}.description`),
    };
  });
}

function text(value: unknown, where: string): string {
  if (typeof value !== "string" || value === "") throw new Error(`${where} must be a non-empty string`);
  return value;
}
