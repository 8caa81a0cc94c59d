import { Field, ID, InputType } from "type-graphql";
import { IsIn, IsOptional, IsUUID, Matches } from "class-validator";
import { DateScalar, IdempotencyKeyField, ISO_DATE } from "@percorsi/kit/author";
import { HOUSING_SCHEMES, HousingSchemeEnum, type HousingScheme } from "./housing.type.js";

@InputType({ description: "Records her application for social or protected housing at your housing body." })
export class RecordHousingApplicationInput {
  @IdempotencyKeyField()
  idempotencyKey?: string | null;

  @Field(() => ID, { description: "Her pathway, as the case-holder gave it in the referral: the write is decided on her consent for it." })
  @IsUUID()
  pathwayId: string;

  @Field(() => HousingSchemeEnum, { description: "The scheme she applies for." })
  @IsIn(HOUSING_SCHEMES)
  scheme: HousingScheme;

  @Field(() => DateScalar, { nullable: true, description: "Defaults to today; not in the future." })
  @IsOptional()
  @Matches(ISO_DATE)
  submittedOn?: string | null;
}
