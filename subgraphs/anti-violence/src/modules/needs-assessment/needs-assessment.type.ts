import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateScalar, Sensitive, enumObject } from "@percorsi/kit/author";

export const EDUCATION_LEVELS = ["NONE", "PRIMARY", "LOWER_SECONDARY", "UPPER_SECONDARY", "VOCATIONAL", "BACHELOR", "MASTER_OR_HIGHER"] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];
export const EducationLevelEnum = enumObject<EducationLevel>(EDUCATION_LEVELS);
registerEnumType(EducationLevelEnum, { name: "EducationLevel", description: "Highest level of education completed." });

export const ECONOMIC_SITUATIONS = ["NO_INCOME", "INCOME_SUPPORT", "IRREGULAR_INCOME", "LOW_INCOME", "SELF_SUFFICIENT"] as const;
export type EconomicSituation = (typeof ECONOMIC_SITUATIONS)[number];
export const EconomicSituationEnum = enumObject<EconomicSituation>(ECONOMIC_SITUATIONS);
registerEnumType(EconomicSituationEnum, { name: "EconomicSituation", description: "Her own means, at assessment." });

export const HOUSING_SITUATIONS = ["SHELTER", "WITH_RELATIVES", "RENTED", "OWNED", "TEMPORARY", "AT_RISK"] as const;
export type HousingSituation = (typeof HOUSING_SITUATIONS)[number];
export const HousingSituationEnum = enumObject<HousingSituation>(HOUSING_SITUATIONS);
registerEnumType(HousingSituationEnum, { name: "HousingSituation", description: "Where she lives, at assessment." });

@ObjectType({ description: "A past job, part of her needs assessment." })
export class WorkExperience {
  /** Not a field: the permission facts key on it. */
  pathwayId: string;

  @Field(() => String, { nullable: true, description: "The job she held." })
  @Sensitive("WORK_HISTORY")
  occupation: string | null;

  @Field(() => String, { nullable: true, description: "The sector it was in." })
  @Sensitive("WORK_HISTORY")
  sector: string | null;

  @Field(() => Int, { nullable: true, description: "How long she held it, in whole years." })
  @Sensitive("WORK_HISTORY")
  years: number | null;
}

@ObjectType({
  description: "The analysis of her education and work needs, made by the case-holder with her. Each part carries its own data category.",
})
export class NeedsAssessment {
  /** Not a field: the permission facts and loaders key on it. */
  pathwayId: string;

  @Field(() => DateScalar, { nullable: true, description: "The day of the assessment." })
  @Sensitive("CASE_STATUS")
  assessedOn: string | null;

  @Field(() => EducationLevelEnum, { nullable: true, description: "The highest level of education she completed." })
  @Sensitive("EDUCATION_SKILLS")
  educationLevel: EducationLevel | null;

  @Field(() => [String], { nullable: true, description: "Diplomas and certificates." })
  @Sensitive("EDUCATION_SKILLS")
  qualifications: string[] | null;

  @Field(() => [String], { nullable: true, description: "Languages she speaks, as ISO 639 codes." })
  @Sensitive("EDUCATION_SKILLS")
  languages: string[] | null;

  @Field(() => [WorkExperience], { nullable: true, description: "Her past jobs." })
  @Sensitive("WORK_HISTORY")
  workExperience: WorkExperience[] | null;

  @Field(() => String, { nullable: true, description: "When she can work, e.g. PART_TIME_MORNINGS." })
  @Sensitive("JOB_SEARCH")
  availability: string | null;

  @Field(() => [String], { nullable: true, description: "Care duties that shape her hours, e.g. CHILD_UNDER_6." })
  @Sensitive("CARE")
  careConstraints: string[] | null;

  @Field(() => EconomicSituationEnum, { nullable: true, description: "Her own means, at assessment." })
  @Sensitive("ECONOMIC")
  economicSituation: EconomicSituation | null;

  @Field(() => HousingSituationEnum, { nullable: true, description: "Where she lives, at assessment." })
  @Sensitive("HOUSING")
  housingSituation: HousingSituation | null;

  @Field(() => [String], { nullable: true, description: "Districts where she must not be sent (work, courses, appointments)." })
  @Sensitive("SAFETY_CONSTRAINTS")
  districtsToAvoid: string[] | null;

  @Field(() => [String], { nullable: true, description: "Times of day she must not be out, e.g. EVENING." })
  @Sensitive("SAFETY_CONSTRAINTS")
  hoursToAvoid: string[] | null;

  @Field(() => String, { nullable: true, description: "What a workplace must allow for. Never leaves the case-holder." })
  @Sensitive("HEALTH")
  healthNotes: string | null;
}
