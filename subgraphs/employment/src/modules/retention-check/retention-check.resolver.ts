import { randomUUID } from "node:crypto";
import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import { addMonths, badUserInput, idempotent, today } from "@percorsi/kit/author";
import type { EmploymentContext } from "../../context.js";
import { PlacementRepository } from "../placement/placement.repository.js";
import { Pathway, pathwayRef } from "../pathway/pathway.type.js";
import { ownedAbout, writingJobCentre } from "../shared/access.js";
import { RecordRetentionCheckInput } from "./retention-check.input.js";
import { RetentionCheckRepository } from "./retention-check.repository.js";

@Resolver()
export class RetentionCheckResolver {
  @Mutation(() => Pathway, { nullable: true, description: "Records whether she still holds a job at a month mark (3, 6, 12); returns her pathway." })
  async recordRetentionCheck(
    @Arg("input", () => RecordRetentionCheckInput) input: RecordRetentionCheckInput,
    @Ctx() ctx: EmploymentContext,
  ): Promise<Pathway> {
    const jobCentreId = writingJobCentre(ctx);
    if (input.checkedOn > today()) throw badUserInput("`checkedOn` cannot be in the future.", "checkedOn");
    // Whose placement it is, checked before (and outside) the idempotent work: a refusal is
    // never stored, and a retry answered from the stored result is checked again.
    const placementId = input.placementId.toLowerCase();
    const ofPathway = await ctx.loaders.placementsByPathway.load(input.pathwayId.toLowerCase());
    ownedAbout(ofPathway.find((placement) => placement.id === placementId), jobCentreId, input.pathwayId);
    const { placementId: checkedId, pathwayId } = await idempotent(ctx, { key: input.idempotencyKey, operation: "recordRetentionCheck", input }, async (tx) => {
      const placement = ownedAbout(await new PlacementRepository(tx).lock(input.placementId), jobCentreId, input.pathwayId);
      // A 6-month check made at 5 months would count her as retained before she was.
      if (input.checkedOn < addMonths(placement.startOn!, input.monthsAfterStart)) {
        throw badUserInput("`checkedOn` cannot be before `monthsAfterStart` months after the placement started.", "checkedOn");
      }
      const checks = new RetentionCheckRepository(tx);
      if (await checks.exists(placement.id, input.monthsAfterStart)) {
        throw badUserInput("This month mark is already checked.", "monthsAfterStart");
      }
      const id = randomUUID();
      await checks.insertMany([
        {
          id,
          placement_id: placement.id,
          months_after_start: input.monthsAfterStart,
          checked_on: input.checkedOn,
          still_employed: input.stillEmployed,
          note: input.note?.trim() || null,
          recorded_by: ctx.actor.userId,
        },
      ]);
      return { id, placementId: placement.id, pathwayId: placement.pathwayId };
    });
    ctx.loaders.retentionChecksByPlacement.clear(checkedId);
    // Her pathway: the client reads the check through `Pathway.placements`, under her receipt.
    return pathwayRef(pathwayId);
  }
}
