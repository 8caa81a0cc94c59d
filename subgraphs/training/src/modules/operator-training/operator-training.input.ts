import { Field, Float, ID, InputType } from "type-graphql";
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsNumber, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from "class-validator";
import { DateScalar, IdempotentInput, ISO_DATE } from "@percorsi/kit/author";

/** Organisation ids are the directory's slugs, e.g. "cav-aurora". */
const ORGANISATION_ID = /^[a-z0-9][a-z0-9-]{1,63}$/;

@InputType({ description: "An operator who attended, with the organisation they work for." })
export class OperatorAttendeeInput {
  @Field(() => ID, { description: "A staff user id among the session's attending operators." })
  @IsString()
  @Length(1, 100)
  operatorId: string;

  @Field(() => ID, { description: "One of the session's attending organisations." })
  @Matches(ORGANISATION_ID)
  organisationId: string;
}

@InputType({ description: "A training session the network delivered to operators, hosted by your training body." })
export class RecordOperatorTrainingSessionInput extends IdempotentInput {
  @Field(() => ID, { description: "The organisation (usually an anti-violence centre) that delivered it." })
  @Matches(ORGANISATION_ID)
  trainerOrganisationId: string;

  @Field(() => DateScalar, { description: "Not in the future." })
  @Matches(ISO_DATE)
  heldOn: string;

  @Field(() => [String], { description: "What it covered: 1 to 10 topics (each 1 to 100 characters)." })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  topics: string[];

  @Field(() => Float, { description: "0.5 to 40." })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0.5)
  @Max(40)
  hours: number;

  @Field(() => [ID], { description: "Staff user ids of the operators who attended." })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  attendingOperatorIds: string[];

  @Field(() => [ID], { defaultValue: [], description: "The organisations whose operators attended." })
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(ORGANISATION_ID, { each: true })
  attendingOrganisationIds: string[];

  @Field(() => [OperatorAttendeeInput], {
    nullable: true,
    description:
      "Each attending operator with the organisation they work for (the share of a job centre's staff trained is counted on it). Optional; each operator at most once.",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique((a: OperatorAttendeeInput) => a.operatorId)
  @ValidateNested({ each: true })
  attendees?: OperatorAttendeeInput[] | null;
}
