import { Field, ID, Int, ObjectType } from "type-graphql";
import { ConnectionType, DateScalar, NotPersonal } from "@percorsi/kit/author";
import { ContractTypeEnum, type ContractType } from "../shared/contract-type.js";

@ObjectType({ description: "A job an employer offers through a job centre (not personal data)." })
@NotPersonal("a job an employer offers, open to every caller")
export class Vacancy {
  @Field(() => ID)
  id: string;

  /** Read through `employer` and `jobCentre`; the job centre decides who may close it. */
  employerId: string;
  jobCentreId: string;

  @Field(() => String)
  title: string;

  @Field(() => String)
  occupation: string;

  @Field(() => ContractTypeEnum)
  contractType: ContractType;

  @Field(() => Int)
  weeklyHours: number;

  @Field(() => String)
  district: string;

  @Field(() => DateScalar)
  openedOn: string;

  @Field(() => DateScalar, { nullable: true, description: "None while it is open." })
  closedOn: string | null;
}

@ObjectType({ description: "A page of vacancies." })
export class VacancyConnection extends ConnectionType(Vacancy) {}
