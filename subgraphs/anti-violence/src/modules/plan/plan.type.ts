import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { DateScalar, Sensitive, enumObject, NotPersonal } from "@percorsi/kit/author";

export const GOAL_AREAS = ["EMPLOYMENT", "TRAINING", "HOUSING", "ECONOMIC", "CARE", "LEGAL", "WELLBEING"] as const;
export type GoalArea = (typeof GOAL_AREAS)[number];
export const GoalAreaEnum = enumObject<GoalArea>(GOAL_AREAS);
registerEnumType(GoalAreaEnum, { name: "GoalArea", description: "What a plan goal is about." });

export const GOAL_STATUSES = ["PLANNED", "IN_PROGRESS", "ACHIEVED", "DROPPED"] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
export const GoalStatusEnum = enumObject<GoalStatus>(GOAL_STATUSES);
registerEnumType(GoalStatusEnum, { name: "GoalStatus", description: "How far a plan goal has come." });

@ObjectType({ description: "One goal of her empowerment plan, and the organisation that works on it with her." })
export class PlanGoal {
  @Field(() => ID, { description: "The goal's own random id." })
  @NotPersonal("the record's own random id")
  id: string;

  /** Not fields: loaders and permission facts key on them; the organisation is read through `responsibleOrganisation`. */
  planId: string;
  pathwayId: string;
  responsibleOrganisationId: string;

  @Field(() => GoalAreaEnum, { nullable: true, description: "What the goal is about." })
  @Sensitive("PLAN")
  area: GoalArea | null;

  @Field(() => String, { nullable: true, description: "The goal, in words agreed with her." })
  @Sensitive("PLAN")
  description: string | null;

  @Field(() => GoalStatusEnum, { nullable: true, description: "How far it has come." })
  @Sensitive("PLAN")
  status: GoalStatus | null;

  @Field(() => DateScalar, { nullable: true, description: "The day it should be reached by; null if none was set." })
  @Sensitive("PLAN")
  dueOn: string | null;
}

@ObjectType({ description: "The individualized plan she agrees with the case-holder: goals, who helps with each, and when." })
export class EmpowermentPlan {
  @Field(() => ID, { description: "The plan's own random id." })
  @NotPersonal("the record's own random id")
  id: string;

  /** Not a field: the permission facts key on it. */
  pathwayId: string;

  @Field(() => DateScalar, { nullable: true, description: "The day the plan was created, with its first goal." })
  @Sensitive("PLAN")
  createdOn: string | null;

  @Field(() => DateScalar, { nullable: true, description: "When she signed it; null while it is a draft." })
  @Sensitive("PLAN")
  signedOn: string | null;
}
