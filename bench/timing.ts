// npm run bench:timing: whether a refusal tells by its time what it does not say in words.
// Starts the network (separate processes, as `npm start`), then, one request at a time, makes
// the refused requests of `demoRefusalProbes` (@percorsi/demo: reads, writes and referrals of
// pathways; referrals moved by id; records changed by id at employment and training), each with
// an id nobody issued (a fresh one per try: "unknown") and with existing ids of several kinds.
// Kinds are interleaved try by try (drift hits them alike). Every answer must be the same
// FORBIDDEN refusal; the script prints, per operation and kind, the median and the spread
// (p10-p90) of TIMING_TRIES tries (200 unless told), and each median's distance to unknown's.
//   DEMO_NETWORK=small TIMING_TRIES=200 npm run bench:timing
//   ports 4300-4303 (gateway, then the subgraphs of schema/supergraph.yaml) unless GATEWAY_PORT, <NAME>_PORT say otherwise
//   TIMING_ONLY=accept,update measures only the operations named by their first word
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { benchPorts, startBenchNetwork, useRunDataDir } from "./network.js";

const dataDir = useRunDataDir("bench-timing");
const { devTokenFor } = await import("../gateway/src/auth/dev-tokens.js");
const { demoNetworkOfSize, demoRefusalProbes } = await import("@percorsi/demo");

const TRIES = Number(process.env.TIMING_TRIES ?? 200);
const SIZE = (process.env.DEMO_NETWORK ?? "large") as "small" | "large";
const ONLY = process.env.TIMING_ONLY?.split(",").map((name) => name.trim()) ?? null;
const { graphql: GATEWAY, waitForGateway, finish } = startBenchNetwork({ ports: benchPorts(4300), dataDir, env: { DEMO_NETWORK: SIZE } });

type Operation = import("@percorsi/demo").RefusalProbe;

const OPERATIONS = demoRefusalProbes(demoNetworkOfSize(SIZE)).filter((operation) => !ONLY || ONLY.includes(operation.name.split(" ")[0]!));

await waitForGateway();
const tokens = Object.fromEntries(await Promise.all([...new Set(OPERATIONS.map((o) => o.user))].map(async (u) => [u, await devTokenFor(u)] as const)));

interface Answer {
  data?: unknown;
  errors?: { message: string; path?: unknown; extensions?: { code?: string; reason?: string } }[];
}

/** One request; its wall time in ms and the refusal it answered ("code/reason message"). */
async function timed(operation: Operation, pathwayId: string): Promise<{ ms: number; refusal: string }> {
  const body = JSON.stringify({ query: operation.query, variables: operation.variables(pathwayId) });
  const started = performance.now();
  const response = await fetch(GATEWAY, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${tokens[operation.user]}`, "x-purpose": operation.purpose },
    body,
  });
  const answer = (await response.json()) as Answer;
  const ms = performance.now() - started;
  const error = answer.errors?.[0];
  return { ms, refusal: `${response.status} ${error?.extensions?.code}/${error?.extensions?.reason} ${error?.message} ${JSON.stringify(error?.path)} ${JSON.stringify(answer.data)}` };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1) + 0.5))]!;

const rows: string[][] = [];
for (const operation of OPERATIONS) {
  const KINDS = ["unknown", ...Object.keys(operation.targets)];
  const times: Record<string, number[]> = Object.fromEntries(KINDS.map((kind) => [kind, []]));
  const refusals = new Set<string>();
  const targetOf = (kind: string) => (kind === "unknown" ? randomUUID() : operation.targets[kind]!);
  // Warm-up: connections, plans, caches of the code paths (not of the ids: unknown ones are fresh each time).
  for (let i = 0; i < 10; i++) for (const kind of KINDS) await timed(operation, targetOf(kind));
  for (let i = 0; i < TRIES; i++) {
    // Rotated each round, so that no kind always follows the same one.
    for (let k = 0; k < KINDS.length; k++) {
      const kind = KINDS[(i + k) % KINDS.length]!;
      const { ms, refusal } = await timed(operation, targetOf(kind));
      times[kind]!.push(ms);
      refusals.add(refusal);
    }
  }
  // Every kind must have answered the very same refusal: otherwise the words alone tell them apart.
  if (refusals.size !== 1 || !/FORBIDDEN\/ORGANISATION/.test([...refusals][0]!)) {
    console.error(`${operation.name}: the refusals differ or are not FORBIDDEN/ORGANISATION:\n  ${[...refusals].join("\n  ")}`);
    await finish(1);
  }
  const unknownMedian = quantile([...times.unknown!].sort((a, b) => a - b), 0.5);
  for (const kind of KINDS) {
    const sorted = [...times[kind]!].sort((a, b) => a - b);
    const median = quantile(sorted, 0.5);
    rows.push([
      operation.name,
      kind,
      median.toFixed(2),
      `${quantile(sorted, 0.1).toFixed(2)}-${quantile(sorted, 0.9).toFixed(2)}`,
      kind === "unknown" ? "" : `${median - unknownMedian >= 0 ? "+" : ""}${(median - unknownMedian).toFixed(2)}`,
    ]);
  }
}

const header = ["operation", "kind", "median ms", "p10-p90 ms", "vs unknown"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
console.log(`\n${TRIES} tries per operation and kind, one request at a time, ${SIZE} network, Node ${process.version}\n`);
console.log(line(header));
for (const row of rows) console.log(line(row));
await finish(0);
