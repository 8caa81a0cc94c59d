import type { Cell, Indicator, Report } from "../src/report/report.model.js";

// A small report in the API's shape: one COUNT over three months for the network and two
// organisations, with two cells withheld (as a median of too few values would be: counts never are,
// they are perturbed), and a RATE from perturbed counts with an n/a cell.
const periods = [
  { id: "2025-01", from: "2025-01-01", to: "2025-01-31" },
  { id: "2025-02", from: "2025-02-01", to: "2025-02-28" },
  { id: "2025-03", from: "2025-03-01", to: "2025-03-31" },
];

function cell(indicatorId: string, p: number, group: string, value: number | null, reason: Cell["reason"] = null, extra: Partial<Cell> = {}): Cell {
  const period = periods[p]!;
  const suppressed = reason !== null && reason !== "NOT_APPLICABLE";
  return {
    indicatorId, period: period.id, periodFrom: period.from, periodTo: period.to, group, category: null,
    value: suppressed ? null : value, suppressed, reason, numerator: null, denominator: null, ...extra,
  };
}

export const opened: Indicator = {
  id: "intake.pathways_opened", section: "intake", kind: "COUNT", unit: "COUNT", title: "Pathways opened", categories: [],
  definition: { numerator: "Pathways opened", denominator: null, dateRule: "the day the pathway opened", source: "anti-violence", notes: null },
  cells: [
    cell("intake.pathways_opened", 0, "NETWORK", 40), cell("intake.pathways_opened", 0, "cav-aurora", 25), cell("intake.pathways_opened", 0, "cav-ginestra", 15),
    cell("intake.pathways_opened", 1, "NETWORK", 31), cell("intake.pathways_opened", 1, "cav-aurora", null, "TOO_FEW_VALUES"), cell("intake.pathways_opened", 1, "cav-ginestra", null, "TOO_FEW_VALUES"),
    cell("intake.pathways_opened", 2, "NETWORK", 0), cell("intake.pathways_opened", 2, "cav-aurora", 0), cell("intake.pathways_opened", 2, "cav-ginestra", 0),
  ],
};

export const share: Indicator = {
  id: "intake.needs_analyses_within_30_days_share", section: "intake", kind: "RATE", unit: "PERCENT", title: "Share of needs analyses within 30 days", categories: [],
  definition: { numerator: "analyses within 30 days", denominator: "analyses", dateRule: "the analysis day", source: "anti-violence", notes: "rounded to 0.1" },
  cells: [
    cell("intake.needs_analyses_within_30_days_share", 0, "NETWORK", 62.5, null, { numerator: 25, denominator: 40 }),
    cell("intake.needs_analyses_within_30_days_share", 1, "NETWORK", 9.7, null, { numerator: 3, denominator: 31 }),
    cell("intake.needs_analyses_within_30_days_share", 2, "NETWORK", null, "NOT_APPLICABLE", { numerator: 0, denominator: 0 }),
  ],
};

export const report: Report = {
  from: "2025-01-01", to: "2025-03-31", granularity: "MONTH", breakdown: "ORGANISATION", threshold: 10, periods,
  releaseInfo: { id: "2025-03", version: 1, status: "CURRENT", cutOff: "2025-03-31", publishedAt: "2025-04-05T02:00:00.000Z" },
  intake: [opened, share], plans: [], referrals: null, autonomy: [], rights: [], employment: [], employers: [], training: [], operatorTraining: [],
};
