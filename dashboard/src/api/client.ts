import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import type { OperationDefinitionNode } from "graphql";

/** The purpose every dashboard request declares: aggregate monitoring, never casework. */
export const PURPOSE = "MONITORING";
export const PURPOSE_HEADER = "x-purpose";

export interface GraphQLErrorShape {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface ExecutionResult<TData> {
  data?: TData | null;
  errors?: GraphQLErrorShape[];
}

export interface ClientOptions {
  graphqlUrl: string;
  token: string;
  fetch?: typeof fetch;
}

/** The persisted document id codegen put on a generated document ("sha256:" and the sha256 of its text). */
export function documentIdOf(document: TypedDocumentNode<any, any>): string {
  const id = (document as unknown as { __meta__?: { hash?: string } }).__meta__?.hash;
  if (!id) throw new Error("not a persisted document: run `npm run codegen --workspace @percorsi/dashboard`");
  return id;
}

export function operationNameOf(document: TypedDocumentNode<any, any>): string | undefined {
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
  return operation?.name?.value;
}

/**
 * Runs a generated operation as a persisted one: the body carries its document id, variables
 * and name, never its text, so the gateway can run in safelist mode.
 */
export async function execute<TData, TVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  options: ClientOptions,
): Promise<ExecutionResult<TData> & { status: number }> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const response = await doFetch(options.graphqlUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json",
      authorization: `Bearer ${options.token}`,
      [PURPOSE_HEADER]: PURPOSE,
    },
    body: JSON.stringify({ documentId: documentIdOf(document), variables, operationName: operationNameOf(document) }),
  });
  let body: ExecutionResult<TData>;
  try {
    body = (await response.json()) as ExecutionResult<TData>;
  } catch {
    body = { errors: [{ message: `HTTP ${response.status}`, extensions: { code: response.status === 401 ? "UNAUTHENTICATED" : "HTTP_ERROR" } }] };
  }
  return { ...body, status: response.status };
}
