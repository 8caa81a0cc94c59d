import { IsIn, IsOptional, Matches } from "class-validator";
import { AboutPathwayInput, DateScalar, Field, IdempotencyKeyField, InputType, ISO_DATE } from "@percorsi/kit/author";
import { HOUSING_SCHEMES, HousingSchemeEnum, type HousingScheme } from "./housing.type.js";

@InputType({ description: "Records her application for social or protected housing at your housing body." })
export class RecordHousingApplicationInput extends AboutPathwayInput {
  @IdempotencyKeyField()
  idempotencyKey?: string | null;

  @Field(() => HousingSchemeEnum, { description: "The scheme she applies for." })
  @IsIn(HOUSING_SCHEMES)
  scheme: HousingScheme;

  @Field(() => DateScalar, { nullable: true, description: "Defaults to today; not in the future." })
  @IsOptional()
  @Matches(ISO_DATE)
  submittedOn?: string | null;
}
