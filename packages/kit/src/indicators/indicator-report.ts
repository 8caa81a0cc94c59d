import { Ctx, Directive, Field, FieldResolver, ObjectType, Resolver, Root } from "type-graphql";
import type { SubgraphContext } from "../context.js";
import { forbidden } from "../graphql/errors.js";
import { DateScalar } from "../graphql/scalars.js";
import { cohortFromPlanner } from "./cohort.js";
import { Indicator, BreakdownEnum, GranularityEnum } from "./indicator.type.js";
import { computeIndicatorCells } from "./indicator-table.js";
import { yearsTouched } from "./periods.js";
import { decideIndicatorRead, describeReport, indicatorThreshold, reportKey, type ReportKey } from "./report.js";
import type { Breakdown, Granularity, IndicatorCellValue, IndicatorSection, ReportingCohort } from "./types.js";

/** A section of another subgraph gets the consent authority's signed cohort from the planner. */
export const REQUIRES_REPORTING_COHORT = '@requires(fields: "reportingCohort")';

const computed = new WeakMap<object, Map<string, Promise<Indicator[]>>>();

/**
 * One section of a report, computed where its data lives: the reader is checked and the read
 * audited (who, which report), the section's events are read from this subgraph's store for the
 * cohort (only women who agreed to count), and the kit aggregates them and perturbs each count by
 * its records' cell key (the women's record keys come in the cohort). Asked twice in a request (aliases), it
 * is computed once.
 */
export function readIndicatorSection(
  ctx: SubgraphContext<unknown>,
  section: IndicatorSection,
  asked: ReportKey,
  cohort: ReportingCohort | null,
): Promise<Indicator[]> {
  const key = reportKey(asked);
  const report = describeReport(key, section.name);
  let cache = computed.get(ctx);
  if (!cache) computed.set(ctx, (cache = new Map()));
  let answer = cache.get(report);
  if (!answer) cache.set(report, (answer = computeSection(ctx, section, key, report, cohort)));
  return answer;
}

async function computeSection(
  ctx: SubgraphContext<unknown>,
  section: IndicatorSection,
  key: ReportKey,
  report: string,
  cohort: ReportingCohort | null,
): Promise<Indicator[]> {
  const access = decideIndicatorRead(ctx.actor, key.breakdown);
  ctx.audit.recordIndicatorRead(report, access.decision);
  if (!access.decision.allowed) throw forbidden(access.decision.reason);
  // No valid cohort (absent, forged, replayed, for another report): nobody is known to count.
  if (!cohort) throw forbidden("NO_CONSENT");
  const organisations = cohort.organisations.filter((o) => section.organisationTypes.includes(o.type));
  const years = yearsTouched(key.from, key.to);
  const events = await section.events({ db: ctx.db, cohort, years, organisations, loaders: ctx.loaders });
  // Each year's table is its own (periods never cross a year), computed in one go: a year at a
  // time, with the requests that arrived meanwhile read in between, so that a long report does
  // not hold the process for its whole span.
  const recordKeys = new Map(cohort.pathways.map((p) => [p.id, p.recordKey]));
  const cells: IndicatorCellValue[] = [];
  for (const year of years) {
    await new Promise((resolve) => setImmediate(resolve));
    cells.push(
      ...computeIndicatorCells({
        definitions: section.definitions,
        events,
        organisations,
        range: { from: maxDay(key.from, `${year}-01-01`), to: minDay(key.to, `${year}-12-31`) },
        granularity: key.granularity,
        breakdown: key.breakdown,
        // The network's threshold is the consent authority's; a subgraph may only be stricter.
        threshold: Math.max(indicatorThreshold(), cohort.threshold),
        recordKeys,
        visibleOrganisationIds: access.visibleOrganisationIds,
      }),
    );
  }
  const byIndicator = new Map<string, IndicatorCellValue[]>();
  for (const cell of cells) {
    const list = byIndicator.get(cell.indicatorId);
    if (list) list.push(cell);
    else byIndicator.set(cell.indicatorId, [cell]);
  }
  return section.definitions.filter((d) => !d.hidden).map((d) => Indicator.of(d, byIndicator.get(d.id) ?? []));
}

const maxDay = (a: string, b: string) => (a > b ? a : b);
const minDay = (a: string, b: string) => (a < b ? a : b);

/** The report's key as every subgraph reads it from a representation or its own root field. */
export interface IndicatorReportRoot extends ReportKey {
  reportingCohort?: string | null;
}

/**
 * A field resolver per section on the subgraph's `IndicatorReport` type. `cohortOf` gives the
 * cohort: the consent authority builds its own; every other subgraph verifies the one the
 * planner hands over (`requiresCohort`).
 *
 * One resolver class, one method per section, each method named as its field: type-graphql binds
 * a field resolver to its field by the method's name, so methods sharing a name (one class per
 * section, each with a `section` method) all answered with the first section's figures.
 */
export function indicatorSectionResolvers(
  target: Function,
  sections: readonly IndicatorSection[],
  cohortOf: (report: IndicatorReportRoot, ctx: SubgraphContext<any>) => Promise<ReportingCohort | null>,
  options: { requiresCohort: boolean },
): Function[] {
  class IndicatorSectionResolver {}
  const prototype = IndicatorSectionResolver.prototype as unknown as Record<string, unknown>;
  for (const section of sections) {
    const method = section.name;
    if (Object.prototype.hasOwnProperty.call(prototype, method) || method === "constructor") {
      throw new Error(`indicator section ${method} is declared twice`);
    }
    const descriptor: PropertyDescriptor = {
      async value(report: IndicatorReportRoot, ctx: SubgraphContext<unknown>): Promise<Indicator[]> {
        return readIndicatorSection(ctx, section, report, await cohortOf(report, ctx));
      },
      writable: true,
      configurable: true,
    };
    Object.defineProperty(prototype, method, descriptor);
    // What `@Root() report, @Ctx() ctx` and the method decorators would do, in the same order.
    Root()(prototype, method, 0);
    Ctx()(prototype, method, 1);
    if (options.requiresCohort) Directive(REQUIRES_REPORTING_COHORT)(prototype, method, descriptor);
    FieldResolver(() => [Indicator], { name: section.name, nullable: true, description: section.description })(prototype, method, descriptor);
  }
  Object.defineProperty(IndicatorSectionResolver, "name", { value: "IndicatorSectionResolver" });
  Resolver(() => target)(IndicatorSectionResolver);
  return [IndicatorSectionResolver];
}

/**
 * `IndicatorReport` for a subgraph that is not the consent authority: the key and the signed
 * cohort (`@external`), and one field per section of this subgraph. A new signatory adds
 * `...defineIndicatorReportPart(SECTIONS)` to its resolvers and orphaned types; its sections
 * inherit the readers' rule, the audit, the cohort and perturbation from here.
 * Classes are made per call, so several subgraphs can run in one process.
 */
export function defineIndicatorReportPart(sections: readonly IndicatorSection[]) {
  // No description: the consent authority's is the one the supergraph shows.
  @ObjectType("IndicatorReport")
  @Directive('@key(fields: "from to granularity breakdown")')
  class IndicatorReportStub implements IndicatorReportRoot {
    @Field(() => DateScalar)
    from: string;

    @Field(() => DateScalar)
    to: string;

    @Field(() => GranularityEnum)
    granularity: Granularity;

    @Field(() => BreakdownEnum)
    breakdown: Breakdown;

    @Field(() => String, { nullable: true })
    @Directive("@external")
    reportingCohort: string | null;
  }
  const resolvers = indicatorSectionResolvers(
    IndicatorReportStub,
    sections,
    (report, ctx) => cohortFromPlanner(ctx, report.reportingCohort, describeReport(reportKey(report))),
    { requiresCohort: true },
  );
  return { IndicatorReport: IndicatorReportStub, indicatorResolvers: resolvers };
}
