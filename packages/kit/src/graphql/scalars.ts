import { GraphQLDateTime, GraphQLLocalDate } from "graphql-scalars";
import { isScalarType, valueFromASTUntyped, type GraphQLScalarType, type GraphQLSchema } from "graphql";

/**
 * A calendar day, "YYYY-MM-DD", kept as a string end to end (no time-zone shift). Refuses days
 * the calendar does not have (2025-02-30, 2025-13-01) as literals and as variables.
 */
export const DateScalar = GraphQLLocalDate;
/** An instant, ISO 8601 with offset. */
export const DateTimeScalar = GraphQLDateTime;

/** The network's custom scalars by name, as the supergraph carries them. */
export const NETWORK_SCALARS: Readonly<Record<string, GraphQLScalarType>> = {
  [DateScalar.name]: DateScalar,
  [DateTimeScalar.name]: DateTimeScalar,
};

/**
 * Gives the schema's network scalars (a gateway's API schema knows only their names, and takes
 * anything) the kit's checks, so an impossible date is refused before planning, not by the
 * subgraph. Values pass on unchanged: the gateway checks them, the subgraph interprets them.
 */
export function checkNetworkScalars(schema: GraphQLSchema): string[] {
  const checked: string[] = [];
  for (const [name, scalar] of Object.entries(NETWORK_SCALARS)) {
    const type = schema.getType(name);
    if (!isScalarType(type) || type === scalar) continue;
    type.parseValue = (value) => {
      scalar.parseValue(value);
      return value;
    };
    type.parseLiteral = (node, variables) => {
      scalar.parseLiteral(node, variables);
      return valueFromASTUntyped(node, variables);
    };
    checked.push(name);
  }
  return checked;
}
