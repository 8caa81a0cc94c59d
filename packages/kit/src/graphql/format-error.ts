import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, Kind, type GraphQLFormattedError } from "graphql";
import { errorFields, log } from "../log.js";
import { literalPathAt } from "./input-paths.js";
import { FAILURE_CODE_VALUES } from "../limits/failure-codes.js";
import { STORE_CODE_VALUES } from "../db/store-errors.js";
import { FAIRNESS_CODE_VALUES, LIMIT_CODE_VALUES, tokenLimitRefusal } from "../limits/operation-limits.js";

/** Codes whose messages we wrote ourselves and may be shown as they are. */
const PUBLIC_CODES = new Set([
  "FORBIDDEN",
  "UNAUTHENTICATED",
  "BAD_USER_INPUT",
  "NOT_FOUND",
  // An indicator release not published (yet), or not computed where it is asked.
  "RELEASE_NOT_AVAILABLE",
  "CONFLICT",
  "BAD_REQUEST",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
  // The gateway's registry of persisted operations (gateway/src/operations).
  "PERSISTED_DOCUMENT_NOT_FOUND",
  "OPERATION_NOT_SAFELISTED",
  ...LIMIT_CODE_VALUES,
  ...FAIRNESS_CODE_VALUES,
  ...FAILURE_CODE_VALUES,
  ...STORE_CODE_VALUES,
  "SHUTTING_DOWN",
]);

/** What of a public error's extensions a client may see (a subgraph's, relayed by the gateway, too). */
const PUBLIC_EXTENSIONS = new Set(["code", "reason", "field", "fields", "variable", "constraint", "serviceName"]);

interface ValidationFailure {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationFailure[];
}

/**
 * Every error leaving a server goes through here: our own codes pass, validation failures are
 * summarised without the values sent, a value graphql-js could not coerce (an impossible date,
 * an unknown enum value, a string for an Int) becomes BAD_USER_INPUT naming where it was and
 * never what, database constraint failures and values the database cannot store (SQLSTATE
 * classes 23 and 22) become BAD_USER_INPUT, a subgraph's own public error is relayed by the
 * gateway, and anything else is an opaque INTERNAL_SERVER_ERROR. Never a stack trace.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  // `response` is the gateway's copy of a subgraph's HTTP answer (its URL, its body): never public.
  const { stacktrace: _dropped, validationErrors, response, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
  const code = extensions.code as string | undefined;
  const base = { locations: formatted.locations, path: formatted.path };
  if (Array.isArray(validationErrors)) {
    const problems = flatten(validationErrors as ValidationFailure[]);
    return {
      ...base,
      message: `Invalid input: ${problems.map((p) => `${p.field} ${p.rules.join(", ")}`).join("; ")}.`,
      extensions: { code: "BAD_USER_INPUT", fields: problems },
    };
  }
  if (code === "GRAPHQL_PARSE_FAILED") {
    const tooLarge = tokenLimitRefusal(formatted.message);
    if (tooLarge) return { message: tooLarge.message, extensions: { code: tooLarge.extensions.code, limit: tooLarge.extensions.limit } };
  }
  if ((code === "GRAPHQL_VALIDATION_FAILED" || code === "BAD_USER_INPUT") && isCoercionFailure(code, formatted.message, error)) {
    return { ...base, ...coercionFailure(formatted.message, error) };
  }
  if (code && PUBLIC_CODES.has(code)) return { ...base, message: publicMessage(code, formatted.message), extensions };
  const relayed = subgraphRefusal(response);
  if (relayed) return { ...base, ...relayed };
  const original = unwrapResolverError(error) as { code?: unknown; constraint?: unknown } | undefined;
  if (typeof original?.code === "string" && original.code.startsWith("23")) {
    return {
      ...base,
      message: "The input conflicts with existing records.",
      extensions: { code: "BAD_USER_INPUT", constraint: typeof original.constraint === "string" ? original.constraint : undefined },
    };
  }
  if (typeof original?.code === "string" && /^22[0-9A-Z]{3}$/.test(original.code)) {
    // Data exceptions: an impossible date, a NUL in text, a number out of range... The
    // database's message quotes the value, so it stays here; the path says which field.
    log.warn("graphql.unstorable_input", { ...errorFields(original), path: formatted.path?.join(".") });
    return { ...base, message: "The input holds a value that cannot be stored.", extensions: { code: "BAD_USER_INPUT" } };
  }
  log.error("graphql.internal_error", { ...errorFields(original), path: formatted.path?.join(".") });
  return { ...base, message: "Internal server error.", extensions: { code: "INTERNAL_SERVER_ERROR" } };
}

function flatten(failures: ValidationFailure[], prefix = ""): { field: string; rules: string[] }[] {
  return failures.flatMap((failure) => {
    const field = prefix ? `${prefix}.${failure.property}` : failure.property;
    const own = failure.constraints ? [{ field, rules: Object.keys(failure.constraints) }] : [];
    return [...own, ...flatten(failure.children ?? [], field)];
  });
}

function publicMessage(code: string, message: string): string {
  if (code === "OPERATION_RESOLUTION_FAILURE" && /^Unknown operation named/.test(message)) {
    return "The operationName names no operation of the document.";
  }
  if (code === "GRAPHQL_PARSE_FAILED") return withoutQuotedTokens(message);
  return withoutQuotedValues(message);
}

// graphql-js quotes the value it could not coerce ("got invalid value \"…\"", "found …",
// "cannot represent …: …", "Value \"…\" does not exist in \"Purpose\" enum", "is not a valid
// LocalDate: …", and "Did you mean" suggestions): the value may be personal data.
const COERCION = /invalid value|cannot represent|Expected value of type|is not a valid|does not exist in "[^"]+" enum/;

const INPUT_PATH = /^\$?[_A-Za-z][_0-9A-Za-z]*(?:\.[_A-Za-z][_0-9A-Za-z]*|\[\d+\])*$/;

/** Literal values a validation rule can only find wrong for their value (not an object missing a field). */
const LITERAL_KINDS: ReadonlySet<string> = new Set([Kind.STRING, Kind.INT, Kind.FLOAT, Kind.BOOLEAN, Kind.NULL, Kind.ENUM, Kind.LIST]);

/**
 * graphql-js's coercion messages, or a validation failure pointing at a literal: a custom
 * scalar's parseLiteral reports its own message (graphql-scalars: "Value is not a valid
 * LocalDate: 2025-02-30"), whatever it says.
 */
function isCoercionFailure(code: string, message: string, error: unknown): boolean {
  if (COERCION.test(message)) return true;
  const node = code === "GRAPHQL_VALIDATION_FAILED" ? locatedError(error)?.nodes?.[0] : undefined;
  return node !== undefined && LITERAL_KINDS.has(node.kind);
}

/**
 * A value graphql-js could not coerce, in a literal (validation) or a variable: BAD_USER_INPUT
 * naming the input path (`extensions.field`; `extensions.variable` for a variable) and the type
 * expected, never the value.
 */
function coercionFailure(message: string, error: unknown): Pick<GraphQLFormattedError, "message" | "extensions"> {
  const variable = /^Variable "(\$\w+)"/.exec(message)?.[1];
  let field: string | undefined;
  if (variable) {
    field = / at "([^"]+)"(?:;|$)/.exec(message)?.[1] ?? variable.slice(1);
  } else {
    const located = locatedError(error);
    field = literalPathAt(located?.source, located?.positions?.[0]);
  }
  // Paths are made of schema names; anything else is not repeated.
  if (field && !INPUT_PATH.test(field)) field = undefined;
  return {
    message: describeInvalid(message, field),
    extensions: { code: "BAD_USER_INPUT", ...(field ? { field } : {}), ...(variable ? { variable } : {}) },
  };
}

/** The GraphQLError that knows where the value was (Apollo wraps validation errors). */
function locatedError(error: unknown): GraphQLError | undefined {
  let current = error;
  for (let depth = 0; depth < 3 && current instanceof GraphQLError; depth++) {
    if (current.source && current.positions?.length) return current;
    current = current.originalError;
  }
  return undefined;
}

/** Keeps where and what was expected, drops the value sent. */
export function withoutQuotedValues(message: string): string {
  return COERCION.test(message) ? describeInvalid(message) : message;
}

/** "Invalid value for <where>: expected <type>.", from graphql-js's message, without its value. */
function describeInvalid(message: string, field?: string): string {
  const variable = /^Variable "(\$\w+)"/.exec(message)?.[1];
  let path = field ?? / at "([^"]+)"(?:;|$)/.exec(message)?.[1];
  if (path && !INPUT_PATH.test(path)) path = undefined;
  const expected =
    /Expected (?:value of )?type "([^"]+)"/.exec(message)?.[1] ??
    /does not exist in "([^"]+)" enum/.exec(message)?.[1] ??
    /(?:^|; )Enum "([^"]+)" cannot represent/.exec(message)?.[1] ??
    /(?:^|; )(\w+) cannot represent/.exec(message)?.[1] ??
    /is not a valid (\w+)(?::|\.|$)/.exec(message)?.[1];
  // A missing or unknown input field is named, not valued: worth keeping.
  const reason = /; (Field "[^"]+" (?:of required type "[^"]+" was not provided|is not defined by type "[^"]+")\.)/.exec(message)?.[1];
  const where = variable ? ` for ${variable}${path && path !== variable.slice(1) ? ` at ${path}` : ""}` : path ? ` for ${path}` : "";
  return `Invalid value${where}${expected ? `: expected ${expected}.` : "."}${reason ? ` ${reason}` : ""}`;
}

/** A syntax error names the token it stopped at: a name or a string may be the value sent. */
function withoutQuotedTokens(message: string): string {
  return message.replace(/\b(Name|String|BlockString|Int|Float) "(?:[^"\\]|\\.)*"/g, "$1");
}

/**
 * The gateway turns a subgraph's non-2xx answer (an input the subgraph refused before running:
 * 400) into a GraphQLError "400: Bad Request" carrying the response. The subgraph's own error,
 * already formatted by its kit, says what was wrong: relay it when its code is public, with the
 * public extensions only and the message cleaned again.
 */
function subgraphRefusal(downstream: unknown): Pick<GraphQLFormattedError, "message" | "extensions"> | undefined {
  const response = downstream as { body?: { errors?: unknown } } | undefined;
  const first = Array.isArray(response?.body?.errors) ? (response.body.errors[0] as GraphQLFormattedError | undefined) : undefined;
  const code = first?.extensions?.code;
  if (typeof first?.message !== "string" || typeof code !== "string" || !PUBLIC_CODES.has(code)) return undefined;
  const kept = Object.fromEntries(Object.entries(first.extensions ?? {}).filter(([key]) => PUBLIC_EXTENSIONS.has(key)));
  return { message: publicMessage(code, first.message), extensions: { ...kept, code } };
}
