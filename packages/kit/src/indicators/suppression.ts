// Statistical disclosure control over additive tables: which counts must not be published.
// Generic: it knows cells (a key, a non-negative integer, maybe hidden) and relations
// (total = Σ parts), nothing of indicators.
//
// Primary: a published count with 0 < value < threshold is suppressed (SMALL_COUNT); zero is shown.
// A hidden cell is never published; when 0 < value < threshold it is sensitive and protected too.
// Secondary (PROTECTS_ANOTHER_CELL), to a fixpoint:
//  (a) no sensitive or suppressed cell may be derivable exactly from the published cells: x_u is
//      derivable iff e_u lies in the row space of the relation matrix restricted to the unknown
//      cells. Checked exactly (up to a negligible, conservative chance) modulo a large prime:
//      elimination, then two random vectors of the null space; x_u is derivable iff every
//      null-space vector is 0 at u.
//  (b) upper bounds: in a relation whose total is published, the unknown parts sum to 0 or to at
//      least the threshold (else each of them is known to be below it).
// Complements are chosen deterministically: non-zero first, smallest value, then key order.

export type SdcReason = "SMALL_COUNT" | "PROTECTS_ANOTHER_CELL";

export interface SdcCell {
  key: string;
  /** A count: a non-negative integer. */
  value: number;
  /** Never published (the reader does not know it); protected when 0 < value < threshold. */
  hidden?: boolean;
}

/** total = Σ parts; one part means the two cells are equal. */
export interface SdcRelation {
  total: string;
  parts: readonly string[];
}

/** The cells and relations by index; the index order is the tie-break order of complements. */
export interface IndexedSdcTable {
  values: ArrayLike<number>;
  /** 1 for a hidden cell. */
  hidden: ArrayLike<number>;
  relationTotals: ArrayLike<number>;
  /** Relation r's parts are relationParts[relationStarts[r] .. relationStarts[r + 1]). */
  relationStarts: ArrayLike<number>;
  relationParts: ArrayLike<number>;
}

export const SDC_SHOWN = 0;
export const SDC_SMALL_COUNT = 1;
export const SDC_PROTECTS_ANOTHER_CELL = 2;

export function assertThreshold(threshold: number): void {
  if (!Number.isInteger(threshold) || threshold < 2) throw new RangeError("the suppression threshold is an integer of at least 2");
}

/**
 * Every suppressed published cell, with its reason. Hidden cells are never listed. Throws when a
 * relation names an unknown cell or does not add up (the algebra assumes a consistent table).
 */
export function suppressCells(cells: readonly SdcCell[], relations: readonly SdcRelation[], options: { threshold: number }): Map<string, SdcReason> {
  assertThreshold(options.threshold);
  const sorted = [...cells].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const index = new Map<string, number>();
  const values = new Float64Array(sorted.length);
  const hidden = new Uint8Array(sorted.length);
  sorted.forEach((cell, i) => {
    if (index.has(cell.key)) throw new Error(`duplicate cell ${cell.key}`);
    if (!Number.isInteger(cell.value) || cell.value < 0) throw new RangeError(`cell ${cell.key} is not a count`);
    index.set(cell.key, i);
    values[i] = cell.value;
    hidden[i] = cell.hidden ? 1 : 0;
  });
  const at = (key: string): number => {
    const i = index.get(key);
    if (i === undefined) throw new Error(`a relation names an unknown cell ${key}`);
    return i;
  };
  // Relations in a canonical order too: the result must not depend on the order they were listed in.
  const relationKey = (relation: SdcRelation): string => [relation.total, ...[...relation.parts].sort()].join("\u0000");
  relations = [...relations].sort((a, b) => {
    const ka = relationKey(a);
    const kb = relationKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  const totals = new Int32Array(relations.length);
  const starts = new Int32Array(relations.length + 1);
  const partList: number[] = [];
  relations.forEach((relation, r) => {
    const total = at(relation.total);
    if (relation.parts.length === 0) throw new Error(`relation of ${relation.total} has no parts`);
    const seen = new Set<number>([total]);
    let sum = 0;
    for (const key of relation.parts) {
      const part = at(key);
      if (seen.has(part)) throw new Error(`relation of ${relation.total} names ${key} twice`);
      seen.add(part);
      partList.push(part);
      sum += values[part]!;
    }
    if (sum !== values[total]) throw new Error(`relation of ${relation.total} does not add up`);
    totals[r] = total;
    starts[r + 1] = partList.length;
  });
  const status = suppressIndexed(
    { values, hidden, relationTotals: totals, relationStarts: starts, relationParts: Int32Array.from(partList) },
    options.threshold,
  );
  const result = new Map<string, SdcReason>();
  sorted.forEach((cell, i) => {
    if (status[i] === SDC_SMALL_COUNT) result.set(cell.key, "SMALL_COUNT");
    else if (status[i] === SDC_PROTECTS_ANOTHER_CELL) result.set(cell.key, "PROTECTS_ANOTHER_CELL");
  });
  return result;
}

/**
 * The status of every cell (SDC_SHOWN, SDC_SMALL_COUNT, SDC_PROTECTS_ANOTHER_CELL; hidden cells are
 * always SDC_SHOWN). The table must be consistent; the caller checks it.
 */
export function suppressIndexed(table: IndexedSdcTable, threshold: number): Uint8Array {
  assertThreshold(threshold);
  const { values, hidden, relationTotals, relationStarts, relationParts } = table;
  const n = values.length;
  const relationCount = relationTotals.length;
  const status = new Uint8Array(n);
  const unknown = new Uint8Array(n);
  /** Sensitive (primary or hidden) or suppressed: must not be derivable. */
  const guarded = new Uint8Array(n);
  for (let i = 0; i < n; i += 1) {
    const value = values[i]!;
    const small = value > 0 && value < threshold;
    if (hidden[i]) {
      unknown[i] = 1;
      if (small) guarded[i] = 1;
    } else if (small) {
      status[i] = SDC_SMALL_COUNT;
      unknown[i] = 1;
      guarded[i] = 1;
    }
  }

  // Each cell's relations (as total or part), compressed.
  const memberCount = new Int32Array(n + 1);
  for (let r = 0; r < relationCount; r += 1) {
    bump(memberCount, relationTotals[r]!);
    for (let k = relationStarts[r]!; k < relationStarts[r + 1]!; k += 1) bump(memberCount, relationParts[k]!);
  }
  const cellStarts = new Int32Array(n + 1);
  for (let i = 0; i < n; i += 1) cellStarts[i + 1] = cellStarts[i]! + memberCount[i]!;
  const cellRelations = new Int32Array(cellStarts[n]!);
  const fill = cellStarts.slice(0, n);
  for (let r = 0; r < relationCount; r += 1) {
    cellRelations[bump(fill, relationTotals[r]!)] = r;
    for (let k = relationStarts[r]!; k < relationStarts[r + 1]!; k += 1) cellRelations[bump(fill, relationParts[k]!)] = r;
  }

  // Connected components: the derivability check runs per component, again only where something changed.
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i += 1) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (let r = 0; r < relationCount; r += 1) {
    const root = find(relationTotals[r]!);
    for (let k = relationStarts[r]!; k < relationStarts[r + 1]!; k += 1) {
      const other = find(relationParts[k]!);
      if (other !== root) parent[other] = root;
    }
  }
  /** Scratch: a cell's column in the system being solved, -1 outside it. */
  const columnOfCell = new Int32Array(n).fill(-1);
  const componentOf = new Int32Array(n);
  const componentCells: number[][] = [];
  const componentIndex = new Map<number, number>();
  for (let i = 0; i < n; i += 1) {
    const root = find(i);
    let c = componentIndex.get(root);
    if (c === undefined) {
      c = componentCells.length;
      componentIndex.set(root, c);
      componentCells.push([]);
    }
    componentOf[i] = c;
    componentCells[c]!.push(i);
  }
  const componentRelations: number[][] = componentCells.map(() => []);
  for (let r = 0; r < relationCount; r += 1) componentRelations[componentOf[relationTotals[r]!]!]!.push(r);

  // Changed since the last cheap check (peeling: relations with one unknown) / the last full one.
  const dirtyPeel = new Uint8Array(componentCells.length);
  const dirtyFull = new Uint8Array(componentCells.length);
  for (let i = 0; i < n; i += 1) {
    if (guarded[i]) {
      dirtyPeel[componentOf[i]!] = 1;
      dirtyFull[componentOf[i]!] = 1;
    }
  }

  // Upper-bound work list: relations to (re)check.
  const queued = new Uint8Array(relationCount);
  const queue: number[] = [];
  for (let r = relationCount - 1; r >= 0; r -= 1) {
    queued[r] = 1;
    queue.push(r);
  }
  let round = 1;
  const touched = new Int32Array(relationCount);
  const suppress = (i: number): void => {
    status[i] = SDC_PROTECTS_ANOTHER_CELL;
    unknown[i] = 1;
    guarded[i] = 1;
    dirtyPeel[componentOf[i]!] = 1;
    dirtyFull[componentOf[i]!] = 1;
    for (let k = cellStarts[i]!; k < cellStarts[i + 1]!; k += 1) {
      const r = cellRelations[k]!;
      touched[r] = round;
      if (!queued[r]) {
        queued[r] = 1;
        queue.push(r);
      }
    }
  };

  /** Better complement first: non-zero, smaller, lower index; a relation's total after its parts. */
  const better = (a: number, aIsTotal: boolean, b: number, bIsTotal: boolean): boolean => {
    if (aIsTotal !== bIsTotal) return !aIsTotal;
    const va = values[a]!;
    const vb = values[b]!;
    if ((va === 0) !== (vb === 0)) return va !== 0;
    if (va !== vb) return va < vb;
    return a < b;
  };
  /** The best published cell of a relation, other than `except`; -1 when none. */
  const bestIn = (r: number, except: number, nonZeroPartsOnly: boolean): number => {
    let best = -1;
    let bestIsTotal = false;
    for (let k = relationStarts[r]!; k < relationStarts[r + 1]!; k += 1) {
      const part = relationParts[k]!;
      if (part === except || unknown[part] || (nonZeroPartsOnly && values[part] === 0)) continue;
      if (best < 0 || better(part, false, best, bestIsTotal)) {
        best = part;
        bestIsTotal = false;
      }
    }
    const total = relationTotals[r]!;
    if (best < 0 && total !== except && !unknown[total]) {
      best = total;
      bestIsTotal = true;
    }
    return best;
  };

  for (;;) {
    // (b) Upper bounds, to a fixpoint.
    while (queue.length > 0) {
      const r = queue.pop()!;
      queued[r] = 0;
      if (unknown[relationTotals[r]!]) continue;
      let sum = 0;
      for (let k = relationStarts[r]!; k < relationStarts[r + 1]!; k += 1) {
        const part = relationParts[k]!;
        if (unknown[part]) sum += values[part]!;
      }
      if (sum > 0 && sum < threshold) {
        const complement = bestIn(r, -1, true);
        if (complement >= 0) suppress(complement);
      }
    }

    // (a) Derivability, in the components where something changed: first the cheap check to a
    // fixpoint (what a relation with one unknown gives away), then the full one (combinations).
    round += 1;
    let added = 0;
    for (let c = 0; c < componentCells.length; c += 1) {
      if (!dirtyPeel[c]) continue;
      dirtyPeel[c] = 0;
      for (const u of derivableCells(componentCells[c]!, componentRelations[c]!, true)) if (guarded[u]) added += protect(u, false);
    }
    if (added > 0 || queue.length > 0) continue;
    for (let c = 0; c < componentCells.length; c += 1) {
      if (!dirtyFull[c]) continue;
      dirtyFull[c] = 0;
      const derivable = derivableCells(componentCells[c]!, componentRelations[c]!, false).filter((u) => guarded[u]);
      // Cells a single relation gives away first, all of them; a cell given away only through a
      // combination (or through a cell just protected) is looked at again once those are fixed.
      let here = 0;
      for (const u of derivable) here += protect(u, false);
      if (here === 0) {
        for (const u of derivable) {
          here = protect(u, true);
          if (here > 0) break;
        }
      }
      added += here;
    }
    if (added === 0 && queue.length === 0) break;
  }
  return status;

  /** Adds complements so that u stops being derivable; returns how many were added. */
  function protect(u: number, throughCombination: boolean): number {
    const own: number[] = [];
    for (let k = cellStarts[u]!; k < cellStarts[u + 1]!; k += 1) own.push(cellRelations[k]!);
    // Something already changed around u in this round: look again in the next one.
    if (own.some((r) => touched[r] === round)) return 0;
    const unknownsOf = (r: number): number => {
      let count = unknown[relationTotals[r]!]!;
      for (let k = relationStarts[r]!; k < relationStarts[r + 1]!; k += 1) count += unknown[relationParts[k]!]!;
      return count;
    };
    const counts = own.map(unknownsOf);
    let added = 0;
    // u alone unknown in a relation: that relation gives it away; give each such relation a second unknown.
    own.forEach((r, k) => {
      if (counts[k] !== 1 || touched[r] === round) return;
      const complement = bestIn(r, u, false);
      if (complement >= 0) {
        suppress(complement);
        added += 1;
      }
    });
    if (added > 0 || !throughCombination) return added;
    // Derivable through a combination of relations (a bridge): one more unknown where u has the fewest company.
    const fewest = Math.min(...counts);
    let best = -1;
    let bestIsTotal = false;
    own.forEach((r, k) => {
      if (counts[k] !== fewest) return;
      const candidate = bestIn(r, u, false);
      if (candidate < 0) return;
      const isTotal = candidate === relationTotals[r];
      if (best < 0 || better(candidate, isTotal, best, bestIsTotal)) {
        best = candidate;
        bestIsTotal = isTotal;
      }
    });
    if (best < 0) {
      for (const i of componentCells[componentOf[u]!]!) {
        if (!unknown[i] && (best < 0 || better(i, false, best, false))) best = i;
      }
    }
    if (best < 0) return 0;
    suppress(best);
    return 1;
  }

  /** The unknown cells of a component that the published cells determine exactly (peelOnly: through one relation). */
  function derivableCells(cells: readonly number[], relations: readonly number[], peelOnly: boolean): number[] {
    const columns: number[] = [];
    for (const i of cells) {
      if (unknown[i]) {
        columnOfCell[i] = columns.length;
        columns.push(i);
      }
    }
    const m = columns.length;
    if (m === 0) return [];
    // Rows restricted to unknown cells (total +1, parts -1), compressed; and each column's rows.
    const rowStart: number[] = [0];
    const rowCol: number[] = [];
    const rowSign: number[] = [];
    for (const r of relations) {
      const total = columnOfCell[relationTotals[r]!]!;
      if (total >= 0) {
        rowCol.push(total);
        rowSign.push(1);
      }
      for (let k = relationStarts[r]!; k < relationStarts[r + 1]!; k += 1) {
        const part = columnOfCell[relationParts[k]!]!;
        if (part >= 0) {
          rowCol.push(part);
          rowSign.push(-1);
        }
      }
      if (rowCol.length > rowStart[rowStart.length - 1]!) rowStart.push(rowCol.length);
    }
    for (const i of columns) columnOfCell[i] = -1;
    const rows = rowStart.length - 1;
    const colStart = new Int32Array(m + 1);
    for (const col of rowCol) colStart[col + 1] = colStart[col + 1]! + 1;
    for (let col = 0; col < m; col += 1) colStart[col + 1] = colStart[col + 1]! + colStart[col]!;
    const colRow = new Int32Array(rowCol.length);
    const cursor = colStart.slice(0, m);
    for (let row = 0; row < rows; row += 1) {
      for (let k = rowStart[row]!; k < rowStart[row + 1]!; k += 1) colRow[bump(cursor, rowCol[k]!)] = row;
    }

    // Peel: a row with one unknown left determines it.
    const determined = new Uint8Array(m);
    const remaining = new Int32Array(rows);
    const stack: number[] = [];
    for (let row = 0; row < rows; row += 1) {
      remaining[row] = rowStart[row + 1]! - rowStart[row]!;
      if (remaining[row] === 1) stack.push(row);
    }
    while (stack.length > 0) {
      const row = stack.pop()!;
      if (remaining[row] !== 1) continue;
      let col = -1;
      for (let k = rowStart[row]!; k < rowStart[row + 1]!; k += 1) if (!determined[rowCol[k]!]) col = rowCol[k]!;
      if (col < 0) continue;
      determined[col] = 1;
      for (let k = colStart[col]!; k < colStart[col + 1]!; k += 1) {
        const other = colRow[k]!;
        remaining[other] = remaining[other]! - 1;
        if (remaining[other] === 1) stack.push(other);
      }
    }
    const result: number[] = [];
    if (peelOnly) {
      for (let col = 0; col < m; col += 1) if (determined[col]) result.push(columns[col]!);
      return result;
    }

    // Eliminate the rest, columns of fewer rows first (less fill-in).
    const degree = new Int32Array(m);
    for (let row = 0; row < rows; row += 1) {
      if (remaining[row]! < 2) continue;
      for (let k = rowStart[row]!; k < rowStart[row + 1]!; k += 1) if (!determined[rowCol[k]!]) bump(degree, rowCol[k]!);
    }
    const order: number[] = [];
    for (let col = 0; col < m; col += 1) if (degree[col]! > 0) order.push(col);
    order.sort((a, b) => degree[a]! - degree[b]! || a - b);
    const rank = new Int32Array(m).fill(-1);
    order.forEach((col, k) => {
      rank[col] = k;
    });
    const size = order.length;
    const pivotCols: (Int32Array | undefined)[] = new Array(size);
    const pivotVals: (Float64Array | undefined)[] = new Array(size);
    // Two scratch rows, swapped at each reduction step.
    let cols = new Int32Array(size);
    let vals = new Float64Array(size);
    let nextCols = new Int32Array(size);
    let nextVals = new Float64Array(size);
    const entry: [number, number][] = [];
    for (let row = 0; row < rows; row += 1) {
      if (remaining[row]! < 2) continue;
      entry.length = 0;
      for (let k = rowStart[row]!; k < rowStart[row + 1]!; k += 1) {
        const col = rowCol[k]!;
        if (!determined[col]) entry.push([rank[col]!, rowSign[k]! > 0 ? 1 : PRIME - 1]);
      }
      entry.sort((a, b) => a[0] - b[0]);
      let length = entry.length;
      entry.forEach(([c, v], k) => {
        cols[k] = c;
        vals[k] = v;
      });
      while (length > 0) {
        const lead = cols[0]!;
        const pc = pivotCols[lead];
        if (pc === undefined) {
          const inverse = invert(vals[0]!);
          pivotCols[lead] = cols.slice(0, length);
          const normalized = vals.slice(0, length);
          for (let k = 0; k < length; k += 1) normalized[k] = mulmod(normalized[k]!, inverse);
          pivotVals[lead] = normalized;
          break;
        }
        // row -= row[lead] · pivot (the pivot's lead is 1).
        const pv = pivotVals[lead]!;
        const factor = PRIME - vals[0]!;
        let out = 0;
        let i = 1;
        let j = 1;
        while (i < length || j < pc.length) {
          const a = i < length ? cols[i]! : Infinity;
          const b = j < pc.length ? pc[j]! : Infinity;
          if (a < b) {
            nextCols[out] = a;
            nextVals[out++] = vals[i++]!;
          } else {
            const scaled = factor === 1 ? pv[j]! : factor === PRIME - 1 ? PRIME - pv[j]! : mulmod(factor, pv[j]!);
            const v = a === b ? (vals[i++]! + scaled) % PRIME : scaled % PRIME;
            j += 1;
            if (v !== 0) {
              nextCols[out] = b;
              nextVals[out++] = v;
            }
          }
        }
        [cols, nextCols] = [nextCols, cols];
        [vals, nextVals] = [nextVals, vals];
        length = out;
      }
    }
    // Two random null-space vectors (seeded: the result is deterministic).
    const random = seededRandom(0x5eed);
    const z1 = new Float64Array(size);
    const z2 = new Float64Array(size);
    for (let k = size - 1; k >= 0; k -= 1) {
      const pc = pivotCols[k];
      if (pc === undefined) {
        z1[k] = 1 + Math.floor(random() * (PRIME - 1));
        z2[k] = 1 + Math.floor(random() * (PRIME - 1));
        continue;
      }
      const pv = pivotVals[k]!;
      let s1 = 0;
      let s2 = 0;
      for (let t = 1; t < pc.length; t += 1) {
        s1 = (s1 + mulmod(pv[t]!, z1[pc[t]!]!)) % PRIME;
        s2 = (s2 + mulmod(pv[t]!, z2[pc[t]!]!)) % PRIME;
      }
      z1[k] = (PRIME - s1) % PRIME;
      z2[k] = (PRIME - s2) % PRIME;
    }
    for (let col = 0; col < m; col += 1) {
      const k = rank[col]!;
      if (determined[col] || (k >= 0 && pivotCols[k] !== undefined && z1[k] === 0 && z2[k] === 0)) result.push(columns[col]!);
    }
    return result;
  }
}

const PRIME = 2147483647; // 2^31 - 1

/** Adds one to a[i]; returns the value before. */
function bump(a: Int32Array, i: number): number {
  const before = a[i]!;
  a[i] = before + 1;
  return before;
}

/** a·b mod PRIME, exact in doubles (products stay below 2^53). */
function mulmod(a: number, b: number): number {
  const high = Math.floor(b / 65536);
  const low = b - high * 65536;
  return (((a * high) % PRIME) * 65536 + a * low) % PRIME;
}

function invert(a: number): number {
  let [oldR, r] = [a, PRIME];
  let [oldS, s] = [1, 0];
  while (r !== 0) {
    const q = Math.floor(oldR / r);
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % PRIME) + PRIME) % PRIME;
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
