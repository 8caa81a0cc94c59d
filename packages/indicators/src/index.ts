/**
 * `@percorsi/indicators`: the network's indicators as statistics, with no server, store or key in
 * it. What a section declares, the periods a report reads, the cell tables of a section's events,
 * cell-key perturbation and what a cell may show, the release schedule. The kit
 * (`@percorsi/kit`) reads the events, signs and stores releases and answers `IndicatorReport`
 * with it; a subgraph author gets the section types from `@percorsi/kit/author`. See README.md.
 */

// --- What a section declares and what a report holds
export {
  /** The report granularities: MONTH, QUARTER, YEAR. */
  GRANULARITIES,
  type Granularity,
  /** The report breakdowns: NETWORK, ORGANISATION, ORGANISATION_TYPE. */
  BREAKDOWNS,
  type Breakdown,
  /** COUNT, RATE, MEDIAN. */
  INDICATOR_KINDS,
  type IndicatorKind,
  /** COUNT, PERCENT, DAYS (one per kind). */
  INDICATOR_UNITS,
  type IndicatorUnit,
  /** Why a cell has no value: too few values for a median, nothing to compute, follow-up open. */
  CELL_REASONS,
  type CellReason,
  /** The group label of the whole network's row. */
  NETWORK_GROUP,
  /** One indicator: id, kind, unit, title, how it is counted. */
  type IndicatorDefinition,
  /** One counted event: indicator, day, organisation, her pathway (or none), category, value. */
  type IndicatorEvent,
  /** An organisation of the directory as a report needs it (id, type, operators). */
  type ReportOrganisation,
  /** One published cell: value (counts perturbed) or the reason it has none. */
  type IndicatorCellValue,
  /** Who counts: the pathways of women who agreed, their record keys, the directory, the threshold. */
  type ReportingCohort,
  /** What a section may read of the cohort beyond ids and record keys. */
  COHORT_ATTRIBUTES,
  type CohortAttribute,
  /** One pathway of the cohort. */
  type CohortPathway,
  /** What a section's events are read for (the store type is the caller's). */
  type SectionInput,
  /** One field of `IndicatorReport`: definitions and how its events are read. */
  type IndicatorSection,
} from "./types.js";

// --- Periods
export {
  /** How many calendar years a report may span. */
  MAX_REPORT_YEARS,
  /** A period: id ("2025", "2025-Q1", "2025-01"), first and last day. */
  type ReportPeriod,
  /** The period of a granularity a day falls in. */
  periodOf,
  /** A range widened to whole periods (refuses reversed, invalid or too long ranges). */
  alignRange,
  /** The periods of a granularity that meet a range. */
  periodsIn,
  /** The calendar years a range touches. */
  yearsTouched,
} from "./periods.js";
export {
  /** YYYY-MM-DD. */
  ISO_DATE,
  /** Whether a value is a real calendar day in ISO form. */
  isIsoDate,
  /** A day moved by calendar months, clamped to the month's last day. */
  addMonths,
} from "./calendar.js";

// --- Cell-key perturbation
export {
  /** The ptable's public parameters: maximum deviation, variance, forbidden small values. */
  type PtableParameters,
  /** The network's parameters. */
  PTABLE_PARAMETERS,
  type PtableRow,
  type Ptable,
  /** Builds a ptable by maximum entropy (as Destatis' `ptable` package does). */
  buildPtable,
  /** The network's ptable (built once). */
  networkPtable,
  /** 2^32: the space of record keys. */
  RECORD_KEY_SPACE,
  /** A cell's key in [0, 1) from the sum of its records' keys. */
  cellKey,
  /** The published count of a cell from its true count and key sum. */
  perturb,
  /** The true counts a published count is consistent with (what an attacker can say of it). */
  preimage,
} from "./perturbation.js";
export {
  /** Each pathway's record key in an epoch, from the authority's secret. */
  recordKeysWith,
} from "./record-keys.js";

// --- The cell tables of a section
export {
  /** The input of a section's table: definitions, events, organisations, range, threshold, record keys. */
  type IndicatorCellsInput,
  /** The asked cells of a section (one range, granularity, breakdown). */
  computeIndicatorCells,
  /** A section's canonical tables of some years, built once. */
  type PreparedIndicatorTable,
  /** Builds them (a release lists every granularity and breakdown from one build). */
  prepareIndicatorTable,
} from "./table/indicator-table.js";
export {
  /** The cells of a range, granularity and breakdown, from prepared tables. */
  indicatorCellsOf,
} from "./table/cell-listing.js";
export {
  /** Refuses definitions a section must not declare. */
  validateDefinitions,
} from "./table/definition-rules.js";
export {
  /** Whether an outcome's follow-up is still open for a period on the "as of" day. */
  followUpOpen,
} from "./table/cell-disclosure.js";

// --- Outcomes by intake cohort
export {
  /** The cohort's women whose intake falls in the report's years. */
  intakeCohort,
  /** The first row per woman (pathway), by a day. */
  firstPerWoman,
} from "./outcomes.js";

// --- Releases: when they are due and what each computes
export {
  /** How many calendar years a release covers. */
  RELEASE_COVERAGE_YEARS,
  /** The longest follow-up an indicator waits for. */
  LONGEST_FOLLOW_UP_MONTHS,
  /** How long after a year closes it is revised. */
  REVISION_DELAY_MONTHS,
  /** A release as stored, for planning the next. */
  type ReleaseRecord,
  /** A year a release computes and its key epoch. */
  type ReleaseYear,
  /** A release to run: id, version, cut-off, as-of day, years. */
  type PlannedRelease,
  /** The cut-off day of a release id ("2026-11" → "2026-11-30"). */
  cutOffOf,
  /** The last month closed on a day. */
  lastClosedMonth,
  /** The first day a release with a cut-off covers. */
  coverageStart,
  /** The key epoch of a year's cells at a version. */
  epochOf,
  /** What is due today, given the releases so far (null: nothing). */
  planRelease,
} from "./release-schedule.js";
