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

@InputType({ description: "A follow-up review of her economic and housing situation on a pathway your organisation holds." })
export class RecordSituationReviewInput extends IdempotentInput {
  @Field(() => ID, { description: "The pathway, held by your organisation and not closed." })
  @IsUUID()
  pathwayId: string;

  @Field(() => DateScalar, { nullable: true, description: "Defaults to today; not in the future, not before the pathway opened." })
  @IsOptional()
  reviewedOn?: string | null;

  @Field(() => EconomicSituationEnum, { description: "Her own means, at the review." })
  @IsIn(ECONOMIC_SITUATIONS)
  economicSituation: EconomicSituation;

  @Field(() => HousingSituationEnum, { description: "Where she lives, at the review." })
  @IsIn(HOUSING_SITUATIONS)
  housingSituation: HousingSituation;
}
