// The protocol's impact by intake cohort: of the women who started in a period, how many reached
// each step. Every figure is the published (perturbed) count; the share of started is computed
// from two published counts and nothing else. A step whose follow-up window has not closed yet
// (FOLLOW_UP_OPEN) is "not yet measurable", never 0.

/** The report sections that hold the outcomes by intake cohort. */
export const OUTCOME_SECTIONS = ["pathwayOutcomes", "employmentOutcomes", "trainingOutcomes"] as const;
export type OutcomeSection = (typeof OUTCOME_SECTIONS)[number];

export const STARTED = "pathway_outcomes.started";

/** The funnel's steps in the order a woman's pathway reaches them. */
export const FUNNEL_STEPS = [
  STARTED,
  "pathway_outcomes.plan_within_6_months",
  "pathway_outcomes.referred_within_6_months",
  "employment_outcomes.registered_within_12_months",
  "employment_outcomes.placed_within_6_months",
  "employment_outcomes.placed_within_12_months",
  "employment_outcomes.kept_3_months",
  "employment_outcomes.kept_6_months",
  "employment_outcomes.kept_12_months",
  "training_outcomes.enrolled_within_12_months",
  "training_outcomes.completed_within_12_months",
  "pathway_outcomes.economic_improved_within_12_months",
  "pathway_outcomes.housing_improved_within_12_months",
] as const;
export type FunnelStepId = (typeof FUNNEL_STEPS)[number];

/** The few figures the overview opens with. */
export const HEADLINE_STEPS: readonly FunnelStepId[] = [
  STARTED,
  "pathway_outcomes.plan_within_6_months",
  "employment_outcomes.placed_within_12_months",
  "employment_outcomes.kept_12_months",
  "pathway_outcomes.economic_improved_within_12_months",
];

export const FOLLOW_UP_OPEN = "FOLLOW_UP_OPEN";

/** The cohorts the overview opens on: the intake periods from two years back to today's. */
export function overviewRange(today = new Date()): { from: string; to: string } {
  const year = today.getUTCFullYear();
  return { from: `${year - 2}-01-01`, to: today.toISOString().slice(0, 10) };
}

/** The little of the API's shapes this needs (generated types and fixtures fit). */
export interface OutcomeCell {
  period: string;
  group: string;
  category?: string | null;
  value?: number | null;
  reason?: string | null;
}
export interface OutcomeIndicator {
  id: string;
  cells: readonly OutcomeCell[];
}
export type OutcomeReport = { periods: readonly { id: string }[] } & { [section in OutcomeSection]?: readonly OutcomeIndicator[] | null };

/**
 * measured: a published value; open: FOLLOW_UP_OPEN, the window has not closed;
 * unavailable: no cell (section down or refused, step unknown) or another reason.
 */
export type StepState = "measured" | "open" | "unavailable";

export interface FunnelStep {
  id: FunnelStepId;
  state: StepState;
  /** The published count, exactly as the API gave it; null unless measured. */
  value: number | null;
  /** value / the cohort's published started; null when either is missing or started is 0. */
  share: number | null;
  reason: string | null;
}

export interface Cohort {
  /** The intake period ("2025", "2025-Q1"). */
  period: string;
  started: number | null;
  steps: FunnelStep[];
}

export function shareOfStarted(value: number | null, started: number | null): number | null {
  if (value === null || started === null || started === 0) return null;
  return value / started;
}

/** One cohort per report period, each with every step of the funnel, for one row (NETWORK by default). */
export function funnelOf(report: OutcomeReport, group = "NETWORK"): Cohort[] {
  const byStep = new Map<string, Map<string, OutcomeCell>>();
  for (const section of OUTCOME_SECTIONS) {
    for (const indicator of report[section] ?? []) {
      const cells = new Map<string, OutcomeCell>();
      for (const cell of indicator.cells) if (cell.group === group && (cell.category ?? null) === null) cells.set(cell.period, cell);
      byStep.set(indicator.id, cells);
    }
  }
  return report.periods.map(({ id: period }) => {
    const raw = FUNNEL_STEPS.map((id) => {
      const cell = byStep.get(id)?.get(period);
      const value = cell?.value ?? null;
      const reason = cell?.reason ?? null;
      const state: StepState = value !== null ? "measured" : reason === FOLLOW_UP_OPEN ? "open" : "unavailable";
      return { id, state, value, reason };
    });
    const started = raw[0]!.value;
    return { period, started, steps: raw.map((step) => ({ ...step, share: shareOfStarted(step.value, started) })) };
  });
}

export interface Headline {
  step: FunnelStep;
  /** The latest cohort in which the step is measured. */
  cohort: string;
  started: number | null;
}

/** For each headline step, its figure in the latest cohort that has it measured (none when no cohort has). */
export function headlines(cohorts: readonly Cohort[], steps: readonly FunnelStepId[] = HEADLINE_STEPS): Headline[] {
  return steps.flatMap((id) => {
    for (let index = cohorts.length - 1; index >= 0; index -= 1) {
      const cohort = cohorts[index]!;
      const step = cohort.steps.find((candidate) => candidate.id === id)!;
      if (step.state === "measured") return [{ step, cohort: cohort.period, started: cohort.started }];
    }
    return [];
  });
}
