import { describe, expect, it } from "vitest";
import { computeIndicatorCells, validateDefinitions, type IndicatorCellsInput } from "./indicator-table.js";
import { periodOf } from "./periods.js";
import { exactlyDeterminedKeys } from "./sdc-checker.test-helper.js";
import type { SdcRelation } from "./suppression.js";
import type { Breakdown, Granularity, IndicatorCellValue, IndicatorDefinition, IndicatorEvent, ReportOrganisation } from "./types.js";

const meta = { section: "test", title: "t", numerator: "n", dateRule: "d", source: "test" };
const count = (name: string, extra: Partial<IndicatorDefinition> = {}): IndicatorDefinition => ({ ...meta, id: `test.${name}`, kind: "COUNT", unit: "COUNT", ...extra });
const OPENED = count("opened");
const WITHIN = count("within_30_days", { hidden: true });
const SHARE: IndicatorDefinition = { ...meta, id: "test.share_within", kind: "RATE", unit: "PERCENT", rate: { numerator: WITHIN.id, denominator: OPENED.id } };
const REFERRED = count("referred", { categories: ["x", "y"] });
const DAYS: IndicatorDefinition = { ...meta, id: "test.median_days", kind: "MEDIAN", unit: "DAYS", median: { countOf: OPENED.id } };
const TRAINED = count("trained");
const TRAINED_SHARE: IndicatorDefinition = { ...meta, id: "test.trained_share", kind: "RATE", unit: "PERCENT", rate: { numerator: TRAINED.id, denominatorFromOrganisation: "operators" } };

const ORGANISATIONS: ReportOrganisation[] = [
  { id: "a1", type: "ANTI_VIOLENCE_CENTRE", operators: 20 },
  { id: "a2", type: "ANTI_VIOLENCE_CENTRE", operators: 30 },
  { id: "s1", type: "SHELTER", operators: 10 },
];

const events = (indicator: IndicatorDefinition, on: string, organisationId: string, times: number, extra: Partial<IndicatorEvent> = {}): IndicatorEvent[] =>
  Array.from({ length: times }, () => ({ indicator: indicator.id, on, organisationId, ...extra }));

function report(input: Partial<IndicatorCellsInput> & Pick<IndicatorCellsInput, "events">): IndicatorCellValue[] {
  return computeIndicatorCells({
    definitions: [OPENED, WITHIN, SHARE, REFERRED, DAYS],
    organisations: ORGANISATIONS,
    range: { from: "2025-01-01", to: "2025-12-31" },
    granularity: "MONTH",
    breakdown: "NETWORK",
    threshold: 10,
    ...input,
  });
}
const find = (cells: IndicatorCellValue[], indicatorId: string, period: string, group: string, category: string | null = null): IndicatorCellValue => {
  const cell = cells.find((c) => c.indicatorId === indicatorId && c.period === period && c.group === group && c.category === category);
  if (!cell) throw new Error(`no cell ${indicatorId} ${period} ${group} ${category}`);
  return cell;
};
const cellKey = (c: { indicatorId: string; period: string; group: string; category: string | null }): string => `${c.indicatorId}|${c.period}|${c.group}|${c.category ?? ""}`;

describe("validateDefinitions", () => {
  it("accepts a consistent section", () => {
    expect(() => validateDefinitions([OPENED, WITHIN, SHARE, REFERRED, DAYS, TRAINED, TRAINED_SHARE])).not.toThrow();
  });

  it.each([
    ["a duplicate id", [OPENED, OPENED]],
    ["a rate on a missing indicator", [OPENED, { ...SHARE, rate: { numerator: "test.nope", denominator: OPENED.id } }]],
    ["a rate on a non-COUNT", [OPENED, DAYS, { ...SHARE, rate: { numerator: DAYS.id, denominator: OPENED.id } }]],
    ["a median on a missing indicator", [{ ...DAYS, median: { countOf: "test.nope" } }]],
    ["a median on a non-COUNT", [OPENED, WITHIN, SHARE, { ...DAYS, median: { countOf: SHARE.id } }]],
    ["a unit that does not match the kind", [{ ...OPENED, unit: "PERCENT" }]],
    ["a hidden non-COUNT", [OPENED, WITHIN, { ...SHARE, hidden: true }]],
    ["an id not prefixed by its section", [{ ...OPENED, id: "other.opened" }]],
    ["a RATE without inputs", [{ ...SHARE, rate: undefined }]],
  ] as [string, IndicatorDefinition[]][])("refuses %s", (_, definitions) => {
    expect(() => validateDefinitions(definitions)).toThrow();
  });
});

describe("computeIndicatorCells: the table", () => {
  const input = [
    ...events(OPENED, "2025-01-10", "a1", 12),
    ...events(OPENED, "2025-02-10", "a1", 15),
    ...events(OPENED, "2025-03-10", "a2", 11),
    ...events(OPENED, "2025-01-20", "s1", 20),
    ...events(REFERRED, "2025-01-15", "a1", 14, { category: "x" }),
    ...events(REFERRED, "2025-01-16", "a1", 12, { category: "y" }),
  ];

  it("counts events by period and group, organisations without events included, in a fixed order", () => {
    const cells = report({ events: input, granularity: "QUARTER", breakdown: "ORGANISATION", definitions: [OPENED, REFERRED], organisations: [...ORGANISATIONS, { id: "j1", type: "JOB_CENTRE" }] });
    expect(cells.filter((c) => c.indicatorId === OPENED.id && c.period === "2025-Q1").map((c) => [c.group, c.value])).toEqual([
      ["a1", 27],
      ["a2", 11],
      ["j1", 0],
      ["s1", 20],
    ]);
    // Indicator (definition order), period, group, category (null first, then the definition's order).
    expect(cells.slice(16, 22).map((c) => [c.indicatorId, c.period, c.group, c.category])).toEqual([
      [REFERRED.id, "2025-Q1", "a1", null],
      [REFERRED.id, "2025-Q1", "a1", "x"],
      [REFERRED.id, "2025-Q1", "a1", "y"],
      [REFERRED.id, "2025-Q1", "a2", null],
      [REFERRED.id, "2025-Q1", "a2", "x"],
      [REFERRED.id, "2025-Q1", "a2", "y"],
    ]);
    expect(cells).toHaveLength(4 * 4 + 4 * 4 * 3);
  });

  it("gives the network, the organisation types and whole years", () => {
    const year = report({ events: input, granularity: "YEAR", breakdown: "ORGANISATION_TYPE", definitions: [OPENED, REFERRED] });
    expect(year.filter((c) => c.indicatorId === OPENED.id).map((c) => [c.group, c.value])).toEqual([
      ["ANTI_VIOLENCE_CENTRE", 38],
      ["SHELTER", 20],
    ]);
    expect(find(report({ events: input, granularity: "YEAR" }), OPENED.id, "2025", "NETWORK").value).toBe(58);
  });

  it("shows zero, suppresses 1..threshold-1, and never lists hidden definitions", () => {
    const cells = report({ events: [...input, ...events(OPENED, "2025-05-05", "a1", 3)], breakdown: "ORGANISATION" });
    expect(find(cells, OPENED.id, "2025-04", "a1")).toMatchObject({ value: 0, suppressed: false, reason: null });
    expect(find(cells, OPENED.id, "2025-05", "a1")).toMatchObject({ value: null, suppressed: true, reason: "SMALL_COUNT" });
    expect(cells.some((c) => c.indicatorId === WITHIN.id)).toBe(false);
  });

  it("ignores events outside the touched years, and refuses events a section cannot have", () => {
    const cells = report({ events: [...input, ...events(OPENED, "2024-12-31", "a1", 40)], granularity: "YEAR" });
    expect(find(cells, OPENED.id, "2025", "NETWORK").value).toBe(58);
    expect(() => report({ events: events(OPENED, "2025-01-01", "elsewhere", 1) })).toThrow();
    expect(() => report({ events: events(TRAINED, "2025-01-01", "a1", 1) })).toThrow();
    expect(() => report({ events: events(SHARE, "2025-01-01", "a1", 1) })).toThrow();
    expect(() => report({ events: events(REFERRED, "2025-01-01", "a1", 1) })).toThrow(); // no category
    expect(() => report({ events: events(OPENED, "2025-02-30", "a1", 1) })).toThrow();
    expect(() => report({ events: [], threshold: 1 })).toThrow(RangeError);
    expect(() => report({ events: [], range: { from: "2020-01-01", to: "2025-01-01" } })).toThrow(RangeError);
  });

  it("returns only the visible organisations, and nothing of other breakdowns to a caller limited to them", () => {
    const own = report({ events: input, breakdown: "ORGANISATION", visibleOrganisationIds: ["a2"], granularity: "YEAR" });
    expect(new Set(own.map((c) => c.group))).toEqual(new Set(["a2"]));
    expect(report({ events: input, breakdown: "NETWORK", visibleOrganisationIds: ["a2"] })).toEqual([]);
    expect(report({ events: input, breakdown: "ORGANISATION_TYPE", visibleOrganisationIds: ["a2"] })).toEqual([]);
  });
});

describe("computeIndicatorCells: rates", () => {
  it("gives the percentage rounded to 0.1 with its numerator and denominator", () => {
    const cells = report({ events: [...events(OPENED, "2025-01-10", "a1", 30), ...events(WITHIN, "2025-01-10", "a1", 20)], granularity: "YEAR" });
    expect(find(cells, SHARE.id, "2025", "NETWORK")).toMatchObject({ value: 66.7, suppressed: false, reason: null, numerator: 20, denominator: 30 });
  });

  it("is suppressed when its numerator is, and says nothing of the numerator", () => {
    const cells = report({ events: [...events(OPENED, "2025-01-10", "a1", 30), ...events(WITHIN, "2025-01-10", "a1", 4)], granularity: "YEAR" });
    expect(find(cells, SHARE.id, "2025", "NETWORK")).toMatchObject({ value: null, suppressed: true, reason: "INPUT_SUPPRESSED", numerator: null });
  });

  it("protects the hidden complement: the denominator minus the numerator is not given away", () => {
    // 30 opened, 27 within 30 days: the 3 others must stay unknown, so one of the two goes.
    const cells = report({ events: [...events(OPENED, "2025-01-10", "a1", 30), ...events(WITHIN, "2025-01-10", "a1", 27)], granularity: "YEAR" });
    const share = find(cells, SHARE.id, "2025", "NETWORK");
    expect(share).toMatchObject({ value: null, suppressed: true, reason: "INPUT_SUPPRESSED" });
    expect(share.numerator === null || share.denominator === null).toBe(true);
  });

  it("is not applicable, not suppressed, when the denominator is 0", () => {
    const cells = report({ events: events(OPENED, "2025-01-10", "a1", 30), granularity: "QUARTER" });
    expect(find(cells, SHARE.id, "2025-Q2", "NETWORK")).toMatchObject({ value: null, suppressed: false, reason: "NOT_APPLICABLE", numerator: 0, denominator: 0 });
  });

  it("shares of the organisations' operators: never suppressed denominators, not applicable without the figure", () => {
    const organisations = [...ORGANISATIONS, { id: "j1", type: "JOB_CENTRE" as const, operators: null }];
    const cells = computeIndicatorCells({
      definitions: [TRAINED, TRAINED_SHARE],
      events: [...events(TRAINED, "2025-03-01", "a1", 15), ...events(TRAINED, "2025-03-01", "a2", 12), ...events(TRAINED, "2025-03-01", "s1", 2), ...events(TRAINED, "2025-03-01", "j1", 40)],
      organisations,
      range: { from: "2025-01-01", to: "2025-12-31" },
      granularity: "YEAR",
      breakdown: "ORGANISATION",
      threshold: 10,
    });
    expect(find(cells, TRAINED_SHARE.id, "2025", "a1")).toMatchObject({ value: 75, numerator: 15, denominator: 20, suppressed: false });
    expect(find(cells, TRAINED_SHARE.id, "2025", "s1")).toMatchObject({ value: null, suppressed: true, reason: "INPUT_SUPPRESSED", numerator: null, denominator: 10 });
    expect(find(cells, TRAINED_SHARE.id, "2025", "j1")).toMatchObject({ value: null, suppressed: false, reason: "NOT_APPLICABLE", numerator: 40, denominator: null });
  });
});

describe("computeIndicatorCells: medians", () => {
  const withValues = (on: string, organisationId: string, values: number[]): IndicatorEvent[] => [
    ...events(OPENED, on, organisationId, values.length),
    ...values.map((value) => ({ indicator: DAYS.id, on, organisationId, value })),
  ];

  it("gives the median rounded to 0.5; of an even count, the mean of the middle two", () => {
    const odd = report({ events: withValues("2025-01-05", "a1", [9, 1, 5, 7, 3, 20, 4, 8, 2, 6, 100]), granularity: "YEAR" });
    expect(find(odd, DAYS.id, "2025", "NETWORK")).toMatchObject({ value: 6, suppressed: false, reason: null });
    const even = report({ events: withValues("2025-01-05", "a1", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10.25, 10.3, 12]), granularity: "YEAR" });
    // Middle two: 6 and 7 → 6.5.
    expect(find(even, DAYS.id, "2025", "NETWORK").value).toBe(6.5);
    const quarter = report({ events: withValues("2025-01-05", "a1", [1, 1, 1, 1, 1, 2.2, 2.3, 3, 3, 3, 3, 3]), granularity: "YEAR" });
    // (2.2 + 2.3) / 2 = 2.25 → 2.5.
    expect(find(quarter, DAYS.id, "2025", "NETWORK").value).toBe(2.5);
  });

  it("needs max(10, threshold) values, follows its count's suppression, and is not applicable without values", () => {
    const seven = withValues("2025-01-05", "a1", [1, 2, 3, 4, 5, 6, 7]);
    expect(find(report({ events: seven, threshold: 5, granularity: "YEAR" }), DAYS.id, "2025", "NETWORK")).toMatchObject({ value: null, suppressed: true, reason: "TOO_FEW_VALUES" });
    const eleven = withValues("2025-01-05", "a1", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(find(report({ events: eleven, threshold: 12, granularity: "YEAR" }), DAYS.id, "2025", "NETWORK")).toMatchObject({ suppressed: true });
    expect(find(report({ events: eleven, threshold: 5, granularity: "YEAR" }), DAYS.id, "2025", "NETWORK")).toMatchObject({ value: 6, suppressed: false });
    expect(find(report({ events: seven, granularity: "YEAR" }), DAYS.id, "2025", "NETWORK")).toMatchObject({ suppressed: true, reason: "INPUT_SUPPRESSED" });
    expect(find(report({ events: seven, granularity: "MONTH" }), DAYS.id, "2025-02", "NETWORK")).toMatchObject({ value: null, suppressed: false, reason: "NOT_APPLICABLE" });
  });
});

describe("computeIndicatorCells: one canonical table, whatever was asked", () => {
  /** Seeded, so a failure reproduces. */
  function prng(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 4294967296;
    };
  }
  const random = prng(7);
  const pick = (n: number): number => Math.floor(random() * n);
  const day = (year: number): string => `${year}-${String(1 + pick(12)).padStart(2, "0")}-${String(1 + pick(28)).padStart(2, "0")}`;
  const sample: IndicatorEvent[] = [];
  for (const year of [2024, 2025]) {
    for (let k = 0; k < 160; k += 1) {
      const on = day(year);
      const organisationId = ORGANISATIONS[pick(3)]!.id;
      sample.push({ indicator: OPENED.id, on, organisationId });
      if (random() < 0.75) sample.push({ indicator: WITHIN.id, on, organisationId });
      if (random() < 0.5) sample.push({ indicator: DAYS.id, on, organisationId, value: pick(60) });
    }
    for (let k = 0; k < 140; k += 1) sample.push({ indicator: REFERRED.id, on: day(year), organisationId: ORGANISATIONS[pick(3)]!.id, category: random() < 0.6 ? "x" : "y" });
  }
  const ask = (from: string, to: string, granularity: Granularity, breakdown: Breakdown, visibleOrganisationIds?: string[]): IndicatorCellValue[] =>
    report({ events: sample, range: { from, to }, granularity, breakdown, ...(visibleOrganisationIds ? { visibleOrganisationIds } : {}) });
  const asks: IndicatorCellValue[][] = [];
  for (const granularity of ["MONTH", "QUARTER", "YEAR"] as const) {
    for (const breakdown of ["NETWORK", "ORGANISATION", "ORGANISATION_TYPE"] as const) {
      asks.push(ask("2025-01-01", "2025-12-31", granularity, breakdown));
      asks.push(ask("2024-11-01", "2025-02-28", granularity, breakdown));
      asks.push(ask("2025-03-01", "2025-05-31", granularity, breakdown));
    }
    asks.push(ask("2025-02-01", "2025-08-31", granularity, "ORGANISATION", ["a1"]));
    asks.push(ask("2025-01-01", "2025-12-31", granularity, "ORGANISATION", ["s1", "a2"]));
  }

  it("gives a cell the same value, suppression and reason in every report that holds it", () => {
    const seen = new Map<string, IndicatorCellValue>();
    let compared = 0;
    let suppressedCompared = 0;
    for (const cells of asks) {
      for (const cell of cells) {
        const key = cellKey(cell);
        const before = seen.get(key);
        if (!before) {
          seen.set(key, cell);
          continue;
        }
        expect(cell, key).toEqual(before);
        compared += 1;
        if (cell.suppressed) suppressedCompared += 1;
      }
    }
    expect(compared).toBeGreaterThan(500);
    expect(suppressedCompared).toBeGreaterThan(200);
    expect(suppressedCompared).toBeLessThan(compared);
  });

  it("lets no combination of reports recompute a suppressed or protected count", () => {
    // Every count any report published (the rates' numerators and denominators included), then
    // exact rational elimination over the relations a reader knows, with the true values computed here.
    const published = new Map<string, number>();
    const suppressedKeys = new Set<string>();
    const countOf = new Map([[SHARE.id, { numerator: WITHIN.id, denominator: OPENED.id }]]);
    for (const cells of asks) {
      for (const cell of cells) {
        if (cell.period.slice(0, 4) !== "2025") continue;
        const rate = countOf.get(cell.indicatorId);
        if (rate) {
          const pair = [
            [rate.numerator, cell.numerator],
            [rate.denominator, cell.denominator],
          ] as const;
          for (const [id, value] of pair) {
            const key = cellKey({ ...cell, indicatorId: id });
            if (value === null) suppressedKeys.add(key);
            else published.set(key, value);
          }
        } else if (cell.indicatorId !== DAYS.id) {
          if (cell.suppressed) suppressedKeys.add(cellKey(cell));
          else published.set(cellKey(cell), cell.value!);
        }
      }
    }
    // The reader's model of 2025: every cell of the canonical table and how they add up.
    const periods = ["2025", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", ...Array.from({ length: 12 }, (_, m) => `2025-${String(m + 1).padStart(2, "0")}`)];
    const groups = ["NETWORK", "ANTI_VIOLENCE_CENTRE", "SHELTER", "a1", "a2", "s1"];
    const truth = new Map<string, number>();
    const keys: string[] = [];
    const blocks: [string, (string | null)[]][] = [
      [OPENED.id, [null]],
      [WITHIN.id, [null]],
      ["complement", [null]],
      [REFERRED.id, [null, "x", "y"]],
    ];
    for (const [id, categories] of blocks) for (const period of periods) for (const group of groups) for (const category of categories) keys.push(cellKey({ indicatorId: id, period, group, category }));
    for (const key of keys) truth.set(key, 0);
    const typeOf = new Map(ORGANISATIONS.map((o) => [o.id, o.type]));
    for (const event of sample) {
      if (event.on.slice(0, 4) !== "2025" || event.indicator === DAYS.id) continue;
      for (const g of ["MONTH", "QUARTER", "YEAR"] as const) {
        for (const group of ["NETWORK", typeOf.get(event.organisationId)!, event.organisationId]) {
          for (const category of event.category ? [null, event.category] : [null]) {
            const key = cellKey({ indicatorId: event.indicator, period: periodOf(event.on, g).id, group, category });
            truth.set(key, truth.get(key)! + 1);
          }
        }
      }
    }
    const relations: SdcRelation[] = [];
    for (const [id, categories] of blocks) {
      for (const category of categories) {
        const k = (period: string, group: string): string => cellKey({ indicatorId: id, period, group, category });
        for (const group of groups) {
          relations.push({ total: k("2025", group), parts: periods.slice(1, 5).map((p) => k(p, group)) });
          for (let q = 1; q <= 4; q += 1) relations.push({ total: k(`2025-Q${q}`, group), parts: periods.slice(5 + 3 * (q - 1), 8 + 3 * (q - 1)).map((p) => k(p, group)) });
        }
        for (const period of periods) {
          relations.push({ total: k(period, "NETWORK"), parts: [k(period, "ANTI_VIOLENCE_CENTRE"), k(period, "SHELTER")] });
          relations.push({ total: k(period, "ANTI_VIOLENCE_CENTRE"), parts: [k(period, "a1"), k(period, "a2")] });
          relations.push({ total: k(period, "SHELTER"), parts: [k(period, "s1")] });
        }
      }
      if (categories.length > 1) {
        for (const period of periods) for (const group of groups) relations.push({ total: cellKey({ indicatorId: id, period, group, category: null }), parts: categories.slice(1).map((category) => cellKey({ indicatorId: id, period, group, category })) });
      }
    }
    for (const period of periods) {
      for (const group of groups) {
        const k = (id: string): string => cellKey({ indicatorId: id, period, group, category: null });
        truth.set(k("complement"), truth.get(k(OPENED.id))! - truth.get(k(WITHIN.id))!);
        relations.push({ total: k(OPENED.id), parts: [k(WITHIN.id), k("complement")] });
      }
    }
    // What was published is true; what was not is unknown to the reader.
    for (const [key, value] of published) expect(value, key).toBe(truth.get(key));
    const unknown = keys.filter((key) => !published.has(key));
    const protectedKeys = unknown.filter((key) => suppressedKeys.has(key) || (truth.get(key)! > 0 && truth.get(key)! < 10));
    expect(protectedKeys.length).toBeGreaterThan(50);
    const derivable = exactlyDeterminedKeys(unknown, relations);
    expect(protectedKeys.filter((key) => derivable.has(key))).toEqual([]);
    for (const [key, value] of published) expect(value === 0 || value >= 10, key).toBe(true);
  });
});
