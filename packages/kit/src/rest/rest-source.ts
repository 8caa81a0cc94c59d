import DataLoader from "dataloader";
import { GraphQLError } from "graphql";
import { badUserInput } from "../graphql/errors.js";
import { requestAbandoned } from "../db/store-errors.js";
import { FAILURE_CODES, millisecondsFromEnv } from "../limits/failure-codes.js";
import { log } from "../log.js";
import { mapRecord, type FieldMap, type RestEntity, type RestMapping, type RestWrite } from "./rest-mapping.js";

/** Where the system is and the key it gave this subgraph. */
export interface RestEndpoint {
  /** Its base URL: `http://127.0.0.1:4020`. */
  url: string;
  apiKey: string;
  /** The longest one call may take (the request's deadline may cut it shorter); `REST_TIMEOUT_MS`, else 3 s. */
  timeoutMs?: number;
}

type RecordOf<S> = S extends { readonly __record?: infer T } ? T : never;
type InputOf<S> = S extends { readonly __input?: infer I } ? I : never;

/** Per request: a loader per entity (one call per batch of keys) and a function per write. */
export type RestClient<E extends Record<string, RestEntity<any>>, W extends Record<string, RestWrite<any, any>>> = {
  load: { [K in keyof E]: E[K]["many"] extends true ? DataLoader<string, RecordOf<E[K]>[]> : DataLoader<string, RecordOf<E[K]> | null> };
  write: { [K in keyof W]: (input: InputOf<W[K]>, options?: { idempotencyKey?: string | null }) => Promise<RecordOf<W[K]>> };
};

/** The system could not be reached, failed, or answered something the mapping cannot read. */
export function restUnavailable(): GraphQLError {
  return new GraphQLError("The agency system that holds this data is unavailable; try again.", { extensions: { code: FAILURE_CODES.unavailable } });
}

/** The system did not answer in time (its timeout, or what was left of the request's deadline). */
export function restTimeout(): GraphQLError {
  return new GraphQLError("The agency system that holds this data did not answer in time; try again.", { extensions: { code: FAILURE_CODES.timeout } });
}

/**
 * The client of one existing REST system, built from its mapping: one per subgraph, a
 * `RestClient` per request (`forRequest`), so loader caches never outlive a request and every
 * call stops with it. Counts every call it makes by endpoint (`calls`, and `/metrics`), so a
 * test or an operator can see that N pathways cost one call per batch, not N.
 */
export class RestSource<E extends Record<string, RestEntity<any>>, W extends Record<string, RestWrite<any, any>>> {
  /** Calls made, by "<METHOD> <path>": keys fixed by the mapping, never by a request. */
  readonly calls: Record<string, number> = {};

  constructor(
    readonly mapping: RestMapping<E, W>,
    private readonly endpoint: RestEndpoint,
  ) {
    for (const entity of Object.values(mapping.entities)) this.calls[`GET ${entity.path}`] = 0;
    for (const write of Object.values(mapping.writes)) this.calls[`${write.method} ${write.path}`] = 0;
  }

  /** Every call so far, all endpoints. */
  get totalCalls(): number {
    return Object.values(this.calls).reduce((sum, n) => sum + n, 0);
  }

  /** A client for one request: its calls stop when `signal` fires (the caller left, or its deadline passed). */
  forRequest(signal?: AbortSignal): RestClient<E, W> {
    const load = Object.fromEntries(
      Object.entries(this.mapping.entities).map(([name, entity]) => [
        name,
        new DataLoader<string, unknown>((keys) => this.readBatch(name, entity, keys, signal), { maxBatchSize: entity.maxBatch ?? 100 }),
      ]),
    );
    const write = Object.fromEntries(
      Object.entries(this.mapping.writes).map(([name, spec]) => [
        name,
        (input: Record<string, unknown>, options: { idempotencyKey?: string | null } = {}) => this.write(name, spec, input, options.idempotencyKey ?? null, signal),
      ]),
    );
    return { load, write } as unknown as RestClient<E, W>;
  }

  private async readBatch(name: string, entity: RestEntity<any>, keys: readonly string[], signal?: AbortSignal): Promise<unknown[]> {
    const url = new URL(entity.path, this.endpoint.url);
    url.searchParams.set(entity.batchBy, keys.join(","));
    const body = await this.call("GET", entity.path, url, undefined, {}, signal);
    const items = (body as Record<string, unknown> | null)?.[this.mapping.items ?? "items"];
    if (!Array.isArray(items)) throw this.unreadable(name);
    const records = items.map((item) => mapRecord(entity.fields, item));
    if (records.some((record) => record === null)) throw this.unreadable(name);
    const byKey = new Map<string, unknown[]>();
    for (const record of records as Record<string, unknown>[]) {
      const key = String(record[entity.key]);
      (byKey.get(key) ?? byKey.set(key, []).get(key)!).push(record);
    }
    return keys.map((key) => (entity.many ? (byKey.get(key) ?? []) : (byKey.get(key)?.[0] ?? null)));
  }

  private async write(name: string, spec: RestWrite<any, any>, input: Record<string, unknown>, idempotencyKey: string | null, signal?: AbortSignal): Promise<unknown> {
    const payload = Object.fromEntries(Object.entries(spec.body).map(([property, field]) => [property, input[field] ?? null]));
    const headers: Record<string, string> = { "content-type": "application/json", ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}) };
    const body = await this.call(spec.method, spec.path, new URL(spec.path, this.endpoint.url), JSON.stringify(payload), headers, signal);
    const record = mapRecord(spec.returns as FieldMap<Record<string, unknown>>, body);
    if (!record) throw this.unreadable(name);
    return record;
  }

  /** One HTTP call, counted; its failures as the stable codes a caller sees (no URL, no body, no value). */
  private async call(method: string, path: string, url: URL, body: string | undefined, headers: Record<string, string>, signal?: AbortSignal): Promise<unknown> {
    const endpoint = `${method} ${path}`;
    this.calls[endpoint] = (this.calls[endpoint] ?? 0) + 1;
    const timeout = AbortSignal.timeout(this.endpoint.timeoutMs ?? millisecondsFromEnv("REST_TIMEOUT_MS", 3000));
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { accept: "application/json", [this.mapping.apiKeyHeader]: this.endpoint.apiKey, ...headers },
        body,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      if (response.ok) return await response.json();
    } catch (error) {
      throw this.failure(endpoint, error, timeout, signal);
    }
    // Its answer is not read (it may quote what was sent): release the connection.
    await response.body?.cancel().catch(() => undefined);
    // The system refused the input (a write's): the caller can correct it; its message stays here.
    if (method !== "GET" && (response.status === 400 || response.status === 409 || response.status === 422)) {
      log.warn("rest.refused", { service: this.mapping.service, endpoint, status: response.status });
      throw badUserInput(`The ${this.mapping.service} system refused the input.`);
    }
    log.warn("rest.failed", { service: this.mapping.service, endpoint, status: response.status });
    throw restUnavailable();
  }

  private failure(endpoint: string, error: unknown, timeout: AbortSignal, signal?: AbortSignal): GraphQLError {
    const deadline = signal?.aborted && (signal.reason as { name?: unknown } | undefined)?.name === "TimeoutError";
    if (timeout.aborted || deadline) {
      log.warn("rest.timeout", { service: this.mapping.service, endpoint });
      return restTimeout();
    }
    if (signal?.aborted) return requestAbandoned();
    const cause = (error as { cause?: { code?: unknown } })?.cause?.code;
    log.warn("rest.unavailable", { service: this.mapping.service, endpoint, kind: typeof cause === "string" ? cause : (error as Error)?.name });
    return restUnavailable();
  }

  private unreadable(name: string): GraphQLError {
    // The system's answer does not fit the mapping (a changed API): nothing of it is released.
    log.error("rest.unreadable", { service: this.mapping.service, entity: name });
    return restUnavailable();
  }
}
