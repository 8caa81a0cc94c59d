import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { badUserInput, forbidden, Sensitive } from "@percorsi/kit/author";
import type { AntiViolenceContext } from "../../context.js";
import { Organisation } from "../organisation/organisation.type.js";
import { changeablePathway } from "../pathway/pathway.access.js";
import { UpdatePlanGoalInput } from "./plan.input.js";
import { PlanGoalRepository } from "./plan-goal.repository.js";
import { PlanGoal } from "./plan.type.js";

@Resolver(() => PlanGoal)
export class PlanGoalResolver {
  @FieldResolver(() => Organisation, { nullable: true, description: "The network organisation that works on this goal with her." })
  @Sensitive("PLAN")
  responsibleOrganisation(@Root() goal: PlanGoal, @Ctx() ctx: AntiViolenceContext): Promise<Organisation | null> {
    return ctx.loaders.organisation.load(goal.responsibleOrganisationId);
  }

  @Mutation(() => PlanGoal, { nullable: true, description: "Changes a goal's status, description or due date." })
  async updatePlanGoal(@Arg("input", () => UpdatePlanGoalInput) input: UpdatePlanGoalInput, @Ctx() ctx: AntiViolenceContext): Promise<PlanGoal> {
    // An unknown goal is refused like another centre's, so a refusal confirms nothing.
    const goal = await ctx.loaders.planGoal.load(input.goalId);
    if (!goal) throw forbidden("ORGANISATION");
    await changeablePathway(goal.pathwayId, ctx, "PLAN");
    if (input.status == null && input.description == null && input.dueOn === undefined) {
      throw badUserInput("Give at least one of `status`, `description`, `dueOn`.");
    }
    await ctx.db.transaction((tx) => new PlanGoalRepository(tx).update(goal.id, { status: input.status, description: input.description, dueOn: input.dueOn }));
    ctx.loaders.planGoal.clear(goal.id);
    ctx.loaders.planGoals.clear(goal.planId);
    return (await ctx.loaders.planGoal.load(goal.id))!;
  }
}
