import { Field, ID, ObjectType } from "type-graphql";
import { ConnectionType, DateScalar, NotPersonal } from "@percorsi/kit/author";

/** An employer a job centre follows. About a company, not a woman: not personal data. */
@ObjectType({ description: "An employer followed by a job centre (not personal data)." })
@NotPersonal("an employer: a company, not a woman")
export class Employer {
  @Field(() => ID, { description: "The employer's own id." })
  id: string;

  /** Read through `jobCentre`; decides who may change the employer's vacancies. */
  jobCentreId: string;

  @Field(() => String, { description: "The company's name." })
  name: string;

  @Field(() => String, { description: "Its sector of activity." })
  sector: string;

  @Field(() => String, { description: "The city district it is in." })
  district: string;

  @Field(() => DateScalar, { nullable: true, description: "When it signed the network's safe-workplace commitment." })
  safeWorkplaceCommitmentSignedOn: string | null;

  @Field(() => Boolean, { description: "Whether it has an anti-harassment policy." })
  hasAntiHarassmentPolicy: boolean;
}

@ObjectType({ description: "A page of employers." })
export class EmployerConnection extends ConnectionType(Employer) {}
