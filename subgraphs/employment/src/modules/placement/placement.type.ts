import { Field, ID, Int, ObjectType } from "type-graphql";
import { DateScalar, Sensitive, NotPersonal } from "@percorsi/kit/author";
import { ContractTypeEnum, type ContractType } from "../shared/contract-type.js";

@ObjectType({ description: "A job she started through her job centre. Where she works is as sensitive as who she is." })
export class Placement {
  @Field(() => ID, { description: "The placement's own random id." })
  @NotPersonal("the record's own random id")
  id: string;

  /** Not fields: read through `pathway`, `jobCentre`, `employer`, `vacancy`, and used by permission checks. */
  jobSeekerId: string;
  pathwayId: string;
  jobCentreId: string;
  employerId: string;
  vacancyId: string | null;
  /** Not a field: the pathway's receipt, carried when reached under `Pathway` (see `carryReceipt`). */
  consentReceipt?: string | null;

  @Field(() => String, { nullable: true, description: "The job she does." })
  @Sensitive("PLACEMENT")
  occupation: string | null;

  @Field(() => ContractTypeEnum, { nullable: true, description: "The kind of her contract." })
  @Sensitive("PLACEMENT")
  contractType: ContractType | null;

  @Field(() => Int, { nullable: true, description: "Her contract's hours per week." })
  @Sensitive("PLACEMENT")
  weeklyHours: number | null;

  @Field(() => DateScalar, { nullable: true, description: "The day the job started." })
  @Sensitive("PLACEMENT")
  startOn: string | null;

  @Field(() => DateScalar, { nullable: true, description: "When the contract ends (or ended); none for an open-ended one." })
  @Sensitive("PLACEMENT")
  endOn: string | null;
}
