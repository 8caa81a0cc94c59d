import { Field, ID, InputType, Int } from "type-graphql";
import { IsIn, IsInt, IsOptional, IsUUID, Length, Matches, Max, Min } from "class-validator";
import { DateScalar, ISO_DATE } from "@percorsi/kit";
import { CONTRACT_TYPES, ContractTypeEnum, type ContractType } from "../shared/contract-type.js";

@InputType({ description: "A job she starts; a fixed-term contract needs its end day." })
export class RecordPlacementInput {
  @Field(() => ID)
  @IsUUID()
  jobSeekerId: string;

  @Field(() => ID)
  @IsUUID()
  employerId: string;

  @Field(() => ID, { nullable: true, description: "The vacancy she filled, if any: one of the employer's." })
  @IsOptional()
  @IsUUID()
  vacancyId?: string | null;

  @Field(() => String)
  @Length(1, 100)
  occupation: string;

  @Field(() => ContractTypeEnum)
  @IsIn(CONTRACT_TYPES)
  contractType: ContractType;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(48)
  weeklyHours: number;

  @Field(() => DateScalar)
  @Matches(ISO_DATE)
  startOn: string;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  @Matches(ISO_DATE)
  endOn?: string | null;
}
