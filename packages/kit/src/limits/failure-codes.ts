/**
 * The stable codes of a failure that costs only its own paths: the gateway puts them at the
 * paths a subgraph should have answered, the rest of the answer intact.
 */
export const FAILURE_CODES = {
  /** The subgraph could not be reached, refused the connection or answered something unusable. */
  unavailable: "SUBGRAPH_UNAVAILABLE",
  /** The subgraph did not answer within the per-subgraph timeout. */
  timeout: "SUBGRAPH_TIMEOUT",
  /** The request's overall deadline passed before the subgraph answered. */
  deadline: "REQUEST_DEADLINE_EXCEEDED",
  /** The caller went away; the work was abandoned (nobody reads this answer). */
  aborted: "REQUEST_ABORTED",
} as const;
export type FailureCode = (typeof FAILURE_CODES)[keyof typeof FAILURE_CODES];
export const FAILURE_CODE_VALUES: readonly FailureCode[] = Object.values(FAILURE_CODES);

/** A duration in milliseconds from the environment, or the default. */
export function millisecondsFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number of milliseconds`);
  return value;
}
