import { Ctx, FieldResolver, releasedUnderPathway, Resolver, Root, Sensitive } from "@percorsi/kit/author";
import type { HousingContext } from "../../context.js";
import { asAllocation, asApplication, asNeed, HousingAllocation, HousingApplication, HousingNeed } from "../housing/housing.type.js";
import { Pathway } from "./pathway.type.js";

/** Each housing record is kept by its housing body. */
const byBody = (record: { housingBodyId: string }) => record.housingBodyId;
const DESCRIBED = "your housing body's own, and other bodies' only as her consent allows (the case-holder reads them only with her consent to HOUSING).";

@Resolver(() => Pathway)
export class PathwayResolver {
  // The field's rule already judged the caller as keeper of its own body's records (see `facts`);
  // another body's are released only as her consent (or a break-glass read) allows, each such
  // decision audited once per body (the kit's `releasedUnderPathway`).
  @FieldResolver(() => [HousingNeed], { nullable: true, description: `Her housing needs as housing bodies assessed them: ${DESCRIBED}` })
  @Sensitive("HOUSING")
  async housingNeeds(@Root() pathway: Pathway, @Ctx() ctx: HousingContext): Promise<HousingNeed[]> {
    const records = await releasedUnderPathway(ctx.loaders.load.needs.load(pathway.id), byBody, "HOUSING", pathway, ctx);
    return records.map((record) => asNeed(record, pathway.consentReceipt));
  }

  @FieldResolver(() => [HousingApplication], { nullable: true, description: `Her applications for social or protected housing: ${DESCRIBED}` })
  @Sensitive("HOUSING")
  async housingApplications(@Root() pathway: Pathway, @Ctx() ctx: HousingContext): Promise<HousingApplication[]> {
    const records = await releasedUnderPathway(ctx.loaders.load.applications.load(pathway.id), byBody, "HOUSING", pathway, ctx);
    return records.map((record) => asApplication(record, pathway.consentReceipt));
  }

  @FieldResolver(() => [HousingAllocation], { nullable: true, description: `Homes allocated to her: ${DESCRIBED}` })
  @Sensitive("HOUSING")
  async housingAllocations(@Root() pathway: Pathway, @Ctx() ctx: HousingContext): Promise<HousingAllocation[]> {
    const records = await releasedUnderPathway(ctx.loaders.load.allocations.load(pathway.id), byBody, "HOUSING", pathway, ctx);
    return records.map((record) => asAllocation(record, pathway.consentReceipt));
  }
}
