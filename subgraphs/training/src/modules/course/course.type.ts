import { Field, ID, Int, ObjectType } from "type-graphql";
import { ConnectionType, DateScalar, NotPersonal } from "@percorsi/kit/author";

@ObjectType({ description: "A course edition a training body runs. Not personal data: any authenticated caller may read it." })
@NotPersonal("a course edition a training body runs, open to every caller")
export class Course {
  @Field(() => ID, { description: "The course edition's own id." })
  id: string;

  /** Not a field: read through `trainingBody`, and used by ownership checks. */
  trainingBodyId: string;

  @Field(() => String, { description: "Its title." })
  title: string;

  @Field(() => [String], { description: "The skills it teaches." })
  skillsTaught: string[];

  @Field(() => String, { description: "When it meets, e.g. MON_WED_FRI_MORNING." })
  schedule: string;

  @Field(() => String, { description: "The city district where it meets." })
  district: string;

  @Field(() => Int, { description: "How many people it can take." })
  seats: number;

  @Field(() => Boolean, { description: "Whether childcare is offered during lessons." })
  childcareOffered: boolean;

  @Field(() => DateScalar, { description: "Its first day." })
  startsOn: string;

  @Field(() => DateScalar, { description: "Its last day." })
  endsOn: string;
}

@ObjectType({ description: "A page of training courses." })
export class CourseConnection extends ConnectionType(Course) {}
