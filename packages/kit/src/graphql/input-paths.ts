import { Kind, parse, visit, type DocumentNode, type Source, type ValueNode } from "graphql";

/** A literal value written in an operation, with the input path that leads to it. */
export interface LiteralInput {
  node: ValueNode;
  /** `input.identity.givenName`, `ids[2]`; a variable's default value is `$name`. */
  path: string;
}

/**
 * Every literal value of a document with its path: arguments (of fields and directives) rooted
 * at the argument's name, as type-graphql names its validation failures, and variables' default
 * values rooted at `$variable`. Lists add `[index]`, input objects `.field`.
 */
export function literalInputs(document: DocumentNode): LiteralInput[] {
  const found: LiteralInput[] = [];
  const walk = (node: ValueNode, path: string) => {
    found.push({ node, path });
    if (node.kind === Kind.LIST) node.values.forEach((item, index) => walk(item, `${path}[${index}]`));
    if (node.kind === Kind.OBJECT) for (const field of node.fields) walk(field.value, `${path}.${field.name.value}`);
  };
  visit(document, {
    Argument(node) {
      walk(node.value, node.name.value);
      return false;
    },
    VariableDefinition(node) {
      if (node.defaultValue) walk(node.defaultValue, `$${node.variable.name.value}`);
      return false;
    },
  });
  return found;
}

/**
 * The input path of the literal a validation error points at (graphql-js reports the value node
 * and the operation's source, not where the value sits). Undefined when it cannot tell.
 */
export function literalPathAt(source: Source | undefined, position: number | undefined): string | undefined {
  if (!source || position === undefined) return undefined;
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch {
    return undefined;
  }
  return literalInputs(document).find(({ node }) => node.loc?.start === position)?.path;
}

/**
 * The path of the first string inside a JSON value (variables) that satisfies `test`, keys
 * included, in graphql-js's own notation for variables (`input.provisions[0].type`).
 */
export function findString(value: unknown, test: (text: string) => boolean, path: string): string | undefined {
  if (typeof value === "string") return test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findString(item, test, `${path}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (test(key)) return path;
      const found = findString(item, test, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}
