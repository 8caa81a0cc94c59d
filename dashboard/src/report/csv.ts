import type { Cell } from "./report.model.js";

export const CSV_COLUMNS = [
  "indicator_id", "period", "period_from", "period_to", "group", "category",
  "value", "suppressed", "reason", "numerator", "denominator",
] as const;

function field(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The cells as CSV, exactly as the API gave them: a suppressed cell has an empty value and
 * suppressed=true with its reason, never a 0; a rate's numerator and denominator are empty
 * exactly when their own count is suppressed.
 */
export function cellsToCsv(cells: readonly Cell[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const cell of cells) {
    lines.push(
      [
        cell.indicatorId, cell.period, cell.periodFrom, cell.periodTo, cell.group, cell.category,
        cell.suppressed ? null : cell.value, cell.suppressed, cell.reason, cell.numerator, cell.denominator,
      ].map(field).join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** RFC 4180 parsing, for tests and tools reading the export back. */
export function parseCsv(text: string): Record<string, string>[] {
  const records: string[][] = [];
  let record: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') { current += '"'; i += 1; }
      else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") { record.push(current); current = ""; }
    else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i += 1;
      record.push(current); records.push(record); record = []; current = "";
    } else current += char;
  }
  if (current !== "" || record.length > 0) { record.push(current); records.push(record); }
  const [header, ...rows] = records;
  if (!header) return [];
  return rows.map((row) => Object.fromEntries(header.map((name, index) => [name, row[index] ?? ""])));
}

export function csvFileName(indicatorId: string, from: string, to: string, category: string | null): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, "_");
  return `${safe(indicatorId)}${category ? `_${safe(category)}` : ""}_${from}_${to}.csv`;
}
