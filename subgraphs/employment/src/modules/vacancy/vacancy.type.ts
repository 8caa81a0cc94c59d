import { Field, ID, Int, ObjectType } from "type-graphql";
import { ConnectionType, DateScalar, NotPersonal } from "@percorsi/kit/author";
import { ContractTypeEnum, type ContractType } from "../shared/contract-type.js";

@ObjectType({ description: "A job an employer offers through a job centre (not personal data)." })
@NotPersonal("a job an employer offers, open to every caller")
export class Vacancy {
  @Field(() => ID, { description: "The vacancy's own id." })
  id: string;

  /** Read through `employer` and `jobCentre`; the job centre decides who may close it. */
  employerId: string;
  jobCentreId: string;

  @Field(() => String, { description: "Its title, as advertised." })
  title: string;

  @Field(() => String, { description: "The occupation it is for." })
  occupation: string;

  @Field(() => ContractTypeEnum, { description: "The kind of contract offered." })
  contractType: ContractType;

  @Field(() => Int, { description: "Contract hours per week." })
  weeklyHours: number;

  @Field(() => String, { description: "The city district where the job is." })
  district: string;

  @Field(() => DateScalar, { description: "The day it opened." })
  openedOn: string;

  @Field(() => DateScalar, { nullable: true, description: "None while it is open." })
  closedOn: string | null;
}

@ObjectType({ description: "A page of vacancies." })
export class VacancyConnection extends ConnectionType(Vacancy) {}
