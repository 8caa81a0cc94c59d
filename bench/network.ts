// What every benchmark script needs: a data directory of the run's own, the network started as
// `npm start` starts it (separate processes) on the script's ports, and a stop that removes the
// run's stores once the network has exited.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { envNameOf, readNetwork, readServices } from "@percorsi/schema/network";

/**
 * The run's data directory (stores and development keys), set as PERCORSI_DATA_DIR. Call it
 * before importing the gateway's modules: they read it when loaded. With `reuse`, the directory
 * of a network already running (PERCORSI_DATA_DIR must say which).
 */
export function useRunDataDir(prefix: string, reuse = false): string {
  const dir = reuse ? process.env.PERCORSI_DATA_DIR : mkdtempSync(join(tmpdir(), `percorsi-${prefix}-`));
  if (!dir) throw new Error("reusing a running network needs its PERCORSI_DATA_DIR");
  process.env.PERCORSI_DATA_DIR = dir;
  return dir;
}

/** The gateway's port and each subgraph's, by the names schema/supergraph.yaml gives them. */
export interface BenchPorts {
  gateway: number;
  subgraphs: Record<string, number>;
  /** The stand-ins for agencies' systems (the manifest's services:), after the subgraphs. */
  services: Record<string, number>;
}

/**
 * The gateway on GATEWAY_PORT, else `base`; the subgraphs of the network manifest, in its order,
 * on their <NAME>_PORT, else `base + 1`, `base + 2`..., then its services likewise.
 */
export function benchPorts(base: number): BenchPorts {
  const port = (name: string, fallback: number) => Number(process.env[name] || fallback);
  const subgraphs = readNetwork().filter((s) => s.main);
  return {
    gateway: port("GATEWAY_PORT", base),
    subgraphs: Object.fromEntries(subgraphs.map((s, i) => [s.name, port(`${s.envName}_PORT`, base + 1 + i)])),
    services: Object.fromEntries(
      readServices()
        .filter((s) => s.main)
        .map((s, i) => [s.name, port(`${s.envName}_PORT`, base + 1 + subgraphs.length + i)]),
    ),
  };
}

export interface BenchNetwork {
  /** The gateway's GraphQL endpoint. */
  graphql: string;
  waitForGateway(): Promise<void>;
  /** Stops the network and, once it has exited (its stores closed), removes the run's data; exits with `code`. */
  finish(code: number): Promise<never>;
}

/**
 * Starts the network on `ports` with the run's data directory (or, `reuse`, measures the one
 * already running there and leaves it alone). `env` adds settings to the network's environment.
 */
export function startBenchNetwork(options: { ports: BenchPorts; dataDir: string; env?: Record<string, string>; reuse?: boolean }): BenchNetwork {
  const { ports, dataDir } = options;
  let network: ChildProcess | null = null;
  const stop = () => {
    if (network && network.exitCode === null && network.signalCode === null) network.kill("SIGTERM");
  };
  const removeData = () => {
    if (!options.reuse) rmSync(dataDir, { recursive: true, force: true });
  };
  if (!options.reuse) {
    network = spawn(process.execPath, ["scripts/start.mjs"], {
      env: {
        ...process.env,
        GATEWAY_PORT: String(ports.gateway),
        ...Object.fromEntries(Object.entries({ ...ports.subgraphs, ...ports.services }).map(([name, port]) => [`${envNameOf(name)}_PORT`, String(port)])),
        DATABASE_URL: "",
        ...options.env,
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    // On a failure too: no run leaves its stores behind in the temporary directory.
    process.on("exit", () => {
      stop();
      removeData();
    });
  }
  return {
    graphql: `http://127.0.0.1:${ports.gateway}/graphql`,
    async waitForGateway() {
      const deadline = Date.now() + 300_000;
      while (Date.now() < deadline) {
        try {
          if ((await fetch(`http://127.0.0.1:${ports.gateway}/health`)).ok) return;
        } catch {
          // starting
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      throw new Error("the network did not start");
    },
    async finish(code) {
      if (network && network.exitCode === null && network.signalCode === null) {
        const exited = new Promise((resolve) => network!.once("exit", resolve));
        stop();
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      }
      removeData();
      process.exit(code);
    },
  };
}
