import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { DateScalar, Sensitive, enumObject, NotPersonal } from "@percorsi/kit/author";

export const JOB_SEEKER_STATUSES = ["REGISTERED", "ACTIVE_SEARCH", "PLACED", "SUSPENDED", "CLOSED"] as const;
export type JobSeekerStatus = (typeof JOB_SEEKER_STATUSES)[number];
export const JobSeekerStatusEnum = enumObject<JobSeekerStatus>(JOB_SEEKER_STATUSES);
registerEnumType(JobSeekerStatusEnum, { name: "JobSeekerStatus", description: "Where her job search stands at a job centre." });

@ObjectType({
  description: "A woman's registration with a job centre, known by her pseudonymous pathway only. Her job centre's record.",
})
export class JobSeeker {
  @Field(() => ID, { description: "The registration's own random id." })
  @NotPersonal("the record's own random id")
  id: string;

  /** Read through `pathway` and `jobCentre`; the permission facts come from them. */
  pathwayId: string;
  jobCentreId: string;
  /** Not a field: the pathway's receipt, carried when reached under `Pathway` (see `carryReceipt`). */
  consentReceipt?: string | null;

  @Field(() => String, { description: "The counsellor who follows her: a staff user id, not her data." })
  @NotPersonal("a staff user id, not hers")
  counsellorId: string;

  @Field(() => DateScalar, { nullable: true, description: "The day she registered at the job centre." })
  @Sensitive("JOB_SEARCH")
  registeredOn: string | null;

  @Field(() => DateScalar, { nullable: true, description: "The day of her first appointment with a counsellor; null until it is recorded." })
  @Sensitive("JOB_SEARCH")
  firstAppointmentOn: string | null;

  @Field(() => [String], { nullable: true, description: "Her skills, as the job centre records them." })
  @Sensitive("EDUCATION_SKILLS")
  skills: string[] | null;

  @Field(() => [String], { nullable: true, description: "The occupations she is looking for." })
  @Sensitive("JOB_SEARCH")
  wishedOccupations: string[] | null;

  @Field(() => String, { nullable: true, description: "When she can work, e.g. PART_TIME_MORNINGS." })
  @Sensitive("JOB_SEARCH")
  availability: string | null;

  @Field(() => JobSeekerStatusEnum, { nullable: true, description: "Where her job search stands." })
  @Sensitive("JOB_SEARCH")
  status: JobSeekerStatus | null;
}
