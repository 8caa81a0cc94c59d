import { randomBytes } from "node:crypto";
import { importExport, readServices } from "@percorsi/schema/network";
import { openDatabase, type Database } from "../db/database.js";
import type { RestEndpoint } from "../rest/rest-source.js";

interface StartedService {
  listen(port: number): Promise<{ url: string }>;
  stop(): Promise<void>;
}
type ServiceFactory = (options: { apiKey: string; seed: boolean; db: Database }) => Promise<StartedService>;

export interface RunningServices {
  /** Where each started service answers, and its key, by name: what the subgraphs that use it are given. */
  endpoints: Record<string, RestEndpoint>;
  /** Each started service as its factory returned it (a test reaches its store, counters, latency), by name. */
  instances: Record<string, unknown>;
  stop(): Promise<void>;
}

/**
 * The manifest's services these subgraphs use (`uses:`), started in this process on free ports
 * with fresh keys, in-memory stores and seeded demo data (unless `seed: false`), as `npm start`
 * runs them as processes.
 */
export async function startServices(names: Iterable<string>, options: { seed?: boolean } = {}): Promise<RunningServices> {
  const wanted = new Set(names);
  const started = await Promise.all(
    readServices()
      .filter((service) => wanted.has(service.name))
      .map(async (service) => {
        if (!service.server) throw new Error(`service ${service.name} has no server factory to run in this process`);
        const create = await importExport<ServiceFactory>(service.server);
        const apiKey = randomBytes(24).toString("base64url");
        const db = await openDatabase();
        const running = await create({ apiKey, seed: options.seed ?? true, db });
        const { url } = await running.listen(0);
        return { name: service.name, running, db, endpoint: { url, apiKey } };
      }),
  );
  return {
    endpoints: Object.fromEntries(started.map(({ name, endpoint }) => [name, endpoint])),
    instances: Object.fromEntries(started.map(({ name, running }) => [name, running])),
    async stop() {
      await Promise.all(started.map(({ running }) => running.stop()));
      await Promise.all(started.map(({ db }) => db.close()));
    },
  };
}
