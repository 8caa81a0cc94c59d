import { describe, expect, it } from "vitest";
import { validateDefinitions } from "./definition-rules.js";
import { computeIndicatorCells, type IndicatorCellsInput } from "./indicator-table.js";
import { buildPtable, networkPtable, PTABLE_PARAMETERS } from "../perturbation.js";
import { recordKeysWith } from "../record-keys.js";
import type { Breakdown, Granularity, IndicatorCellValue, IndicatorDefinition, IndicatorEvent, ReportOrganisation } from "../types.js";

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

// These tests check the counting itself, so their counts are exact (involving no woman); the
// perturbation has its own tests below, with women and their record keys.
const exact = (definition: IndicatorDefinition): IndicatorDefinition => (definition.kind === "COUNT" ? { ...definition, involvesNoWoman: true } : definition);
const events = (indicator: IndicatorDefinition, on: string, organisationId: string, times: number, extra: Partial<IndicatorEvent> = {}): IndicatorEvent[] =>
  Array.from({ length: times }, () => ({ indicator: indicator.id, on, organisationId, ...extra }));

/** Every period the tests read has ended by then. */
const AS_OF = "2026-12-31";
const WOMEN = Array.from({ length: 400 }, (_, k) => `00000000-0000-4000-8000-${String(k).padStart(12, "0")}`);
const RECORD_KEYS = recordKeysWith(Buffer.from("a test secret, not the authority's"), WOMEN, "1");

function report(input: Partial<IndicatorCellsInput> & Pick<IndicatorCellsInput, "events">): IndicatorCellValue[] {
  return computeIndicatorCells({
    recordKeys: RECORD_KEYS,
    ...input,
    definitions: (input.definitions ?? [OPENED, WITHIN, SHARE, REFERRED, DAYS]).map(exact),
    threshold: input.threshold ?? 10,
    range: input.range ?? { from: "2025-01-01", to: "2025-12-31" },
    granularity: input.granularity ?? "MONTH",
    breakdown: input.breakdown ?? "NETWORK",
    organisations: input.organisations ?? ORGANISATIONS,
    visibleOrganisationIds: input.visibleOrganisationIds,
    asOf: input.asOf ?? AS_OF,
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
    ["a follow-up horizon on a RATE", [OPENED, WITHIN, { ...SHARE, followUpMonths: 6 }]],
    ["a follow-up horizon on a hidden COUNT", [{ ...OPENED, hidden: true, followUpMonths: 6 }]],
    ["a follow-up horizon on a COUNT with categories", [{ ...REFERRED, followUpMonths: 6 }]],
    ["a negative or fractional follow-up horizon", [{ ...OPENED, followUpMonths: -1 }, { ...WITHIN, followUpMonths: 1.5 }]],
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

  it("never lists hidden definitions", () => {
    const cells = report({ events: [...input, ...events(OPENED, "2025-05-05", "a1", 3)], breakdown: "ORGANISATION" });
    expect(find(cells, OPENED.id, "2025-05", "a1")).toMatchObject({ value: 3, suppressed: false, reason: null });
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
    expect(() => report({ events: [], threshold: 1 })).toThrow();
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



  it("is not applicable, not suppressed, when the denominator is 0", () => {
    const cells = report({ events: events(OPENED, "2025-01-10", "a1", 30), granularity: "QUARTER" });
    expect(find(cells, SHARE.id, "2025-Q2", "NETWORK")).toMatchObject({ value: null, suppressed: false, reason: "NOT_APPLICABLE", numerator: 0, denominator: 0 });
  });

  it("shares of the organisations' operators: never suppressed denominators, not applicable without the figure", () => {
    const organisations = [...ORGANISATIONS, { id: "j1", type: "JOB_CENTRE" as const, operators: null }];
    const cells = report({
      definitions: [TRAINED, TRAINED_SHARE],
      events: [...events(TRAINED, "2025-03-01", "a1", 15), ...events(TRAINED, "2025-03-01", "a2", 12), ...events(TRAINED, "2025-03-01", "s1", 2), ...events(TRAINED, "2025-03-01", "j1", 40)],
      organisations,
      range: { from: "2025-01-01", to: "2025-12-31" },
      granularity: "YEAR",
      breakdown: "ORGANISATION",
    });
    expect(find(cells, TRAINED_SHARE.id, "2025", "a1")).toMatchObject({ value: 75, numerator: 15, denominator: 20, suppressed: false });
    expect(find(cells, TRAINED_SHARE.id, "2025", "s1")).toMatchObject({ value: 20, suppressed: false, reason: null, numerator: 2, denominator: 10 });
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

  it("needs max(10, threshold) values by its published count, and is not applicable without values", () => {
    const seven = withValues("2025-01-05", "a1", [1, 2, 3, 4, 5, 6, 7]);
    expect(find(report({ events: seven, threshold: 5, granularity: "YEAR" }), DAYS.id, "2025", "NETWORK")).toMatchObject({ value: null, suppressed: true, reason: "TOO_FEW_VALUES" });
    const eleven = withValues("2025-01-05", "a1", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(find(report({ events: eleven, threshold: 12, granularity: "YEAR" }), DAYS.id, "2025", "NETWORK")).toMatchObject({ suppressed: true });
    expect(find(report({ events: eleven, threshold: 5, granularity: "YEAR" }), DAYS.id, "2025", "NETWORK")).toMatchObject({ value: 6, suppressed: false });
    expect(find(report({ events: seven, granularity: "YEAR" }), DAYS.id, "2025", "NETWORK")).toMatchObject({ suppressed: true, reason: "TOO_FEW_VALUES" });
    expect(find(report({ events: seven, granularity: "MONTH" }), DAYS.id, "2025-02", "NETWORK")).toMatchObject({ value: null, suppressed: false, reason: "NOT_APPLICABLE" });
  });
});

describe("computeIndicatorCells: cell-key perturbation", () => {
  const D = PTABLE_PARAMETERS.maxDeviation;
  /** Events of women: woman k's records (each event names her pathway). */
  const herEvents = (k: number, indicator: IndicatorDefinition, on: string, organisationId: string, extra: Partial<IndicatorEvent> = {}): IndicatorEvent => ({
    indicator: indicator.id,
    on,
    organisationId,
    pathwayId: WOMEN[k]!,
    ...extra,
  });
  const DAYS_OF = ["2025-01-03", "2025-02-11", "2025-03-20", "2025-05-02", "2025-07-15", "2025-08-08", "2025-11-30", "2024-06-01"];
  const ORGS = ["a1", "a2", "s1"];
  /** A few hundred women spread over months, organisations and categories; some months hold 1 or 2. */
  const population = (skip = -1): IndicatorEvent[] =>
    WOMEN.flatMap((_, k) => {
      if (k === skip) return [];
      const on = DAYS_OF[(k * 7) % DAYS_OF.length]!;
      const organisation = ORGS[(k * 5) % 3]!;
      const own = [herEvents(k, OPENED, on, organisation)];
      if (k % 4 === 0) own.push(herEvents(k, REFERRED, on, organisation, { category: k % 8 === 0 ? "x" : "y" }));
      if (k === 0 || k === 97) own.push(herEvents(k, OPENED, "2025-10-10", "s1")); // cells of one or two
      if (k === 13) own.push(herEvents(k, OPENED, "2025-12-24", "a2"), herEvents(k, REFERRED, "2024-12-24", "a1", { category: "x" }));
      return own;
    });
  const perturbed = (events: IndicatorEvent[], granularity: Granularity, breakdown: Breakdown, range = { from: "2024-01-01", to: "2025-12-31" }, ptable = networkPtable()) =>
    computeIndicatorCells({ definitions: [OPENED, REFERRED], events, organisations: ORGANISATIONS, range, granularity, breakdown, threshold: 10, recordKeys: RECORD_KEYS, ptable, asOf: AS_OF });
  const truth = (events: IndicatorEvent[], granularity: Granularity, breakdown: Breakdown) =>
    computeIndicatorCells({ definitions: [OPENED, REFERRED].map(exact), events: events.map(({ pathwayId: _, ...e }) => e), organisations: ORGANISATIONS, range: { from: "2024-01-01", to: "2025-12-31" }, granularity, breakdown, threshold: 10, recordKeys: RECORD_KEYS, asOf: AS_OF });
  const ASKED: [Granularity, Breakdown][] = (["MONTH", "QUARTER", "YEAR"] as const).flatMap((g) => (["NETWORK", "ORGANISATION", "ORGANISATION_TYPE"] as const).map((b) => [g, b] as [Granularity, Breakdown]));

  it("publishes every count within ±D of the truth, never a 1 or a 2, zero as zero, and not all counts unchanged", () => {
    let changed = 0;
    let small = 0;
    for (const [granularity, breakdown] of ASKED) {
      const published = perturbed(population(), granularity, breakdown);
      const exactCells = truth(population(), granularity, breakdown);
      published.forEach((cell, k) => {
        const trueValue = exactCells[k]!.value!;
        expect(cellKey(cell)).toBe(cellKey(exactCells[k]!));
        expect(Math.abs(cell.value! - trueValue), cellKey(cell)).toBeLessThanOrEqual(D);
        expect([1, 2], cellKey(cell)).not.toContain(cell.value);
        if (trueValue === 0) expect(cell.value, cellKey(cell)).toBe(0);
        if (cell.value !== trueValue) changed++;
        if (trueValue === 1 || trueValue === 2) small++;
        expect(cell).toMatchObject({ suppressed: false, reason: null });
      });
    }
    expect(small).toBeGreaterThan(3);
    expect(changed).toBeGreaterThan(100);
  });

  it("gives the same cell the same value in every report, range and breakdown that holds it", () => {
    const seen = new Map<string, number | null>();
    const check = (cells: IndicatorCellValue[]) => {
      for (const cell of cells) {
        if (seen.has(cellKey(cell))) expect(cell.value, cellKey(cell)).toBe(seen.get(cellKey(cell)));
        else seen.set(cellKey(cell), cell.value);
      }
    };
    for (const [granularity, breakdown] of ASKED) check(perturbed(population(), granularity, breakdown));
    for (const [granularity, breakdown] of ASKED) check(perturbed([...population()].reverse(), granularity, breakdown, { from: "2025-02-01", to: "2025-06-30" }));
    // The same records under other organisations' rows: a type row of the same women is the same.
    expect(seen.size).toBeGreaterThan(500);
  });

  it("recomputed without one woman, changes no cell she is not in", () => {
    for (const k of [0, 97, 13]) {
      const her = WOMEN[k]!;
      for (const [granularity, breakdown] of ASKED) {
        const before = perturbed(population(), granularity, breakdown);
        const after = perturbed(population(k), granularity, breakdown);
        const withHer = truth(population(), granularity, breakdown);
        const withoutHer = truth(population(k), granularity, breakdown);
        before.forEach((cell, i) => {
          const sheCounts = withHer[i]!.value !== withoutHer[i]!.value;
          if (!sheCounts) expect(after[i]!.value, `${her} ${cellKey(cell)}`).toBe(cell.value);
        });
      }
    }
  });

  it("draws other noise with another ptable: the published values come from the ptable", () => {
    const wide = buildPtable({ maxDeviation: 8, variance: 9, forbiddenUpTo: 2 });
    const standard = perturbed(population(), "MONTH", "ORGANISATION");
    const other = perturbed(population(), "MONTH", "ORGANISATION", undefined, wide);
    expect(other.some((cell, k) => cell.value !== standard[k]!.value)).toBe(true);
  });

  it("refuses a record about a woman without her record key, and a pathway on a count that involves no woman", () => {
    expect(() => perturbed([{ indicator: OPENED.id, on: "2025-01-01", organisationId: "a1" }], "YEAR", "NETWORK")).toThrow(/no pathway of the cohort/);
    expect(() => perturbed([{ indicator: OPENED.id, on: "2025-01-01", organisationId: "a1", pathwayId: "not in the cohort" }], "YEAR", "NETWORK")).toThrow(/no pathway of the cohort/);
    expect(() => report({ events: [{ indicator: OPENED.id, on: "2025-01-01", organisationId: "a1", pathwayId: WOMEN[0]! }] })).toThrow(/involves no woman/);
  });
});

describe("computeIndicatorCells: outcomes by intake cohort", () => {
  const STARTED = count("started", { followUpMonths: 0 });
  const KEPT = count("kept_3_months", { followUpMonths: 15 });
  // Women of the 2025 intake (dated by her intake day), some in every month.
  const intake = Array.from({ length: 120 }, (_, k): IndicatorEvent => ({
    indicator: STARTED.id,
    on: `2025-${String(1 + (k % 12)).padStart(2, "0")}-${String(1 + (k % 28)).padStart(2, "0")}`,
    organisationId: ["a1", "a2", "s1"][k % 3]!,
    pathwayId: WOMEN[k]!,
  }));
  const kept = intake.filter((_, k) => k % 4 === 0).map((e) => ({ ...e, indicator: KEPT.id }));
  const run = (asOf: string, granularity: Granularity, withEvents = true) =>
    computeIndicatorCells({
      definitions: [STARTED, KEPT],
      events: withEvents ? [...intake, ...kept] : [],
      organisations: ORGANISATIONS,
      range: { from: "2025-01-01", to: "2025-12-31" },
      granularity,
      breakdown: "ORGANISATION",
      threshold: 10,
      recordKeys: RECORD_KEYS,
      asOf,
    });
  const open = (cells: IndicatorCellValue[], indicator: IndicatorDefinition) =>
    [...new Set(cells.filter((c) => c.indicatorId === indicator.id && c.reason === "FOLLOW_UP_OPEN").map((c) => c.period))];

  it("is FOLLOW_UP_OPEN exactly until the horizon of the period's last intake day has passed by the as-of day", () => {
    // 31 Jan 2025 + 15 months = 30 Apr 2026: January is measurable on that day, February (28 Feb → 28 May) is not.
    const months = run("2026-04-30", "MONTH");
    expect(open(months, KEPT)).toEqual(["2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12"]);
    expect(open(run("2026-04-29", "MONTH"), KEPT)).toHaveLength(12);
    expect(open(months, STARTED)).toEqual([]);
    expect(open(run("2026-06-30", "QUARTER"), KEPT)).toEqual(["2025-Q2", "2025-Q3", "2025-Q4"]);
    expect(open(run("2027-03-30", "YEAR"), KEPT)).toEqual(["2025"]);
    expect(open(run("2027-03-31", "YEAR"), KEPT)).toEqual([]);
    // Horizon 0: only a period not yet over.
    expect(open(run("2025-06-15", "MONTH"), STARTED)).toEqual(["2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12"]);
    expect(open(run("2025-06-30", "MONTH"), STARTED)[0]).toBe("2025-07");
  });

  it("has no value when open and the perturbed count when measurable, whatever the counts", () => {
    const measured = run("2026-04-30", "MONTH");
    const plain = computeIndicatorCells({
      definitions: [{ ...STARTED, followUpMonths: undefined }, { ...KEPT, followUpMonths: undefined }],
      events: [...intake, ...kept],
      organisations: ORGANISATIONS,
      range: { from: "2025-01-01", to: "2025-12-31" },
      granularity: "MONTH",
      breakdown: "ORGANISATION",
      threshold: 10,
      recordKeys: RECORD_KEYS,
      asOf: "2026-04-30",
    });
    expect(measured).toHaveLength(plain.length);
    measured.forEach((cell, k) => {
      if (cell.reason === "FOLLOW_UP_OPEN") expect([cell.value, cell.suppressed, cell.numerator, cell.denominator]).toEqual([null, false, null, null]);
      else expect(cell).toEqual(plain[k]);
    });
    // Dates alone decide: the same cells are open with no event at all.
    const empty = run("2026-04-30", "MONTH", false);
    expect(empty.map((c) => c.reason)).toEqual(measured.map((c) => c.reason));
  });

  it("refuses an as-of day that is not a day", () => {
    expect(() => run("2026-02-30", "MONTH")).toThrow();
  });
});
