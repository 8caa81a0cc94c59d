import { Directive, Field, Int, ObjectType } from "type-graphql";
import { BreakdownEnum, DateScalar, GranularityEnum, type Breakdown, type Granularity, type ReportKey } from "@percorsi/kit";

@ObjectType({ description: "A period of a report." })
export class IndicatorPeriod {
  @Field(() => String, { description: '"2025", "2025-Q1" or "2025-01".' })
  id: string;

  @Field(() => DateScalar)
  from: string;

  @Field(() => DateScalar)
  to: string;
}

/**
 * The network's indicators for a range, a granularity and a breakdown. The consent authority owns
 * the entity (and signs who counts); every subgraph adds its own sections, computed from its own
 * store: nothing but aggregates ever leaves a subgraph.
 */
@ObjectType({
  description:
    "The protocol's indicators over a range (widened to whole periods), by period and breakdown. Every subgraph contributes its own " +
    "sections, computed where the data lives; only women who agreed to count are counted; every count about women is perturbed by " +
    "the cell-key method (at most ±5, never 1 or 2, the same noise for the same women in every report; docs/indicators.md).",
})
@Directive('@key(fields: "from to granularity breakdown")')
export class IndicatorReport implements ReportKey {
  @Field(() => DateScalar, { description: "The first day of the first period." })
  from: string;

  @Field(() => DateScalar, { description: "The last day of the last period." })
  to: string;

  @Field(() => GranularityEnum)
  granularity: Granularity;

  @Field(() => BreakdownEnum)
  breakdown: Breakdown;

  @Field(() => Int, { description: "The fewest events a median is shown for (by its published count), 10 at least." })
  threshold: number;

  @Field(() => [IndicatorPeriod])
  periods: IndicatorPeriod[];

  static of(key: ReportKey): IndicatorReport {
    return Object.assign(new IndicatorReport(), key);
  }
}
