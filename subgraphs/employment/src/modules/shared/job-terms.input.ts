import { Field, ID, InputType, Int } from "type-graphql";
import { IsIn, IsInt, IsUUID, Length, Max, Min } from "class-validator";
import { CONTRACT_TYPES, ContractTypeEnum, type ContractType } from "./contract-type.js";

/** What a placement and a vacancy both state about a job: the employer and its terms. */
@InputType()
export abstract class JobTermsInput {
  @Field(() => ID, { description: "The employer, one your job centre follows." })
  @IsUUID()
  employerId: string;

  @Field(() => String, { description: "The occupation (1 to 100 characters)." })
  @Length(1, 100)
  occupation: string;

  @Field(() => ContractTypeEnum, { description: "The kind of contract." })
  @IsIn(CONTRACT_TYPES)
  contractType: ContractType;

  @Field(() => Int, { description: "Contract hours per week, 1 to 48." })
  @IsInt()
  @Min(1)
  @Max(48)
  weeklyHours: number;
}
