// npm run bench:timing: whether a refusal tells by its time what it does not say in words.
// Starts the network (separate processes, as `npm start`), then, one request at a time, asks
// the gateway to read, write and refer pathways the caller may not touch, four kinds of them:
//   unknown   an id nobody issued (a fresh one per try)
//   sealed    the demo's sealed pathway (the job centre once had her registration)
//   foreign   an existing pathway never shared with the caller
//   refused   an existing pathway the job centre once worked on, refused now (her consent withdrawn)
// Kinds are interleaved try by try (drift hits them alike). Every answer must be the same
// FORBIDDEN refusal; the script prints, per operation and kind, the median and the spread
// (p10-p90) of TIMING_TRIES tries (200 unless told), and each median's distance to unknown's.
//   DEMO_NETWORK=small TIMING_TRIES=200 npm run bench:timing
//   ports 4300-4303 (gateway, then the subgraphs of schema/supergraph.yaml) unless GATEWAY_PORT, <NAME>_PORT say otherwise
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { benchPorts, startBenchNetwork, useRunDataDir } from "./network.js";

const dataDir = useRunDataDir("bench-timing");
const { devTokenFor } = await import("../gateway/src/auth/dev-tokens.js");
const { demoConsentCases, demoNetwork, demoNetworkOfSize } = await import("@percorsi/demo");

const TRIES = Number(process.env.TIMING_TRIES ?? 200);
const SIZE = (process.env.DEMO_NETWORK ?? "large") as "small" | "large";
const { graphql: GATEWAY, waitForGateway, finish } = startBenchNetwork({ ports: benchPorts(4300), dataDir, env: { DEMO_NETWORK: SIZE } });

type Kind = "unknown" | "sealed" | "foreign" | "refused";
const KINDS: Kind[] = ["unknown", "sealed", "foreign", "refused"];

interface Operation {
  name: string;
  user: string;
  purpose: string;
  query: string;
  variables: (pathwayId: string) => Record<string, unknown>;
  targets: Record<Exclude<Kind, "unknown">, string>;
}

// --- The targets, from the demo data the network was seeded with ------------------------------
const demo = demoNetworkOfSize(SIZE);
const cases = demoConsentCases(demoNetwork());
const JOB_CENTRE = "cpi-milano-centro";
const OTHER_CENTRE = "cav-ginestra";
const withdrawn = cases.withdrawn.find((c) => c.organisationId === JOB_CENTRE);
if (!withdrawn) throw new Error(`the demo has no withdrawn consent to ${JOB_CENTRE}`);
const sealed = cases.sealed.pathwayId;
if (demo.pathways.find((p) => p.id === sealed)?.holderId === OTHER_CENTRE) throw new Error("the sealed pathway is the referring centre's own");
const untouched = (p: (typeof demo.pathways)[number], organisationId: string) =>
  p.seal === null &&
  p.holderId !== organisationId &&
  p.referrals.every((r) => r.toOrganisationId !== organisationId) &&
  p.consents.every((c) => JSON.stringify(c).indexOf(organisationId) < 0) &&
  p.jobSeeker?.jobCentreId !== organisationId;
const foreignToJobCentre = demo.pathways.find((p) => untouched(p, JOB_CENTRE) && !JSON.stringify(p.consents).includes("JOB_CENTRE"))?.id;
const foreignToCentre = demo.pathways.find((p) => untouched(p, OTHER_CENTRE) && !JSON.stringify(p.consents).includes("ANTI_VIOLENCE_CENTRE"))?.id;
if (!foreignToJobCentre || !foreignToCentre) throw new Error("the demo lacks a pathway foreign to the callers");

const OPERATIONS: Operation[] = [
  {
    name: "read   pathway(id:) as a job centre",
    user: "op-cpi-centro",
    purpose: "JOB_PLACEMENT",
    query: `query($id: ID!) { pathway(id: $id) { id stage holder { name } } }`,
    variables: (id) => ({ id }),
    targets: { sealed, foreign: foreignToJobCentre, refused: withdrawn.pathwayId },
  },
  {
    name: "write  registerJobSeeker as a job centre",
    user: "op-cpi-centro",
    purpose: "JOB_PLACEMENT",
    query: `mutation($input: RegisterJobSeekerInput!) { registerJobSeeker(input: $input) { id } }`,
    variables: (pathwayId) => ({ input: { pathwayId, skills: ["Customer service"], wishedOccupations: ["Cashier"], availability: "FULL_TIME" } }),
    targets: { sealed, foreign: foreignToJobCentre, refused: withdrawn.pathwayId },
  },
  {
    name: "refer  referPathway as another centre",
    user: "op-ginestra",
    purpose: "REFERRAL",
    query: `mutation($input: ReferPathwayInput!) { referPathway(input: $input) { id } }`,
    variables: (pathwayId) => ({ input: { pathwayId, toOrganisationId: JOB_CENTRE, purpose: "JOB_PLACEMENT" } }),
    // No centre refers another's pathway: its "refused" one is the job centre's withdrawn case
    // (another holder's, with referrals and consents: the most the authority reads of one).
    targets: { sealed, foreign: foreignToCentre, refused: withdrawn.pathwayId },
  },
];

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
  const times: Record<Kind, number[]> = { unknown: [], sealed: [], foreign: [], refused: [] };
  const refusals = new Set<string>();
  const targetOf = (kind: Kind) => (kind === "unknown" ? randomUUID() : operation.targets[kind]);
  // Warm-up: connections, plans, caches of the code paths (not of the ids: unknown ones are fresh each time).
  for (let i = 0; i < 10; i++) for (const kind of KINDS) await timed(operation, targetOf(kind));
  for (let i = 0; i < TRIES; i++) {
    // Rotated each round, so that no kind always follows the same one.
    for (let k = 0; k < KINDS.length; k++) {
      const kind = KINDS[(i + k) % KINDS.length]!;
      const { ms, refusal } = await timed(operation, targetOf(kind));
      times[kind].push(ms);
      refusals.add(refusal);
    }
  }
  // Every kind must have answered the very same refusal: otherwise the words alone tell them apart.
  if (refusals.size !== 1 || !/FORBIDDEN\/ORGANISATION/.test([...refusals][0]!)) {
    console.error(`${operation.name}: the refusals differ or are not FORBIDDEN/ORGANISATION:\n  ${[...refusals].join("\n  ")}`);
    await finish(1);
  }
  const unknownMedian = quantile([...times.unknown].sort((a, b) => a - b), 0.5);
  for (const kind of KINDS) {
    const sorted = [...times[kind]].sort((a, b) => a - b);
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
