// npm start: runs the whole network locally — three subgraphs (each its own process, port and
// store, seeded with the demo network) and the gateway in front of them. Ctrl-C stops all.
//
// Stores: PGlite files under .data/<subgraph>/ by default. With DATABASE_URL set (a PostgreSQL
// server), each subgraph gets its own database named <database>_<subgraph>, created if missing;
// <NAME>_DATABASE_URL (e.g. EMPLOYMENT_DATABASE_URL) overrides one subgraph's.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import pg from "pg";

const root = fileURLToPath(new URL("..", import.meta.url));
const SUBGRAPHS = [
  { name: "anti-violence", port: process.env.ANTI_VIOLENCE_PORT ?? "4001" },
  { name: "employment", port: process.env.EMPLOYMENT_PORT ?? "4002" },
  { name: "training", port: process.env.TRAINING_PORT ?? "4003" },
];
const gatewayPort = process.env.GATEWAY_PORT ?? process.env.PORT ?? "4000";
const children = [];
let stopping = false;

function envName(name) {
  return name.toUpperCase().replace(/-/g, "_");
}

async function databaseUrlFor(name) {
  const own = process.env[`${envName(name)}_DATABASE_URL`];
  if (own) return own;
  if (!process.env.DATABASE_URL) return undefined;
  const server = new URL(process.env.DATABASE_URL);
  const database = `${server.pathname.slice(1) || "percorsi"}_${name.replace(/-/g, "_")}`;
  const admin = new pg.Client({ connectionString: server.toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("select 1 from pg_database where datname = $1", [database]);
    if (!rowCount) await admin.query(`create database "${database}"`);
  } finally {
    await admin.end();
  }
  server.pathname = `/${database}`;
  return server.toString();
}

function run(label, script, env) {
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: root,
    env: { ...process.env, APOLLO_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const prefix = `[${label}]`.padEnd(16);
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream.on("data", (chunk) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop();
      for (const line of lines) console.log(`${prefix}${line}`);
    });
  }
  child.on("exit", (code) => {
    if (!stopping) {
      console.error(`${prefix}exited with code ${code}; stopping the network.`);
      stop(1);
    }
  });
  children.push(child);
  return child;
}

async function waitForHealth(url, label) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${label} did not become healthy at ${url}`);
}

function stop(code = 0) {
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 1500).unref();
}

process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

try {
  for (const subgraph of SUBGRAPHS) {
    const url = await databaseUrlFor(subgraph.name);
    run(subgraph.name, `subgraphs/${subgraph.name}/src/main.ts`, {
      [`${envName(subgraph.name)}_PORT`]: subgraph.port,
      ...(url ? { DATABASE_URL: url } : { DATABASE_URL: "" }),
    });
  }
  await Promise.all(SUBGRAPHS.map((s) => waitForHealth(`http://127.0.0.1:${s.port}/health`, s.name)));
  run("gateway", "gateway/src/main.ts", {
    GATEWAY_PORT: gatewayPort,
    ...Object.fromEntries(SUBGRAPHS.map((s) => [`SUBGRAPH_${envName(s.name)}_URL`, `http://127.0.0.1:${s.port}/graphql`])),
  });
  await waitForHealth(`http://127.0.0.1:${gatewayPort}/health`, "gateway");
  console.log(`
Percorsi is running.
  GraphQL   http://127.0.0.1:${gatewayPort}/graphql
  GraphiQL  http://127.0.0.1:${gatewayPort}/graphiql
  Health    http://127.0.0.1:${gatewayPort}/health
Get a token for a demo user:  npm run token -- --user op-aurora
`);
} catch (error) {
  console.error(error.message);
  stop(1);
}
