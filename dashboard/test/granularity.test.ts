import { describe, expect, it } from "vitest";
import { cellStats, chooseGranularity, finerThan, isReadable, type StatIndicator } from "../src/report/granularity.model.js";

// Hand-made answers of one report at three granularities: a count, a median (withheld when
// small: null) and a rate (null where n/a). The expectations below are counted by hand.
const v = (...values: (number | null)[]) => values.map((value) => ({ value }));
const month: StatIndicator[] = [
  { kind: "COUNT", cells: v(3, 0, 12, 7, 15, 4) }, // 6 counts, 4 under 10 (3, 0, 7, 4)
  { kind: "MEDIAN", cells: v(null, null, 11, null, null, 14) }, // 2 of 6 shown
  { kind: "RATE", cells: v(50, null, 20, 30, 40, 10) }, // 5 of 6 shown
];
const quarter: StatIndicator[] = [
  { kind: "COUNT", cells: v(15, 26) },
  { kind: "MEDIAN", cells: v(null, 12) },
  { kind: "RATE", cells: v(40, 25) },
];
const year: StatIndicator[] = [
  { kind: "COUNT", cells: v(41) },
  { kind: "MEDIAN", cells: v(12) },
  { kind: "RATE", cells: v(33) },
];

describe("the share of shown cells and of small counts", () => {
  it("counts cells with a value over all cells, and counts under 10 (0 included) over counts", () => {
    expect(cellStats(month)).toEqual({ cells: 18, shown: 13, counts: 6, smallCounts: 4, shownShare: 13 / 18, smallShare: 4 / 6 });
    expect(cellStats(quarter)).toEqual({ cells: 6, shown: 5, counts: 2, smallCounts: 0, shownShare: 5 / 6, smallShare: 0 });
    expect(cellStats(year)).toMatchObject({ cells: 3, shown: 3, shownShare: 1, smallShare: 0 });
  });

  it("treats 10 as not small and 9 as small; no cells hides nothing", () => {
    expect(cellStats([{ kind: "COUNT", cells: v(9, 10) }])).toMatchObject({ smallCounts: 1, smallShare: 0.5 });
    expect(cellStats([])).toMatchObject({ cells: 0, shownShare: 1, smallShare: 0 });
  });

  it("needs more than half shown and less than half small to call a view readable", () => {
    expect(isReadable(cellStats(month))).toBe(false); // 4/6 small
    expect(isReadable(cellStats(quarter))).toBe(true);
    expect(isReadable(cellStats([{ kind: "COUNT", cells: v(9, 10) }]))).toBe(false); // exactly half small is not "most reliable"
    expect(isReadable(cellStats([{ kind: "MEDIAN", cells: v(null, 12) }]))).toBe(false); // exactly half shown is not "most shown"
  });
});

describe("the granularity a view opens on", () => {
  it("is the finest readable one, and says what the finer ones would hide", () => {
    const stats = { MONTH: cellStats(month), QUARTER: cellStats(quarter), YEAR: cellStats(year) };
    expect(chooseGranularity(stats)).toBe("QUARTER");
    expect(finerThan(stats, "QUARTER")).toEqual([{ granularity: "MONTH", stats: stats.MONTH }]);
    expect(finerThan(stats, "MONTH")).toEqual([]);
  });

  it("is the month when the month is readable, the year when nothing is", () => {
    expect(chooseGranularity({ MONTH: cellStats(quarter), QUARTER: cellStats(quarter), YEAR: cellStats(year) })).toBe("MONTH");
    expect(chooseGranularity({ MONTH: cellStats(month), QUARTER: cellStats(month), YEAR: cellStats(month) })).toBe("YEAR");
    // Only granularities with an answer count.
    expect(chooseGranularity({ QUARTER: cellStats(month), YEAR: cellStats(year) })).toBe("YEAR");
    expect(chooseGranularity({ MONTH: cellStats(month), QUARTER: cellStats(month) })).toBe("QUARTER");
  });
});
