import { describe, expect, it } from "vitest";
import { chartOption, seriesData } from "../src/report/chart-option.js";
import { CSV_COLUMNS, cellsToCsv, parseCsv } from "../src/report/csv.js";
import { shownCells, tableOf } from "../src/report/report.model.js";
import { cellText, reasonText } from "../src/report/format.js";
import { makeI18n } from "../src/i18n/i18n.js";
import { opened, report, share } from "./fixture.js";

const labels = {
  group: (group: string) => group,
  period: (period: string) => period,
  value: (value: number) => String(value),
  suppressedLegend: "suppressed",
  suppressedTooltip: (group: string) => `${group}: suppressed`,
  notApplicable: "n/a",
};

describe("the table", () => {
  it("is period × group, in the API's order, for the chosen category", () => {
    const table = tableOf(report, opened, null);
    expect(table.groups).toEqual(["NETWORK", "cav-aurora", "cav-ginestra"]);
    expect(table.rows.map((row) => row.period.id)).toEqual(["2025-01", "2025-02", "2025-03"]);
    expect(table.rows[1]!.cells.map((cell) => cell?.suppressed)).toEqual([false, true, true]);
    expect(tableOf(report, opened, "some-category").groups).toEqual([]);
  });

  it("shows a withheld cell as 'non mostrata', never as a small count, with the reason on hover", () => {
    const it_ = makeI18n("it", () => undefined);
    const [aurora, ginestra] = tableOf(report, opened, null).rows[1]!.cells.slice(1);
    expect(cellText(it_, opened, ginestra, 10)).toBe("non mostrata");
    expect(cellText(it_, opened, aurora, 10)).toBe("non mostrata");
    expect(reasonText(it_, ginestra, 10)).toContain("meno di 10");
    expect(cellText(makeI18n("en", () => undefined), opened, aurora, 10)).toBe("withheld");
    // Zero is a figure, not a suppression; a rate with an empty denominator is n/a.
    expect(cellText(it_, opened, tableOf(report, opened, null).rows[2]!.cells[0], 10)).toBe("0");
    expect(cellText(it_, share, tableOf(report, share, null).rows[2]!.cells[0], 10)).toBe("n.d.");
  });
});

describe("the CSV", () => {
  it("has exactly the shown cells, a suppressed one with an empty value and suppressed=true", () => {
    const cells = shownCells(tableOf(report, opened, null));
    const rows = parseCsv(cellsToCsv(cells));
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(9);
    expect(rows.map((row) => `${row.period}/${row.group}`)).toEqual(cells.map((cell) => `${cell.period}/${cell.group}`));
    const ginestra = rows.find((row) => row.period === "2025-02" && row.group === "cav-ginestra")!;
    expect(ginestra).toMatchObject({ value: "", suppressed: "true", reason: "TOO_FEW_VALUES" });
    const zero = rows.find((row) => row.period === "2025-03" && row.group === "NETWORK")!;
    expect(zero).toMatchObject({ value: "0", suppressed: "false", reason: "" });
  });

  it("keeps a rate's numerator and denominator, empty exactly where the API gave none", () => {
    const rows = parseCsv(cellsToCsv(shownCells(tableOf(report, share, null))));
    expect(rows.map((row) => [row.value, row.numerator, row.denominator, row.suppressed])).toEqual([
      ["62.5", "25", "40", "false"],
      ["9.7", "3", "31", "false"],
      ["", "0", "0", "false"],
    ]);
  });

  it("quotes what needs quoting and reads back the same", () => {
    const cell = { ...opened.cells[0]!, category: 'a, "quoted"\nline' };
    expect(parseCsv(cellsToCsv([cell]))[0]!.category).toBe('a, "quoted"\nline');
  });
});

describe("the chart", () => {
  it("draws a suppressed cell as a gap plus a marker in the 'suppressed' legend, never as 0", () => {
    const table = tableOf(report, opened, null);
    expect(seriesData(table).map((points) => points.map((point) => point.value))).toEqual([[40, 31, 0], [25, null, 0], [15, null, 0]]);
    const option = chartOption(table, labels) as { series: { name: string; type: string; data: unknown[] }[]; legend: { data: string[] } };
    expect(option.series.map((series) => series.type)).toEqual(["bar", "bar", "bar", "scatter"]);
    const markers = option.series[3]!;
    expect(markers.name).toBe("suppressed");
    expect((markers.data as { value: number[] }[]).map((marker) => marker.value[0])).toEqual([1, 1]);
    expect(option.legend.data).toContain("suppressed");
  });

  it("has no suppressed legend entry when nothing is suppressed, and draws rates as lines", () => {
    const table = tableOf({ ...report, periods: report.periods.slice(0, 1) }, opened, null);
    const option = chartOption(table, labels) as { series: { type: string }[]; legend: { data: string[] } };
    expect(option.series.map((series) => series.type)).toEqual(["bar", "bar", "bar"]);
    expect(option.legend.data).not.toContain("suppressed");
    expect((chartOption(tableOf(report, share, null), labels) as { series: { type: string }[] }).series[0]!.type).toBe("line");
  });
});
