import { Field, ID, InputType, Int } from "type-graphql";
import { IsBoolean, IsIn, IsOptional, IsUUID, Length, Matches } from "class-validator";
import { AboutPathwayInput, DateScalar, IdempotencyKeyField, ISO_DATE } from "@percorsi/kit/author";

export const MONTH_MARKS = [3, 6, 12] as const;

@InputType({ description: "A check at a month mark; one per mark, on or after start + months." })
export class RecordRetentionCheckInput extends AboutPathwayInput {
  @Field(() => ID, { description: "The placement checked." })
  @IsUUID()
  placementId: string;

  @Field(() => Int, { description: "3, 6 or 12." })
  @IsIn(MONTH_MARKS)
  monthsAfterStart: number;

  @Field(() => DateScalar, { description: "The day of the check." })
  @Matches(ISO_DATE)
  checkedOn: string;

  @Field(() => Boolean, { description: "Whether she still holds the job." })
  @IsBoolean()
  stillEmployed: boolean;

  @Field(() => String, { nullable: true, description: "What the check found worth noting (1 to 500 characters)." })
  @IsOptional()
  @Length(1, 500)
  note?: string | null;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}
