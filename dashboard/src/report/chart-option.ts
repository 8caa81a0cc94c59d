import type { IndicatorTable } from "./report.model.js";

/** Colours per group (ECharts' defaults are too pale against the hatched markers). */
export const PALETTE = ["#1f5fa8", "#c2410c", "#15803d", "#7e22ce", "#a16207", "#0e7490", "#be123c", "#4d7c0f", "#334155", "#a21caf"];

export interface ChartLabels {
  group(group: string): string;
  period(periodId: string): string;
  value(value: number): string;
  suppressedLegend: string;
  suppressedTooltip(group: string, reason: string | null): string;
  notApplicable: string;
}

export interface SeriesPoint { value: number | null; suppressed: boolean }

/** One data row per group: the shown value, or a gap (null) where the cell is suppressed or n/a. */
export function seriesData(table: IndicatorTable): SeriesPoint[][] {
  return table.groups.map((_, g) =>
    table.rows.map((row) => {
      const cell = row.cells[g];
      return { value: cell && !cell.suppressed ? cell.value ?? null : null, suppressed: cell?.suppressed ?? false };
    }),
  );
}

/**
 * An ECharts option: over time (x: the report's periods), one series per group; a COUNT as
 * bars, a rate or a median as a line. A suppressed cell is a gap in its series plus a hollow
 * triangle on the axis, in the group's colour, under the "suppressed" legend entry: never a 0.
 */
export function chartOption(table: IndicatorTable, labels: ChartLabels): Record<string, unknown> {
  const kind = table.indicator.kind;
  const data = seriesData(table);
  const periods = table.rows.map((row) => labels.period(row.period.id));
  const groups = table.groups.map((group) => labels.group(group));
  const series: Record<string, unknown>[] = groups.map((name, g) => ({
    name,
    type: kind === "COUNT" ? "bar" : "line",
    data: data[g]!.map((point) => point.value),
    connectNulls: false,
    showSymbol: true,
    itemStyle: { color: PALETTE[g % PALETTE.length] },
    barMaxWidth: 28,
  }));
  const markers: Record<string, unknown>[] = [];
  const count = table.groups.length;
  data.forEach((points, g) =>
    points.forEach((point, p) => {
      if (!point.suppressed) return;
      const cell = table.rows[p]!.cells[g]!;
      markers.push({
        value: [p, 0],
        // Side by side when several groups are suppressed in the same period.
        symbolOffset: [(g - (count - 1) / 2) * 12, -8],
        itemStyle: { color: "#ffffff", borderColor: PALETTE[g % PALETTE.length], borderWidth: 2 },
        tooltipText: labels.suppressedTooltip(groups[g]!, cell.reason ?? null),
      });
    }),
  );
  if (markers.length > 0) {
    series.push({
      name: labels.suppressedLegend,
      type: "scatter",
      symbol: "triangle",
      symbolSize: 12,
      data: markers,
      itemStyle: { color: "#ffffff", borderColor: "#475569", borderWidth: 2 },
      tooltip: { formatter: (params: { data: { tooltipText: string } }) => params.data.tooltipText },
      z: 5,
    });
  }
  return {
    animation: false,
    aria: { enabled: true, decal: { show: false } },
    grid: { left: 48, right: 16, top: 36, bottom: 56 },
    // The suppressed entry first, so a scrolling legend always shows it.
    legend: { type: "scroll", bottom: 0, data: [...(markers.length > 0 ? [labels.suppressedLegend] : []), ...groups] },
    tooltip: { trigger: "item", valueFormatter: (value: number | null) => (value === null ? labels.notApplicable : labels.value(value)) },
    xAxis: { type: "category", data: periods, axisLabel: { hideOverlap: true } },
    yAxis: { type: "value", min: 0, axisLabel: { formatter: (value: number) => labels.value(value) } },
    series,
  };
}
