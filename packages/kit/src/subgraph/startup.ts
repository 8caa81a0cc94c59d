import { createServer } from "node:net";
import { StoreOpenError } from "../db/database.js";
import { StoreInUseError } from "../db/store-lock.js";
import { DEFAULT_SHUTDOWN_GRACE_MS, type RunningServer } from "../http/serve.js";
import { millisecondsFromEnv } from "../limits/failure-codes.js";
import { errorFields, log } from "../log.js";

/** A setting that makes a service unable to start (a missing file, half a pair...): its message says which. */
export class ConfigurationError extends Error {
  readonly code: string = "CONFIGURATION";
  constructor(message: string) {
    super(message);
    this.name = "ConfigurationError";
  }
}

/** The port a service is to listen on is taken (another service, an earlier run still alive). */
export class PortInUseError extends ConfigurationError {
  override readonly code = "PORT_IN_USE";
  constructor(port: number, host: string) {
    super(`port ${port} on ${host} is already in use by another process; stop it or choose another port`);
    this.name = "PortInUseError";
  }
}

/**
 * For a service's `main`: a start refused for a known reason (its store in use by another
 * process or unusable, its port taken, a bad setting) ends the process with that reason, one
 * clear line, exit code 1, and no stack trace; anything else is rethrown as it is.
 *   const subgraph = await createXSubgraph().catch(refuseToStart);
 */
export function refuseToStart(error: unknown): never {
  if (error instanceof StoreInUseError || error instanceof ConfigurationError || error instanceof StoreOpenError) {
    log.error("service.start_refused", { code: error.code, message: error.message });
    process.exit(1);
  }
  throw error;
}

/** Throws PortInUseError when `port` cannot be listened on; checked before any store is opened. */
export async function assertPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => reject(error.code === "EADDRINUSE" ? new PortInUseError(port, host) : error));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

export interface Service {
  listen(port: number, host?: string): Promise<RunningServer>;
  stop(): Promise<void>;
}

/**
 * A service's whole life, for its `main`: the port is checked before the store is opened,
 * migrated or seeded (a taken port is one line, not an exception after a minute of seeding);
 * then it listens, and stops on SIGINT, SIGTERM or its supervisor's death (`stopOnSignals`).
 * Under a supervisor (`npm start`), it says when it is ready over the IPC channel.
 */
export async function runService<S extends Service>(name: string, port: number, host: string, create: () => Promise<S>): Promise<S> {
  await assertPortFree(port, host).catch(refuseToStart);
  const service = await create().catch(refuseToStart);
  await service.listen(port, host).catch((error: NodeJS.ErrnoException) => refuseToStart(error.code === "EADDRINUSE" ? new PortInUseError(port, host) : error));
  stopOnSignals(name, () => service.stop());
  process.send?.({ percorsi: "ready" });
  return service;
}

/**
 * Stops the service on SIGINT or SIGTERM, and when the supervisor that started it goes away
 * (its IPC channel closes, however it died: a child never outlives `npm start` holding its
 * port). The service stops accepting at once (its `stop()` closes the listener first) and the
 * process exits within `SHUTDOWN_GRACE_MS` whatever is still running: the timer is set in the
 * handler's first lines.
 */
export function stopOnSignals(name: string, stop: () => Promise<void>, graceMs = millisecondsFromEnv("SHUTDOWN_GRACE_MS", DEFAULT_SHUTDOWN_GRACE_MS)): void {
  let stopping = false;
  const shutdown = (reason: string) => {
    if (stopping) return;
    stopping = true;
    // Cutting what is left at the grace period is the documented stop, not a failure: exit 0.
    const forced = setTimeout(() => {
      log.warn("service.stop_forced", { service: name, graceMs });
      process.exit(0);
    }, graceMs);
    forced.unref();
    const since = performance.now();
    void stop().then(
      () => {
        log.info("service.stopped", { service: name, ms: Math.round(performance.now() - since) });
        process.exit(0);
      },
      (error: unknown) => {
        log.error("service.stop_failed", { service: name, ...errorFields(error) });
        process.exit(1);
      },
    );
    log.info("service.stopping", { service: name, reason, graceMs });
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  if (process.connected) process.once("disconnect", () => shutdown("supervisor_gone"));
}
