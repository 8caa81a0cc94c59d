import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { enumObject } from "../graphql/enums.js";
import { DateScalar } from "../graphql/scalars.js";
import {
  BREAKDOWNS,
  CELL_REASONS,
  GRANULARITIES,
  INDICATOR_KINDS,
  INDICATOR_UNITS,
  type Breakdown,
  type CellReason,
  type Granularity,
  type IndicatorCellValue,
  type IndicatorDefinition,
  type IndicatorKind,
  type IndicatorUnit,
} from "@percorsi/indicators";

// The report's value types, the same in every subgraph that contributes a section (@shareable).

export const GranularityEnum = enumObject<Granularity>(GRANULARITIES);
export const BreakdownEnum = enumObject<Breakdown>(BREAKDOWNS);
export const IndicatorKindEnum = enumObject<IndicatorKind>(INDICATOR_KINDS);
export const IndicatorUnitEnum = enumObject<IndicatorUnit>(INDICATOR_UNITS);
export const CellReasonEnum = enumObject<CellReason>(CELL_REASONS);

registerEnumType(GranularityEnum, { name: "IndicatorGranularity", description: "The length of a report's periods." });
registerEnumType(BreakdownEnum, {
  name: "IndicatorBreakdown",
  description: "The rows of a report: the whole network, each organisation of the contributing agency, or each organisation type.",
});
registerEnumType(IndicatorKindEnum, { name: "IndicatorKind", description: "A count of events, a rate (percentage) or a median." });
registerEnumType(IndicatorUnitEnum, { name: "IndicatorUnit", description: "What a cell's value is in." });
registerEnumType(CellReasonEnum, {
  name: "CellReason",
  description:
    "Why a cell has no value. Counts always have one (perturbed). TOO_FEW_VALUES: a median whose published count is below 10; " +
    "NOT_APPLICABLE: nothing to compute (a rate over zero, a median of no event); " +
    "FOLLOW_UP_OPEN: an outcome by intake cohort whose follow-up horizon has not yet passed for the period's last intake day, " +
    "by the report's as-of day (decided by dates alone, whatever the counts).",
});

@ObjectType({ description: "How an indicator is computed." })
@Directive("@shareable")
export class IndicatorDefinitionDescription {
  @Field(() => String, { description: "What is counted (counts, rates) or measured (medians)." })
  numerator: string;

  @Field(() => String, { nullable: true, description: "Rates: what the count is a share of." })
  denominator: string | null;

  @Field(() => String, { description: "Which date places an event in a period." })
  dateRule: string;

  @Field(() => String, { description: "The subgraph that computes it, from its own store." })
  source: string;

  @Field(() => String, { nullable: true, description: "What else a reader needs to read it right (who is left out, which record counts); null if nothing." })
  notes: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "Outcomes by intake cohort: the months after her intake day within which a step counts; a period's cells are FOLLOW_UP_OPEN until it has passed. Null for other indicators.",
  })
  followUpMonths: number | null;
}

@ObjectType({
  description:
    "One aggregate of a report. Counts are perturbed by the cell-key method (at most ±5, never 1 or 2, the same for the same women in " +
    "every report); rates come from the perturbed counts. Never a row of anyone's data.",
})
@Directive("@shareable")
export class IndicatorCell {
  @Field(() => ID, { description: "The indicator the cell belongs to (`Indicator.id`)." })
  indicatorId: string;

  @Field(() => String, { description: '"2025", "2025-Q1" or "2025-01".' })
  period: string;

  @Field(() => DateScalar, { description: "The first day of the cell's period." })
  periodFrom: string;

  @Field(() => DateScalar, { description: "The last day of the cell's period." })
  periodTo: string;

  @Field(() => String, { description: "NETWORK, an organisation id or an organisation type, as the breakdown says." })
  group: string;

  @Field(() => String, { nullable: true, description: "The category of a broken-down count (a reason, an area, a type); null for its total." })
  category: string | null;

  @Field(() => Float, { nullable: true, description: "Null exactly when `reason` says why." })
  value: number | null;

  @Field(() => Boolean, { description: "True only for a median withheld for too few values (TOO_FEW_VALUES)." })
  suppressed: boolean;

  @Field(() => CellReasonEnum, { nullable: true, description: "Why `value` is null; null when there is a value." })
  reason: CellReason | null;

  @Field(() => Int, { nullable: true, description: "Rates: the published (perturbed) count the rate is computed from." })
  numerator: number | null;

  @Field(() => Int, { nullable: true, description: "Rates: what it is a share of (a perturbed count, or a directory figure)." })
  denominator: number | null;
}

@ObjectType({ description: "One indicator of a report, with its definition and its cells (the report's flat form)." })
@Directive("@shareable")
export class Indicator {
  @Field(() => ID, { description: "Stable: `<section>.<name>`." })
  id: string;

  @Field(() => String, { description: "The report section it belongs to (the first part of its id)." })
  section: string;

  @Field(() => IndicatorKindEnum, { description: "A count, a rate or a median: how to read its cells." })
  kind: IndicatorKind;

  @Field(() => IndicatorUnitEnum, { description: "What its cells' values are in: COUNT, PERCENT or DAYS." })
  unit: IndicatorUnit;

  @Field(() => String, { description: "Its name, for readers of the report." })
  title: string;

  @Field(() => IndicatorDefinitionDescription, { description: "How it is computed: what is counted, out of what, by which date, from which store." })
  definition: IndicatorDefinitionDescription;

  @Field(() => [String], { description: "The categories of a broken-down count, in order; empty otherwise." })
  categories: string[];

  @Field(() => [IndicatorCell], { description: "Its values: one per period, breakdown group and category." })
  cells: IndicatorCell[];

  static of(definition: IndicatorDefinition, cells: readonly IndicatorCellValue[]): Indicator {
    return Object.assign(new Indicator(), {
      id: definition.id,
      section: definition.section,
      kind: definition.kind,
      unit: definition.unit,
      title: definition.title,
      definition: Object.assign(new IndicatorDefinitionDescription(), {
        numerator: definition.numerator,
        denominator: definition.denominator ?? null,
        dateRule: definition.dateRule,
        source: definition.source,
        notes: definition.notes ?? null,
        followUpMonths: definition.followUpMonths ?? null,
      }),
      categories: [...(definition.categories ?? [])],
      cells: cells.map((cell) => Object.assign(new IndicatorCell(), cell)),
    });
  }
}
