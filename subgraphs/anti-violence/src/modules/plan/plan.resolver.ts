import { randomUUID } from "node:crypto";
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { badUserInput, idempotent, Sensitive, today } from "@percorsi/kit/author";
import type { AntiViolenceContext } from "../../context.js";
import { changeablePathway, closedPathway } from "../pathway/pathway.access.js";
import { PathwayRepository } from "../pathway/pathway.repository.js";
import { Pathway } from "../pathway/pathway.type.js";
import { AddPlanGoalInput, SignPlanInput } from "./plan.input.js";
import { PlanGoalRepository } from "./plan-goal.repository.js";
import { PlanRepository } from "./plan.repository.js";
import { EmpowermentPlan, PlanGoal } from "./plan.type.js";

@Resolver(() => Pathway)
export class PathwayPlanResolver {
  @FieldResolver(() => EmpowermentPlan, { nullable: true, description: "Her empowerment plan; null until its first goal." })
  @Sensitive("PLAN")
  plan(@Root() pathway: Pathway, @Ctx() ctx: AntiViolenceContext): Promise<EmpowermentPlan | null> {
    return ctx.loaders.plan.load(pathway.id);
  }

  @Mutation(() => PlanGoal, { nullable: true, description: "Adds a goal to a pathway's plan, creating the (draft) plan with its first goal." })
  async addPlanGoal(@Arg("input", () => AddPlanGoalInput) input: AddPlanGoalInput, @Ctx() ctx: AntiViolenceContext): Promise<PlanGoal> {
    const pathway = await changeablePathway(input.pathwayId, ctx);
    if (pathway.stage === "INTAKE") throw badUserInput("Record the needs assessment before planning.", "pathwayId");
    if (!(await ctx.loaders.organisation.load(input.responsibleOrganisationId))) {
      throw badUserInput("`responsibleOrganisationId` is not a network organisation.", "responsibleOrganisationId");
    }
    const { id, planId } = await idempotent(ctx, { key: input.idempotencyKey, operation: "addPlanGoal", input }, async (tx) => {
      const id = randomUUID();
      if ((await new PathwayRepository(tx).lockStage(pathway.id)) === "CLOSED") throw closedPathway();
      const planId = await new PlanRepository(tx).ensure(randomUUID(), pathway.id, today());
      await new PlanGoalRepository(tx).add({
        id,
        planId,
        pathwayId: pathway.id,
        area: input.area,
        description: input.description,
        responsibleOrganisationId: input.responsibleOrganisationId,
        status: "PLANNED",
        dueOn: input.dueOn ?? null,
      });
      return { id, planId };
    });
    ctx.loaders.plan.clear(pathway.id);
    ctx.loaders.planGoals.clear(planId);
    return (await ctx.loaders.planGoal.load(id))!;
  }

  @Mutation(() => Pathway, {
    nullable: true,
    description: "Records that she signed her plan. A pathway in NEEDS_ANALYSIS moves to PLAN_ACTIVE.",
  })
  async signPlan(@Arg("input", () => SignPlanInput) input: SignPlanInput, @Ctx() ctx: AntiViolenceContext): Promise<Pathway> {
    const pathway = await changeablePathway(input.pathwayId, ctx);
    const plan = await ctx.loaders.plan.load(pathway.id);
    if (!plan || (await ctx.loaders.planGoals.load(plan.id)).length === 0) {
      throw badUserInput("The pathway has no plan to sign: add a goal first.", "pathwayId");
    }
    if (plan.signedOn) throw badUserInput("The plan is already signed.", "pathwayId");
    const signedOn = input.signedOn ?? today();
    if (signedOn > today()) throw badUserInput("`signedOn` cannot be in the future.", "signedOn");
    if (plan.createdOn && signedOn < plan.createdOn) throw badUserInput("`signedOn` cannot be before the plan was created.", "signedOn");
    await ctx.db.transaction(async (tx) => {
      const pathways = new PathwayRepository(tx);
      if ((await pathways.lockStage(pathway.id)) === "CLOSED") throw closedPathway();
      if (!(await new PlanRepository(tx).sign(plan.id, signedOn))) throw badUserInput("The plan is already signed.", "pathwayId");
      await pathways.advanceStage(pathway.id, "NEEDS_ANALYSIS", "PLAN_ACTIVE");
    });
    ctx.loaders.plan.clear(pathway.id);
    ctx.loaders.pathway.clear(pathway.id);
    return (await ctx.loaders.pathway.load(pathway.id))!;
  }
}

@Resolver(() => EmpowermentPlan)
export class EmpowermentPlanResolver {
  @FieldResolver(() => [PlanGoal], { nullable: true, description: "Its goals, each with the organisation that works on it with her." })
  @Sensitive("PLAN")
  goals(@Root() plan: EmpowermentPlan, @Ctx() ctx: AntiViolenceContext): Promise<PlanGoal[]> {
    return ctx.loaders.planGoals.load(plan.id);
  }
}
