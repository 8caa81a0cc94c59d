import { ArgsType, Field, ID } from "type-graphql";
import { IsIn, IsOptional, IsUUID } from "class-validator";
import { PageArgs } from "@percorsi/kit/author";
import { ENROLMENT_STATUSES, EnrolmentStatusEnum, type EnrolmentStatus } from "../enrolment/enrolment.type.js";

@ArgsType()
export class TrainingCaseloadArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: "Only pathways enrolled in this course of yours." })
  @IsOptional()
  @IsUUID()
  courseId?: string | null;

  @Field(() => EnrolmentStatusEnum, { nullable: true, description: "Only pathways with an enrolment in this status." })
  @IsOptional()
  @IsIn(ENROLMENT_STATUSES)
  status?: EnrolmentStatus | null;
}
