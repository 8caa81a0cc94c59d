import { GraphQLDateTime, GraphQLLocalDate } from "graphql-scalars";

/** A calendar day, "YYYY-MM-DD", kept as a string end to end (no time-zone shift). */
export const DateScalar = GraphQLLocalDate;
/** An instant, ISO 8601 with offset. */
export const DateTimeScalar = GraphQLDateTime;
