// An independent check of a suppression result, for tests: exact rational elimination (BigInt),
// written apart from the engine's modular arithmetic.
import type { SdcCell, SdcReason, SdcRelation } from "./suppression.js";

type Fraction = [bigint, bigint];

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};
const norm = ([n, d]: Fraction): Fraction => {
  if (n === 0n) return [0n, 1n];
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d);
  return [n / g, d / g];
};
const sub = (a: Fraction, b: Fraction): Fraction => norm([a[0] * b[1] - b[0] * a[1], a[1] * b[1]]);
const mul = (a: Fraction, b: Fraction): Fraction => norm([a[0] * b[0], a[1] * b[1]]);
const div = (a: Fraction, b: Fraction): Fraction => norm([a[0] * b[1], a[1] * b[0]]);

/** The unknown keys that the relations determine exactly (reduced row echelon form over the rationals). */
export function exactlyDeterminedKeys(unknownKeys: readonly string[], relations: readonly SdcRelation[]): Set<string> {
  const col = new Map(unknownKeys.map((key, i) => [key, i]));
  const m = unknownKeys.length;
  const rows: Fraction[][] = [];
  for (const relation of relations) {
    const row: Fraction[] = Array.from({ length: m }, () => [0n, 1n] as Fraction);
    let any = false;
    const add = (key: string, sign: bigint): void => {
      const c = col.get(key);
      if (c === undefined) return;
      row[c] = norm([row[c]![0] + sign * row[c]![1], row[c]![1]]);
      any = true;
    };
    add(relation.total, 1n);
    for (const part of relation.parts) add(part, -1n);
    if (any) rows.push(row);
  }
  let pivotRow = 0;
  const pivots: number[] = [];
  for (let c = 0; c < m && pivotRow < rows.length; c += 1) {
    const found = rows.findIndex((row, i) => i >= pivotRow && row[c]![0] !== 0n);
    if (found < 0) continue;
    [rows[pivotRow], rows[found]] = [rows[found]!, rows[pivotRow]!];
    const pivot = rows[pivotRow]!;
    const lead = pivot[c]!;
    const nonZero: number[] = [];
    for (let k = 0; k < m; k += 1) {
      if (pivot[k]![0] === 0n) continue;
      pivot[k] = div(pivot[k]!, lead);
      nonZero.push(k);
    }
    rows.forEach((row, i) => {
      if (i === pivotRow || row[c]![0] === 0n) return;
      const factor = row[c]!;
      for (const k of nonZero) row[k] = sub(row[k]!, mul(factor, pivot[k]!));
    });
    pivots.push(c);
    pivotRow += 1;
  }
  const determined = new Set<string>();
  pivots.forEach((c, i) => {
    if (rows[i]!.every((entry, k) => k === c || entry[0] === 0n)) determined.add(unknownKeys[c]!);
  });
  return determined;
}

/** What a suppression result must guarantee; the list of broken guarantees (empty when sound). */
export function sdcViolations(
  cells: readonly SdcCell[],
  relations: readonly SdcRelation[],
  suppressed: ReadonlyMap<string, SdcReason>,
  threshold: number,
): string[] {
  const problems: string[] = [];
  const byKey = new Map(cells.map((cell) => [cell.key, cell]));
  const unknown = (key: string): boolean => Boolean(byKey.get(key)!.hidden) || suppressed.has(key);
  for (const cell of cells) {
    const small = cell.value > 0 && cell.value < threshold;
    if (!unknown(cell.key) && small) problems.push(`${cell.key} published with ${cell.value}`);
    if (cell.hidden && suppressed.has(cell.key)) problems.push(`hidden ${cell.key} listed`);
    if (!small && suppressed.get(cell.key) === "SMALL_COUNT") problems.push(`${cell.key} is not a small count`);
  }
  const unknownKeys = cells.filter((cell) => unknown(cell.key)).map((cell) => cell.key);
  for (const key of exactlyDeterminedKeys(unknownKeys, relations)) {
    const cell = byKey.get(key)!;
    if (suppressed.has(key) || (cell.value > 0 && cell.value < threshold)) problems.push(`${key} is derivable`);
  }
  for (const relation of relations) {
    if (unknown(relation.total)) continue;
    const sum = relation.parts.filter(unknown).reduce((s, key) => s + byKey.get(key)!.value, 0);
    if (sum > 0 && sum < threshold) problems.push(`unknown parts of ${relation.total} sum to ${sum}`);
  }
  return problems;
}
