import { unwrapResolverError } from "@apollo/server/errors";
import type { GraphQLFormattedError } from "graphql";
import { errorFields, log } from "../log.js";
import { FAILURE_CODE_VALUES } from "../limits/failure-codes.js";
import { LIMIT_CODE_VALUES, tokenLimitRefusal } from "../limits/operation-limits.js";

/** Codes whose messages we wrote ourselves and may be shown as they are. */
const PUBLIC_CODES = new Set([
  "FORBIDDEN",
  "UNAUTHENTICATED",
  "BAD_USER_INPUT",
  "NOT_FOUND",
  "CONFLICT",
  "BAD_REQUEST",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
  ...LIMIT_CODE_VALUES,
  ...FAILURE_CODE_VALUES,
]);

interface ValidationFailure {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationFailure[];
}

/**
 * Every error leaving a server goes through here: our own codes pass, validation failures are
 * summarised without the values sent, database constraint failures become BAD_USER_INPUT, and
 * anything else is an opaque INTERNAL_SERVER_ERROR. Never a stack trace.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const { stacktrace: _dropped, validationErrors, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
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
  if (code && PUBLIC_CODES.has(code)) return { ...base, message: withoutQuotedValues(formatted.message), extensions };
  const original = unwrapResolverError(error) as { code?: unknown; constraint?: unknown } | undefined;
  if (typeof original?.code === "string" && original.code.startsWith("23")) {
    return {
      ...base,
      message: "The input conflicts with existing records.",
      extensions: { code: "BAD_USER_INPUT", constraint: typeof original.constraint === "string" ? original.constraint : undefined },
    };
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

// graphql-js quotes the value it could not coerce ("got invalid value \"…\"", "found …",
// "cannot represent …: …", "is not a valid LocalDate: …"): the value may be personal data.
const COERCION = /invalid value|cannot represent|Expected value of type|is not a valid/;

/** Keeps where and what was expected, drops the value sent. */
export function withoutQuotedValues(message: string): string {
  if (!COERCION.test(message)) return message;
  const variable = /Variable "(\$\w+)"/.exec(message)?.[1];
  const path = /at "([^"]+)"/.exec(message)?.[1];
  const expected = /Expected (?:value of )?type "([^"]+)"/.exec(message)?.[1] ?? /^(\w+) cannot represent/.exec(message)?.[1];
  return [
    `Invalid value${variable ? ` for ${variable}` : ""}${path ? ` at ${path}` : ""}`,
    expected ? `: expected ${expected}.` : ".",
  ].join("");
}
