import { describe, expect, it } from "vitest";
import { alignRange, MAX_REPORT_YEARS, periodOf, periodsIn, yearsTouched } from "./periods.js";

describe("alignRange", () => {
  it("widens to whole months, quarters and years", () => {
    expect(alignRange("2024-02-10", "2024-02-11", "MONTH")).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    expect(alignRange("2025-02-10", "2025-02-11", "MONTH")).toEqual({ from: "2025-02-01", to: "2025-02-28" });
    expect(alignRange("2025-05-31", "2025-08-01", "QUARTER")).toEqual({ from: "2025-04-01", to: "2025-09-30" });
    expect(alignRange("2025-12-31", "2026-01-01", "YEAR")).toEqual({ from: "2025-01-01", to: "2026-12-31" });
  });

  it("refuses a reversed range and days that are not calendar days", () => {
    expect(() => alignRange("2025-03-02", "2025-03-01", "MONTH")).toThrow(RangeError);
    expect(() => alignRange("2025-02-30", "2025-03-01", "MONTH")).toThrow(RangeError);
    expect(() => alignRange("2025-01-01", "2025-13-01", "YEAR")).toThrow(RangeError);
    expect(() => alignRange("2025-1-01", "2025-03-01", "MONTH")).toThrow(RangeError);
  });

  it(`refuses a range touching more than ${MAX_REPORT_YEARS} calendar years, by the aligned range`, () => {
    expect(alignRange("2021-01-01", "2025-12-31", "MONTH")).toEqual({ from: "2021-01-01", to: "2025-12-31" });
    expect(() => alignRange("2020-12-31", "2025-01-01", "MONTH")).toThrow(RangeError);
    expect(() => alignRange("2021-01-01", "2026-01-01", "YEAR")).toThrow(RangeError);
  });
});

describe("periodsIn", () => {
  it("lists months, quarters and years with their ids and bounds", () => {
    expect(periodsIn("2024-12-15", "2025-02-01", "MONTH")).toEqual([
      { id: "2024-12", from: "2024-12-01", to: "2024-12-31" },
      { id: "2025-01", from: "2025-01-01", to: "2025-01-31" },
      { id: "2025-02", from: "2025-02-01", to: "2025-02-28" },
    ]);
    expect(periodsIn("2024-11-15", "2025-04-01", "QUARTER").map((p) => p.id)).toEqual(["2024-Q4", "2025-Q1", "2025-Q2"]);
    expect(periodsIn("2025-05-10", "2025-05-10", "QUARTER")).toEqual([{ id: "2025-Q2", from: "2025-04-01", to: "2025-06-30" }]);
    expect(periodsIn("2024-06-01", "2026-01-01", "YEAR").map((p) => p.id)).toEqual(["2024", "2025", "2026"]);
    expect(periodsIn("2023-01-01", "2025-12-31", "MONTH")).toHaveLength(36);
  });
});

describe("periodOf and yearsTouched", () => {
  it("places a day in its period", () => {
    expect(periodOf("2025-03-31", "QUARTER")).toEqual({ id: "2025-Q1", from: "2025-01-01", to: "2025-03-31" });
    expect(periodOf("2025-10-01", "QUARTER").id).toBe("2025-Q4");
    expect(periodOf("2025-10-01", "YEAR")).toEqual({ id: "2025", from: "2025-01-01", to: "2025-12-31" });
    expect(periodOf("2025-09-30", "MONTH")).toEqual({ id: "2025-09", from: "2025-09-01", to: "2025-09-30" });
  });

  it("lists the calendar years a range touches", () => {
    expect(yearsTouched("2024-12-31", "2026-01-01")).toEqual([2024, 2025, 2026]);
    expect(yearsTouched("2025-01-01", "2025-01-01")).toEqual([2025]);
    expect(() => yearsTouched("2026-01-01", "2025-01-01")).toThrow(RangeError);
  });
});
