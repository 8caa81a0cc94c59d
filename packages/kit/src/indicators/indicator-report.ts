import { Ctx, Directive, Field, FieldResolver, Int, ObjectType, Resolver, Root } from "type-graphql";
import type { SubgraphContext } from "../context.js";
import { forbidden, releaseNotAvailable } from "../graphql/errors.js";
import { DateScalar } from "../graphql/scalars.js";
import { Indicator, BreakdownEnum, GranularityEnum } from "./indicator.type.js";
import { decideIndicatorRead, describeReport, reportKey, type ReportKey } from "./report.js";
import { readReleaseCells, storedRelease } from "./releases/release-store.js";
import type { Breakdown, Granularity, IndicatorCellValue } from "@percorsi/indicators";
import type { IndicatorSection } from "./section.js";

const read = new WeakMap<object, Map<string, Promise<Indicator[]>>>();

/**
 * One section of a report, read from the release it names, where the section's data lives: the
 * reader is checked and the read audited (who, which release and report); the cells are those the
 * release published (computed when it was, never at read time), so two reads of a release answer
 * the same whatever happened between them. A draft is for the control room's analysts only.
 * Asked twice in a request (aliases), it is read once.
 */
export function readIndicatorSection(ctx: SubgraphContext<unknown>, section: IndicatorSection, asked: ReportKey): Promise<Indicator[]> {
  const key = reportKey(asked);
  const report = describeReport(key, section.name);
  let cache = read.get(ctx);
  if (!cache) read.set(ctx, (cache = new Map()));
  let answer = cache.get(report);
  if (!answer) cache.set(report, (answer = readSection(ctx, section, key, report)));
  return answer;
}

async function readSection(ctx: SubgraphContext<unknown>, section: IndicatorSection, key: ReportKey, report: string): Promise<Indicator[]> {
  const access = decideIndicatorRead(ctx.actor, key.breakdown);
  ctx.audit.recordIndicatorRead(report, access.decision);
  if (!access.decision.allowed) throw forbidden(access.decision.reason);
  const release = await storedRelease(ctx.db, key.release);
  // A release this subgraph never computed (its store was replaced, or the number is made up).
  if (!release || !release.computedAt) throw releaseNotAvailable("This release is not available from this agency.");
  if (release.status === "DRAFT" && access.visibleOrganisationIds) throw forbidden("ROLE");
  const cells = await readReleaseCells(ctx.db, {
    seq: key.release,
    section: section.name,
    granularity: key.granularity,
    breakdown: key.breakdown,
    from: key.from,
    to: key.to,
    groups: access.visibleOrganisationIds,
  });
  const byIndicator = new Map<string, IndicatorCellValue[]>();
  for (const cell of cells) {
    const list = byIndicator.get(cell.indicatorId);
    if (list) list.push(cell);
    else byIndicator.set(cell.indicatorId, [cell]);
  }
  return section.definitions.filter((d) => !d.hidden).map((d) => Indicator.of(d, byIndicator.get(d.id) ?? []));
}

/** The report's key as every subgraph reads it from a representation or its own root field. */
export type IndicatorReportRoot = ReportKey;

/**
 * A field resolver per section on the subgraph's `IndicatorReport` type.
 *
 * One resolver class, one method per section, each method named as its field: type-graphql binds
 * a field resolver to its field by the method's name, so methods sharing a name (one class per
 * section, each with a `section` method) all answered with the first section's figures.
 */
export function indicatorSectionResolvers(target: Function, sections: readonly IndicatorSection[]): Function[] {
  class IndicatorSectionResolver {}
  const prototype = IndicatorSectionResolver.prototype as unknown as Record<string, unknown>;
  for (const section of sections) {
    const method = section.name;
    if (Object.prototype.hasOwnProperty.call(prototype, method) || method === "constructor") {
      throw new Error(`indicator section ${method} is declared twice`);
    }
    const descriptor: PropertyDescriptor = {
      value(report: IndicatorReportRoot, ctx: SubgraphContext<unknown>): Promise<Indicator[]> {
        return readIndicatorSection(ctx, section, report);
      },
      writable: true,
      configurable: true,
    };
    Object.defineProperty(prototype, method, descriptor);
    // What `@Root() report, @Ctx() ctx` and the method decorators would do, in the same order.
    Root()(prototype, method, 0);
    Ctx()(prototype, method, 1);
    FieldResolver(() => [Indicator], { name: section.name, nullable: true, description: section.description })(prototype, method, descriptor);
  }
  Object.defineProperty(IndicatorSectionResolver, "name", { value: "IndicatorSectionResolver" });
  Resolver(() => target)(IndicatorSectionResolver);
  return [IndicatorSectionResolver];
}

/**
 * `IndicatorReport` for a subgraph that is not the consent authority: the key, and one field per
 * section of this subgraph, read from the releases it stored. A new signatory adds
 * `...defineIndicatorReportPart(SECTIONS)` to its resolvers and orphaned types, and passes the same
 * sections to `createSubgraph` (`indicatorSections`) so it computes its part of every release;
 * its sections inherit the readers' rule, the audit, the release store and perturbation from here.
 * Classes are made per call, so several subgraphs can run in one process.
 */
export function defineIndicatorReportPart(sections: readonly IndicatorSection[]) {
  // No description: the consent authority's is the one the supergraph shows.
  @ObjectType("IndicatorReport")
  @Directive('@key(fields: "release from to granularity breakdown")')
  class IndicatorReportStub implements IndicatorReportRoot {
    @Field(() => Int)
    release: number;

    @Field(() => DateScalar)
    from: string;

    @Field(() => DateScalar)
    to: string;

    @Field(() => GranularityEnum)
    granularity: Granularity;

    @Field(() => BreakdownEnum)
    breakdown: Breakdown;
  }
  const resolvers = indicatorSectionResolvers(IndicatorReportStub, sections);
  return { IndicatorReport: IndicatorReportStub, indicatorResolvers: resolvers };
}
