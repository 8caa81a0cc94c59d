import type { OrganisationType } from "@percorsi/schema";

// The network's indicators: what a subgraph declares (definitions), what it reads from its own
// store (events), and the aggregate cells that are all that ever leaves it.

export const GRANULARITIES = ["MONTH", "QUARTER", "YEAR"] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** NETWORK: one row; ORGANISATION: a row per organisation of the contributing subgraph; ORGANISATION_TYPE: per type. */
export const BREAKDOWNS = ["NETWORK", "ORGANISATION", "ORGANISATION_TYPE"] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export const INDICATOR_KINDS = ["COUNT", "RATE", "MEDIAN"] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

export const INDICATOR_UNITS = ["COUNT", "PERCENT", "DAYS"] as const;
export type IndicatorUnit = (typeof INDICATOR_UNITS)[number];

/**
 * Why a cell has no value: a median of too few events (by its published count), nothing to
 * compute (a rate over zero, a median of no event), or an outcome whose follow-up horizon has
 * not closed by the report's "as of" day (decided by dates alone, never by counts). Counts
 * always have a value otherwise (perturbed): no code tells a small count from any other.
 */
export const CELL_REASONS = ["TOO_FEW_VALUES", "NOT_APPLICABLE", "FOLLOW_UP_OPEN"] as const;
export type CellReason = (typeof CELL_REASONS)[number];

/** The group label of the whole network's row. */
export const NETWORK_GROUP = "NETWORK";

export interface IndicatorDefinition {
  /** `<section>.<snake_name>`, stable: dashboards and CSV files key on it. */
  id: string;
  /** The `IndicatorReport` field it is listed under. */
  section: string;
  kind: IndicatorKind;
  /** COUNT → COUNT, RATE → PERCENT, MEDIAN → DAYS. */
  unit: IndicatorUnit;
  title: string;
  /** What is counted (COUNT, RATE) or measured (MEDIAN), in words. */
  numerator: string;
  /** RATE only, in words. */
  denominator?: string;
  /** Which date places an event in a period, in words. */
  dateRule: string;
  /** The subgraph that computes it. */
  source: string;
  notes?: string;
  /** A COUNT broken down by a category (reason, area, organisation type...): one cell per category, plus the total. */
  categories?: readonly string[];
  /**
   * RATE: ids of two COUNT indicators; the numerator's events are a subset of the denominator's,
   * with the same date and organisation. Or a denominator that is a directory figure of the
   * group's organisations (e.g. `operators`), the same in every period and never suppressed.
   */
  rate?: { numerator: string; denominator: string } | { numerator: string; denominatorFromOrganisation: "operators" };
  /** MEDIAN: the COUNT indicator whose events are the same events; the median's own events carry the values. */
  median?: { countOf: string };
  /** A COUNT used only as a rate's input: computed and protected, never listed itself. */
  hidden?: boolean;
  /**
   * A COUNT of the protocol's own activities that involves no woman (employers reached, operators
   * trained): published exactly, its events name no pathway. Every other count is perturbed.
   */
  involvesNoWoman?: boolean;
  /**
   * An outcome by intake cohort (a COUNT dated by her intake day): how many calendar months after
   * intake a step may happen and still count. A period's cell is FOLLOW_UP_OPEN (no value) until
   * the horizon of the period's last intake day has passed by the report's "as of" day.
   */
  followUpMonths?: number;
}

export interface IndicatorEvent {
  /** A COUNT or MEDIAN definition id. */
  indicator: string;
  /** ISO day given by the definition's date rule. */
  on: string;
  /** One of the section's organisations. */
  organisationId: string;
  /** For COUNTs with categories. */
  category?: string;
  /** MEDIAN: the measured value (days). */
  value?: number;
  /** The pathway (woman) the record is about: its cell key comes from her record key. Absent only for counts that involve no woman. */
  pathwayId?: string;
}

/** An organisation of the network's directory, as a report needs it (no personal data). */
export interface ReportOrganisation {
  id: string;
  type: OrganisationType;
  /** How many operators it has (the share of a job centre's staff trained is computed on it). */
  operators?: number | null;
}

/** One cell of a report: an aggregate (counts perturbed), or no value with its reason. */
export interface IndicatorCellValue {
  indicatorId: string;
  /** "2025" | "2025-Q1" | "2025-01". */
  period: string;
  periodFrom: string;
  periodTo: string;
  /** NETWORK, an organisation id or an organisation type. */
  group: string;
  category: string | null;
  /** Null when not applicable or a median of too few values; rates are percentages rounded to 0.1, medians to 0.5. */
  value: number | null;
  /** True only for a median withheld for too few values. */
  suppressed: boolean;
  /** Null when shown. */
  reason: CellReason | null;
  /** Rates only: the published (perturbed) counts the rate is computed from. */
  numerator: number | null;
  denominator: number | null;
}

/**
 * Who counts, signed by the consent authority for one request: the pathways whose woman agreed to
 * count (pseudonymous ids with only the attributes other subgraphs' joins need) and the directory.
 */
export interface ReportingCohort {
  organisations: ReportOrganisation[];
  pathways: CohortPathway[];
  /** The consent authority's threshold: no subgraph shows a count below it, whatever its own says. */
  threshold: number;
}

/**
 * What a subgraph may be given about a woman beside her pseudonymous id and record key, each only
 * if its sections declare they read it (and the network's manifest grants it): the day her
 * pathway opened (outcomes by intake), the day her plan was signed, her referrals to the
 * subgraph's organisations (day sent).
 */
export const COHORT_ATTRIBUTES = ["openedOn", "planSignedOn", "referralsSentOn"] as const;
export type CohortAttribute = (typeof COHORT_ATTRIBUTES)[number];

export interface CohortPathway {
  id: string;
  /**
   * Her secret record key (a 32-bit integer), derived by the consent authority: every subgraph
   * perturbs the cells of her records with it, so the same women get the same noise everywhere.
   */
  recordKey: number;
  /** `openedOn`: the day her pathway opened (her intake). */
  openedOn?: string;
  /** `planSignedOn`: for "within 6/12 months of the plan". */
  planSignedOn?: string | null;
  /** `referralsSentOn`: her referrals to the subgraph's organisations. */
  referrals?: { to: string; sentOn: string }[];
}

/**
 * What a section's events are read for. `Db` is the store a section reads (the kit binds it to its
 * `Queryable`): this package computes on events, it never reads a store itself.
 */
export interface SectionInput<Db = unknown> {
  db: Db;
  cohort: ReportingCohort;
  /** The calendar years the report touches: events dated in them only. */
  years: readonly number[];
  /** The section's own organisations (those of its organisation types in the directory). */
  organisations: readonly ReportOrganisation[];
  /** The request's loaders: a subgraph over an existing system (a REST source) reads through them. */
  loaders?: unknown;
}

/** One field of `IndicatorReport`: a subgraph's indicators on one theme, read from its own store. */
export interface IndicatorSection<Db = unknown> {
  /** The `IndicatorReport` field: "employment". */
  name: string;
  description: string;
  /** Whose rows it has: its organisations are the directory's organisations of these types. */
  organisationTypes: readonly OrganisationType[];
  definitions: readonly IndicatorDefinition[];
  /**
   * What its events read of the cohort beyond ids and record keys. The consent authority sends a
   * subgraph only what its manifest entry grants (`indicator_cohort` in schema/supergraph.yaml),
   * and a release refuses a section that reads more than it was given.
   */
  cohortAttributes?: readonly CohortAttribute[];
  /** Its events, in a constant number of SQL statements (the cohort's ids as one array parameter). */
  events(input: SectionInput<Db>): Promise<IndicatorEvent[]>;
}
