// How long a section's report takes: 3 years by month, 40 indicators, 12 organisations of 3 types,
// 60,000 events. Not a test; run it by hand: `npx tsx src/indicators/table/indicator-table.bench.ts`.
import { computeIndicatorCells } from "./indicator-table.js";
import { PTABLE_PARAMETERS } from "../perturbation.js";
import { recordKeysWith } from "../record-keys.js";
import type { IndicatorDefinition, IndicatorEvent, ReportOrganisation } from "../types.js";

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}
const random = prng(42);
const pick = (n: number): number => Math.floor(random() * n);

const TYPES = ["ANTI_VIOLENCE_CENTRE", "SHELTER", "JOB_CENTRE"] as const;
const organisations: ReportOrganisation[] = Array.from({ length: 12 }, (_, k) => ({
  id: `org-${String(k).padStart(2, "0")}`,
  type: TYPES[k % 3]!,
  operators: 5 + pick(40),
}));
// Organisations of unequal size, as in a real network.
const weights = organisations.map((_, k) => 1 + (k % 4) * 2);
const weightSum = weights.reduce((a, b) => a + b, 0);
const organisationAt = (): string => {
  let roll = random() * weightSum;
  for (let k = 0; k < weights.length; k += 1) {
    roll -= weights[k]!;
    if (roll < 0) return organisations[k]!.id;
  }
  return organisations.at(-1)!.id;
};

const base = { section: "bench", title: "t", numerator: "n", dateRule: "d", source: "bench" };
const CATEGORIES = ["a", "b", "c", "d", "e", "f"];
const definitions: IndicatorDefinition[] = [];
for (let k = 0; k < 32; k += 1) {
  definitions.push({
    ...base,
    id: `bench.count_${k}`,
    kind: "COUNT",
    unit: "COUNT",
    ...(k < 8 ? { categories: CATEGORIES } : {}),
    ...(k === 30 || k === 31 ? { hidden: true } : {}),
  });
}
// Rates: numerator ⊂ denominator. count_30/31 are hidden numerators; count_20..22 denominators.
const ratePairs: [number, number][] = [
  [30, 20],
  [31, 21],
  [23, 22],
  [24, 8],
];
ratePairs.forEach(([n, d], k) => definitions.push({ ...base, id: `bench.rate_${k}`, kind: "RATE", unit: "PERCENT", rate: { numerator: `bench.count_${n}`, denominator: `bench.count_${d}` } }));
definitions.push({ ...base, id: "bench.rate_operators", kind: "RATE", unit: "PERCENT", rate: { numerator: "bench.count_25", denominatorFromOrganisation: "operators" } });
const medianOf = [9, 10, 11];
medianOf.forEach((c, k) => definitions.push({ ...base, id: `bench.median_${k}`, kind: "MEDIAN", unit: "DAYS", median: { countOf: `bench.count_${c}` } }));

const events: IndicatorEvent[] = [];
const day = (): string => `${2023 + pick(3)}-${String(1 + pick(12)).padStart(2, "0")}-${String(1 + pick(28)).padStart(2, "0")}`;
const WOMEN = Array.from({ length: 5_000 }, (_, k) => `woman-${k}`);
const RECORD_KEYS = recordKeysWith(Buffer.from("bench"), WOMEN, "1");
const numeratorOf = new Map(ratePairs.map(([n, d]) => [d, n]));
while (events.length < 60_000) {
  const k = pick(30); // not the hidden numerators directly: they come with their denominators
  if (k === 23 || k === 24) continue; // numerators of published denominators, below
  const on = day();
  const organisationId = organisationAt();
  const pathwayId = WOMEN[pick(WOMEN.length)]!;
  events.push({ indicator: `bench.count_${k}`, on, organisationId, pathwayId, ...(k < 8 ? { category: CATEGORIES[pick(6)]! } : {}) });
  const numerator = numeratorOf.get(k);
  if (numerator !== undefined && random() < 0.7) events.push({ indicator: `bench.count_${numerator}`, on, organisationId, pathwayId });
  const median = medianOf.indexOf(k);
  if (median >= 0) events.push({ indicator: `bench.median_${median}`, on, organisationId, value: pick(120) });
}

const run = () =>
  computeIndicatorCells({
    recordKeys: RECORD_KEYS,
    definitions,
    events,
    organisations,
    range: { from: "2023-01-01", to: "2025-12-31" },
    granularity: "MONTH",
    breakdown: "ORGANISATION",
    threshold: 10,
    asOf: "2026-11-20",
  });

run();
const times: number[] = [];
let cells = run();
for (let k = 0; k < 7; k += 1) {
  const start = performance.now();
  cells = run();
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const suppressed = cells.filter((cell) => cell.suppressed).length;
// Perturbed counts never publish 1..forbiddenUpTo (the ptable's forbidden values).
const { forbiddenUpTo } = PTABLE_PARAMETERS;
const forbiddenShown = cells.filter((cell) => cell.reason === null && cell.numerator === null && cell.value !== null && cell.value > 0 && cell.value <= forbiddenUpTo && !cell.indicatorId.includes("median")).length;
if (forbiddenShown > 0) throw new Error(`${forbiddenShown} counts from 1 to ${forbiddenUpTo} shown`);
console.log(
  `${events.length} events, ${definitions.length} definitions, ${organisations.length} organisations: ` +
    `${cells.length} cells asked (${suppressed} suppressed); median ${times[3]!.toFixed(1)} ms, min ${times[0]!.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms`,
);
