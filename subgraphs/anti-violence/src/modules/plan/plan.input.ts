import { Field, ID, InputType } from "type-graphql";
import { IsIn, IsOptional, IsUUID, Length } from "class-validator";
import { DateScalar, IdempotentInput } from "@percorsi/kit/author";
import { GOAL_AREAS, GOAL_STATUSES, GoalAreaEnum, GoalStatusEnum, type GoalArea, type GoalStatus } from "./plan.type.js";

@InputType({ description: "A new goal; the plan is created with its first goal. Goals start PLANNED." })
export class AddPlanGoalInput extends IdempotentInput {
  @Field(() => ID)
  @IsUUID()
  pathwayId: string;

  @Field(() => GoalAreaEnum)
  @IsIn(GOAL_AREAS)
  area: GoalArea;

  @Field(() => String)
  @Length(1, 300)
  description: string;

  @Field(() => ID, { description: "The network organisation that works on this goal with her." })
  @Length(1, 100)
  responsibleOrganisationId: string;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  dueOn?: string | null;
}

@InputType({ description: "Changes to a goal: only the fields given change; `dueOn: null` clears the date." })
export class UpdatePlanGoalInput {
  @Field(() => ID)
  @IsUUID()
  goalId: string;

  @Field(() => GoalStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(GOAL_STATUSES)
  status?: GoalStatus | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 300)
  description?: string | null;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  dueOn?: string | null;
}

@InputType()
export class SignPlanInput {
  @Field(() => ID)
  @IsUUID()
  pathwayId: string;

  @Field(() => DateScalar, { nullable: true, description: "Defaults to today." })
  @IsOptional()
  signedOn?: string | null;
}
