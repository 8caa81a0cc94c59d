import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { ConnectionType, DateScalar, Sensitive, enumObject } from "@percorsi/kit";

export const ENROLMENT_STATUSES = ["ENROLLED", "COMPLETED", "WITHDRAWN"] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];
export const EnrolmentStatusEnum = enumObject<EnrolmentStatus>(ENROLMENT_STATUSES);
registerEnumType(EnrolmentStatusEnum, { name: "EnrolmentStatus", description: "Where a pathway's enrolment in a course stands." });

@ObjectType({
  description:
    "A woman's pathway enrolled in a course. Personal data (TRAINING): only the training body that runs the course sees it.",
})
export class Enrolment {
  @Field(() => ID)
  id: string;

  /** Not fields: read through `pathway` and `course`, and used by permission checks. */
  pathwayId: string;
  courseId: string;
  trainingBodyId: string;

  @Field(() => EnrolmentStatusEnum, { nullable: true })
  @Sensitive("TRAINING")
  status: EnrolmentStatus | null;

  @Field(() => DateScalar, { nullable: true })
  @Sensitive("TRAINING")
  enrolledOn: string | null;

  @Field(() => DateScalar, { nullable: true })
  @Sensitive("TRAINING")
  completedOn: string | null;

  @Field(() => DateScalar, { nullable: true })
  @Sensitive("TRAINING")
  withdrawnOn: string | null;

  @Field(() => String, { nullable: true, description: "The certificate awarded on completion, if any." })
  @Sensitive("TRAINING")
  certificate: string | null;
}

@ObjectType()
export class EnrolmentConnection extends ConnectionType(Enrolment) {}
