import { Field, ID, InputType } from "type-graphql";
import { IsOptional, IsUUID, Length, Matches } from "class-validator";
import { AboutPathwayInput, DateScalar, IdempotentInput, ISO_DATE } from "@percorsi/kit/author";

@InputType({ description: "Enrols a pathway in one of your training body's courses." })
export class EnrolInCourseInput extends IdempotentInput {
  @Field(() => ID, { description: "The pathway's pseudonymous id, as the case-holder gave it in the referral." })
  @IsUUID()
  pathwayId: string;

  @Field(() => ID, { description: "One of your training body's courses." })
  @IsUUID()
  courseId: string;

  @Field(() => DateScalar, { nullable: true, description: "Defaults to today; not in the future, not after the course ends." })
  @IsOptional()
  @Matches(ISO_DATE)
  enrolledOn?: string | null;
}

@InputType({ description: "Her completion of a course of your training body." })
export class CompleteEnrolmentInput extends AboutPathwayInput {
  @Field(() => ID, { description: "The enrolment, in one of your training body's courses." })
  @IsUUID()
  enrolmentId: string;

  @Field(() => DateScalar, { nullable: true, description: "Defaults to today; not before enrolment, not in the future." })
  @IsOptional()
  @Matches(ISO_DATE)
  completedOn?: string | null;

  @Field(() => String, { nullable: true, description: "The certificate awarded, if any." })
  @IsOptional()
  @Length(1, 200)
  @Matches(/\S/)
  certificate?: string | null;
}

@InputType({ description: "Her withdrawal from a course of your training body." })
export class WithdrawEnrolmentInput extends AboutPathwayInput {
  @Field(() => ID, { description: "The enrolment, in one of your training body's courses." })
  @IsUUID()
  enrolmentId: string;

  @Field(() => DateScalar, { nullable: true, description: "Defaults to today; not before enrolment, not in the future." })
  @IsOptional()
  @Matches(ISO_DATE)
  withdrawnOn?: string | null;
}
