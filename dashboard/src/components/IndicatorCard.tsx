import { useMemo, useState } from "react";
import { useI18n } from "../i18n/i18n.js";
import { chartOption } from "../report/chart-option.js";
import { cellsToCsv, csvFileName } from "../report/csv.js";
import { groupLabel, periodLabel, reasonText, valueLabel, type Directory } from "../report/format.js";
import { shownCells, tableOf, type Indicator, type Report } from "../report/report.model.js";
import { EChart } from "./EChart.js";
import { IndicatorTable } from "./IndicatorTable.js";

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function IndicatorCard({ report, indicator, directory }: { report: Report; indicator: Indicator; directory: Directory }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [category, setCategory] = useState<string | null>(null);
  const [view, setView] = useState<"chart" | "table">("chart");
  const [showDefinition, setShowDefinition] = useState(false);
  const title = i18n.indicatorTitle(indicator.id, indicator.title);
  const table = useMemo(() => tableOf(report, indicator, category), [report, indicator, category]);
  const option = useMemo(
    () =>
      chartOption(table, {
        group: (group) => groupLabel(i18n, directory, group),
        period: (period) => periodLabel(i18n, period),
        value: (value) => valueLabel(i18n, indicator.unit, value),
        // Neutral: a marker stands for a small count or for a cell hidden to protect another (its tooltip says which).
        suppressedLegend: t("chart.suppressedLegend"),
        suppressedTooltip: (group, reason) => t("chart.suppressedTooltip", { group, reason: reason ? reasonText(i18n, { reason: reason as Indicator["cells"][number]["reason"] }, report.threshold) : "" }),
        notApplicable: t("cell.notApplicable"),
      }),
    [table, i18n, directory, indicator.unit, report.threshold, t],
  );
  const definitionId = `definition-${indicator.id.replace(/\W/g, "-")}`;
  const hasCells = table.groups.length > 0;

  return (
    <article className="indicator" data-indicator={indicator.id} aria-labelledby={`${definitionId}-title`}>
      <header className="indicator-header">
        <h3 id={`${definitionId}-title`}>{title}</h3>
        <span className="unit">{t(`kind.${indicator.kind}`)}{indicator.unit === "COUNT" ? "" : ` · ${t(`unit.${indicator.unit}`)}`}</span>
        <div className="indicator-actions">
          {indicator.categories.length > 0 && (
            <label>
              {t("indicator.category")}{" "}
              <select className="category-select" value={category ?? ""} onChange={(event) => setCategory(event.target.value || null)}>
                <option value="">{t("indicator.total")}</option>
                {indicator.categories.map((name) => (
                  <option key={name} value={name}>{i18n.categoryLabel(indicator.id, name)}</option>
                ))}
              </select>
            </label>
          )}
          <button type="button" className="toggle-definition" aria-expanded={showDefinition} aria-controls={definitionId} onClick={() => setShowDefinition(!showDefinition)}>
            {showDefinition ? t("indicator.hideDefinition") : t("indicator.definition")}
          </button>
          <button type="button" className="toggle-view" onClick={() => setView(view === "chart" ? "table" : "chart")}>
            {view === "chart" ? t("indicator.table") : t("indicator.chart")}
          </button>
          <button
            type="button"
            className="download-csv"
            disabled={!hasCells}
            onClick={() => download(csvFileName(indicator.id, report.from, report.to, category), cellsToCsv(shownCells(table)))}
          >
            {t("indicator.csv")}
          </button>
        </div>
      </header>
      {showDefinition && (
        <dl className="definition" id={definitionId}>
          <dt>{t("definition.kind")}</dt><dd>{t(`kind.${indicator.kind}`)}</dd>
          <dt>{t("definition.numerator")}</dt><dd>{indicator.definition.numerator}</dd>
          {indicator.definition.denominator && (<><dt>{t("definition.denominator")}</dt><dd>{indicator.definition.denominator}</dd></>)}
          <dt>{t("definition.dateRule")}</dt><dd>{indicator.definition.dateRule}</dd>
          <dt>{t("definition.source")}</dt><dd>{indicator.definition.source}</dd>
          {indicator.definition.notes && (<><dt>{t("definition.notes")}</dt><dd>{indicator.definition.notes}</dd></>)}
        </dl>
      )}
      {!hasCells ? (
        <p className="no-cells">{t("indicator.noCells")}</p>
      ) : view === "chart" ? (
        <EChart option={option} label={title} />
      ) : (
        <IndicatorTable table={table} title={title} threshold={report.threshold} directory={directory} />
      )}
    </article>
  );
}
