import { Field, ID, InputType, Int } from "type-graphql";
import { ArrayMaxSize, IsIn, IsInt, IsOptional, IsUUID, Length, Matches, Max, Min, ValidateNested } from "class-validator";
import { DateScalar } from "@percorsi/kit/author";
import {
  ECONOMIC_SITUATIONS,
  EDUCATION_LEVELS,
  EconomicSituationEnum,
  EducationLevelEnum,
  HOUSING_SITUATIONS,
  HousingSituationEnum,
  type EconomicSituation,
  type EducationLevel,
  type HousingSituation,
} from "./needs-assessment.type.js";

/** Codes such as PART_TIME_MORNINGS or CHILD_UNDER_6: the network's words, not free text. */
const CODE = /^[A-Z][A-Z0-9_]{0,49}$/;
const LANGUAGE = /^[a-z]{2,3}$/;
const MAX_ITEMS = 20;
// Lists default to [] in the schema only: type-graphql refuses a property initialiser as well.

@InputType({ description: "A past job of hers." })
export class WorkExperienceInput {
  @Field(() => String, { description: "The job (1 to 100 characters)." })
  @Length(1, 100)
  occupation: string;

  @Field(() => String, { description: "The sector it was in (1 to 100 characters)." })
  @Length(1, 100)
  sector: string;

  @Field(() => Int, { description: "How long she held it, in whole years (0 to 60)." })
  @IsInt()
  @Min(0)
  @Max(60)
  years: number;
}

@InputType({ description: "The whole assessment: recording it again replaces the previous one." })
export class RecordNeedsAssessmentInput {
  @Field(() => ID, { description: "The pathway, held by your organisation and not closed." })
  @IsUUID()
  pathwayId: string;

  @Field(() => DateScalar, { nullable: true, description: "Defaults to today." })
  @IsOptional()
  assessedOn?: string | null;

  @Field(() => EducationLevelEnum, { description: "The highest level of education she completed." })
  @IsIn(EDUCATION_LEVELS)
  educationLevel: EducationLevel;

  @Field(() => [String], { defaultValue: [], description: "Diplomas and certificates, at most 20 (each 1 to 100 characters)." })
  @ArrayMaxSize(MAX_ITEMS)
  @Length(1, 100, { each: true })
  qualifications: string[];

  @Field(() => [String], { defaultValue: [], description: "ISO 639 codes: it, en, ar..." })
  @ArrayMaxSize(MAX_ITEMS)
  @Matches(LANGUAGE, { each: true })
  languages: string[];

  @Field(() => [WorkExperienceInput], { defaultValue: [], description: "Her past jobs, at most 20." })
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  workExperience: WorkExperienceInput[];

  @Field(() => String, { description: "A code, e.g. FULL_TIME, PART_TIME_MORNINGS, SCHOOL_HOURS, FLEXIBLE." })
  @Matches(CODE)
  availability: string;

  @Field(() => [String], { defaultValue: [], description: "Codes, e.g. CHILD_UNDER_6, DEPENDENT_RELATIVE." })
  @ArrayMaxSize(MAX_ITEMS)
  @Matches(CODE, { each: true })
  careConstraints: string[];

  @Field(() => EconomicSituationEnum, { description: "Her own means, at assessment." })
  @IsIn(ECONOMIC_SITUATIONS)
  economicSituation: EconomicSituation;

  @Field(() => HousingSituationEnum, { description: "Where she lives, at assessment." })
  @IsIn(HOUSING_SITUATIONS)
  housingSituation: HousingSituation;

  @Field(() => [String], { defaultValue: [], description: "Districts where she must not be sent (work, courses, appointments), at most 20." })
  @ArrayMaxSize(MAX_ITEMS)
  @Length(1, 100, { each: true })
  districtsToAvoid: string[];

  @Field(() => [String], { defaultValue: [], description: "Codes, e.g. EVENING, NIGHT, WEEKEND." })
  @ArrayMaxSize(MAX_ITEMS)
  @Matches(CODE, { each: true })
  hoursToAvoid: string[];

  @Field(() => String, { nullable: true, description: "What a workplace must allow for (1 to 500 characters). Never leaves the case-holder." })
  @IsOptional()
  @Length(1, 500)
  healthNotes?: string | null;
}
