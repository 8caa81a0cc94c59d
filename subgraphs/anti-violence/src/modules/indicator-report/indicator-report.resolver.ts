import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { DateScalar, badUserInput, forbidden } from "@percorsi/kit/author";
import {
  BreakdownEnum,
  GranularityEnum,
  decideIndicatorRead,
  describeReport,
  indicatorSectionResolvers,
  indicatorThreshold,
  periodsIn,
  releaseNotAvailable,
  reportKey,
  storedReleases,
  type Breakdown,
  type Granularity,
  type ReportKey,
  type StoredRelease,
} from "@percorsi/kit/authority";
import type { AntiViolenceContext } from "../../context.js";
import { ANTI_VIOLENCE_SECTIONS } from "../indicators/index.js";
import { IndicatorPeriod, IndicatorRelease, IndicatorReport } from "./indicator-report.type.js";

const registries = new WeakMap<object, Promise<StoredRelease[]>>();

/** The network's releases as the consent authority records them, read once per request. */
function releasesOf(ctx: AntiViolenceContext): Promise<StoredRelease[]> {
  let releases = registries.get(ctx);
  if (!releases) registries.set(ctx, (releases = storedReleases(ctx.db)));
  return releases;
}

function describe(release: StoredRelease, all: readonly StoredRelease[]): IndicatorRelease {
  const newest = Math.max(0, ...all.filter((r) => r.status === "PUBLISHED").map((r) => r.seq));
  return Object.assign(new IndicatorRelease(), {
    id: release.id,
    version: release.version,
    status: release.status === "DRAFT" ? "DRAFT" : release.seq === newest ? "CURRENT" : "SUPERSEDED",
    cutOff: release.cutOff,
    publishedAt: release.publishedAt,
    seq: release.seq,
  });
}

/** The last day a release's figures reach: its own cut-off or that of an earlier published one (a revision reads later months too). */
function reachOf(seq: number, all: readonly StoredRelease[]): string {
  return all.filter((r) => r.seq <= seq && (r.status === "PUBLISHED" || r.seq === seq)).reduce((day, r) => (r.cutOff > day ? r.cutOff : day), "");
}

@Resolver(() => IndicatorReport)
export class IndicatorReportResolver {
  @Query(() => IndicatorReport, {
    nullable: true,
    description:
      "The network's indicators, read from a release (the current one unless `release` names another): for the control room's " +
      "analysts (every breakdown, drafts too) and an organisation's operators (their own organisation's row, breakdown ORGANISATION, " +
      "published releases), with the MONITORING purpose. Only closed periods the release covers are listed.",
  })
  async indicators(
    @Arg("from", () => DateScalar) from: string,
    @Arg("to", () => DateScalar) to: string,
    @Arg("granularity", () => GranularityEnum, { defaultValue: "MONTH" }) granularity: Granularity,
    @Arg("breakdown", () => BreakdownEnum, { defaultValue: "NETWORK" }) breakdown: Breakdown,
    @Arg("release", () => String, { nullable: true, description: 'A release id, "2026-11"; none: the current release.' }) releaseId: string | null,
    @Arg("version", () => Int, { nullable: true, description: "A version of that release; none: its newest published one." }) version: number | null,
    @Ctx() ctx: AntiViolenceContext,
  ): Promise<IndicatorReport> {
    releaseId ??= null;
    version ??= null;
    if (releaseId !== null && !/^\d{4}-\d{2}$/.test(releaseId)) throw badUserInput('`release` is a month, "YYYY-MM".', "release");
    if (version !== null && (!Number.isInteger(version) || version < 1)) throw badUserInput("`version` is a positive integer.", "version");
    const { decision, visibleOrganisationIds } = decideIndicatorRead(ctx.actor, breakdown);
    const all = await releasesOf(ctx);
    const release = chosenRelease(all, releaseId, version, !visibleOrganisationIds);
    const key = reportKey({ release: release?.seq ?? 1, from, to, granularity, breakdown });
    ctx.audit.recordIndicatorRead(describeReport(key), decision);
    if (!decision.allowed) throw forbidden(decision.reason);
    if (!release) throw releaseNotAvailable();
    return IndicatorReport.of(key);
  }

  @Query(() => [IndicatorRelease], {
    nullable: true,
    description: "The network's indicator releases, newest first (drafts for the control room's analysts only), with the MONITORING purpose.",
  })
  async indicatorReleases(@Ctx() ctx: AntiViolenceContext): Promise<IndicatorRelease[]> {
    const { decision, visibleOrganisationIds } = decideIndicatorRead(ctx.actor, "ORGANISATION");
    ctx.audit.recordIndicatorRead("releases", decision);
    if (!decision.allowed) throw forbidden(decision.reason);
    const all = await releasesOf(ctx);
    return all
      .filter((r) => r.status === "PUBLISHED" || !visibleOrganisationIds)
      .sort((a, b) => b.seq - a.seq)
      .map((r) => describe(r, all));
  }

  @FieldResolver(() => IndicatorRelease)
  async releaseInfo(@Root() report: IndicatorReport, @Ctx() ctx: AntiViolenceContext): Promise<IndicatorRelease> {
    const all = await releasesOf(ctx);
    const release = all.find((r) => r.seq === report.release);
    if (!release) throw releaseNotAvailable();
    return describe(release, all);
  }

  @FieldResolver(() => Int)
  threshold(): number {
    return indicatorThreshold();
  }

  @FieldResolver(() => [IndicatorPeriod])
  async periods(@Root() report: IndicatorReport, @Ctx() ctx: AntiViolenceContext): Promise<IndicatorPeriod[]> {
    const key = reportKey(report);
    const reach = reachOf(key.release, await releasesOf(ctx));
    return periodsIn(key.from, key.to, key.granularity)
      .filter((period) => period.to <= reach)
      .map((period) => Object.assign(new IndicatorPeriod(), period));
  }
}

/** The release a reader asked for: by id (and version), else the current one; drafts only for whoever reads every row. */
function chosenRelease(all: readonly StoredRelease[], id: string | null, version: number | null, mayReadDrafts: boolean): StoredRelease | null {
  const readable = all.filter((r) => r.status === "PUBLISHED" || (mayReadDrafts && id !== null));
  const candidates = readable.filter((r) => (id === null || r.id === id) && (version === null || r.version === version));
  const published = candidates.filter((r) => r.status === "PUBLISHED");
  const pool = published.length > 0 && version === null ? published : candidates;
  return pool.reduce<StoredRelease | null>((best, r) => (!best || r.seq > best.seq ? r : best), null);
}

/** The case-holders' own sections (intake, plans, referrals, autonomy, rights), read from the releases stored here. */
export const IndicatorSectionResolvers = indicatorSectionResolvers(IndicatorReport, ANTI_VIOLENCE_SECTIONS);

/** `__resolveReference`: the key is the report (re-checked as the root field checks it). */
export function resolveIndicatorReportReference(reference: ReportKey): IndicatorReport {
  return IndicatorReport.of(reportKey(reference));
}
