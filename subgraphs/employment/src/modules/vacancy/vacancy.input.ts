import { ArgsType, Field, ID, InputType } from "type-graphql";
import { IsBoolean, IsOptional, IsUUID, Length, Matches } from "class-validator";
import { DateScalar, IdempotencyKeyField, ISO_DATE, PageArgs } from "@percorsi/kit/author";
import { JobTermsInput } from "../shared/job-terms.input.js";

@ArgsType()
export class VacanciesArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: "Only vacancies not closed yet." })
  @IsOptional()
  @IsBoolean()
  openOnly?: boolean | null;
}

@InputType({ description: "A vacancy of an employer your job centre follows." })
export class OpenVacancyInput extends JobTermsInput {
  @Field(() => String, { description: "Its title, as advertised." })
  @Length(1, 200)
  title: string;

  @Field(() => String, { nullable: true, description: "Defaults to the employer's district." })
  @IsOptional()
  @Length(1, 100)
  district?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Defaults to today." })
  @IsOptional()
  @Matches(ISO_DATE)
  openedOn?: string | null;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({ description: "Closes a vacancy of an employer your job centre follows." })
export class CloseVacancyInput {
  @Field(() => ID, { description: "The vacancy to close." })
  @IsUUID()
  vacancyId: string;

  @Field(() => DateScalar, { nullable: true, description: "Defaults to today." })
  @IsOptional()
  @Matches(ISO_DATE)
  closedOn?: string | null;
}
