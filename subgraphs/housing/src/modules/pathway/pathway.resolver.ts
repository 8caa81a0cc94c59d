import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { decideAccess, factsFromReceipt, receiptFor, Sensitive } from "@percorsi/kit/author";
import type { HousingContext } from "../../context.js";
import { asAllocation, asApplication, asNeed, HousingAllocation, HousingApplication, HousingNeed } from "../housing/housing.type.js";
import { Pathway } from "./pathway.type.js";

/**
 * Of a pathway's records at every housing body, those the caller may read: its own body's (the
 * field's rule already judged it as their keeper on her receipt), and each other body's when
 * her consent (or a break-glass read) releases them, each such decision audited once per body.
 */
async function released<R extends { housingBodyId: string }>(records: readonly R[], pathway: Pathway, ctx: HousingContext): Promise<R[]> {
  const receipt = await receiptFor(ctx, pathway);
  const decided = new Map<string, boolean>();
  const mayRead = (housingBodyId: string): boolean => {
    if (housingBodyId === ctx.actor.organisationId) return true;
    if (!decided.has(housingBodyId)) {
      const decision = decideAccess(ctx.actor, "HOUSING", factsFromReceipt(housingBodyId, pathway.id, receipt));
      ctx.audit.record(pathway.id, "HOUSING", decision);
      decided.set(housingBodyId, decision.allowed);
    }
    return decided.get(housingBodyId)!;
  };
  return records.filter((record) => mayRead(record.housingBodyId));
}

const DESCRIBED = "your housing body's own, and other bodies' only as her consent allows (the case-holder reads them only with her consent to HOUSING).";

@Resolver(() => Pathway)
export class PathwayResolver {
  @FieldResolver(() => [HousingNeed], { nullable: true, description: `Her housing needs as housing bodies assessed them: ${DESCRIBED}` })
  @Sensitive("HOUSING")
  async housingNeeds(@Root() pathway: Pathway, @Ctx() ctx: HousingContext): Promise<HousingNeed[]> {
    const records = await released(await ctx.loaders.load.needs.load(pathway.id), pathway, ctx);
    return records.map((record) => asNeed(record, pathway.consentReceipt));
  }

  @FieldResolver(() => [HousingApplication], { nullable: true, description: `Her applications for social or protected housing: ${DESCRIBED}` })
  @Sensitive("HOUSING")
  async housingApplications(@Root() pathway: Pathway, @Ctx() ctx: HousingContext): Promise<HousingApplication[]> {
    const records = await released(await ctx.loaders.load.applications.load(pathway.id), pathway, ctx);
    return records.map((record) => asApplication(record, pathway.consentReceipt));
  }

  @FieldResolver(() => [HousingAllocation], { nullable: true, description: `Homes allocated to her: ${DESCRIBED}` })
  @Sensitive("HOUSING")
  async housingAllocations(@Root() pathway: Pathway, @Ctx() ctx: HousingContext): Promise<HousingAllocation[]> {
    const records = await released(await ctx.loaders.load.allocations.load(pathway.id), pathway, ctx);
    return records.map((record) => asAllocation(record, pathway.consentReceipt));
  }
}
