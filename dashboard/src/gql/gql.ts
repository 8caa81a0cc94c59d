/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query ImpactOverview($from: LocalDate!, $to: LocalDate!, $granularity: IndicatorGranularity!, $breakdown: IndicatorBreakdown!, $release: String, $version: Int) {\n  indicators(\n    from: $from\n    to: $to\n    granularity: $granularity\n    breakdown: $breakdown\n    release: $release\n    version: $version\n  ) {\n    from\n    to\n    granularity\n    breakdown\n    releaseInfo {\n      ...ReleaseFields\n    }\n    threshold\n    periods {\n      id\n      from\n      to\n    }\n    pathwayOutcomes {\n      ...IndicatorFields\n    }\n    employmentOutcomes {\n      ...IndicatorFields\n    }\n    trainingOutcomes {\n      ...IndicatorFields\n    }\n  }\n}": typeof types.ImpactOverviewDocument,
    "query IndicatorReleases {\n  indicatorReleases {\n    ...ReleaseFields\n  }\n}\n\nfragment ReleaseFields on IndicatorRelease {\n  id\n  version\n  status\n  cutOff\n  publishedAt\n}": typeof types.IndicatorReleasesDocument,
    "query IndicatorReport($from: LocalDate!, $to: LocalDate!, $granularity: IndicatorGranularity!, $breakdown: IndicatorBreakdown!, $release: String, $version: Int) {\n  indicators(\n    from: $from\n    to: $to\n    granularity: $granularity\n    breakdown: $breakdown\n    release: $release\n    version: $version\n  ) {\n    from\n    to\n    granularity\n    breakdown\n    releaseInfo {\n      ...ReleaseFields\n    }\n    threshold\n    periods {\n      id\n      from\n      to\n    }\n    intake {\n      ...IndicatorFields\n    }\n    plans {\n      ...IndicatorFields\n    }\n    referrals {\n      ...IndicatorFields\n    }\n    autonomy {\n      ...IndicatorFields\n    }\n    rights {\n      ...IndicatorFields\n    }\n    employment {\n      ...IndicatorFields\n    }\n    employers {\n      ...IndicatorFields\n    }\n    training {\n      ...IndicatorFields\n    }\n    operatorTraining {\n      ...IndicatorFields\n    }\n  }\n}\n\nfragment IndicatorFields on Indicator {\n  id\n  section\n  kind\n  unit\n  title\n  categories\n  definition {\n    numerator\n    denominator\n    dateRule\n    source\n    notes\n  }\n  cells {\n    indicatorId\n    period\n    periodFrom\n    periodTo\n    group\n    category\n    value\n    suppressed\n    reason\n    numerator\n    denominator\n  }\n}": typeof types.IndicatorReportDocument,
    "query Organisations {\n  organisations {\n    id\n    name\n    type\n  }\n}": typeof types.OrganisationsDocument,
};
const documents: Documents = {
    "query ImpactOverview($from: LocalDate!, $to: LocalDate!, $granularity: IndicatorGranularity!, $breakdown: IndicatorBreakdown!, $release: String, $version: Int) {\n  indicators(\n    from: $from\n    to: $to\n    granularity: $granularity\n    breakdown: $breakdown\n    release: $release\n    version: $version\n  ) {\n    from\n    to\n    granularity\n    breakdown\n    releaseInfo {\n      ...ReleaseFields\n    }\n    threshold\n    periods {\n      id\n      from\n      to\n    }\n    pathwayOutcomes {\n      ...IndicatorFields\n    }\n    employmentOutcomes {\n      ...IndicatorFields\n    }\n    trainingOutcomes {\n      ...IndicatorFields\n    }\n  }\n}": types.ImpactOverviewDocument,
    "query IndicatorReleases {\n  indicatorReleases {\n    ...ReleaseFields\n  }\n}\n\nfragment ReleaseFields on IndicatorRelease {\n  id\n  version\n  status\n  cutOff\n  publishedAt\n}": types.IndicatorReleasesDocument,
    "query IndicatorReport($from: LocalDate!, $to: LocalDate!, $granularity: IndicatorGranularity!, $breakdown: IndicatorBreakdown!, $release: String, $version: Int) {\n  indicators(\n    from: $from\n    to: $to\n    granularity: $granularity\n    breakdown: $breakdown\n    release: $release\n    version: $version\n  ) {\n    from\n    to\n    granularity\n    breakdown\n    releaseInfo {\n      ...ReleaseFields\n    }\n    threshold\n    periods {\n      id\n      from\n      to\n    }\n    intake {\n      ...IndicatorFields\n    }\n    plans {\n      ...IndicatorFields\n    }\n    referrals {\n      ...IndicatorFields\n    }\n    autonomy {\n      ...IndicatorFields\n    }\n    rights {\n      ...IndicatorFields\n    }\n    employment {\n      ...IndicatorFields\n    }\n    employers {\n      ...IndicatorFields\n    }\n    training {\n      ...IndicatorFields\n    }\n    operatorTraining {\n      ...IndicatorFields\n    }\n  }\n}\n\nfragment IndicatorFields on Indicator {\n  id\n  section\n  kind\n  unit\n  title\n  categories\n  definition {\n    numerator\n    denominator\n    dateRule\n    source\n    notes\n  }\n  cells {\n    indicatorId\n    period\n    periodFrom\n    periodTo\n    group\n    category\n    value\n    suppressed\n    reason\n    numerator\n    denominator\n  }\n}": types.IndicatorReportDocument,
    "query Organisations {\n  organisations {\n    id\n    name\n    type\n  }\n}": types.OrganisationsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ImpactOverview($from: LocalDate!, $to: LocalDate!, $granularity: IndicatorGranularity!, $breakdown: IndicatorBreakdown!, $release: String, $version: Int) {\n  indicators(\n    from: $from\n    to: $to\n    granularity: $granularity\n    breakdown: $breakdown\n    release: $release\n    version: $version\n  ) {\n    from\n    to\n    granularity\n    breakdown\n    releaseInfo {\n      ...ReleaseFields\n    }\n    threshold\n    periods {\n      id\n      from\n      to\n    }\n    pathwayOutcomes {\n      ...IndicatorFields\n    }\n    employmentOutcomes {\n      ...IndicatorFields\n    }\n    trainingOutcomes {\n      ...IndicatorFields\n    }\n  }\n}"): (typeof documents)["query ImpactOverview($from: LocalDate!, $to: LocalDate!, $granularity: IndicatorGranularity!, $breakdown: IndicatorBreakdown!, $release: String, $version: Int) {\n  indicators(\n    from: $from\n    to: $to\n    granularity: $granularity\n    breakdown: $breakdown\n    release: $release\n    version: $version\n  ) {\n    from\n    to\n    granularity\n    breakdown\n    releaseInfo {\n      ...ReleaseFields\n    }\n    threshold\n    periods {\n      id\n      from\n      to\n    }\n    pathwayOutcomes {\n      ...IndicatorFields\n    }\n    employmentOutcomes {\n      ...IndicatorFields\n    }\n    trainingOutcomes {\n      ...IndicatorFields\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query IndicatorReleases {\n  indicatorReleases {\n    ...ReleaseFields\n  }\n}\n\nfragment ReleaseFields on IndicatorRelease {\n  id\n  version\n  status\n  cutOff\n  publishedAt\n}"): (typeof documents)["query IndicatorReleases {\n  indicatorReleases {\n    ...ReleaseFields\n  }\n}\n\nfragment ReleaseFields on IndicatorRelease {\n  id\n  version\n  status\n  cutOff\n  publishedAt\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query IndicatorReport($from: LocalDate!, $to: LocalDate!, $granularity: IndicatorGranularity!, $breakdown: IndicatorBreakdown!, $release: String, $version: Int) {\n  indicators(\n    from: $from\n    to: $to\n    granularity: $granularity\n    breakdown: $breakdown\n    release: $release\n    version: $version\n  ) {\n    from\n    to\n    granularity\n    breakdown\n    releaseInfo {\n      ...ReleaseFields\n    }\n    threshold\n    periods {\n      id\n      from\n      to\n    }\n    intake {\n      ...IndicatorFields\n    }\n    plans {\n      ...IndicatorFields\n    }\n    referrals {\n      ...IndicatorFields\n    }\n    autonomy {\n      ...IndicatorFields\n    }\n    rights {\n      ...IndicatorFields\n    }\n    employment {\n      ...IndicatorFields\n    }\n    employers {\n      ...IndicatorFields\n    }\n    training {\n      ...IndicatorFields\n    }\n    operatorTraining {\n      ...IndicatorFields\n    }\n  }\n}\n\nfragment IndicatorFields on Indicator {\n  id\n  section\n  kind\n  unit\n  title\n  categories\n  definition {\n    numerator\n    denominator\n    dateRule\n    source\n    notes\n  }\n  cells {\n    indicatorId\n    period\n    periodFrom\n    periodTo\n    group\n    category\n    value\n    suppressed\n    reason\n    numerator\n    denominator\n  }\n}"): (typeof documents)["query IndicatorReport($from: LocalDate!, $to: LocalDate!, $granularity: IndicatorGranularity!, $breakdown: IndicatorBreakdown!, $release: String, $version: Int) {\n  indicators(\n    from: $from\n    to: $to\n    granularity: $granularity\n    breakdown: $breakdown\n    release: $release\n    version: $version\n  ) {\n    from\n    to\n    granularity\n    breakdown\n    releaseInfo {\n      ...ReleaseFields\n    }\n    threshold\n    periods {\n      id\n      from\n      to\n    }\n    intake {\n      ...IndicatorFields\n    }\n    plans {\n      ...IndicatorFields\n    }\n    referrals {\n      ...IndicatorFields\n    }\n    autonomy {\n      ...IndicatorFields\n    }\n    rights {\n      ...IndicatorFields\n    }\n    employment {\n      ...IndicatorFields\n    }\n    employers {\n      ...IndicatorFields\n    }\n    training {\n      ...IndicatorFields\n    }\n    operatorTraining {\n      ...IndicatorFields\n    }\n  }\n}\n\nfragment IndicatorFields on Indicator {\n  id\n  section\n  kind\n  unit\n  title\n  categories\n  definition {\n    numerator\n    denominator\n    dateRule\n    source\n    notes\n  }\n  cells {\n    indicatorId\n    period\n    periodFrom\n    periodTo\n    group\n    category\n    value\n    suppressed\n    reason\n    numerator\n    denominator\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Organisations {\n  organisations {\n    id\n    name\n    type\n  }\n}"): (typeof documents)["query Organisations {\n  organisations {\n    id\n    name\n    type\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;