import { Field, ID, InputType } from "type-graphql";
import { ArrayMaxSize, IsOptional, IsUUID, Length, Matches } from "class-validator";
import { DateScalar, IdempotentInput, ISO_DATE } from "@percorsi/kit/author";

@InputType({ description: "An information campaign your job centre ran, with the employers it reached." })
export class RecordCampaignInput extends IdempotentInput {
  @Field(() => String, { description: "Its title (1 to 200 characters)." })
  @Length(1, 200)
  title: string;

  @Field(() => String, { description: "What it is about, e.g. SAFE_WORKPLACE." })
  @Length(1, 100)
  topic: string;

  @Field(() => DateScalar, { description: "The day it started." })
  @Matches(ISO_DATE)
  startedOn: string;

  @Field(() => DateScalar, { nullable: true, description: "The day it ended; absent while it runs." })
  @IsOptional()
  @Matches(ISO_DATE)
  endedOn?: string | null;

  @Field(() => [ID], { description: "The ids of the employers it reached, at most 1000." })
  @ArrayMaxSize(1000)
  @IsUUID(undefined, { each: true })
  employerIdsReached: string[];
}
