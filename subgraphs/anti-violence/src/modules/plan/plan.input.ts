import { Field, ID, InputType } from "type-graphql";
import { IsIn, IsOptional, IsUUID, Length } from "class-validator";
import { DateScalar, IdempotentInput } from "@percorsi/kit/author";
import { GOAL_AREAS, GOAL_STATUSES, GoalAreaEnum, GoalStatusEnum, type GoalArea, type GoalStatus } from "./plan.type.js";

@InputType({ description: "A new goal; the plan is created with its first goal. Goals start PLANNED." })
export class AddPlanGoalInput extends IdempotentInput {
  @Field(() => ID, { description: "The pathway, held by your organisation and not closed." })
  @IsUUID()
  pathwayId: string;

  @Field(() => GoalAreaEnum, { description: "What the goal is about." })
  @IsIn(GOAL_AREAS)
  area: GoalArea;

  @Field(() => String, { description: "The goal, in words agreed with her (1 to 300 characters)." })
  @Length(1, 300)
  description: string;

  @Field(() => ID, { description: "The network organisation that works on this goal with her." })
  @Length(1, 100)
  responsibleOrganisationId: string;

  @Field(() => DateScalar, { nullable: true, description: "The day it should be reached by; optional." })
  @IsOptional()
  dueOn?: string | null;
}

@InputType({ description: "Changes to a goal: only the fields given change; `dueOn: null` clears the date." })
export class UpdatePlanGoalInput {
  @Field(() => ID, { description: "The goal to change." })
  @IsUUID()
  goalId: string;

  @Field(() => GoalStatusEnum, { nullable: true, description: "Its new status." })
  @IsOptional()
  @IsIn(GOAL_STATUSES)
  status?: GoalStatus | null;

  @Field(() => String, { nullable: true, description: "Its new wording (1 to 300 characters)." })
  @IsOptional()
  @Length(1, 300)
  description?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Its new due day; null clears it." })
  @IsOptional()
  dueOn?: string | null;
}

@InputType({ description: "Her signature on the draft plan of a pathway your organisation holds." })
export class SignPlanInput {
  @Field(() => ID, { description: "The pathway, held by your organisation and not closed." })
  @IsUUID()
  pathwayId: string;

  @Field(() => DateScalar, { nullable: true, description: "Defaults to today." })
  @IsOptional()
  signedOn?: string | null;
}
