// npm start: runs the whole network locally — the subgraphs schema/supergraph.yaml lists (each its
// own process, port and store, seeded with the demo network), the stand-ins for agencies' existing
// systems some of them sit over (its services:), and the gateway in front of them — and keeps it running:
// a process that crashes is reported (which, how, its last log lines) and restarted; a subgraph
// that keeps crashing is reported and left down while the others keep serving (the gateway
// answers its paths SUBGRAPH_UNAVAILABLE); a gateway that keeps crashing stops the network.
// Ctrl-C (or SIGTERM) stops all, gateway first, each draining its requests in flight; if this
// process is killed outright, every child notices (its IPC channel closes) and stops itself.
//
// SUPERVISOR_MAX_CRASHES (default 5) and SUPERVISOR_BACKOFF_MS (first restart delay, default
// 1000) tune the crash budget.
//
// Stores: PGlite files under .data/<subgraph>/ by default. With DATABASE_URL set (a PostgreSQL
// server), each subgraph gets its own database named <database>_<subgraph>, created if missing;
// <NAME>_DATABASE_URL (e.g. EMPLOYMENT_DATABASE_URL) overrides one subgraph's.
//
// Demo data: the large network (about 2,000 pathways over three years) unless DEMO_NETWORK says
// "small" (the 48 pathways the tests use). A store keeps the network it was first seeded with.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { register } from "tsx/esm/api";
import { supervise } from "./supervisor.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
// The network's subgraphs are those of schema/supergraph.yaml with a `main` (the others run
// elsewhere), on <NAME>_PORT or their routing URL's port. The manifest's reader is TypeScript.
register();
const { envNameOf, portOf, readNetwork, readServices } = await import("@percorsi/schema/network");
const SUBGRAPHS = readNetwork()
  .filter((subgraph) => subgraph.main)
  .map((subgraph) => ({ name: subgraph.name, envName: subgraph.envName, main: subgraph.main, port: String(portOf(subgraph)), uses: subgraph.uses }));
// The stand-ins for agencies' existing systems (the manifest's services:), started first: each
// with a fresh API key for this run, which the subgraphs that use it get with its URL.
const SERVICES = readServices()
  .filter((service) => service.main)
  .map((service) => ({ ...service, port: String(portOf(service)), apiKey: randomBytes(24).toString("base64url") }));
/** What a subgraph is told of the services it uses: <NAME>_URL and <NAME>_API_KEY. */
const serviceEnv = (uses) =>
  Object.fromEntries(
    SERVICES.filter((service) => uses.includes(service.name)).flatMap((service) => [
      [`${service.envName}_URL`, `http://127.0.0.1:${service.port}`],
      [`${service.envName}_API_KEY`, service.apiKey],
    ]),
  );
const serviceProcesses = [];
const gatewayPort = process.env.GATEWAY_PORT ?? process.env.PORT ?? "4000";
// A newcomer's network is the realistic one; tests (which never come through here) keep the small one.
const demoNetwork = process.env.DEMO_NETWORK ?? "large";
const subgraphProcesses = [];
let gatewayProcess = null;
let stopping = false;

const say = (line) => console.log(`${"[percorsi]".padEnd(16)}${line}`);

/** A PostgreSQL database for one subgraph, created (through the server's maintenance database) if missing. */
async function databaseUrlFor(name) {
  const own = process.env[`${envNameOf(name)}_DATABASE_URL`];
  if (own) return own;
  if (!process.env.DATABASE_URL) return undefined;
  const server = new URL(process.env.DATABASE_URL);
  const database = `${decodeURIComponent(server.pathname.slice(1)) || "percorsi"}_${name.replace(/-/g, "_")}`;
  // The database named in DATABASE_URL need not exist: connect to the maintenance database.
  const admin = await connectToMaintenance(server);
  try {
    const { rowCount } = await admin.query("select 1 from pg_database where datname = $1", [database]);
    if (rowCount) {
      say(`${name}: PostgreSQL database ${database}`);
    } else {
      say(`${name}: creating PostgreSQL database ${database}`);
      await admin.query(`create database "${database.replace(/"/g, '""')}"`);
    }
  } finally {
    await admin.end();
  }
  server.pathname = `/${database}`;
  return server.toString();
}

async function connectToMaintenance(server) {
  let lastError;
  for (const maintenance of ["postgres", "template1"]) {
    const url = new URL(server);
    url.pathname = `/${maintenance}`;
    const client = new pg.Client({ connectionString: url.toString() });
    try {
      await client.connect();
      return client;
    } catch (error) {
      lastError = error;
      await client.end().catch(() => {});
    }
  }
  throw new Error(`cannot reach the PostgreSQL server of DATABASE_URL (${lastError?.code ?? lastError?.message ?? "unknown error"})`);
}

/** The kit's structured log lines, shortened for a terminal; anything else as it is. */
function render(line) {
  if (!line.startsWith("{")) return line;
  try {
    const { time: _time, level, event, ...fields } = JSON.parse(line);
    if (typeof event !== "string") return line;
    const details = Object.entries(fields)
      .filter(([, value]) => value !== undefined && value !== null)
      .map(([key, value]) => `${key}=${value}`)
      .join(" ");
    return `${level && level !== "info" ? `${String(level).toUpperCase()} ` : ""}${event}${details ? ` ${details}` : ""}`;
  } catch {
    return line;
  }
}

const crashBudget = {
  ...(process.env.SUPERVISOR_MAX_CRASHES ? { maxFastCrashes: Number(process.env.SUPERVISOR_MAX_CRASHES) } : {}),
  ...(process.env.SUPERVISOR_BACKOFF_MS ? { initialBackoffMs: Number(process.env.SUPERVISOR_BACKOFF_MS) } : {}),
};

function run(label, script, env) {
  return supervise({
    label,
    command: process.execPath,
    args: ["--import", "tsx", script],
    cwd: root,
    env: { ...process.env, APOLLO_TELEMETRY_DISABLED: "1", ...env },
    render,
    readiness: "message",
    options: crashBudget,
    onGiveUp: () => {
      if (label === "gateway") {
        say(`stopping the network: the gateway cannot stay up. Fix the cause above and run npm start again.`);
        void stop(1);
        return;
      }
      say(`${label} is left down; the rest of the network keeps serving (its data answers SUBGRAPH_UNAVAILABLE). Fix the cause above and restart npm start.`);
    },
  });
}

const dashboardDir = join(root, "dashboard");

/** The newest modification time among the dashboard's sources (what its build is made from). */
function newestSource(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestSource(join(path, name))));
}

/**
 * Builds the control room's dashboard (served by the gateway at /dashboard/) when its build is
 * missing or older than its sources, alongside the subgraphs' start. A failed build costs only
 * the dashboard: the gateway then answers /dashboard/ with how to build it.
 */
function buildDashboard() {
  const built = join(dashboardDir, "dist", "index.html");
  const sources = ["src", "index.html", "vite.config.ts"].map((name) => join(dashboardDir, name)).filter(existsSync);
  if (existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources.map(newestSource))) return Promise.resolve();
  say("building the dashboard (vite)...");
  const since = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, "node_modules", "vite", "bin", "vite.js"), "build", "--logLevel", "error"], {
      cwd: dashboardDir,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let errors = "";
    child.stderr.on("data", (chunk) => (errors = (errors + chunk).slice(-2000)));
    child.on("error", (error) => {
      say(`the dashboard could not be built (${error.message}); the rest of the network runs.`);
      resolve();
    });
    child.on("exit", (code) => {
      if (code === 0) say(`dashboard built (${((Date.now() - since) / 1000).toFixed(0)} s).`);
      else say(`the dashboard could not be built; the rest of the network runs:\n${errors}`);
      resolve();
    });
  });
}

/** Waits until every service answers its health check, saying which it is still waiting for. */
async function waitForHealth(services, since) {
  const deadline = Date.now() + 180_000;
  let nextNotice = Date.now() + 10_000;
  const pending = new Map(services.map((service) => [service.label, service.url]));
  const givenUp = (label) => [gatewayProcess, ...subgraphProcesses, ...serviceProcesses].some((child) => child?.label === label && child.givenUp);
  while (pending.size > 0 && !stopping) {
    // One that was given up on is not waited for: the others start without it.
    for (const label of pending.keys()) if (givenUp(label)) pending.delete(label);
    await Promise.all(
      [...pending].map(async ([label, url]) => {
        try {
          if (!(await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
          pending.delete(label);
          say(`${label} is up (${((Date.now() - since) / 1000).toFixed(0)} s).`);
        } catch {
          // not up yet
        }
      }),
    );
    if (pending.size === 0) return;
    if (Date.now() > deadline) throw new Error(`${[...pending.keys()].join(", ")} did not become healthy in time`);
    if (Date.now() >= nextNotice) {
      say(`still waiting for ${[...pending.keys()].join(", ")} (${((Date.now() - since) / 1000).toFixed(0)} s)...`);
      nextNotice = Date.now() + 10_000;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Gateway first (it drains the requests it is answering), then the subgraphs. */
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  say("stopping: gateway first, then the subgraphs; each finishes its requests in flight.");
  const forced = setTimeout(() => {
    say("processes did not stop in time; killing them.");
    for (const child of [gatewayProcess, ...subgraphProcesses, ...serviceProcesses]) child?.kill();
    process.exit(code || 1);
  }, 40_000);
  forced.unref();
  await gatewayProcess?.stop();
  await Promise.all(subgraphProcesses.map((child) => child.stop()));
  await Promise.all(serviceProcesses.map((child) => child.stop()));
  say("stopped.");
  process.exit(code);
}

process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
// Under `npm start | tee log`, Ctrl-C ends tee too: writing to the closed pipe must not kill
// this process before it has drained the network.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined);
// If the supervisor itself dies, its children (in their own process groups) must not linger.
process.on("exit", () => {
  for (const child of [gatewayProcess, ...subgraphProcesses, ...serviceProcesses]) child?.kill();
});

try {
  const startedAt = Date.now();
  if (!["small", "large", ""].includes(demoNetwork.trim())) {
    throw new Error(`DEMO_NETWORK must be "small" or "large", not "${demoNetwork.slice(0, 40)}"`);
  }
  say(`starting the network: ${SUBGRAPHS.map((s) => s.name).join(", ")}, then the gateway.`);
  say(
    `demo data: the ${demoNetwork.trim() || "small"} network (DEMO_NETWORK=small or large; ` +
      "a store keeps what it was first seeded with: remove .data/ or the databases to switch).",
  );
  for (const service of SERVICES) {
    const url = await databaseUrlFor(service.name);
    say(`starting ${service.name} on port ${service.port} (${url ? "PostgreSQL" : "PGlite"}): a stand-in for an agency's existing system.`);
    serviceProcesses.push(
      run(service.name, service.main, {
        [`${service.envName}_PORT`]: service.port,
        [`${service.envName}_API_KEY`]: service.apiKey,
        DEMO_NETWORK: demoNetwork,
        ...(url ? { DATABASE_URL: url } : { DATABASE_URL: "" }),
      }),
    );
  }
  for (const subgraph of SUBGRAPHS) {
    const url = await databaseUrlFor(subgraph.name);
    say(
      `starting ${subgraph.name} on port ${subgraph.port} (${url ? "PostgreSQL" : "PGlite"}): it opens its store ` +
        `(${url ? "" : "the first time, PGlite creates it: up to a minute; "}then migrations, and the demo data if empty).`,
    );
    subgraphProcesses.push(
      run(subgraph.name, subgraph.main, {
        [`${subgraph.envName}_PORT`]: subgraph.port,
        ...serviceEnv(subgraph.uses),
        DEMO_NETWORK: demoNetwork,
        ...(url ? { DATABASE_URL: url } : { DATABASE_URL: "" }),
      }),
    );
  }
  // DASHBOARD_BUILD=false leaves the dashboard as it is (the supervisor's own tests).
  const dashboard = process.env.DASHBOARD_BUILD === "false" ? Promise.resolve() : buildDashboard();
  await waitForHealth(
    [...SERVICES.map((s) => ({ label: s.name, url: `http://127.0.0.1:${s.port}/health` })), ...SUBGRAPHS.map((s) => ({ label: s.name, url: `http://127.0.0.1:${s.port}/health` }))],
    startedAt,
  );
  await dashboard;
  if (!stopping) {
    say(`starting the gateway on port ${gatewayPort}.`);
    gatewayProcess = run("gateway", "gateway/src/main.ts", {
      GATEWAY_PORT: gatewayPort,
      ...Object.fromEntries(SUBGRAPHS.map((s) => [`SUBGRAPH_${s.envName}_URL`, `http://127.0.0.1:${s.port}/graphql`])),
    });
    await waitForHealth([{ label: "gateway", url: `http://127.0.0.1:${gatewayPort}/health` }], startedAt);
  }
  if (!stopping) {
    console.log(`
Percorsi is running (${((Date.now() - startedAt) / 1000).toFixed(0)} s).
  GraphQL   http://127.0.0.1:${gatewayPort}/graphql
  GraphiQL  http://127.0.0.1:${gatewayPort}/graphiql
  Dashboard http://127.0.0.1:${gatewayPort}/dashboard/  (the control room's indicators: sign in as analyst)
  Health    http://127.0.0.1:${gatewayPort}/health
Get a token for a demo user:  npm run token -- --user op-aurora
A process that crashes is restarted (one that keeps crashing is left down); Ctrl-C stops them all.
`);
  }
} catch (error) {
  say(error.message);
  void stop(1);
}
