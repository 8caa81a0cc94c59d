import { useI18n } from "../i18n/i18n.js";
import { cellText, groupLabel, periodLabel, reasonText, type Directory } from "../report/format.js";
import type { IndicatorTable as Table } from "../report/report.model.js";

/** Period × group. Each cell carries its raw figures as data attributes, for tools and tests. */
export function IndicatorTable({ table, title, threshold, directory }: { table: Table; title: string; threshold: number; directory: Directory }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <div className="table-wrap">
      <table className="indicator-table" data-indicator={table.indicator.id}>
        <caption>{t("table.caption", { title })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("table.period")}</th>
            {table.groups.map((group) => (
              <th scope="col" key={group} data-group={group}>{groupLabel(i18n, directory, group)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={row.period.id}>
              <th scope="row">{periodLabel(i18n, row.period.id)}</th>
              {row.cells.map((cell, index) => {
                const reason = reasonText(i18n, cell, threshold);
                return (
                  <td
                    key={table.groups[index]}
                    className={cell?.suppressed ? "cell suppressed" : cell && cell.value == null ? "cell not-applicable" : "cell"}
                    title={reason || undefined}
                    data-period={row.period.id}
                    data-group={table.groups[index]}
                    data-value={cell && !cell.suppressed && cell.value != null ? String(cell.value) : ""}
                    data-suppressed={cell ? String(cell.suppressed) : undefined}
                    data-reason={cell?.reason ?? ""}
                  >
                    {cellText(i18n, table.indicator, cell, threshold)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
