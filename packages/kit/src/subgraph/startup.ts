import { StoreInUseError } from "../db/store-lock.js";
import { log } from "../log.js";

/** A setting that makes a service unable to start (a missing file, half a pair...): its message says which. */
export class ConfigurationError extends Error {
  readonly code = "CONFIGURATION";
  constructor(message: string) {
    super(message);
    this.name = "ConfigurationError";
  }
}

/**
 * For a service's `main`: a start refused for a known reason (its store in use by another
 * process, a bad setting) ends the process with that reason, one clear line, exit code 1, and no
 * stack trace; anything else is rethrown as it is.
 *   const subgraph = await createXSubgraph().catch(refuseToStart);
 */
export function refuseToStart(error: unknown): never {
  if (error instanceof StoreInUseError || error instanceof ConfigurationError) {
    log.error("service.start_refused", { code: error.code, message: error.message });
    process.exit(1);
  }
  throw error;
}
