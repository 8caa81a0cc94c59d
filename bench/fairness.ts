// npm run bench:fairness: does one organisation's heavy-but-allowed work starve another's light
// query? Starts the network (large demo, separate processes, as `npm start`), measures a centre
// operator's light query alone (baseline p50/p95), then for each heavy kind of the issue runs a
// wave: ten concurrent clients of ONE other organisation, each sending the heaviest request the
// limits allow of that kind (honouring Retry-After when refused) for WAVE_SECONDS, while the light
// client keeps querying. Prints the light query's p50/p95 during the wave (acceptance: p95 < 1 s)
// and how long after the wave it is back at its baseline (acceptance: < 2 s).
//   WAVE_SECONDS=8 npm run bench:fairness
//   ports 4400-4403 (gateway, then the subgraphs of schema/supergraph.yaml) unless GATEWAY_PORT, <NAME>_PORT say otherwise;
//   BENCH_REUSE=1 measures a network already running on those ports (its PERCORSI_DATA_DIR set here too).
import { buildSchema, parse } from "graphql";
import { benchPorts, startBenchNetwork, useRunDataDir } from "./network.js";

const reuse = process.env.BENCH_REUSE === "1";
const dataDir = useRunDataDir("fairness", reuse);
const { devTokenFor } = await import("../gateway/src/auth/dev-tokens.js");
const { fieldOwnersFromSupergraph, GATEWAY_LIMITS, operationCost } = await import("@percorsi/kit");
const { readApiSchema, readSupergraph } = await import("@percorsi/schema/supergraph");

const WAVE_SECONDS = Number(process.env.WAVE_SECONDS ?? 8);
const CLIENTS = Number(process.env.WAVE_CLIENTS ?? 10);
const { graphql: GRAPHQL, waitForGateway, finish } = startBenchNetwork({ ports: benchPorts(4400), dataDir, reuse });

interface Answer {
  status: number;
  ms: number;
  code?: string;
  retryAfter: number;
  data?: any;
}

async function send(token: string, purpose: string, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const started = performance.now();
  try {
    const response = await fetch(GRAPHQL, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "x-purpose": purpose },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
    return { status: response.status, ms: performance.now() - started, code: body.errors?.[0]?.extensions?.code, retryAfter: Number(response.headers.get("retry-after") ?? 0), data: body.data };
  } catch {
    return { status: 0, ms: performance.now() - started, code: "NETWORK", retryAfter: 0 };
  }
}

const quantile = (values: number[], q: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};
const ms = (value: number) => (Number.isNaN(value) ? "-" : `${Math.round(value)}`);

// The heavy requests of the issue, each as large as the gateway's limits allow.
const schema = buildSchema(readApiSchema());
const owners = fieldOwnersFromSupergraph(readSupergraph());
const costOf = (query: string, variables: Record<string, unknown> = {}) =>
  operationCost(schema, parse(query), undefined, variables, { ...GATEWAY_LIMITS, maxCost: Number.MAX_SAFE_INTEGER }, owners);
const aliased = (build: (n: number) => string, most: number) => {
  let n = most;
  while (n > 1 && costOf(build(n)) > GATEWAY_LIMITS.maxCost) n--;
  return build(n);
};
const aliases = (field: string) => (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(" ")} }`;
const persisted = (await import("../dashboard/src/gql/persisted-documents.json", { with: { type: "json" } })).default as Record<string, string>;
const dashboardReport = Object.values(persisted).find((text) => text.includes("query IndicatorReport"))!;
/** The dashboard's largest allowed report: the longest monthly range by organisation within the limit. */
function largestReport(): Record<string, unknown> {
  for (const years of [5, 4, 3, 2, 1]) {
    const variables = { from: `${2026 - years}-01-01`, to: "2025-12-31", granularity: "MONTH", breakdown: "ORGANISATION" };
    if (costOf(dashboardReport, variables) <= GATEWAY_LIMITS.maxCost) return variables;
  }
  return { from: "2025-07-01", to: "2025-12-31", granularity: "MONTH", breakdown: "ORGANISATION" };
}

await waitForGateway();
const light = { user: "op-ginestra", purpose: "EMPOWERMENT_PLAN" };
const lightToken = await devTokenFor(light.user);
const own = await send(lightToken, light.purpose, `{ pathways(first: 1) { nodes { id } } }`);
const lightId = own.data?.pathways?.nodes?.[0]?.id as string;
if (!lightId) throw new Error(`the light client's organisation holds no pathway (${own.status} ${own.code})`);
const LIGHT = `query($id: ID!) { pathway(id: $id) { id stage openedOn } }`;
const auroraToken = await devTokenFor("op-aurora");
const auroraCase = (await send(auroraToken, "EMPOWERMENT_PLAN", `{ pathways(first: 1) { nodes { id } } }`)).data?.pathways?.nodes?.[0]?.id as string;

const reportVariables = largestReport();
const WAVES = [
  {
    name: "job centre: aliased caseloads of 100",
    user: "op-cpi-centro",
    purpose: "JOB_PLACEMENT",
    query: aliased(aliases("jobCentreCaseload(first: 100) { nodes { id stage holder { name } jobSeeker { status skills } } }"), 30),
    variables: {},
  },
  { name: "training body: pathways(first: 1) × 30", user: "op-training", purpose: "TRAINING", query: aliased(aliases("pathways(first: 1) { nodes { id stage } }"), 30), variables: {} },
  {
    name: "centre: access reports × 30",
    user: "op-aurora",
    purpose: "EMPOWERMENT_PLAN",
    query: aliased(aliases(`accessReport(pathwayId: "${auroraCase}") { antiViolence { organisationId decision categories } employment { decision } training { decision } }`), 30),
    variables: {},
  },
  {
    name: `control room: dashboard report ${reportVariables.from}..${reportVariables.to} monthly by organisation`,
    user: "analyst",
    purpose: "MONITORING",
    query: dashboardReport,
    variables: reportVariables,
  },
];

/** The light client: one request at a time, a short pause between, until `stop` says so. */
async function lightClient(stop: () => boolean, samples: { at: number; ms: number; ok: boolean }[]) {
  while (!stop()) {
    const answer = await send(lightToken, light.purpose, LIGHT, { id: lightId });
    samples.push({ at: performance.now(), ms: answer.ms, ok: answer.status === 200 && !answer.code });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Warm up (plans, loaders, JIT), then the baseline.
for (let i = 0; i < 20; i++) await send(lightToken, light.purpose, LIGHT, { id: lightId });
const baselineSamples: { at: number; ms: number; ok: boolean }[] = [];
const baselineEnd = performance.now() + 5_000;
await lightClient(() => performance.now() > baselineEnd, baselineSamples);
const baseline = { p50: quantile(baselineSamples.map((s) => s.ms), 0.5), p95: quantile(baselineSamples.map((s) => s.ms), 0.95) };
console.log(`\nlight query (${light.user}, pathway by id): baseline p50 ${ms(baseline.p50)} ms, p95 ${ms(baseline.p95)} ms over ${baselineSamples.length} requests`);
console.log(`waves: ${CLIENTS} concurrent clients of one organisation for ${WAVE_SECONDS}s each, honouring Retry-After\n`);

const rows: string[][] = [];
let failed = false;
for (const wave of WAVES) {
  const token = await devTokenFor(wave.user);
  const cost = costOf(wave.query, wave.variables);
  const samples: { at: number; ms: number; ok: boolean }[] = [];
  let lightRunning = true;
  const lightDone = lightClient(() => !lightRunning, samples);
  const waveStart = performance.now();
  const waveUntil = waveStart + WAVE_SECONDS * 1000;
  const outcomes: Record<string, number> = {};
  const heavyMs: number[] = [];
  // Each client keeps one heavy request going: sent again when answered, after Retry-After when refused.
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < waveUntil) {
        const answer = await send(token, wave.purpose, wave.query, wave.variables);
        const key = answer.status === 200 ? (answer.code ?? "ok") : `${answer.status} ${answer.code ?? ""}`.trim();
        outcomes[key] = (outcomes[key] ?? 0) + 1;
        if (answer.status === 200) heavyMs.push(answer.ms);
        if (answer.status === 429) await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(Math.max(1, answer.retryAfter) * 1000, waveUntil - performance.now()))));
      }
    }),
  );
  const waveEnd = performance.now();
  // After the wave: keep measuring until the light query is back at its baseline for a while.
  await new Promise((resolve) => setTimeout(resolve, 4_000));
  lightRunning = false;
  await lightDone;
  const during = samples.filter((s) => s.at <= waveEnd);
  const after = samples.filter((s) => s.at > waveEnd);
  // Back at baseline: the first answer after the wave from which the median of five in a row is
  // within 1.5 × the baseline p95 (+20 ms): one stray slow answer on a shared machine is not "not back".
  const bound = baseline.p95 * 1.5 + 20;
  let recoveryMs = NaN;
  for (let i = 0; i + 5 <= after.length; i++) {
    if (quantile(after.slice(i, i + 5).map((s) => s.ms), 0.5) <= bound) {
      recoveryMs = Math.max(0, after[i]!.at - after[i]!.ms - waveEnd);
      break;
    }
  }
  const worstAfter = Math.max(0, ...after.map((s) => s.ms));
  const p95 = quantile(during.map((s) => s.ms), 0.95);
  const lightErrors = during.filter((s) => !s.ok).length + after.filter((s) => !s.ok).length;
  const pass = p95 < 1000 && recoveryMs < 2000 && lightErrors === 0;
  failed ||= !pass;
  rows.push([
    wave.name,
    String(cost),
    Object.entries(outcomes).map(([k, v]) => `${k}:${v}`).join(" "),
    ms(quantile(heavyMs, 0.5)),
    ms(quantile(during.map((s) => s.ms), 0.5)),
    ms(p95),
    String(during.length),
    String(lightErrors),
    ms(recoveryMs),
    ms(worstAfter),
    pass ? "yes" : "NO",
  ]);
}

const header = ["heavy wave", "cost", "heavy answers", "heavy p50", "light p50", "light p95", "light n", "light err", "back in ms", "max after", "pass"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
console.log(line(header));
for (const row of rows) console.log(line(row));
console.log(`\nlimits: cost ≤ ${GATEWAY_LIMITS.maxCost}; acceptance: light p95 < 1000 ms during each wave, back within 2000 ms after it.`);
await finish(failed ? 1 : 0);
