import { Field, ID, InputType } from "type-graphql";
import { IsOptional, IsUUID, Matches } from "class-validator";
import { DateScalar, IdempotencyKeyField, ISO_DATE } from "@percorsi/kit/author";
import { JobTermsInput } from "../shared/job-terms.input.js";

@InputType({ description: "A job she starts; a fixed-term contract needs its end day." })
export class RecordPlacementInput extends JobTermsInput {
  @Field(() => ID, { description: "Her pathway: the write is decided on her consent for it (see AboutPathwayInput)." })
  @IsUUID()
  pathwayId: string;

  @Field(() => ID, { description: "Her registration at your job centre." })
  @IsUUID()
  jobSeekerId: string;

  @Field(() => ID, { nullable: true, description: "The vacancy she filled, if any: one of the employer's." })
  @IsOptional()
  @IsUUID()
  vacancyId?: string | null;

  @Field(() => DateScalar, { description: "The day the job starts." })
  @Matches(ISO_DATE)
  startOn: string;

  @Field(() => DateScalar, { nullable: true, description: "The day a fixed-term contract ends, not before `startOn`; absent for an open-ended one." })
  @IsOptional()
  @Matches(ISO_DATE)
  endOn?: string | null;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}
