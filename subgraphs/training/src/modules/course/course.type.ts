import { Field, ID, Int, ObjectType } from "type-graphql";
import { ConnectionType, DateScalar, NotPersonal } from "@percorsi/kit/author";

@ObjectType({ description: "A course edition a training body runs. Not personal data: any authenticated caller may read it." })
@NotPersonal("a course edition a training body runs, open to every caller")
export class Course {
  @Field(() => ID)
  id: string;

  /** Not a field: read through `trainingBody`, and used by ownership checks. */
  trainingBodyId: string;

  @Field(() => String)
  title: string;

  @Field(() => [String])
  skillsTaught: string[];

  @Field(() => String, { description: "When it meets, e.g. MON_WED_FRI_MORNING." })
  schedule: string;

  @Field(() => String)
  district: string;

  @Field(() => Int)
  seats: number;

  @Field(() => Boolean, { description: "Whether childcare is offered during lessons." })
  childcareOffered: boolean;

  @Field(() => DateScalar)
  startsOn: string;

  @Field(() => DateScalar)
  endsOn: string;
}

@ObjectType({ description: "A page of training courses." })
export class CourseConnection extends ConnectionType(Course) {}
