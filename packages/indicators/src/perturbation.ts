// Cell-key perturbation (the ABS TableBuilder method, used by the ONS for the 2021 Census flexible
// tables): every woman has a secret record key, a cell's key is the sum of the record keys of the
// records it counts (mod 1), and a perturbation table (ptable) turns (true count, cell key) into
// the published count. The same records give the same cell key, so the same noise, in every
// table, range and breakdown; differencing two tables of the same women cancels nothing.
//
// The ptable is built as Destatis' `ptable` R package builds one (create_cnt_ptable): for each
// true count i, the transition probabilities to the published counts j, |j - i| ≤ D, maximise
// entropy under the constraints Σp = 1 (a distribution), Σp·(j-i) = 0 (unbiased) and
// Σp·(j-i)² = V (a fixed variance), with the published values 1..JS forbidden (no 1s and 2s) and
// 0 always published as 0. The maximum-entropy solution is p(j) ∝ exp(a·d + b·d²), d = j - i,
// whose two multipliers are found by Newton's method on the two moment equations.

/** The public parameters: they are documented, an attacker is assumed to know them. */
export interface PtableParameters {
  /** Maximum deviation: |published - true| ≤ D. */
  maxDeviation: number;
  /** Variance of the noise of every count the constraints allow it for (rows of large counts). */
  variance: number;
  /** Published values 1..JS never appear (small counts go to 0 or above JS). */
  forbiddenUpTo: number;
}

export const PTABLE_PARAMETERS: PtableParameters = { maxDeviation: 5, variance: 3, forbiddenUpTo: 2 };

export interface PtableRow {
  /** The true count of the row (the last row serves every larger count, shifted). */
  count: number;
  /** Possible noises d (published = count + d), ascending, with their probabilities. */
  noise: number[];
  probability: number[];
  /** Upper bounds of each noise's interval of cell keys in [0, 1). */
  cumulative: number[];
  /** The row's achieved mean and variance of the noise (for the documentation and the tests). */
  mean: number;
  variance: number;
}

export interface Ptable {
  parameters: PtableParameters;
  rows: PtableRow[];
}

/** The ptable of the parameters: rows 0..D+JS+1, the last one symmetric and used for every larger count. */
export function buildPtable(parameters: PtableParameters = PTABLE_PARAMETERS): Ptable {
  const { maxDeviation: D, variance: V, forbiddenUpTo: JS } = parameters;
  if (!Number.isInteger(D) || D < JS + 1) throw new Error("the maximum deviation must be an integer above the forbidden values");
  if (!(V > 0) || V >= D * D) throw new Error("the variance must be positive and below D²");
  const rows: PtableRow[] = [{ count: 0, noise: [0], probability: [1], cumulative: [1], mean: 0, variance: 0 }];
  for (let count = 1; count <= D + JS + 1; count += 1) {
    const noise: number[] = [];
    for (let d = -D; d <= D; d += 1) {
      const j = count + d;
      if (j < 0 || (j >= 1 && j <= JS)) continue;
      noise.push(d);
    }
    const probability = maximumEntropy(noise, V);
    let sum = 0;
    const cumulative = probability.map((p) => (sum += p));
    cumulative[cumulative.length - 1] = 1;
    const mean = noise.reduce((m, d, k) => m + d * probability[k]!, 0);
    const variance = noise.reduce((m, d, k) => m + d * d * probability[k]!, 0) - mean * mean;
    rows.push({ count, noise, probability, cumulative, mean, variance });
  }
  return { parameters, rows };
}

/**
 * p(d) ∝ exp(a·d + b·d²) with E[d] = 0 and E[d²] = V. A row whose support has no 0 (counts 1..JS:
 * their own value is forbidden) cannot have a variance below |d₋|·d₊ (mass on the two values
 * nearest 0); there V is raised just inside the feasible range, as the ptable package does.
 */
function maximumEntropy(noise: readonly number[], V: number): number[] {
  const below = noise.filter((d) => d < 0);
  const above = noise.filter((d) => d > 0);
  if (below.length === 0 || above.length === 0) throw new Error("a ptable row needs noise on both sides of 0");
  const lo = noise.includes(0) ? 0 : -Math.max(...below) * Math.min(...above);
  const hi = -Math.min(...below) * Math.max(...above);
  const target = Math.min(Math.max(V, lo + 0.1 * (hi - lo)), hi - 0.1 * (hi - lo));
  let a = 0;
  let b = -1 / (2 * target);
  const moments = (a: number, b: number) => {
    const w = noise.map((d) => a * d + b * d * d);
    const top = Math.max(...w);
    const e = w.map((x) => Math.exp(x - top));
    const z = e.reduce((s, x) => s + x, 0);
    const p = e.map((x) => x / z);
    const m = (f: (d: number) => number) => noise.reduce((s, d, k) => s + f(d) * p[k]!, 0);
    return { p, m1: m((d) => d), m2: m((d) => d * d), m3: m((d) => d ** 3), m4: m((d) => d ** 4) };
  };
  for (let step = 0; step < 200; step += 1) {
    const { m1, m2, m3, m4 } = moments(a, b);
    const f1 = m1;
    const f2 = m2 - target;
    if (Math.abs(f1) < 1e-13 && Math.abs(f2) < 1e-12) break;
    // Jacobian of (E[d], E[d²]) in (a, b): the covariance matrix of (d, d²).
    const j11 = m2 - m1 * m1;
    const j12 = m3 - m1 * m2;
    const j22 = m4 - m2 * m2;
    const det = j11 * j22 - j12 * j12;
    let da = -(j22 * f1 - j12 * f2) / det;
    let db = -(-j12 * f1 + j11 * f2) / det;
    // Damped: a full step may overshoot where the support is lopsided.
    const scale = Math.min(1, 1 / Math.max(Math.abs(da), Math.abs(db)));
    da *= scale;
    db *= scale;
    a += da;
    b += db;
  }
  const { p, m1, m2 } = moments(a, b);
  if (Math.abs(m1) > 1e-9 || Math.abs(m2 - target) > 1e-6) throw new Error("ptable row did not converge");
  return p;
}

/** 2^32: record keys are 32-bit integers, so a cell key sums exactly, whatever the order. */
export const RECORD_KEY_SPACE = 0x1_0000_0000;

/** The cell key in [0, 1) of records whose 32-bit keys sum (exactly, as a float below 2^53) to `keySum`. */
export function cellKey(keySum: number): number {
  return (keySum % RECORD_KEY_SPACE) / RECORD_KEY_SPACE;
}

/** The published count of a cell of `count` records whose record keys sum to `keySum`. */
export function perturb(ptable: Ptable, count: number, keySum: number): number {
  if (count === 0) return 0;
  const row = ptable.rows[Math.min(count, ptable.rows.length - 1)]!;
  const key = cellKey(keySum);
  let k = 0;
  while (key >= row.cumulative[k]! && k < row.noise.length - 1) k += 1;
  return count + row.noise[k]!;
}

/**
 * The true counts a published count is consistent with under the ptable (what an attacker who
 * knows the parameters can say of a cell from it alone): an interval [lo, hi].
 */
export function preimage(ptable: Ptable, published: number): { lo: number; hi: number } {
  if (published === 0) {
    const candidates = ptable.rows.filter((row) => row.noise.includes(-row.count)).map((row) => row.count);
    return { lo: 0, hi: Math.max(0, ...candidates) };
  }
  const D = ptable.parameters.maxDeviation;
  let lo = Infinity;
  let hi = -Infinity;
  for (let count = Math.max(1, published - D); count <= published + D; count += 1) {
    const row = ptable.rows[Math.min(count, ptable.rows.length - 1)]!;
    if (row.noise.includes(published - count)) {
      lo = Math.min(lo, count);
      hi = Math.max(hi, count);
    }
  }
  return { lo, hi };
}

let standard: Ptable | undefined;
/** The network's ptable, built once from the documented parameters. */
export function networkPtable(): Ptable {
  return (standard ??= buildPtable(PTABLE_PARAMETERS));
}
