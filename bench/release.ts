// npm run bench:release: one indicator release over the demo network, in this process (the
// subgraphs on in-memory PGlite, real HTTP between the consent authority and the others):
// seeding time, release time, women sent and cells stored per subgraph, and the share of cells
// shown at each granularity and breakdown. DEMO_NETWORK sets the size (large by default here;
// DEMO_NETWORK=50000 for the scale).
import "reflect-metadata";
import type { IndicatorSection } from "@percorsi/kit";
import { importExport, readNetwork } from "@percorsi/schema/network";

process.env.DEMO_NETWORK ??= "large";
process.env.NODE_ENV ??= "test"; // quiet: no info lines
const { startTestNetwork, RELEASE_DAY } = await import("../gateway/test/network.js");

const started = performance.now();
const net = await startTestNetwork();
const seeded = performance.now();
const cpu = process.cpuUsage();
const [run] = await net.releases.runAllDue(RELEASE_DAY);
const cpuMs = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000;
const released = performance.now();
if (!run) throw new Error("no release was due");

console.log(`\nDEMO_NETWORK=${process.env.DEMO_NETWORK}: seeded in ${Math.round((seeded - started) / 1000)} s`);
console.log(`release ${run.release.id} (years ${run.release.years.map((y) => y.year).join(", ")}): ${Math.round((released - seeded) / 1000)} s, ${Math.round(cpuMs / 1000)} s CPU (all subgraphs, this process)`);
console.log("\nsubgraph            women sent   cells stored");
for (const name of Object.keys(run.cells)) console.log(`${name.padEnd(20)}${String(run.women[name] ?? "").padStart(10)}${String(run.cells[name]).padStart(15)}`);

// The share of cells with a figure, and of counts under 10 (whose noise is large beside them), by granularity × breakdown.
const kinds = new Map<string, string>();
for (const subgraph of readNetwork()) {
  if (!subgraph.indicators) continue;
  for (const section of await importExport<IndicatorSection[]>(subgraph.indicators)) for (const d of section.definitions) kinds.set(d.id, d.kind);
}
const totals = new Map<string, { cells: number; shown: number; counts: number; small: number }>();
for (const [name, { db }] of Object.entries(net.subgraphs)) {
  const rows = await db.query<{ granularity: string; breakdown: string; indicator_id: string; value: number | null }>(
    "select granularity, breakdown, indicator_id, value from indicator_release_cells where seq = $1 and reason is distinct from 'FOLLOW_UP_OPEN'",
    [run.release.seq],
  );
  for (const row of rows) {
    const key = `${row.granularity} ${row.breakdown}`;
    const t = totals.get(key) ?? { cells: 0, shown: 0, counts: 0, small: 0 };
    t.cells++;
    if (row.value !== null) t.shown++;
    if (kinds.get(row.indicator_id) === "COUNT" && row.value !== null && row.value > 0) {
      t.counts++;
      if (row.value < 10) t.small++;
    }
    totals.set(key, t);
  }
  void name;
}
console.log("\ngranularity breakdown        cells   with a figure   non-zero counts   of which under 10");
for (const [key, t] of [...totals].sort()) {
  const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(0)}%`;
  console.log(`${key.padEnd(26)}${String(t.cells).padStart(7)}${pct(t.shown, t.cells).padStart(16)}${String(t.counts).padStart(18)}${pct(t.small, t.counts).padStart(20)}`);
}
await net.stop();
