// Which granularity a period view opens on, from the answers themselves: the finer the periods,
// the smaller the counts, and a small perturbed count (± up to 5) or a withheld median tells little.
// Nothing here changes a figure: it only counts what the API published.

/** Finest first. */
export const GRANULARITIES = ["MONTH", "QUARTER", "YEAR"] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** A published count under this carries noise that is large relative to it (the ptable's ±5). */
export const SMALL_COUNT = 10;
/** "Most": more than this share of the cells. */
export const MOST = 0.5;

/** The little of a cell this needs (the API's IndicatorCell and the fixtures fit). */
export interface StatCell {
  value?: number | null;
}
export interface StatIndicator {
  kind: string;
  cells: readonly StatCell[];
}

export interface CellStats {
  /** Every cell the view would show. */
  cells: number;
  /** Cells with a value (not a withheld median, not n/a). */
  shown: number;
  /** Count cells (each has a value: counts are perturbed, never withheld). */
  counts: number;
  /** Count cells published under SMALL_COUNT (0 included: a published 0 may stand for up to 5). */
  smallCounts: number;
  /** shown / cells (1 when there are no cells: nothing is hidden). */
  shownShare: number;
  /** smallCounts / counts (0 when there are no counts). */
  smallShare: number;
}

export function cellStats(indicators: readonly StatIndicator[]): CellStats {
  let cells = 0;
  let shown = 0;
  let counts = 0;
  let smallCounts = 0;
  for (const indicator of indicators) {
    for (const cell of indicator.cells) {
      cells += 1;
      const value = cell.value ?? null;
      if (value !== null) shown += 1;
      if (indicator.kind === "COUNT" && value !== null) {
        counts += 1;
        if (value < SMALL_COUNT) smallCounts += 1;
      }
    }
  }
  return { cells, shown, counts, smallCounts, shownShare: cells === 0 ? 1 : shown / cells, smallShare: counts === 0 ? 0 : smallCounts / counts };
}

/** Most cells are shown, and most counts are not small. */
export function isReadable(stats: CellStats): boolean {
  return stats.shownShare > MOST && stats.smallShare < MOST;
}

export type StatsByGranularity = Partial<Record<Granularity, CellStats>>;

/**
 * The finest granularity whose figures are mostly shown and reliable; the coarsest one known
 * when none is (a year is the least a report can be read by). Only granularities with stats count.
 */
export function chooseGranularity(stats: StatsByGranularity): Granularity {
  const known = GRANULARITIES.filter((granularity) => stats[granularity] !== undefined);
  return known.find((granularity) => isReadable(stats[granularity]!)) ?? known.at(-1) ?? "YEAR";
}

/** What each granularity finer than `chosen` would hide: its share of small counts and of cells without a value. */
export function finerThan(stats: StatsByGranularity, chosen: Granularity): { granularity: Granularity; stats: CellStats }[] {
  return GRANULARITIES.slice(0, GRANULARITIES.indexOf(chosen))
    .filter((granularity) => stats[granularity] !== undefined)
    .map((granularity) => ({ granularity, stats: stats[granularity]! }));
}

