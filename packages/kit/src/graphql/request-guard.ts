import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { GraphQLError, Kind, type DocumentNode } from "graphql";
import { findString, literalInputs } from "./input-paths.js";

const NUL = "\u0000";
const hasNul = (text: string) => text.includes(NUL);

/** Said when the request names no operation of its document (or none when it holds several). */
export const OPERATION_RESOLUTION_MESSAGES = {
  unknown: "The operationName names no operation of the document.",
  ambiguous: "The document holds several operations: name one in operationName.",
  none: "The document holds no operation.",
} as const;

/**
 * Checks every request before it runs, the same in the gateway and in each subgraph:
 *
 * - an `operationName` that names no operation of the document (or none sent with several)
 *   answers HTTP 400 `OPERATION_RESOLUTION_FAILURE`: in gateway mode Apollo Server would hand
 *   the gateway no operation at all, and its executor answered 500;
 * - a NUL character (U+0000) in any string, literal or variable, answers HTTP 400
 *   `BAD_USER_INPUT` naming where it is, never what it is: PostgreSQL refuses NUL in text
 *   (SQLSTATE 22021), so nothing could store it, and no resolver need think of it.
 */
export function requestGuard<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (!operation) throw operationResolutionFailure(document, request.operationName);
          const literal = literalInputs(document).find(({ node }) => node.kind === Kind.STRING && hasNul(node.value));
          if (literal) throw nulInput(literal.path);
          for (const [name, value] of Object.entries(request.variables ?? {})) {
            const path = hasNul(name) ? name : findString(value, hasNul, name);
            if (path) throw nulInput(path, name);
          }
        },
      };
    },
  };
}

function operationResolutionFailure(document: DocumentNode, operationName: string | undefined): GraphQLError {
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION).length;
  const message =
    operationName !== undefined && operationName !== null
      ? OPERATION_RESOLUTION_MESSAGES.unknown
      : operations === 0
        ? OPERATION_RESOLUTION_MESSAGES.none
        : OPERATION_RESOLUTION_MESSAGES.ambiguous;
  return new GraphQLError(message, { extensions: { code: "OPERATION_RESOLUTION_FAILURE", http: { status: 400 } } });
}

function nulInput(field: string, variable?: string): GraphQLError {
  const where = variable ? `$${variable} at ${field}` : field;
  return new GraphQLError(`Invalid value for ${where}: text must not contain NUL characters.`, {
    extensions: { code: "BAD_USER_INPUT", field, ...(variable ? { variable: `$${variable}` } : {}), http: { status: 400 } },
  });
}
