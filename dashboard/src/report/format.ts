import type { I18n } from "../i18n/i18n.js";
import { MESSAGES, type MessageKey } from "../i18n/messages.js";
import type { Cell, Indicator } from "./report.model.js";

export interface Directory { [organisationId: string]: { name: string; type: string } }

export function periodLabel(i18n: I18n, periodId: string): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(periodId);
  if (quarter) return i18n.language === "it" ? `T${quarter[2]} ${quarter[1]}` : `Q${quarter[2]} ${quarter[1]}`;
  const month = /^(\d{4})-(\d{2})$/.exec(periodId);
  if (month) {
    const date = new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1));
    return new Intl.DateTimeFormat(i18n.locale, { month: "short", year: "numeric", timeZone: "UTC" }).format(date);
  }
  return periodId;
}

export function groupLabel(i18n: I18n, directory: Directory, group: string): string {
  if (group === "NETWORK") return i18n.t("group.NETWORK");
  const typeKey = `orgType.${group}`;
  if (typeKey in MESSAGES.it) return i18n.t(typeKey as MessageKey);
  return directory[group]?.name ?? group;
}

export function valueLabel(i18n: I18n, unit: Indicator["unit"], value: number): string {
  const number = new Intl.NumberFormat(i18n.locale, { maximumFractionDigits: 1 }).format(value);
  if (unit === "PERCENT") return `${number} %`;
  if (unit === "DAYS") return i18n.t("value.days", { value: number });
  return number;
}

/** What a table cell says: the value (counts are perturbed, never withheld), "non mostrata" (a median of too few), or "n.d.". */
export function cellText(i18n: I18n, indicator: Indicator, cell: Cell | undefined, threshold: number): string {
  if (!cell) return i18n.t("cell.missing");
  void threshold;
  if (cell.suppressed) return i18n.t("cell.suppressed");
  if (cell.value === null || cell.value === undefined) return i18n.t("cell.notApplicable");
  return valueLabel(i18n, indicator.unit, cell.value);
}

/** Why a cell has no value (a median of too few, or not applicable), for the hover text; empty when shown. */
export function reasonText(i18n: I18n, cell: Pick<Cell, "reason"> | undefined, threshold: number): string {
  if (!cell?.reason) return "";
  return i18n.t(`reason.${cell.reason}` as MessageKey, { threshold: cell.reason === "TOO_FEW_VALUES" ? Math.max(10, threshold) : threshold });
}

