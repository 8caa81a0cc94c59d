import { Arg, Ctx, Directive, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import {
  AccessEvent,
  AccessReportViewEnum,
  badUserInput,
  forbidden,
  isUuid,
  notFound,
  readAccessEvents,
  refuseReportReader,
  reportReadDecision,
  type AccessReportView,
} from "@percorsi/kit";
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

  @FieldResolver(() => [AccessEvent], { nullable: true, description: "What the anti-violence subgraph decided about this pathway." })
  async antiViolence(@Root() report: AccessReport, @Ctx() ctx: AntiViolenceContext): Promise<AccessEvent[]> {
    // Reached directly or as an entity: check the reader either way.
    const pathway = await ctx.loaders.pathway.load(report.pathwayId);
    refuseReportReader(ctx.actor, pathway?.holderId ?? null);
    return readAccessEvents(ctx.db, "anti-violence", report.pathwayId, report.view);
  }
}
