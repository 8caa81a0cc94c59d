import { isNonNullType, type GraphQLSchema } from "graphql";

/**
 * Root fields a subgraph declares non-null. Each root field is fetched from its own subgraph:
 * non-null, an outage of that subgraph (or a denial at the root) would null the whole answer,
 * the other subgraphs' root fields included. The federation machinery (`_service`, `_entities`)
 * is the gateway's, not a client's, and keeps its own types.
 */
export function nonNullRootFields(schema: GraphQLSchema): string[] {
  return [schema.getQueryType(), schema.getMutationType()].flatMap((root) =>
    root
      ? Object.values(root.getFields())
          .filter((field) => !field.name.startsWith("_") && isNonNullType(field.type))
          .map((field) => `${root.name}.${field.name}`)
      : [],
  );
}

/** Refuses a subgraph schema with a non-null root field (see `nonNullRootFields`). */
export function assertNullableRoots(schema: GraphQLSchema): void {
  const offending = nonNullRootFields(schema);
  if (offending.length > 0) {
    throw new Error(
      `${offending.join(", ")} must be nullable ({ nullable: true }): a root field that cannot be null takes the whole answer down when its subgraph is unavailable`,
    );
  }
}
