import { Arg, badUserInput, Ctx, idempotent, Mutation, Query, Resolver, today } from "@percorsi/kit/author";
import type { HousingContext } from "../../context.js";
import { Pathway, pathwayRef } from "../pathway/pathway.type.js";
import { RecordHousingApplicationInput } from "./housing.input.js";
import { HOUSING_SCHEMES, HousingApplication, HousingSchemeEnum, type HousingScheme } from "./housing.type.js";

@Resolver(() => HousingApplication)
export class HousingApplicationResolver {
  @Query(() => [HousingSchemeEnum], { nullable: true, description: "The schemes a housing application can be for (no personal data)." })
  housingSchemes(): readonly HousingScheme[] {
    return HOUSING_SCHEMES;
  }

  /**
   * Decided and audited by the kit before it runs (write policy HOUSING: an accepted, open
   * referral of her pathway to the caller's body for HOUSING_SUPPORT, covered by her consent,
   * not sealed). The housing body's system is written inside the kit's transaction, so the
   * allowed write's audit entry commits only once the system has answered; the idempotency key
   * (scoped to the caller's body) also travels to the system, so a retry never applies twice.
   */
  @Mutation(() => Pathway, {
    nullable: true,
    description:
      "Records her application for social or protected housing at your housing body. Returns her pathway: read the application under it (`housingApplications`), on her consent receipt.",
  })
  async recordHousingApplication(
    @Arg("input", () => RecordHousingApplicationInput) input: RecordHousingApplicationInput,
    @Ctx() ctx: HousingContext,
  ): Promise<Pathway> {
    const submittedOn = input.submittedOn ?? today();
    if (submittedOn > today()) throw badUserInput("`submittedOn` cannot be in the future.", "submittedOn");
    const pathwayId = input.pathwayId.toLowerCase();
    await idempotent(ctx, { key: input.idempotencyKey, operation: "recordHousingApplication", input }, async () => {
      const created = await ctx.loaders.write.createApplication(
        { pathwayId, housingBodyId: ctx.actor.organisationId, scheme: input.scheme, submittedOn, recordedBy: ctx.actor.userId },
        { idempotencyKey: input.idempotencyKey ? `${ctx.actor.organisationId}:${input.idempotencyKey}` : null },
      );
      return { id: created.id };
    });
    ctx.loaders.load.applications.clear(pathwayId);
    return pathwayRef(pathwayId);
  }
}
