import { Arg, Ctx, Directive, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import {
  BreakdownEnum,
  CONSENT_AUTHORITY_KEY_NAME,
  DateScalar,
  GranularityEnum,
  decideIndicatorRead,
  describeReport,
  forbidden,
  indicatorSectionResolvers,
  indicatorThreshold,
  keyOnFirstUse,
  loadSigningKey,
  periodsIn,
  reportKey,
  signReportingCohort,
  type Breakdown,
  type Granularity,
  type ReportingCohort,
  type ReportKey,
} from "@percorsi/kit";
import type { AntiViolenceContext } from "../../context.js";
import { ANTI_VIOLENCE_SECTIONS } from "../indicators/index.js";
import { IndicatorPeriod, IndicatorReport } from "./indicator-report.type.js";
import { ReportingCohortRepository } from "./reporting-cohort.repository.js";

const consentAuthorityKey = keyOnFirstUse(() => loadSigningKey(CONSENT_AUTHORITY_KEY_NAME));
const cohorts = new WeakMap<object, Promise<ReportingCohort>>();

/** Who counts, read once per request (the sections here and the cohort signed for the others). */
function cohortOf(ctx: AntiViolenceContext): Promise<ReportingCohort> {
  let cohort = cohorts.get(ctx);
  if (!cohort) cohorts.set(ctx, (cohort = new ReportingCohortRepository(ctx.db).cohort()));
  return cohort;
}

@Resolver(() => IndicatorReport)
export class IndicatorReportResolver {
  @Query(() => IndicatorReport, {
    nullable: true,
    description:
      "The network's indicators: for the control room's analysts (every breakdown) and an organisation's operators (their own " +
      "organisation's row, breakdown ORGANISATION), with the MONITORING purpose.",
  })
  indicators(
    @Arg("from", () => DateScalar) from: string,
    @Arg("to", () => DateScalar) to: string,
    @Arg("granularity", () => GranularityEnum, { defaultValue: "MONTH" }) granularity: Granularity,
    @Arg("breakdown", () => BreakdownEnum, { defaultValue: "NETWORK" }) breakdown: Breakdown,
    @Ctx() ctx: AntiViolenceContext,
  ): IndicatorReport {
    const key = reportKey({ from, to, granularity, breakdown });
    const { decision } = decideIndicatorRead(ctx.actor, key.breakdown);
    ctx.audit.recordIndicatorRead(describeReport(key), decision);
    if (!decision.allowed) throw forbidden(decision.reason);
    return IndicatorReport.of(key);
  }

  @FieldResolver(() => Int)
  threshold(): number {
    return indicatorThreshold();
  }

  @FieldResolver(() => [IndicatorPeriod])
  periods(@Root() report: IndicatorReport): IndicatorPeriod[] {
    const key = reportKey(report);
    return periodsIn(key.from, key.to, key.granularity).map((period) => Object.assign(new IndicatorPeriod(), period));
  }

  @FieldResolver(() => String, { nullable: true, description: "For the other subgraphs' sections (`@requires`), never for clients." })
  @Directive("@inaccessible")
  async reportingCohort(@Root() report: IndicatorReport, @Ctx() ctx: AntiViolenceContext): Promise<string | null> {
    const key = reportKey(report);
    // Only a reader the sections would admit gets a cohort; the others' sections refuse without one.
    if (!decideIndicatorRead(ctx.actor, key.breakdown).decision.allowed) return null;
    const [cohort, signingKey] = await Promise.all([cohortOf(ctx), consentAuthorityKey()]);
    return signReportingCohort(signingKey, ctx.actor, describeReport(key), cohort);
  }
}

/** The case-holders' own sections (intake, plans, referrals, autonomy, rights), on the cohort read here. */
export const IndicatorSectionResolvers = indicatorSectionResolvers(IndicatorReport, ANTI_VIOLENCE_SECTIONS, (_report, ctx) => cohortOf(ctx), {
  requiresCohort: false,
});

/** `__resolveReference`: the key is the report (re-checked as the root field checks it). */
export function resolveIndicatorReportReference(reference: ReportKey): IndicatorReport {
  return IndicatorReport.of(reportKey(reference));
}
