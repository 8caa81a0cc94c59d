import { GraphQLError } from "graphql";

/**
 * The store's failures as a caller sees them: stable codes, no driver message (it may quote a
 * value). On a mutation, STORE_UNAVAILABLE may come after the commit was sent: the write may have
 * been made, and a retry with the same idempotency key is the safe way to find out.
 */
export const STORE_CODES = {
  /** The connection to the store was lost or could not be made. */
  unavailable: "STORE_UNAVAILABLE",
  /** A statement ran past the statement timeout, or waited past the lock timeout. */
  timeout: "STORE_TIMEOUT",
} as const;
export const STORE_CODE_VALUES: readonly string[] = Object.values(STORE_CODES);

export function storeUnavailable(): GraphQLError {
  return new GraphQLError("The store that holds this data is unavailable; try again.", { extensions: { code: STORE_CODES.unavailable } });
}

export function storeTimeout(): GraphQLError {
  return new GraphQLError("The store did not answer in time; try again.", { extensions: { code: STORE_CODES.timeout } });
}

/** Nobody waits for this answer any more (the caller left, or its deadline passed): the work stops. */
export function requestAbandoned(): GraphQLError {
  return new GraphQLError("The request was abandoned.", { extensions: { code: "REQUEST_ABORTED" } });
}

const LOST_CONNECTION_ERRNO = new Set(["ECONNRESET", "EPIPE", "ECONNREFUSED", "ETIMEDOUT", "ENOTCONN", "EHOSTUNREACH", "ECONNABORTED"]);
// pg reports a socket that ended, or a client broken by an earlier error, with a message only.
const LOST_CONNECTION_MESSAGE = /Connection terminated|connection error and is not queryable|Client was closed|timeout exceeded when trying to connect|Connection ended/i;

/**
 * The connection is gone: the server ended it (57P01 admin shutdown, `pg_terminate_backend`;
 * 57P02/57P03 crash or restart), class 08 (connection exception), or the socket failed.
 */
export function isConnectionLost(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === "string" ? e.code : "";
  if (code === "57P01" || code === "57P02" || code === "57P03" || code.startsWith("08") || LOST_CONNECTION_ERRNO.has(code)) return true;
  return typeof e?.message === "string" && LOST_CONNECTION_MESSAGE.test(e.message);
}

/** 57014: cancelled (statement timeout or a cancel request); 55P03: the lock timeout passed. */
export function isTimedOut(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "57014" || code === "55P03";
}
