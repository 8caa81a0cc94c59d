// What `npm run create-subgraph` is asked for, checked before anything is written, and the
// placeholders of its templates (scripts/scaffold/templates, registration).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { DATA_CATEGORIES } from "@percorsi/schema";

/** Bad input: the command prints it and exits 2, having written nothing. */
export class UsageError extends Error {}

export interface ScaffoldRequest {
  name: string;
  orgType: string;
  port?: number;
  category?: string;
  organisation?: string;
}

export interface ScaffoldPlan {
  name: string;
  orgType: string;
  /** The type is not yet in schema/network.yaml: the scaffold declares it. */
  newOrgType: boolean;
  port: number;
  category: string;
  role: string;
  organisation: string;
  /** The demo organisation is already in the directory (of that type). */
  organisationListed: boolean;
  demoUser: string;
  /** Placeholder → value, longest placeholder first when substituted. */
  values: Record<string, string>;
}

/** Names a subgraph may not take: the repository's other workspaces and tooling. */
const RESERVED = ["gateway", "schema", "kit", "demo", "dashboard", "scripts", "bench", "docs", "percorsi", "pathway", "subgraph", "network", "test"];
/** What never leaves the case-holder (DESIGN.md): no other subgraph keeps it. */
const HOLDER_ONLY = ["IDENTITY", "SAFETY", "HEALTH"];
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const UPPER = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

interface Manifest {
  subgraphs?: Record<string, { routing_url?: string }>;
  services?: Record<string, { url?: string }>;
}
interface Vocabulary {
  roles?: Record<string, unknown>;
  organisationTypes?: Record<string, unknown>;
  directory?: { id: string; type: string }[];
}

const readYaml = <T>(path: string): T => parseYaml(readFileSync(path, "utf8")) as T;
const words = (name: string) => name.split("-");
const pascal = (name: string) => words(name).map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");

export function planScaffold(root: string, request: ScaffoldRequest): ScaffoldPlan {
  const { name } = request;
  if (!KEBAB.test(name)) throw new UsageError(`the name "${name}" must be kebab-case (lowercase letters and digits, words joined by '-'), e.g. tenants-union`);
  const workspaces = ["packages", "services"].flatMap((dir) => (existsSync(join(root, dir)) ? readdirSync(join(root, dir)) : []));
  if (RESERVED.includes(name) || workspaces.includes(name)) throw new UsageError(`"${name}" is reserved (another workspace or the tooling uses it); choose another name`);
  const manifest = readYaml<Manifest>(join(root, "schema/supergraph.yaml"));
  if (existsSync(join(root, "subgraphs", name)) || manifest.subgraphs?.[name]) throw new UsageError(`subgraphs/${name} already exists (or schema/supergraph.yaml lists it)`);

  const vocabulary = readYaml<Vocabulary>(join(root, "schema/network.yaml"));
  const orgType = request.orgType;
  if (!orgType || !UPPER.test(orgType)) throw new UsageError(`--org-type must be an organisation type in UPPER_CASE (one of schema/network.yaml: ${Object.keys(vocabulary.organisationTypes ?? {}).join(", ")}, or a new one)`);
  const newOrgType = !(orgType in (vocabulary.organisationTypes ?? {}));

  const category = request.category ?? "ECONOMIC";
  if (!(DATA_CATEGORIES as readonly string[]).includes(category) || HOLDER_ONLY.includes(category)) {
    throw new UsageError(`--category must be a data category a signatory may keep: ${DATA_CATEGORIES.filter((c) => !HOLDER_ONLY.includes(c)).join(", ")}`);
  }

  const portOf = (url: string | undefined) => Number(url ? new URL(url).port : 0);
  const subgraphPorts = Object.values(manifest.subgraphs ?? {}).map((s) => portOf(s.routing_url));
  const taken = [...subgraphPorts, ...Object.values(manifest.services ?? {}).map((s) => portOf(s.url))];
  let port = request.port ?? Math.max(4000, ...subgraphPorts) + 1;
  // The default: the next port after the subgraphs' highest that nothing else listed takes.
  while (request.port === undefined && taken.includes(port)) port += 1;
  if (!Number.isInteger(port) || port < 1024 || port > 65535) throw new UsageError(`--port must be a whole number from 1024 to 65535`);
  if (taken.includes(port)) throw new UsageError(`port ${port} is taken by another entry of schema/supergraph.yaml`);

  const envName = name.toUpperCase().replace(/-/g, "_");
  const role = `${envName}_OPERATOR`;
  if (role in (vocabulary.roles ?? {})) throw new UsageError(`schema/network.yaml already has a role ${role}`);
  const organisation = request.organisation ?? `${name}-demo`;
  if (!KEBAB.test(organisation)) throw new UsageError(`--organisation must be a kebab-case directory id`);
  const listed = vocabulary.directory?.find((o) => o.id === organisation);
  if (listed && listed.type !== orgType) throw new UsageError(`the directory's ${organisation} is a ${listed.type}, not a ${orgType}`);
  const demoUser = `op-${name}`;

  const Name = pascal(name);
  const values: Record<string, string> = {
    __name__: name,
    __Name__: Name,
    __nameCamel__: Name[0]!.toLowerCase() + Name.slice(1),
    __name_snake__: name.replace(/-/g, "_"),
    __NAME__: envName,
    __title__: words(name).join(" "),
    __Title__: words(name).map((w) => w[0]!.toUpperCase() + w.slice(1)).join(" "),
    __ORG_TYPE__: orgType,
    __CATEGORY__: category,
    __ROLE__: role,
    __port__: String(port),
    __org_id__: organisation,
    __demo_user__: demoUser,
  };
  return { name, orgType, newOrgType, port, category, role, organisation, organisationListed: Boolean(listed), demoUser, values };
}

/** A template's text (or path) with its placeholders filled. */
export function fill(text: string, values: Record<string, string>): string {
  return Object.keys(values)
    .sort((a, b) => b.length - a.length)
    .reduce((out, key) => out.split(key).join(values[key]!), text);
}
