import { Directive, Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateScalar, DateTimeScalar, enumObject } from "@percorsi/kit/author";
import { BreakdownEnum, GranularityEnum, type Breakdown, type Granularity, type ReportKey } from "@percorsi/kit/authority";

export const RELEASE_STATUSES = ["DRAFT", "CURRENT", "SUPERSEDED"] as const;
export type ReleaseStatus = (typeof RELEASE_STATUSES)[number];
export const ReleaseStatusEnum = enumObject<ReleaseStatus>(RELEASE_STATUSES);
registerEnumType(ReleaseStatusEnum, {
  name: "IndicatorReleaseStatus",
  description:
    "DRAFT: computed, not yet published (the control room's analysts may check it); CURRENT: the newest published release, " +
    "what reports read by default; SUPERSEDED: published, then followed by a newer release or revised.",
});

@ObjectType({
  description:
    "A published set of the network's indicators: computed for a closed month on schedule, frozen, and served unchanged. A later " +
    "release adds the periods that closed since; a year is revised once, three months after it closes (a new version of its December " +
    "release). A withdrawal of reporting consent takes effect at the next release (docs/indicators.md, Releases).",
})
export class IndicatorRelease {
  @Field(() => String, { description: 'The month it closes, "2026-11".' })
  id: string;

  @Field(() => Int, { description: "1, then 2 for the revision of a year (the release of its December)." })
  version: number;

  @Field(() => ReleaseStatusEnum, { description: "Draft, current, or superseded by a newer release or a revision." })
  status: ReleaseStatus;

  @Field(() => DateScalar, { description: "The last day of the periods it publishes." })
  cutOff: string;

  @Field(() => DateTimeScalar, { nullable: true, description: "When it was published; null for a draft." })
  publishedAt: Date | null;

  /** Its sequence number in the network: what a report's key names. */
  seq: number;
}

@ObjectType({ description: "A period of a report." })
export class IndicatorPeriod {
  @Field(() => String, { description: '"2025", "2025-Q1" or "2025-01".' })
  id: string;

  @Field(() => DateScalar, { description: "The period's first day." })
  from: string;

  @Field(() => DateScalar, { description: "The period's last day." })
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
@Directive('@key(fields: "release from to granularity breakdown")')
export class IndicatorReport implements ReportKey {
  @Field(() => Int, { description: "The release read (its number in the network; `releaseInfo` describes it)." })
  release: number;

  @Field(() => DateScalar, { description: "The first day of the first period." })
  from: string;

  @Field(() => DateScalar, { description: "The last day of the last period." })
  to: string;

  @Field(() => GranularityEnum, { description: "The length of its periods: MONTH, QUARTER or YEAR." })
  granularity: Granularity;

  @Field(() => BreakdownEnum, { description: "Its rows: the whole network, each organisation, or each organisation type." })
  breakdown: Breakdown;

  @Field(() => IndicatorRelease, { description: "The release the figures are read from." })
  releaseInfo: IndicatorRelease;

  @Field(() => Int, { description: "The fewest events a median is shown for (by its published count), 10 at least." })
  threshold: number;

  @Field(() => [IndicatorPeriod], { description: "Its periods, oldest first, each whole." })
  periods: IndicatorPeriod[];

  static of(key: ReportKey): IndicatorReport {
    return Object.assign(new IndicatorReport(), key);
  }
}
