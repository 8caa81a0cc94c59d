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
  /** `--over-rest <service>`: its records come from that REST system through a kit mapping. */
  overRest?: string;
}

/** Where its records live: its own table, or an existing REST system (with a stand-in for it unless the manifest already lists it). */
export type ScaffoldSource = { kind: "table" } | { kind: "rest"; service: string; standIn: boolean; port: number };

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
  source: ScaffoldSource;
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
  const source = sourceOf(request, manifest, [...taken, port], [...workspaces, ...Object.keys(manifest.subgraphs ?? {})]);

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
    ...sourceValues(name, source),
  };
  return { name, orgType, newOrgType, port, category, role, organisation, organisationListed: Boolean(listed), demoUser, source, values };
}

function sourceOf(request: ScaffoldRequest, manifest: Manifest, taken: number[], names: string[]): ScaffoldSource {
  const service = request.overRest;
  if (service === undefined) return { kind: "table" };
  if (!KEBAB.test(service)) throw new UsageError(`--over-rest must name the system in kebab-case (a services: entry of schema/supergraph.yaml, or a new one), e.g. ${request.name}-system`);
  const listed = manifest.services?.[service];
  if (listed) return { kind: "rest", service, standIn: false, port: Number(new URL(listed.url ?? "http://x:0").port) };
  if (service === request.name || names.includes(service) || RESERVED.includes(service)) throw new UsageError(`--over-rest ${service}: the name is taken; name the system apart from its subgraph`);
  // A new stand-in: the next port after the services' highest that nothing else listed takes.
  const servicePorts = Object.values(manifest.services ?? {}).map((s) => Number(s.url ? new URL(s.url).port : 0));
  let port = Math.max(4020, ...servicePorts) + 1;
  while (taken.includes(port)) port += 1;
  return { kind: "rest", service, standIn: true, port };
}

/** The placeholders that differ with where its records live. */
function sourceValues(name: string, source: ScaffoldSource): Record<string, string> {
  if (source.kind === "table") {
    return {
      __records_module__: `./${name}.repository.js`,
      __records_loader__: "recordsOfPathway",
      __stand_in_export__: "",
      __include__: `"src", "seed", "test", "vitest.config.mts"`,
      __uses__: "",
      __describe__: "describe",
    };
  }
  const { service, standIn } = source;
  const Service = pascal(service);
  return {
    __records_module__: `../../${service}/${service}.mapping.js`,
    __records_loader__: "load.records",
    __stand_in_export__: standIn ? `,\n    "./stand-in": "./stand-in/server.ts"` : "",
    __include__: `"src", ${standIn ? `"stand-in", ` : ""}"test", "vitest.config.mts"`,
    __uses__: `\n    uses: [${service}]`,
    // Over a system the manifest already lists, the mapping's endpoints are the scaffold's guess
    // until the signatory writes the system's own: its tests wait for that.
    __describe__: standIn ? "describe" : "describe.skip",
    __mapping_note__: standIn
      ? `The stand-in (stand-in/) answers these endpoints in the demo and the tests.`
      : `These endpoints are the scaffold's guess: write ${service}'s own, then remove \`.skip\` from test/*.test.ts.`,
    __service__: service,
    __service_snake__: service.replace(/-/g, "_"),
    __SERVICE__: service.toUpperCase().replace(/-/g, "_"),
    __ServicePascal__: Service,
    __serviceCamel__: Service[0]!.toLowerCase() + Service.slice(1),
    __service_port__: String(source.port),
  };
}

/** A template's text (or path) with its placeholders filled. */
export function fill(text: string, values: Record<string, string>): string {
  return Object.keys(values)
    .sort((a, b) => b.length - a.length)
    .reduce((out, key) => out.split(key).join(values[key]!), text);
}
