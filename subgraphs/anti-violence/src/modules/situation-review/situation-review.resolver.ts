import { randomUUID } from "node:crypto";
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { badUserInput, idempotent, Sensitive, today } from "@percorsi/kit/author";
import type { AntiViolenceContext } from "../../context.js";
import { changeablePathway, closedPathway } from "../pathway/pathway.access.js";
import { PathwayRepository } from "../pathway/pathway.repository.js";
import { Pathway } from "../pathway/pathway.type.js";
import { RecordSituationReviewInput } from "./situation-review.input.js";
import { SituationReviewRepository } from "./situation-review.repository.js";
import { SituationReview } from "./situation-review.type.js";

@Resolver(() => Pathway)
export class SituationReviewResolver {
  @FieldResolver(() => [SituationReview], {
    nullable: true,
    description: "Follow-up reviews of her economic and housing situation, oldest first. Each part is released by its own category.",
  })
  @Sensitive("CASE_STATUS")
  situationReviews(@Root() pathway: Pathway, @Ctx() ctx: AntiViolenceContext): Promise<SituationReview[]> {
    return ctx.loaders.situationReviews.load(pathway.id);
  }

  @Mutation(() => SituationReview, {
    nullable: true,
    description: "Records a follow-up review of her economic and housing situation on a pathway your organisation holds.",
  })
  async recordSituationReview(
    @Arg("input", () => RecordSituationReviewInput) input: RecordSituationReviewInput,
    @Ctx() ctx: AntiViolenceContext,
  ): Promise<SituationReview> {
    // The kit's write rule has decided and audited the write (each category it writes); only the holder passes it.
    const pathway = await changeablePathway(input.pathwayId, ctx);
    const reviewedOn = input.reviewedOn ?? today();
    if (reviewedOn > today()) throw badUserInput("`reviewedOn` cannot be in the future.", "reviewedOn");
    if (pathway.openedOn && reviewedOn < pathway.openedOn) throw badUserInput("`reviewedOn` cannot be before the pathway opened.", "reviewedOn");
    const { id } = await idempotent(ctx, { key: input.idempotencyKey, operation: "recordSituationReview", input }, async (tx) => {
      if ((await new PathwayRepository(tx).lockStage(pathway.id)) === "CLOSED") throw closedPathway();
      const id = randomUUID();
      await new SituationReviewRepository(tx).insert({
        id,
        pathwayId: pathway.id,
        reviewedOn,
        reviewedBy: ctx.actor.userId,
        economicSituation: input.economicSituation,
        housingSituation: input.housingSituation,
      });
      return { id };
    });
    ctx.loaders.situationReviews.clear(pathway.id);
    const reviews = await ctx.loaders.situationReviews.load(pathway.id);
    return reviews.find((review) => review.id === id)!;
  }
}
