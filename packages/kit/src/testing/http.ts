import type { GraphQLFormattedError } from "graphql";

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T | null;
  errors?: GraphQLFormattedError[];
}

/** POSTs a GraphQL operation over real HTTP. */
export async function postGraphQL<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T | null; errors?: GraphQLFormattedError[] };
  return { status: response.status, ...body };
}

/** The error at a path ("pathway.needsAssessment"), if any. */
export function errorAt(response: GraphQLResponse, path: string): GraphQLFormattedError | undefined {
  return response.errors?.find((error) => error.path?.join(".") === path);
}
