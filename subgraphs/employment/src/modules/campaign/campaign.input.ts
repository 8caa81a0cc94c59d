import { Field, ID, InputType } from "type-graphql";
import { ArrayMaxSize, IsOptional, IsUUID, Length, Matches } from "class-validator";
import { DateScalar, IdempotentInput, ISO_DATE } from "@percorsi/kit/author";

@InputType({ description: "An information campaign your job centre ran, with the employers it reached." })
export class RecordCampaignInput extends IdempotentInput {
  @Field(() => String)
  @Length(1, 200)
  title: string;

  @Field(() => String, { description: "What it is about, e.g. SAFE_WORKPLACE." })
  @Length(1, 100)
  topic: string;

  @Field(() => DateScalar)
  @Matches(ISO_DATE)
  startedOn: string;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  @Matches(ISO_DATE)
  endedOn?: string | null;

  @Field(() => [ID])
  @ArrayMaxSize(1000)
  @IsUUID(undefined, { each: true })
  employerIdsReached: string[];
}
