// npm run bench: starts the network (separate processes, as in production), drives the gateway
// with autocannon on an operator query mix, and prints requests/s, p50/p99 latency and SQL
// round trips per request for each scenario.
//   BENCH_SECONDS=10 BENCH_CONNECTIONS=10 npm run bench
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";

const dataDir = mkdtempSync(join(tmpdir(), "percorsi-bench-"));
process.env.PERCORSI_DATA_DIR = dataDir;
const { devTokenFor } = await import("../gateway/src/auth/dev-tokens.js");
const { demoNetwork } = await import("@percorsi/demo");

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PORTS = { gateway: 4100, "anti-violence": 4101, employment: 4102, training: 4103 };
const GATEWAY = `http://127.0.0.1:${PORTS.gateway}/graphql`;

const network = spawn(process.execPath, ["scripts/start.mjs"], {
  env: {
    ...process.env,
    GATEWAY_PORT: String(PORTS.gateway),
    ANTI_VIOLENCE_PORT: String(PORTS["anti-violence"]),
    EMPLOYMENT_PORT: String(PORTS.employment),
    TRAINING_PORT: String(PORTS.training),
    DATABASE_URL: "",
  },
  stdio: ["ignore", "pipe", "inherit"],
});
network.stdout.on("data", () => undefined);

function stopNetwork() {
  network.kill("SIGTERM");
  setTimeout(() => rmSync(dataDir, { recursive: true, force: true }), 2000).unref();
}
process.on("exit", stopNetwork);

async function waitForGateway() {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORTS.gateway}/health`)).ok) return;
    } catch {
      // starting
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the network did not start");
}

async function sqlRoundTrips(): Promise<number> {
  let total = 0;
  for (const name of ["anti-violence", "employment", "training"] as const) {
    const health = (await (await fetch(`http://127.0.0.1:${PORTS[name]}/health`)).json()) as { sqlRoundTrips: number };
    total += health.sqlRoundTrips;
  }
  return total;
}

interface Scenario {
  name: string;
  user: string;
  purpose: string;
  query: string;
  variables?: Record<string, unknown>;
}

const demo = demoNetwork();
const auroraCase = demo.pathways.find((p) => p.holderId === "cav-aurora")!;

const SCENARIOS: Scenario[] = [
  {
    name: "centre: caseload page (20) with assessment, plan, referrals",
    user: "op-aurora",
    purpose: "EMPOWERMENT_PLAN",
    query: `{ pathways(first: 20) { totalCount nodes { id stage openedOn holder { name }
      needsAssessment { educationLevel availability } plan { signedOn goals { area status responsibleOrganisation { name } } }
      referrals { status purpose to { name } } } pageInfo { hasNextPage endCursor } } }`,
  },
  {
    name: "centre: one pathway in full",
    user: "op-aurora",
    purpose: "EMPOWERMENT_PLAN",
    query: `query($id: ID!) { pathway(id: $id) { id stage identity { givenName preferredContact }
      needsAssessment { educationLevel languages workExperience { occupation years } housingSituation }
      plan { goals { description status dueOn } } referrals { status to { name } } } }`,
    variables: { id: auroraCase.id },
  },
  {
    name: "job centre: caseload across subgraphs (stage, holder)",
    user: "op-cpi-centro",
    purpose: "JOB_PLACEMENT",
    query: `{ jobCentreCaseload(first: 20) { totalCount nodes { id stage holder { name } jobSeeker { status skills } } } }`,
  },
  {
    name: "training body: caseload with enrolments and courses",
    user: "op-training",
    purpose: "TRAINING",
    query: `{ trainingCaseload(first: 20) { totalCount nodes { id stage enrolments { status course { title } } } } }`,
  },
  {
    name: "centre: her records at job centre and training body, by consent",
    user: "op-aurora",
    purpose: "EMPOWERMENT_PLAN",
    query: `{ pathways(first: 20) { nodes { id jobSeeker { status } placements { occupation startOn } enrolments { status } } } }`,
  },
];

function percentile(result: autocannon.Result, p: "p50" | "p99"): number {
  return result.latency[p];
}

await waitForGateway();
const tokens = Object.fromEntries(await Promise.all([...new Set(SCENARIOS.map((s) => s.user))].map(async (u) => [u, await devTokenFor(u)] as const)));

function request(scenario: Scenario) {
  return {
    method: "POST" as const,
    path: "/graphql",
    headers: { "content-type": "application/json", authorization: `Bearer ${tokens[scenario.user]}`, "x-purpose": scenario.purpose },
    body: JSON.stringify({ query: scenario.query, variables: scenario.variables ?? {} }),
  };
}

// Correctness first: a benchmark of errors would measure nothing. Her consent refuses some
// fields (the sealed pathway, categories not granted): those FORBIDDEN answers are part of the
// work measured; anything else is a failure.
const deniedPerScenario = new Map<string, number>();
for (const scenario of SCENARIOS) {
  const { body, ...init } = request(scenario);
  const response = (await (await fetch(GATEWAY, { ...init, body })).json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  const unexpected = (response.errors ?? []).filter((error) => error.extensions?.code !== "FORBIDDEN");
  if (!response.data || unexpected.length > 0) throw new Error(`${scenario.name}: ${JSON.stringify(unexpected).slice(0, 300)}`);
  deniedPerScenario.set(scenario.name, response.errors?.length ?? 0);
}

const rows: string[][] = [];
async function measure(name: string, scenarios: Scenario[]) {
  const sample = 20;
  const before = await sqlRoundTrips();
  for (let i = 0; i < sample; i++) {
    const { body, ...init } = request(scenarios[i % scenarios.length]!);
    await fetch(GATEWAY, { ...init, body });
  }
  const trips = ((await sqlRoundTrips()) - before) / sample;
  const result = await autocannon({
    url: `http://127.0.0.1:${PORTS.gateway}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: scenarios.map(request),
  });
  const failures = result.non2xx + result.errors + result.timeouts;
  const denied = scenarios.length === 1 ? String(deniedPerScenario.get(name) ?? 0) : "";
  rows.push([name, result.requests.average.toFixed(0), `${percentile(result, "p50")}`, `${percentile(result, "p99")}`, trips.toFixed(1), denied, String(failures)]);
}

for (const scenario of SCENARIOS) await measure(scenario.name, [scenario]);
await measure(`mix of all ${SCENARIOS.length}`, SCENARIOS);

// "denied": fields each answer refuses (FORBIDDEN), as her consent decides.
const header = ["scenario", "req/s", "p50 ms", "p99 ms", "SQL/req", "denied", "failed"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
console.log(`\n${CONNECTIONS} connections, ${SECONDS}s per scenario, Node ${process.version}\n`);
console.log(line(header));
for (const row of rows) console.log(line(row));
stopNetwork();
process.exit(0);
