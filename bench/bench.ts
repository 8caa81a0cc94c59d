// npm run bench: starts the network (separate processes, as in production), drives the gateway
// with autocannon on an operator query mix, and prints for each scenario requests/s, p50/p99
// latency, SQL round trips per request and CPU per request, both summed over the network's processes
// (read from each one's /metrics, behind a token of this run's own). The network is the one
// `npm start` seeds (large), or DEMO_NETWORK=small for the 48-pathway one.
//   BENCH_SECONDS=10 BENCH_CONNECTIONS=10 npm run bench
//   ports 4100-4103 (gateway, then the subgraphs of schema/supergraph.yaml) unless GATEWAY_PORT, <NAME>_PORT say otherwise
import { randomBytes } from "node:crypto";
import autocannon from "autocannon";
import { benchPorts, startBenchNetwork, useRunDataDir } from "./network.js";

const dataDir = useRunDataDir("bench");
const { devTokenFor } = await import("../gateway/src/auth/dev-tokens.js");
const { demoNetwork } = await import("@percorsi/demo");

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PORTS = benchPorts(4100);
const METRICS_TOKEN = randomBytes(24).toString("hex");

const { graphql: GATEWAY, waitForGateway, finish } = startBenchNetwork({
  ports: PORTS,
  dataDir,
  env: {
    METRICS_TOKEN,
    // One organisation drives the whole load here: measure capacity, not its fair share (bench:fairness does).
    FAIR_CONCURRENT_COST: process.env.FAIR_CONCURRENT_COST ?? "1000000000",
    FAIR_RATE_COST: process.env.FAIR_RATE_COST ?? "1000000000",
  },
});

interface Counters {
  /** CPU seconds of the gateway and the subgraphs. */
  cpuSeconds: number;
  /** SQL statements of the subgraphs. */
  sqlStatements: number;
  /** GraphQL requests the gateway received. */
  gatewayRequests: number;
}

function sample(text: string, name: string): number {
  const value = new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1];
  return value === undefined ? 0 : Number(value);
}

async function counters(): Promise<Counters> {
  const total: Counters = { cpuSeconds: 0, sqlStatements: 0, gatewayRequests: 0 };
  for (const [name, servicePort] of Object.entries({ gateway: PORTS.gateway, ...PORTS.subgraphs })) {
    const response = await fetch(`http://127.0.0.1:${servicePort}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    if (!response.ok) throw new Error(`${name}: /metrics answered ${response.status}`);
    const text = await response.text();
    total.cpuSeconds += sample(text, "process_cpu_seconds_total");
    total.sqlStatements += sample(text, "percorsi_sql_statements_total");
    if (name === "gateway") total.gatewayRequests = sample(text, "percorsi_graphql_requests_total");
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

/** The control room's reports: measured on their own, not in the operators' mix. */
const INDICATOR_FIELDS = "id cells { period group category value suppressed reason numerator denominator }";
const REPORT_SCENARIOS: Scenario[] = [
  {
    name: "control room: a year's report by month, per organisation",
    user: "analyst",
    purpose: "MONITORING",
    query: `{ indicators(from: "2025-01-01", to: "2025-12-31", granularity: MONTH, breakdown: ORGANISATION) {
      ${["intake", "plans", "referrals", "autonomy", "rights", "employment", "employers", "training", "operatorTraining"].map((s) => `${s} { ${INDICATOR_FIELDS} }`).join(" ")} } }`,
  },
];

function percentile(result: autocannon.Result, p: "p50" | "p99"): number {
  return result.latency[p];
}

await waitForGateway();
const tokens = Object.fromEntries(await Promise.all([...new Set([...SCENARIOS, ...REPORT_SCENARIOS].map((s) => s.user))].map(async (u) => [u, await devTokenFor(u)] as const)));
await waitForRelease();

/** The indicators are read from releases: the consent authority publishes the first one soon after start; measure after it. */
async function waitForRelease(): Promise<void> {
  const deadline = Date.now() + 600_000;
  const headers = { "content-type": "application/json", authorization: `Bearer ${await devTokenFor("analyst")}`, "x-purpose": "MONITORING" };
  while (Date.now() < deadline) {
    const response = (await (await fetch(GATEWAY, { method: "POST", headers, body: JSON.stringify({ query: "{ indicatorReleases { status } }" }) })).json()) as {
      data?: { indicatorReleases: { status: string }[] | null };
    };
    if (response.data?.indicatorReleases?.some((r) => r.status === "CURRENT")) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error("no indicator release was published");
}

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
for (const scenario of [...SCENARIOS, ...REPORT_SCENARIOS]) {
  const { body, ...init } = request(scenario);
  const response = (await (await fetch(GATEWAY, { ...init, body })).json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  const unexpected = (response.errors ?? []).filter((error) => error.extensions?.code !== "FORBIDDEN");
  if (!response.data || unexpected.length > 0) throw new Error(`${scenario.name}: ${JSON.stringify(unexpected).slice(0, 300)}`);
  deniedPerScenario.set(scenario.name, response.errors?.length ?? 0);
}

const rows: string[][] = [];
async function measure(name: string, scenarios: Scenario[]) {
  // SQL round trips, exactly: a few requests one at a time.
  const sample = 20;
  const before = await counters();
  for (let i = 0; i < sample; i++) {
    const { body, ...init } = request(scenarios[i % scenarios.length]!);
    await fetch(GATEWAY, { ...init, body });
  }
  const trips = ((await counters()).sqlStatements - before.sqlStatements) / sample;
  // CPU per request: the network's processes' CPU seconds over the load run, per request the gateway received.
  const start = await counters();
  const result = await autocannon({
    url: `http://127.0.0.1:${PORTS.gateway}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: scenarios.map(request),
  });
  const end = await counters();
  const cpuMs = ((end.cpuSeconds - start.cpuSeconds) * 1000) / Math.max(1, end.gatewayRequests - start.gatewayRequests);
  const failures = result.non2xx + result.errors + result.timeouts;
  const denied = scenarios.length === 1 ? String(deniedPerScenario.get(name) ?? 0) : "";
  rows.push([
    name,
    result.requests.average.toFixed(0),
    `${percentile(result, "p50")}`,
    `${percentile(result, "p99")}`,
    trips.toFixed(1),
    cpuMs.toFixed(1),
    denied,
    String(failures),
  ]);
}

for (const scenario of SCENARIOS) await measure(scenario.name, [scenario]);
await measure(`mix of all ${SCENARIOS.length}`, SCENARIOS);
for (const scenario of REPORT_SCENARIOS) await measure(scenario.name, [scenario]);

// "SQL/req" and "CPU ms/req" are summed over the gateway and the subgraphs; "denied": fields
// each answer refuses (FORBIDDEN), as her consent decides.
const header = ["scenario", "req/s", "p50 ms", "p99 ms", "SQL/req", "CPU ms/req", "denied", "failed"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
console.log(`\n${CONNECTIONS} connections, ${SECONDS}s per scenario, Node ${process.version}\n`);
console.log(line(header));
for (const row of rows) console.log(line(row));
await finish(0);
