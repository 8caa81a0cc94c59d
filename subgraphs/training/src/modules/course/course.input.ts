import { ArgsType, Field, InputType, Int } from "type-graphql";
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from "class-validator";
import { DateScalar, IdempotentInput, ISO_DATE, PageArgs } from "@percorsi/kit/author";

/** Not blank: `Length(1, n)` alone accepts a string of spaces. */
const VISIBLE = /\S/;

@ArgsType()
export class CoursesArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: "Only courses held in this district." })
  @IsOptional()
  @Length(1, 100)
  district?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Only courses that do (or do not) offer childcare." })
  @IsOptional()
  @IsBoolean()
  childcareOffered?: boolean | null;
}

@InputType({ description: "A new course edition, run by your training body." })
export class CreateCourseInput extends IdempotentInput {
  @Field(() => String, { description: "Its title (1 to 200 characters)." })
  @Length(1, 200)
  @Matches(VISIBLE)
  title: string;

  @Field(() => [String], { defaultValue: [], description: "The skills it teaches, at most 20 (each 1 to 100 characters)." })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  skillsTaught: string[];

  @Field(() => String, { description: "When it meets, e.g. MON_WED_FRI_MORNING." })
  @Length(1, 100)
  @Matches(VISIBLE)
  schedule: string;

  @Field(() => String, { description: "The city district where it meets (1 to 100 characters)." })
  @Length(1, 100)
  @Matches(VISIBLE)
  district: string;

  @Field(() => Int, { description: "1 to 200." })
  @IsInt()
  @Min(1)
  @Max(200)
  seats: number;

  @Field(() => Boolean, { defaultValue: false, description: "Whether childcare is offered during lessons; false unless stated." })
  @IsBoolean()
  childcareOffered: boolean = false;

  @Field(() => DateScalar, { description: "Its first day." })
  @Matches(ISO_DATE)
  startsOn: string;

  @Field(() => DateScalar, { description: "On or after `startsOn`." })
  @Matches(ISO_DATE)
  endsOn: string;
}
