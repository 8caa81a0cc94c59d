import { Arg, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { badUserInput, forbidden, isUuid, notFound } from "@percorsi/kit/author";
import {
  ACCESS_REPORT_PAGE,
  AccessEvent,
  AccessRefusalSummary,
  PAGE_ARGUMENT_DESCRIPTIONS,
  readRefusalSummary,
  AccessReportViewEnum,
  readAccessEvents,
  refuseReportReader,
  reportReadDecision,
  type AccessReportView,
} from "@percorsi/kit/authority";
import type { AntiViolenceContext } from "../../context.js";
import { mintConsentReceipt } from "../consent/consent-receipt.js";
import { AccessReport } from "./access-report.type.js";

@Resolver(() => AccessReport)
export class AccessReportResolver {
  @Query(() => AccessReport, {
    nullable: true,
    description: "A pathway's access report across every subgraph: for its case-holder's operators and the data protection officer.",
  })
  async accessReport(
    @Arg("pathwayId", () => ID) pathwayId: string,
    @Arg("view", () => AccessReportViewEnum, { defaultValue: "STAFF", description: "SUBJECT: her own copy, staff identities withheld." })
    view: AccessReportView,
    @Ctx() ctx: AntiViolenceContext,
  ): Promise<AccessReport> {
    if (!isUuid(pathwayId)) throw badUserInput("`pathwayId` is not a pathway id.", "pathwayId");
    const pathway = await ctx.loaders.pathway.load(pathwayId);
    // Checked before existence, so that a refusal does not confirm that a pathway exists. Who
    // read her report (or tried to), the DPO included, is in her report too.
    const decision = reportReadDecision(ctx.actor, pathway?.holderId ?? null);
    ctx.audit.record(pathwayId.toLowerCase(), "CASE_STATUS", decision, "REPORT");
    if (!decision.allowed) throw forbidden(decision.reason);
    if (!pathway) throw notFound("pathway");
    return Object.assign(new AccessReport(), { pathwayId: pathway.id, view });
  }

  @FieldResolver(() => String, { nullable: true, description: "For the other subgraphs' parts (`@requires`), never for clients." })
  @Directive("@inaccessible")
  consentReceipt(@Root() report: AccessReport, @Ctx() ctx: AntiViolenceContext): Promise<string | null> {
    return mintConsentReceipt(report.pathwayId, ctx);
  }

  @FieldResolver(() => [AccessEvent], { nullable: true, description: "What the anti-violence subgraph decided about this pathway, oldest first." })
  async antiViolence(
    @Root() report: AccessReport,
    @Ctx() ctx: AntiViolenceContext,
    @Arg("first", () => Int, { nullable: true, defaultValue: ACCESS_REPORT_PAGE.default, description: PAGE_ARGUMENT_DESCRIPTIONS.first }) first: number,
    @Arg("after", () => String, { nullable: true, description: PAGE_ARGUMENT_DESCRIPTIONS.after }) after: string | null,
  ): Promise<AccessEvent[]> {
    await this.refuseUnlessReader(report, ctx);
    return readAccessEvents(ctx.db, "anti-violence", report.pathwayId, report.view, { first, after });
  }

  @FieldResolver(() => [AccessRefusalSummary], {
    nullable: true,
    description: "Refusals the anti-violence subgraph recorded on this pathway, by organisation, flagged when one floods it.",
  })
  async antiViolenceRefusals(@Root() report: AccessReport, @Ctx() ctx: AntiViolenceContext): Promise<AccessRefusalSummary[]> {
    await this.refuseUnlessReader(report, ctx);
    return readRefusalSummary(ctx.db, report.pathwayId);
  }

  /** Reached directly or as an entity: check the reader either way. */
  private async refuseUnlessReader(report: AccessReport, ctx: AntiViolenceContext): Promise<void> {
    const pathway = await ctx.loaders.pathway.load(report.pathwayId);
    refuseReportReader(ctx.actor, pathway?.holderId ?? null);
  }
}
