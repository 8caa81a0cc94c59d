import { Field, ID, InputType } from "type-graphql";
import { IsIn, IsOptional, IsUUID } from "class-validator";
import { DateScalar, IdempotentInput } from "@percorsi/kit/author";
import {
  ECONOMIC_SITUATIONS,
  EconomicSituationEnum,
  HOUSING_SITUATIONS,
  HousingSituationEnum,
  type EconomicSituation,
  type HousingSituation,
} from "../needs-assessment/needs-assessment.type.js";

@InputType()
export class RecordSituationReviewInput extends IdempotentInput {
  @Field(() => ID)
  @IsUUID()
  pathwayId: string;

  @Field(() => DateScalar, { nullable: true, description: "Defaults to today; not in the future, not before the pathway opened." })
  @IsOptional()
  reviewedOn?: string | null;

  @Field(() => EconomicSituationEnum)
  @IsIn(ECONOMIC_SITUATIONS)
  economicSituation: EconomicSituation;

  @Field(() => HousingSituationEnum)
  @IsIn(HOUSING_SITUATIONS)
  housingSituation: HousingSituation;
}
