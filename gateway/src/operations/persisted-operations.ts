import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, watch, type FSWatcher } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ApolloServerPlugin, BaseContext, GraphQLRequest } from "@apollo/server";
import { GraphQLError } from "graphql";
import { ConfigurationError, log } from "@percorsi/kit";

/** The committed manifests, one file per client (`dashboard.json`...). */
export const DEFAULT_PERSISTED_OPERATIONS_DIR = fileURLToPath(new URL("../../persisted-operations/", import.meta.url));

export const PERSISTED_OPERATION_CODES = {
  notFound: "PERSISTED_DOCUMENT_NOT_FOUND",
  notSafelisted: "OPERATION_NOT_SAFELISTED",
  /** Both `query` and `documentId`: which one runs would be a guess. */
  ambiguous: "BAD_REQUEST",
} as const;

/** Why a request was refused, as counted in metrics: fixed words, never request data. */
export const REFUSAL_REASONS = ["document_not_found", "not_safelisted", "ambiguous"] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** Registered operation texts by the sha256 (lowercase hex) of their exact text. */
export type PersistedOperations = ReadonlyMap<string, string>;

const SHA256_HEX = /^[0-9a-f]{64}$/;
const SHA256_PREFIX = "sha256:";

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * Reads every `*.json` manifest of a directory: `{ "<sha256 hex of the text>": "<operation text>" }`,
 * the key bare or `sha256:`-prefixed (graphql-codegen's client preset writes the prefix with
 * `persistedDocuments: { hashAlgorithm: "sha256" }`, as the GraphQL over HTTP draft names ids).
 * Each hash is recomputed from its text: a manifest that says otherwise stops the start, since the
 * client and the gateway would not agree on what an id means.
 */
export function loadPersistedOperations(dir: string, options: { required?: boolean } = {}): PersistedOperations {
  if (!existsSync(dir)) {
    if (options.required) throw new ConfigurationError(`PERSISTED_OPERATIONS_DIR names no directory: ${dir}`);
    return new Map();
  }
  const operations = new Map<string, string>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".json")).sort()) {
    let manifest: unknown;
    try {
      manifest = JSON.parse(readFileSync(join(dir, file), "utf8"));
    } catch {
      throw new ConfigurationError(`persisted operations manifest ${file} is not valid JSON`);
    }
    if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest)) {
      throw new ConfigurationError(`persisted operations manifest ${file} must be an object of { "<sha256 hex>": "<operation text>" }`);
    }
    for (const [key, text] of Object.entries(manifest)) {
      const hash = key.startsWith(SHA256_PREFIX) ? key.slice(SHA256_PREFIX.length) : key;
      if (!SHA256_HEX.test(hash) || typeof text !== "string") {
        throw new ConfigurationError(
          `persisted operations manifest ${file}: each key must be a lowercase sha256 hex digest (optionally "sha256:"-prefixed) and each value an operation text`,
        );
      }
      if (sha256Hex(text) !== hash) {
        throw new ConfigurationError(
          `persisted operations manifest ${file}: the entry ${hash} does not hash to its key (sha256 of the exact text); regenerate the manifest`,
        );
      }
      operations.set(hash, text);
    }
  }
  return operations;
}

/** The directory of manifests: `PERSISTED_OPERATIONS_DIR` (which must exist), else the committed one. */
export function persistedOperationsDirFromEnv(): { dir: string; required: boolean } {
  const dir = process.env.PERSISTED_OPERATIONS_DIR;
  return dir ? { dir, required: true } : { dir: DEFAULT_PERSISTED_OPERATIONS_DIR, required: false };
}

export interface PersistedOperationsRegistry {
  current(): PersistedOperations;
  close(): void;
}

/**
 * The manifests of a directory, loaded now (a bad one refuses the start) and again whenever
 * the directory changes. A manifest that turns bad later is logged and the set in force kept:
 * a running gateway never drops to fewer operations because of a half-written file.
 */
export function watchedPersistedOperations(dir: string, options: { required?: boolean; settleMs?: number } = {}): PersistedOperationsRegistry {
  let operations = loadPersistedOperations(dir, options);
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    watcher = existsSync(dir)
      ? watch(dir, () => {
          clearTimeout(timer);
          // Codegen and editors write in steps; wait for the files to settle.
          timer = setTimeout(() => {
            try {
              operations = loadPersistedOperations(dir, options);
              log.info("gateway.persisted_operations_reloaded", { registered: operations.size });
            } catch (error) {
              log.error("gateway.persisted_operations_reload_failed", { message: (error as Error).message });
            }
          }, options.settleMs ?? 200);
        })
      : undefined;
    // Watching never keeps a process alive on its own.
    watcher?.unref();
  } catch {
    watcher = undefined; // no watching on this file system: the set loaded at start stays
  }
  return {
    current: () => operations,
    close() {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}

/** `OPERATIONS_SAFELIST=true`: only registered operations run. */
export function safelistFromEnv(): boolean {
  const value = process.env.OPERATIONS_SAFELIST;
  if (value === undefined || value === "" || value === "false") return false;
  if (value === "true") return true;
  throw new ConfigurationError("OPERATIONS_SAFELIST must be true or false");
}

export interface PersistedOperationsOptions {
  /** The registered operations, or where to read the set in force on each request. */
  operations: PersistedOperations | (() => PersistedOperations);
  /** Refuse any operation whose text is not registered. */
  safelist: boolean;
  onRefusal?: (reason: RefusalReason) => void;
}

/**
 * Persisted documents (the GraphQL over HTTP convention): a request may carry `documentId`
 * (the hash, optionally "sha256:"-prefixed) instead of `query`, in a POST body or a GET search
 * parameter. The registered text is put in place before Apollo Server reads the request, so
 * parsing, limits, the field policy and planning all run on it as on any text.
 *
 * In safelist mode a free `query` runs only when its exact text is registered, and an APQ
 * hash only when it is a registered one. The check sits on each single GraphQL request after
 * Apollo has taken the HTTP request apart, so POST, GET, every member of a batch and APQ all
 * pass through it alike.
 */
export function persistedOperationsPlugin<C extends BaseContext>(options: PersistedOperationsOptions): ApolloServerPlugin<C> {
  const { safelist } = options;
  const current = typeof options.operations === "function" ? options.operations : () => options.operations as PersistedOperations;
  return {
    async requestDidStart({ request }) {
      const refusal = substitute(request, current(), safelist);
      if (!refusal) return;
      options.onRefusal?.(refusal.reason);
      // Apollo Server answers an error thrown here as a 500, and refuses properly only from
      // didResolveOperation on: so nothing of the request runs; a constant operation stands in
      // for it until then, and is refused there with the real reason (this plugin comes first,
      // so its refusal is the one answered).
      request.query = STAND_IN;
      request.operationName = undefined;
      if (request.extensions) request.extensions = { ...request.extensions, persistedQuery: undefined };
      return {
        async didResolveOperation() {
          throw refusal.error;
        },
      };
    },
  };
}

const STAND_IN = "query Refused { __typename }";

/** Puts the registered text in place, or says why the request is refused. */
function substitute(request: GraphQLRequest, operations: PersistedOperations, safelist: boolean): { reason: RefusalReason; error: GraphQLError } | null {
  const notSafelisted = () => ({
    reason: "not_safelisted" as const,
    error: requestError("This gateway runs registered operations only; send a registered documentId.", PERSISTED_OPERATION_CODES.notSafelisted),
  });
  const documentId = documentIdOf(request);
  if (documentId !== undefined) {
    if (request.query !== undefined) {
      return { reason: "ambiguous", error: requestError("Send either query or documentId, not both.", PERSISTED_OPERATION_CODES.ambiguous) };
    }
    const text = typeof documentId === "string" ? operations.get(normalisedId(documentId)) : undefined;
    // The id is not echoed: the answer is the same for any unregistered value.
    if (text === undefined) {
      return { reason: "document_not_found", error: requestError("No registered operation has that documentId.", PERSISTED_OPERATION_CODES.notFound) };
    }
    request.query = text;
    return null;
  }
  if (request.query !== undefined) return safelist && !operations.has(sha256Hex(request.query)) ? notSafelisted() : null;
  const apqHash = (request.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash;
  if (typeof apqHash !== "string") return null;
  // A registered hash is its text, whatever Apollo's APQ cache holds; Apollo still checks that
  // the text hashes to what was sent.
  const text = operations.get(apqHash);
  if (text !== undefined) {
    request.query = text;
    return null;
  }
  return safelist ? notSafelisted() : null;
}

/** The documentId of a POST body (each member of a batch is its own body) or a GET search. */
function documentIdOf(request: GraphQLRequest): unknown {
  const http = request.http;
  if (!http) return undefined;
  if (http.method === "GET") return new URLSearchParams(http.search).get("documentId") ?? undefined;
  const body = http.body as Record<string, unknown> | undefined;
  return body && typeof body === "object" && !Array.isArray(body) ? (body.documentId ?? undefined) : undefined;
}

function normalisedId(documentId: string): string {
  return documentId.replace(/^sha256:/i, "").toLowerCase();
}

function requestError(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}
