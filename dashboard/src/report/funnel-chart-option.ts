import type { Cohort, FunnelStep, FunnelStepId } from "./funnel.model.js";

export interface FunnelLabels {
  step(id: FunnelStepId): string;
  /** "123 · 61,5 %": the published count and its share of started. */
  figure(step: FunnelStep): string;
  open: string;
  unavailable: string;
}

/**
 * One cohort's funnel as horizontal bars: a bar per step, as long as its share of started,
 * labelled with the published count. A step not yet measurable (or unavailable) is a dashed, pale
 * bar across the whole width that says so: never a bar of 0.
 */
export function funnelChartOption(cohort: Cohort, labels: FunnelLabels): Record<string, unknown> {
  const categories = cohort.steps.map((step) => labels.step(step.id));
  const measured = cohort.steps.map((step) => (step.state === "measured" && step.share !== null ? { value: step.share * 100, step } : { value: null, step }));
  const missing = cohort.steps.map((step) => (step.state === "measured" ? { value: null, step } : { value: 100, step }));
  return {
    animation: false,
    aria: { enabled: true, decal: { show: false } },
    grid: { left: 8, right: 96, top: 4, bottom: 4, containLabel: true },
    tooltip: {
      trigger: "item",
      formatter: (params: { data: { step: FunnelStep } }) => {
        const step = params.data.step;
        const text = step.state === "measured" ? labels.figure(step) : step.state === "open" ? labels.open : labels.unavailable;
        return `${labels.step(step.id)}: ${text}`;
      },
    },
    // No axis labels for the share: each bar is labelled with its count and share.
    xAxis: { type: "value", min: 0, max: (extent: { max: number }) => Math.max(100, Math.ceil(extent.max / 10) * 10), axisLabel: { show: false }, splitLine: { show: false } },
    yAxis: { type: "category", inverse: true, data: categories, axisTick: { show: false }, axisLabel: { width: 170, overflow: "truncate" } },
    series: [
      {
        name: "missing",
        type: "bar",
        data: missing,
        barWidth: "70%",
        silent: false,
        itemStyle: { color: "#f8fafc", borderColor: "#94a3b8", borderType: "dashed", borderWidth: 1 },
        label: {
          show: true,
          position: "insideLeft",
          color: "#475569",
          fontStyle: "italic",
          formatter: (params: { data: { step: FunnelStep } }) => (params.data.step.state === "open" ? labels.open : labels.unavailable),
        },
      },
      {
        name: "measured",
        type: "bar",
        data: measured,
        barWidth: "70%",
        // The same slot as the "missing" bar: a step has one or the other.
        barGap: "-100%",
        itemStyle: { color: "#1f5fa8" },
        label: { show: true, position: "right", color: "#1e293b", formatter: (params: { data: { step: FunnelStep } }) => labels.figure(params.data.step) },
      },
    ],
  };
}
