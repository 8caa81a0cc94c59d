import { ArgsType, Field, ID, InputType } from "type-graphql";
import { ArrayMaxSize, IsIn, IsOptional, IsUUID, Length, Matches } from "class-validator";
import { AboutPathwayInput, DateScalar, IdempotentInput, ISO_DATE, PageArgs } from "@percorsi/kit/author";
import { JOB_SEEKER_STATUSES, JobSeekerStatusEnum, type JobSeekerStatus } from "./job-seeker.type.js";

const MAX_ITEMS = 30;

@ArgsType()
export class CaseloadArgs extends PageArgs {
  @Field(() => JobSeekerStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(JOB_SEEKER_STATUSES)
  status?: JobSeekerStatus | null;
}

@InputType({ description: "Registers a woman referred to your job centre, by her pathway id." })
export class RegisterJobSeekerInput extends IdempotentInput {
  @Field(() => ID, { description: "Her pathway's pseudonymous id, as the case-holder gave it in the referral." })
  @IsUUID()
  pathwayId: string;

  @Field(() => [String], { description: "Her skills, at most 30." })
  @ArrayMaxSize(MAX_ITEMS)
  @Length(1, 100, { each: true })
  skills: string[];

  @Field(() => [String], { description: "The occupations she is looking for, at most 30." })
  @ArrayMaxSize(MAX_ITEMS)
  @Length(1, 100, { each: true })
  wishedOccupations: string[];

  @Field(() => String, { description: "When she can work, e.g. PART_TIME_MORNINGS." })
  @Length(1, 60)
  availability: string;

  @Field(() => DateScalar, { nullable: true, description: "Defaults to today." })
  @IsOptional()
  @Matches(ISO_DATE)
  registeredOn?: string | null;
}

@InputType({ description: "Changes a registration; fields left out stay as they are." })
export class UpdateJobSeekerInput extends AboutPathwayInput {
  @Field(() => ID, { description: "The registration to change." })
  @IsUUID()
  id: string;

  @Field(() => JobSeekerStatusEnum, { nullable: true, description: "Its new status." })
  @IsOptional()
  @IsIn(JOB_SEEKER_STATUSES)
  status?: JobSeekerStatus | null;

  @Field(() => [String], { nullable: true, description: "Her skills, replacing those recorded." })
  @IsOptional()
  @ArrayMaxSize(MAX_ITEMS)
  @Length(1, 100, { each: true })
  skills?: string[] | null;

  @Field(() => [String], { nullable: true, description: "The occupations she is looking for, replacing those recorded." })
  @IsOptional()
  @ArrayMaxSize(MAX_ITEMS)
  @Length(1, 100, { each: true })
  wishedOccupations?: string[] | null;

  @Field(() => String, { nullable: true, description: "When she can work, e.g. PART_TIME_MORNINGS." })
  @IsOptional()
  @Length(1, 60)
  availability?: string | null;
}

@InputType({ description: "Her first appointment with a counsellor at your job centre." })
export class RecordFirstAppointmentInput extends AboutPathwayInput {
  @Field(() => ID, { description: "Her registration at your job centre." })
  @IsUUID()
  jobSeekerId: string;

  @Field(() => DateScalar, { description: "The day of her first appointment with a counsellor." })
  @Matches(ISO_DATE)
  firstAppointmentOn: string;
}
