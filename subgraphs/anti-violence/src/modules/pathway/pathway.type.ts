import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { ConnectionType, DateScalar, Sensitive, enumObject } from "@percorsi/kit/author";

export const PATHWAY_STAGES = ["INTAKE", "NEEDS_ANALYSIS", "PLAN_ACTIVE", "FOLLOW_UP", "CLOSED"] as const;
export type PathwayStage = (typeof PATHWAY_STAGES)[number];
export const PathwayStageEnum = enumObject<PathwayStage>(PATHWAY_STAGES);
registerEnumType(PathwayStageEnum, { name: "PathwayStage", description: "Where a woman's pathway to autonomy stands." });

@ObjectType({
  description:
    "A woman's pathway to economic autonomy, held by one anti-violence centre or shelter. Its id is pseudonymous and random; her identity never leaves the case-holder.",
})
@Directive('@key(fields: "id")')
export class Pathway {
  @Field(() => ID, { description: "Pseudonymous and random: the same in every subgraph, and says nothing about her." })
  id: string;

  /** Not a field: read through `holder`, and used by permission checks. */
  holderId: string;

  /** Not a field: sealed by the case-holder (an open seal exists); used by permission checks. */
  sealed: boolean;

  @Field(() => PathwayStageEnum, { nullable: true, description: "Where her pathway stands." })
  @Sensitive("CASE_STATUS")
  stage: PathwayStage | null;

  @Field(() => DateScalar, { nullable: true, description: "The day it opened, at intake." })
  @Sensitive("CASE_STATUS")
  openedOn: string | null;

  @Field(() => DateScalar, { nullable: true, description: "The day it closed; null while it is open." })
  @Sensitive("CASE_STATUS")
  closedOn: string | null;

  @Field(() => String, { nullable: true, description: "Why the pathway closed (e.g. AUTONOMY_REACHED)." })
  @Sensitive("CASE_STATUS")
  closingReason: string | null;
}

@ObjectType({ description: "A page of the pathways your organisation may see." })
export class PathwayConnection extends ConnectionType(Pathway) {}
