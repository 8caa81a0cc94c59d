import { Field, ID, InputType, Int } from "type-graphql";
import { IsIn, IsInt, IsUUID, Length, Max, Min } from "class-validator";
import { CONTRACT_TYPES, ContractTypeEnum, type ContractType } from "./contract-type.js";

/** What a placement and a vacancy both state about a job: the employer and its terms. */
@InputType()
export abstract class JobTermsInput {
  @Field(() => ID)
  @IsUUID()
  employerId: string;

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
}
