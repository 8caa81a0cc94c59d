import { describe, expect, it } from "vitest";
import { buildPtable, cellKey, perturb, preimage, PTABLE_PARAMETERS, RECORD_KEY_SPACE } from "./perturbation.js";

// The ptable against what its design promises, checked from its rows and from draws.

const ptable = buildPtable(PTABLE_PARAMETERS);
const { maxDeviation: D, variance: V, forbiddenUpTo: JS } = PTABLE_PARAMETERS;

describe("the network's ptable", () => {
  it("keeps 0 at 0 and gives every other row a distribution within ±D, never onto 1..JS", () => {
    expect(ptable.rows[0]).toMatchObject({ noise: [0], probability: [1] });
    for (const row of ptable.rows.slice(1)) {
      expect(row.probability.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
      for (const [k, d] of row.noise.entries()) {
        expect(Math.abs(d)).toBeLessThanOrEqual(D);
        expect(row.count + d).toBeGreaterThanOrEqual(0);
        expect(row.count + d > 0 && row.count + d <= JS, `${row.count} → ${row.count + d}`).toBe(false);
        expect(row.probability[k]).toBeGreaterThan(0);
      }
    }
  });

  it("is unbiased in every row, with variance V wherever the row's support allows it", () => {
    for (const row of ptable.rows.slice(1)) {
      const mean = row.noise.reduce((s, d, k) => s + d * row.probability[k]!, 0);
      const second = row.noise.reduce((s, d, k) => s + d * d * row.probability[k]!, 0);
      expect(mean, `row ${row.count}`).toBeCloseTo(0, 9);
      expect(second, `row ${row.count}`).toBeCloseTo(V, 6);
    }
    // The last row is symmetric and serves every larger count.
    const last = ptable.rows.at(-1)!;
    expect(last.noise).toEqual(Array.from({ length: 2 * D + 1 }, (_, k) => k - D));
  });

  it("draws noise with the row's probabilities from uniform cell keys (sums of record keys)", () => {
    const draws = new Map<number, number>();
    let state = 12345;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
    const N = 200_000;
    for (let n = 0; n < N; n += 1) {
      // Three records: their keys sum past 2^32, as a cell's do.
      const sum = next() + next() + next();
      const d = perturb(ptable, 40, sum) - 40;
      draws.set(d, (draws.get(d) ?? 0) + 1);
    }
    const row = ptable.rows.at(-1)!;
    for (const [k, d] of row.noise.entries()) expect((draws.get(d) ?? 0) / N, `noise ${d}`).toBeCloseTo(row.probability[k]!, 2);
    const mean = [...draws].reduce((s, [d, c]) => s + d * c, 0) / N;
    const variance = [...draws].reduce((s, [d, c]) => s + d * d * c, 0) / N - mean * mean;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - V)).toBeLessThan(0.05);
  });

  it("gives the same published value for the same count and key sum, whatever order the keys were added in", () => {
    const keys = [4_000_000_000, 3_999_999_999, 17, 2_500_000_000];
    const forward = keys.reduce((s, k) => s + k, 0);
    const backward = [...keys].reverse().reduce((s, k) => s + k, 0);
    expect(cellKey(forward)).toBe(cellKey(backward));
    expect(perturb(ptable, 4, forward)).toBe(perturb(ptable, 4, backward));
    expect(cellKey(RECORD_KEY_SPACE)).toBe(0);
  });

  it("tells an attacker who knows the parameters only an interval: the preimage of a published value", () => {
    expect(preimage(ptable, 0)).toEqual({ lo: 0, hi: D });
    expect(preimage(ptable, 3)).toEqual({ lo: 1, hi: 3 + D });
    expect(preimage(ptable, 40)).toEqual({ lo: 40 - D, hi: 40 + D });
    for (let count = 0; count < 30; count += 1) {
      for (let key = 0; key < 1; key += 0.01) {
        const published = perturb(ptable, count, key * RECORD_KEY_SPACE);
        const { lo, hi } = preimage(ptable, published);
        expect(count >= lo && count <= hi, `${count} → ${published}`).toBe(true);
      }
    }
  });

  it("refuses parameters it cannot honour", () => {
    expect(() => buildPtable({ maxDeviation: 2, variance: 1, forbiddenUpTo: 2 })).toThrow();
    expect(() => buildPtable({ maxDeviation: 5, variance: 30, forbiddenUpTo: 2 })).toThrow();
  });
});
