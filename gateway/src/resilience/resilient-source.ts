import { AsyncLocalStorage } from "node:async_hooks";
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from "@apollo/gateway";
import { Kind, parse, type FragmentDefinitionNode, type SelectionSetNode } from "graphql";
import { FAILURE_CODES, LIMIT_CODE_VALUES, log, type FailureCode } from "@percorsi/kit";
import { signalOf } from "./request-signal.js";

export interface ResilienceOptions {
  /** How long one subgraph fetch may take before its paths answer SUBGRAPH_TIMEOUT. */
  subgraphTimeoutMs: number;
  /** How long a whole request may take; later fetches answer REQUEST_DEADLINE_EXCEEDED. */
  requestDeadlineMs: number;
}

type Options = GraphQLDataSourceProcessOptions<Record<string, any>>;
/** A fetch the planner makes for a caller's operation (not a health check or schema load). */
type OperationFetch = Extract<Options, { incomingRequestContext: unknown }>;
type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource["process"]>>;

/** The signal of the subgraph fetch being sent, for the fetcher (it is handed only url and init). */
const fetchSignal = new AsyncLocalStorage<AbortSignal>();

/**
 * The source's own fetcher (the gateway's, with its CA for https), aborted with the fetch in
 * progress (its timeout, the request's deadline, the caller leaving).
 */
function abortable(fetcher: RemoteGraphQLDataSource["fetcher"]): RemoteGraphQLDataSource["fetcher"] {
  return ((url: string, init: RequestInit) => fetcher(url, { ...init, signal: fetchSignal.getStore() } as never)) as unknown as RemoteGraphQLDataSource["fetcher"];
}

const MESSAGES: Record<FailureCode, string> = {
  SUBGRAPH_UNAVAILABLE: "The service that holds this data is unavailable.",
  SUBGRAPH_TIMEOUT: "The service that holds this data did not answer in time.",
  REQUEST_DEADLINE_EXCEEDED: "The request ran out of time before this data arrived.",
  REQUEST_ABORTED: "The request was abandoned.",
};

/**
 * A subgraph data source whose failures cost only its own paths. Each fetch gets the
 * per-subgraph timeout and the request's signal (deadline, client gone); when the fetch fails,
 * the gateway gets, instead of an exception (one pathless error, the whole answer lost), an
 * answer with an error at every path this fetch should have filled: the root fields it
 * selects, or each entity's fields it selects. The planner nulls those fields and keeps
 * what the other fetches brought.
 */
export function resilient(source: RemoteGraphQLDataSource<any>, subgraph: string, options: ResilienceOptions): GraphQLDataSource<Record<string, any>> {
  source.fetcher = abortable(source.fetcher);
  return {
    async process(request: Options): Promise<GatewayGraphQLResponse> {
      // The gateway's own calls (health checks, loading) keep the plain behaviour.
      if (!("incomingRequestContext" in request)) return source.process(request);
      const requestSignal = signalOf(request.context);
      const timeout = AbortSignal.timeout(options.subgraphTimeoutMs);
      const signal = requestSignal ? AbortSignal.any([requestSignal, timeout]) : timeout;
      for (let attempt = 1; ; attempt++) {
        try {
          if (signal.aborted) throw signal.reason;
          return await fetchSignal.run(signal, () => source.process(request));
        } catch (error) {
          const cause = failureCause(error, requestSignal, timeout);
          // A connection reset before an answer (a keep-alive socket the subgraph was closing)
          // is tried once more, for a read only: a write may have been made. The retry is
          // signed afresh (willSendRequest runs again), so the replay guard is not tripped.
          if (attempt === 1 && cause === "reset" && isQuery(request)) {
            log.warn("gateway.subgraph_retried", { subgraph, cause });
            continue;
          }
          const code = failureCode(error, requestSignal, timeout);
          if (code === null) throw error;
          // Why, as a cause code only: never the message (it may quote a URL or data).
          if (code === FAILURE_CODES.aborted) log.info("gateway.subgraph_failed", { subgraph, code, cause });
          else log.warn("gateway.subgraph_failed", { subgraph, code, cause });
          return errorsAtPaths(request, code);
        }
      }
    },
  };
}

function isQuery(request: OperationFetch): boolean {
  const operation = request.document?.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  return operation?.kind === Kind.OPERATION_DEFINITION && operation.operation === "query";
}

/**
 * Why a fetch failed, as a short code for the log: `aborted` (the caller left), `deadline`,
 * `timeout` (the per-subgraph timeout), `refused` (nothing listening), `reset` (the connection
 * dropped), `dns`, `tls`, `http_<status>` (the subgraph answered an error status; `shutting_down`
 * when it was stopping, `overloaded` when it shed the request), `bad_response`, else `other`.
 */
export function failureCause(error: unknown, requestSignal: AbortSignal | undefined, timeout: AbortSignal): string {
  if (requestSignal?.aborted) return (requestSignal.reason as { name?: string } | undefined)?.name === "TimeoutError" ? "deadline" : "aborted";
  if (timeout.aborted) return "timeout";
  const e = error as { code?: unknown; errno?: unknown; message?: unknown; cause?: { code?: unknown }; extensions?: { response?: { status?: number; body?: unknown } } };
  const response = e?.extensions?.response;
  if (response?.status !== undefined) {
    const code = (response.body as { errors?: { extensions?: { code?: unknown } }[] } | undefined)?.errors?.[0]?.extensions?.code;
    return code === "SHUTTING_DOWN" ? "shutting_down" : code === "OVERLOADED" ? "overloaded" : `http_${response.status}`;
  }
  const errno = [e?.code, e?.errno, e?.cause?.code].find((value) => typeof value === "string" && value !== "FETCH_ERROR" && value !== "system") as string | undefined;
  const message = typeof e?.message === "string" ? e.message : "";
  if (errno === "ECONNREFUSED") return "refused";
  if (errno === "ECONNRESET" || errno === "EPIPE" || errno === "UND_ERR_SOCKET" || /socket hang up|other side closed/i.test(message)) return "reset";
  if (errno === "ETIMEDOUT" || errno === "ESOCKETTIMEDOUT") return "timeout";
  if (errno === "ENOTFOUND" || errno === "EAI_AGAIN") return "dns";
  if (errno && /CERT|SSL|TLS|SIGNATURE/.test(errno)) return "tls";
  if (/Expected JSON response body|invalid json/i.test(message)) return "bad_response";
  return "other";
}

/** What went wrong, as a stable code; null to leave the error as the gateway would report it. */
function failureCode(error: unknown, requestSignal: AbortSignal | undefined, timeout: AbortSignal): string | null {
  if (requestSignal?.aborted) {
    return (requestSignal.reason as { name?: string } | undefined)?.name === "TimeoutError" ? FAILURE_CODES.deadline : FAILURE_CODES.aborted;
  }
  if (timeout.aborted) return FAILURE_CODES.timeout;
  const response = (error as { extensions?: { response?: { status?: number; body?: unknown } } }).extensions?.response;
  if (response?.status !== undefined && response.status < 500) {
    // The subgraph's own operation limits: say which, at the paths.
    const code = (response.body as { errors?: { extensions?: { code?: unknown } }[] } | undefined)?.errors?.[0]?.extensions?.code;
    if (typeof code === "string" && (LIMIT_CODE_VALUES as readonly string[]).includes(code)) return code;
    // Other refusals (an assertion refused...) are reported as before.
    return null;
  }
  return FAILURE_CODES.unavailable;
}

/** An answer with no data and one error per path the fetch would have filled. */
export function errorsAtPaths(request: OperationFetch, code: string): GatewayGraphQLResponse {
  const document = request.document ?? parse(request.request.query ?? "{ __typename }");
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return { errors: [failure(code, undefined)] };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  // Only paths the caller can see: a field the planner fetched for itself (an @inaccessible
  // consent receipt) is not named; its entity carries the error instead.
  const schema = request.incomingRequestContext.schema;
  const visible = (typename: string | undefined, field: string) => {
    const type = typename ? schema.getType(typename) : undefined;
    return !type || !("getFields" in type) || field in type.getFields();
  };
  const representations = request.request.variables?.representations;
  if (Array.isArray(representations)) {
    const entities = operation.selectionSet.selections.find((s) => s.kind === Kind.FIELD && s.name.value === "_entities");
    const set = entities?.kind === Kind.FIELD ? entities.selectionSet : undefined;
    const errors = representations.flatMap((representation, index) => {
      const typename = (representation as { __typename?: string } | null)?.__typename;
      const fields = selectedFields(set, typename, fragments).filter(({ name }) => visible(typename, name));
      return fields.length > 0 ? fields.map(({ key }) => failure(code, ["_entities", index, key])) : [failure(code, ["_entities", index])];
    });
    return { errors: errors.length > 0 ? errors : [failure(code, undefined)] };
  }
  const fields = selectedFields(operation.selectionSet, undefined, fragments);
  return { errors: fields.length > 0 ? fields.map(({ key }) => failure(code, [key])) : [failure(code, undefined)] };
}

/** The fields (response key and name) a selection set fills on an object of `typename` (every fragment when unknown). */
function selectedFields(
  set: SelectionSetNode | undefined,
  typename: string | undefined,
  fragments: Map<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): { key: string; name: string }[] {
  if (!set) return [];
  const fields = new Map<string, string>();
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (!selection.name.value.startsWith("__")) fields.set(selection.alias?.value ?? selection.name.value, selection.name.value);
      continue;
    }
    const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
    if (!fragment || (selection.kind === Kind.FRAGMENT_SPREAD && seen.has(selection.name.value))) continue;
    if (selection.kind === Kind.FRAGMENT_SPREAD) seen.add(selection.name.value);
    const condition = fragment.typeCondition?.name.value;
    if (condition && typename && condition !== typename) continue;
    for (const { key, name } of selectedFields(fragment.selectionSet, typename, fragments, seen)) fields.set(key, name);
  }
  return [...fields].map(([key, name]) => ({ key, name }));
}

function failure(code: string, path: (string | number)[] | undefined) {
  const message = MESSAGES[code as FailureCode] ?? "The service that holds this data refused the operation as too costly.";
  return { message, ...(path ? { path } : {}), extensions: { code } };
}
