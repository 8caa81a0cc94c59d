import { Field, ID, ObjectType } from "type-graphql";
import { DateScalar, Sensitive, NotPersonal } from "@percorsi/kit/author";
import {
  EconomicSituationEnum,
  HousingSituationEnum,
  type EconomicSituation,
  type HousingSituation,
} from "../needs-assessment/needs-assessment.type.js";

@ObjectType({
  description:
    "A follow-up review of her economic and housing situation, made by the case-holder with her (the needs assessment holds the one at intake).",
})
export class SituationReview {
  @Field(() => ID, { description: "The review's own random id." })
  @NotPersonal("the record's own random id")
  id: string;

  /** Not a field: the permission facts and loaders key on it. */
  pathwayId: string;

  @Field(() => DateScalar, { nullable: true, description: "The day of the review." })
  @Sensitive("CASE_STATUS")
  reviewedOn: string | null;

  @Field(() => EconomicSituationEnum, { nullable: true, description: "Her own means, at the review." })
  @Sensitive("ECONOMIC")
  economicSituation: EconomicSituation | null;

  @Field(() => HousingSituationEnum, { nullable: true, description: "Where she lives, at the review." })
  @Sensitive("HOUSING")
  housingSituation: HousingSituation | null;
}
