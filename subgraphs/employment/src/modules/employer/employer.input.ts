import { Field, InputType } from "type-graphql";
import { IsBoolean, IsOptional, Length, Matches } from "class-validator";
import { DateScalar, IdempotentInput, ISO_DATE } from "@percorsi/kit/author";

@InputType({ description: "An employer your job centre starts to follow." })
export class AddEmployerInput extends IdempotentInput {
  @Field(() => String, { description: "The company's name (1 to 200 characters)." })
  @Length(1, 200)
  name: string;

  @Field(() => String, { description: "Its sector of activity (1 to 100 characters)." })
  @Length(1, 100)
  sector: string;

  @Field(() => String, { description: "The city district it is in (1 to 100 characters)." })
  @Length(1, 100)
  district: string;

  @Field(() => DateScalar, { nullable: true, description: "When it signed the network's safe-workplace commitment; absent if it has not." })
  @IsOptional()
  @Matches(ISO_DATE)
  safeWorkplaceCommitmentSignedOn?: string | null;

  @Field(() => Boolean, { defaultValue: false, description: "Whether it has an anti-harassment policy; false unless stated." })
  @IsBoolean()
  hasAntiHarassmentPolicy: boolean = false;
}
