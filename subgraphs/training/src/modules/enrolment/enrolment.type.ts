import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { DateScalar, Sensitive, enumObject, type ReceiptCarrier, NotPersonal } from "@percorsi/kit/author";

export const ENROLMENT_STATUSES = ["ENROLLED", "COMPLETED", "WITHDRAWN"] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];
export const EnrolmentStatusEnum = enumObject<EnrolmentStatus>(ENROLMENT_STATUSES);
registerEnumType(EnrolmentStatusEnum, { name: "EnrolmentStatus", description: "Where a pathway's enrolment in a course stands." });

@ObjectType({
  description:
    "A woman's pathway enrolled in a course. Personal data (TRAINING), read under `Pathway.enrolments` only: the training body that runs the course sees it unless her pathway is sealed; anyone else only as her consent allows.",
})
export class Enrolment implements ReceiptCarrier {
  @Field(() => ID, { description: "The enrolment's own random id." })
  @NotPersonal("the record's own random id")
  id: string;

  /** Not fields: read through `pathway` and `course`, and used by permission checks. */
  pathwayId: string;
  courseId: string;
  trainingBodyId: string;
  /** The pathway's consent receipt, carried from the `Pathway` it was read under (see `carryReceipt`). */
  consentReceipt?: string | null;

  @Field(() => EnrolmentStatusEnum, { nullable: true, description: "Where the enrolment stands." })
  @Sensitive("TRAINING")
  status: EnrolmentStatus | null;

  @Field(() => DateScalar, { nullable: true, description: "The day she was enrolled." })
  @Sensitive("TRAINING")
  enrolledOn: string | null;

  @Field(() => DateScalar, { nullable: true, description: "The day she completed the course; null unless COMPLETED." })
  @Sensitive("TRAINING")
  completedOn: string | null;

  @Field(() => DateScalar, { nullable: true, description: "The day she withdrew; null unless WITHDRAWN." })
  @Sensitive("TRAINING")
  withdrawnOn: string | null;

  @Field(() => String, { nullable: true, description: "The certificate awarded on completion, if any." })
  @Sensitive("TRAINING")
  certificate: string | null;
}
