import { describe, expect, it } from "vitest";
import { funnelChartOption } from "../src/report/funnel-chart-option.js";
import { FUNNEL_STEPS, funnelOf, headlines, shareOfStarted, type OutcomeIndicator, type OutcomeReport } from "../src/report/funnel.model.js";

// Three intake years; the 2026 cohort's 12-month steps are still open, 2025's kept-12-months too.
const OPEN = { value: null, reason: "FOLLOW_UP_OPEN" };
function indicator(id: string, byPeriod: Record<string, number | { value: null; reason: string }>): OutcomeIndicator {
  return {
    id,
    cells: Object.entries(byPeriod).flatMap(([period, figure]) => [
      { period, group: "NETWORK", category: null, ...(typeof figure === "number" ? { value: figure, reason: null } : figure) },
      // Another row and a category: never read for the network's funnel.
      { period, group: "cav-aurora", category: null, value: 1, reason: null },
      { period, group: "NETWORK", category: "SOME_CATEGORY", value: 2, reason: null },
    ]),
  };
}
const report: OutcomeReport = {
  periods: [{ id: "2024" }, { id: "2025" }, { id: "2026" }],
  pathwayOutcomes: [
    indicator("pathway_outcomes.started", { 2024: 200, 2025: 180, 2026: 150 }),
    indicator("pathway_outcomes.plan_within_6_months", { 2024: 120, 2025: 100, 2026: 60 }),
    indicator("pathway_outcomes.economic_improved_within_12_months", { 2024: 0, 2025: 31, 2026: OPEN }),
  ],
  employmentOutcomes: [
    indicator("employment_outcomes.placed_within_12_months", { 2024: 40, 2025: 30, 2026: OPEN }),
    indicator("employment_outcomes.kept_12_months", { 2024: 20, 2025: OPEN, 2026: OPEN }),
  ],
  // The training subgraph is down: its section is null.
  trainingOutcomes: null,
};

describe("the funnel by intake cohort", () => {
  const cohorts = funnelOf(report);
  const step = (period: string, id: string) => cohorts.find((cohort) => cohort.period === period)!.steps.find((candidate) => candidate.id === id)!;

  it("has one cohort per period and every step in order, started first", () => {
    expect(cohorts.map((cohort) => [cohort.period, cohort.started])).toEqual([["2024", 200], ["2025", 180], ["2026", 150]]);
    expect(cohorts[0]!.steps.map((s) => s.id)).toEqual([...FUNNEL_STEPS]);
  });

  it("takes the network's published count and its share of started, computed from the two counts", () => {
    expect(step("2024", "pathway_outcomes.plan_within_6_months")).toEqual({ id: "pathway_outcomes.plan_within_6_months", state: "measured", value: 120, share: 0.6, reason: null });
    expect(step("2025", "pathway_outcomes.plan_within_6_months").share).toBeCloseTo(100 / 180, 12);
    expect(step("2024", "employment_outcomes.placed_within_12_months").share).toBe(0.2);
    expect(step("2024", "pathway_outcomes.started").share).toBe(1);
    // A published 0 is a figure, not a gap.
    expect(step("2024", "pathway_outcomes.economic_improved_within_12_months")).toMatchObject({ state: "measured", value: 0, share: 0 });
  });

  it("keeps FOLLOW_UP_OPEN as not yet measurable, never 0, and a missing section as unavailable", () => {
    expect(step("2026", "employment_outcomes.placed_within_12_months")).toEqual({ id: "employment_outcomes.placed_within_12_months", state: "open", value: null, share: null, reason: "FOLLOW_UP_OPEN" });
    expect(step("2025", "employment_outcomes.kept_12_months").state).toBe("open");
    expect(step("2025", "training_outcomes.enrolled_within_12_months")).toMatchObject({ state: "unavailable", value: null, share: null, reason: null });
    expect(step("2025", "employment_outcomes.kept_6_months").state).toBe("unavailable");
  });

  it("reads another row when asked", () => {
    expect(funnelOf(report, "cav-aurora")[0]!.started).toBe(1);
  });

  it("has no share of a cohort of 0 or of an unknown started", () => {
    expect(shareOfStarted(3, 0)).toBeNull();
    expect(shareOfStarted(3, null)).toBeNull();
    expect(shareOfStarted(null, 10)).toBeNull();
    // Perturbed counts may put a step above started in a tiny cohort: shown as computed, not capped.
    expect(shareOfStarted(7, 5)).toBe(1.4);
  });

  it("opens with each headline step in the latest cohort that has it measured", () => {
    expect(headlines(cohorts).map((headline) => [headline.step.id, headline.cohort, headline.step.value, headline.started])).toEqual([
      ["pathway_outcomes.started", "2026", 150, 150],
      ["pathway_outcomes.plan_within_6_months", "2026", 60, 150],
      ["employment_outcomes.placed_within_12_months", "2025", 30, 180],
      ["employment_outcomes.kept_12_months", "2024", 20, 200],
      ["pathway_outcomes.economic_improved_within_12_months", "2025", 31, 180],
    ]);
    expect(headlines(cohorts, ["training_outcomes.completed_within_12_months"])).toEqual([]);
  });
});

describe("the funnel chart", () => {
  const cohort = funnelOf(report).find((candidate) => candidate.period === "2026")!;
  const option = funnelChartOption(cohort, {
    step: (id) => id,
    figure: (step) => `${step.value} · ${step.share}`,
    open: "not yet measurable",
    unavailable: "unavailable",
  }) as { yAxis: { data: string[] }; series: { name: string; data: { value: number | null; step: { id: string } }[]; label: { formatter(params: unknown): string } }[] };
  const [missing, measured] = option.series;
  const at = (id: string) => FUNNEL_STEPS.indexOf(id as (typeof FUNNEL_STEPS)[number]);

  it("draws a measured step as a bar of its share of started, labelled with the published count", () => {
    expect(option.yAxis.data).toEqual([...FUNNEL_STEPS]);
    expect(measured!.data[at("pathway_outcomes.started")]!.value).toBe(100);
    expect(measured!.data[at("pathway_outcomes.plan_within_6_months")]!.value).toBe(40); // 60 of 150
    expect(measured!.label.formatter({ data: measured!.data[at("pathway_outcomes.plan_within_6_months")] })).toBe("60 · 0.4");
  });

  it("draws an open step as a pale full-width bar that says so, and no measured bar: never a 0", () => {
    const open = at("employment_outcomes.placed_within_12_months");
    expect(measured!.data[open]!.value).toBeNull();
    expect(missing!.data[open]!.value).toBe(100);
    expect(missing!.label.formatter({ data: missing!.data[open] })).toBe("not yet measurable");
    const down = at("training_outcomes.enrolled_within_12_months");
    expect(missing!.label.formatter({ data: missing!.data[down] })).toBe("unavailable");
    // Measured steps have no "missing" bar.
    expect(missing!.data[at("pathway_outcomes.started")]!.value).toBeNull();
  });
});
