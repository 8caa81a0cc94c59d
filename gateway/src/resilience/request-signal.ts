import type { IncomingMessage } from "node:http";
import { millisecondsFromEnv, requestAbortSignal } from "@percorsi/kit";
import type { ResilienceOptions } from "./resilient-source.js";

export const DEFAULT_SUBGRAPH_TIMEOUT_MS = 5_000;
export const DEFAULT_REQUEST_DEADLINE_MS = 15_000;

/** `SUBGRAPH_TIMEOUT_MS` (one subgraph fetch) and `REQUEST_DEADLINE_MS` (a whole request). */
export function resilienceFromEnv(): ResilienceOptions {
  return {
    subgraphTimeoutMs: millisecondsFromEnv("SUBGRAPH_TIMEOUT_MS", DEFAULT_SUBGRAPH_TIMEOUT_MS),
    requestDeadlineMs: millisecondsFromEnv("REQUEST_DEADLINE_MS", DEFAULT_REQUEST_DEADLINE_MS),
  };
}

const SIGNAL = Symbol("percorsi.requestSignal");
const DEADLINE = Symbol("percorsi.requestDeadline");

/**
 * Gives each request's context an AbortSignal that fires when the caller disconnects or the
 * request's deadline passes: every subgraph fetch of the request is sent with it, so abandoned
 * work stops and a late request ends at its deadline with what it has.
 */
export function withRequestSignal<C extends object>(context: (req: IncomingMessage) => Promise<C>, options: ResilienceOptions) {
  return async (req: IncomingMessage): Promise<C> => {
    const deadline = AbortSignal.timeout(options.requestDeadlineMs);
    const client = requestAbortSignal(req);
    const signal = client ? AbortSignal.any([client, deadline]) : deadline;
    const deadlineAt = Date.now() + options.requestDeadlineMs;
    const value = await context(req);
    // Enumerable: Apollo Server hands resolvers and data sources a shallow copy of the context.
    Object.assign(value, { [SIGNAL]: signal, [DEADLINE]: deadlineAt });
    return value;
  };
}

/** When the request's deadline passes (epoch ms): subgraphs are told how long they have left. */
export function deadlineOf(context: unknown): number | undefined {
  return context && typeof context === "object" ? (context as { [DEADLINE]?: number })[DEADLINE] : undefined;
}

export function signalOf(context: unknown): AbortSignal | undefined {
  return context && typeof context === "object" ? (context as { [SIGNAL]?: AbortSignal })[SIGNAL] : undefined;
}
