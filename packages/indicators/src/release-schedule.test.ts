import { describe, expect, it } from "vitest";
import { cutOffOf, lastClosedMonth, planRelease, type ReleaseRecord } from "./release-schedule.js";

const published = (seq: number, id: string, version = 1): ReleaseRecord => ({ seq, id, version, status: "PUBLISHED", cutOff: cutOffOf(id) });

describe("the release schedule", () => {
  it("names months and their last days on the calendar", () => {
    expect(cutOffOf("2024-02")).toBe("2024-02-29");
    expect(cutOffOf("2026-11")).toBe("2026-11-30");
    expect(lastClosedMonth("2026-12-06")).toBe("2026-11");
    expect(lastClosedMonth("2027-01-01")).toBe("2026-12");
  });

  it("computes a network's whole coverage at its first release, each year in its first epoch", () => {
    expect(planRelease([], "2026-12-06", "k")).toEqual({
      seq: 1,
      id: "2026-11",
      version: 1,
      cutOff: "2026-11-30",
      asOf: "2026-11-30",
      years: [2023, 2024, 2025, 2026].map((year) => ({ year, epoch: `k:${year}.1` })),
    });
  });

  it("then, each month, the years whose follow-ups are still open; nothing twice", () => {
    const plan = planRelease([published(1, "2026-11")], "2027-01-02", "k");
    expect(plan).toMatchObject({ seq: 2, id: "2026-12", cutOff: "2026-12-31" });
    expect(plan!.years.map((y) => y.year)).toEqual([2024, 2025, 2026]);
    expect(planRelease([published(1, "2026-11"), published(2, "2026-12")], "2027-01-31", "k")).toBeNull();
  });

  it("revises a year once, three months after it closes, in a new epoch, measuring follow-ups at the last closed month", () => {
    const before = [published(1, "2026-12"), published(2, "2027-01"), published(3, "2027-02")];
    expect(planRelease(before, "2027-03-31", "k")).toBeNull();
    expect(planRelease(before, "2027-04-01", "k")).toMatchObject({ id: "2027-03" });
    const withApril = [...before, published(4, "2027-03")];
    expect(planRelease(withApril, "2027-04-01", "k")).toEqual({ seq: 5, id: "2026-12", version: 2, cutOff: "2026-12-31", asOf: "2027-03-31", years: [{ year: 2026, epoch: "k:2026.2" }] });
    const revised = [...withApril, published(5, "2026-12", 2)];
    expect(planRelease(revised, "2027-04-02", "k")).toBeNull();
    // Later releases compute 2026 in its revised epoch.
    expect(planRelease(revised, "2027-05-01", "k")!.years).toContainEqual({ year: 2026, epoch: "k:2026.2" });
  });

  it("retries an unfinished draft as it was planned, before anything else", () => {
    const draft: ReleaseRecord = { seq: 2, id: "2026-12", version: 1, status: "DRAFT", cutOff: "2026-12-31" };
    expect(planRelease([published(1, "2026-11"), draft], "2027-02-03", "k")).toMatchObject({ seq: 2, id: "2026-12", version: 1, asOf: "2026-12-31" });
  });
});
