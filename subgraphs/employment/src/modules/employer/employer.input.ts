import { Field, InputType } from "type-graphql";
import { IsBoolean, IsOptional, Length, Matches } from "class-validator";
import { DateScalar, IdempotentInput, ISO_DATE } from "@percorsi/kit/author";

@InputType({ description: "An employer your job centre starts to follow." })
export class AddEmployerInput extends IdempotentInput {
  @Field(() => String)
  @Length(1, 200)
  name: string;

  @Field(() => String)
  @Length(1, 100)
  sector: string;

  @Field(() => String)
  @Length(1, 100)
  district: string;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  @Matches(ISO_DATE)
  safeWorkplaceCommitmentSignedOn?: string | null;

  @Field(() => Boolean, { defaultValue: false })
  @IsBoolean()
  hasAntiHarassmentPolicy: boolean = false;
}
