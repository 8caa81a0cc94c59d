import { Kind, parse, type ConstDirectiveNode, type ConstValueNode, type DocumentNode } from "graphql";
import { PRIVACY_SPEC_URL } from "./shared-sdl.js";
import { DATA_CATEGORIES, type DataCategory } from "./vocabulary.js";

/** "Type.field" → the data category its `@sensitive` label states. */
export type SensitiveFields = ReadonlyMap<string, DataCategory>;

/**
 * Reads the `@sensitive(category:)` labels from a supergraph's SDL. The API schema the gateway
 * builds drops our directive from its AST nodes, so the labels come from the SDL itself.
 * A label that cannot be read is an error, never a silently public field.
 */
export function sensitiveFieldsOf(supergraphSdl: string): SensitiveFields {
  const document = parse(supergraphSdl, { noLocation: true });
  const directiveName = sensitiveDirectiveName(document);
  const labels = new Map<string, DataCategory>();
  for (const definition of document.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_EXTENSION
    ) {
      continue;
    }
    for (const field of definition.fields ?? []) {
      const label = field.directives?.find((directive) => directive.name.value === directiveName);
      if (!label) continue;
      const key = `${definition.name.value}.${field.name.value}`;
      labels.set(key, categoryOf(label, key));
    }
  }
  return labels;
}

function categoryOf(label: ConstDirectiveNode, key: string): DataCategory {
  const value = label.arguments?.find((argument) => argument.name.value === "category")?.value;
  if (value?.kind !== Kind.ENUM && value?.kind !== Kind.STRING) {
    throw new Error(`@sensitive on ${key} has no category`);
  }
  if (!(DATA_CATEGORIES as readonly string[]).includes(value.value)) {
    throw new Error(`@sensitive on ${key} names an unknown category`);
  }
  return value.value as DataCategory;
}

/**
 * The name `@sensitive` has in this supergraph: imported as is, renamed on import
 * (`{ name: "@sensitive", as: "@label" }`), or namespaced (`@privacy__sensitive`).
 */
function sensitiveDirectiveName(document: DocumentNode): string {
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const link of definition.directives ?? []) {
      if (link.name.value !== "link") continue;
      const url = stringArgument(link, "url");
      if (!url || !sameSpec(url)) continue;
      const imports = link.arguments?.find((argument) => argument.name.value === "import")?.value;
      for (const imported of imports?.kind === Kind.LIST ? imports.values : []) {
        const name = importedName(imported);
        if (name) return name;
      }
      const namespace = stringArgument(link, "as") ?? /\/([^/]+)\/v[\d.]+$/.exec(url)?.[1] ?? "privacy";
      return `${namespace}__sensitive`;
    }
  }
  return "sensitive";
}

function sameSpec(url: string): boolean {
  const withoutVersion = (spec: string) => spec.replace(/\/v[\d.]+$/, "");
  return withoutVersion(url) === withoutVersion(PRIVACY_SPEC_URL);
}

function importedName(value: ConstValueNode): string | null {
  if (value.kind === Kind.STRING) return value.value === "@sensitive" ? "sensitive" : null;
  if (value.kind !== Kind.OBJECT) return null;
  const field = (name: string) => {
    const found = value.fields.find((f) => f.name.value === name)?.value;
    return found?.kind === Kind.STRING ? found.value : undefined;
  };
  if (field("name") !== "@sensitive") return null;
  return (field("as") ?? "@sensitive").replace(/^@/, "");
}

function stringArgument(directive: ConstDirectiveNode, name: string): string | undefined {
  const value = directive.arguments?.find((argument) => argument.name.value === name)?.value;
  return value?.kind === Kind.STRING ? value.value : undefined;
}
