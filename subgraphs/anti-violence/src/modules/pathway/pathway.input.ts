import { ArgsType, Field, ID, InputType } from "type-graphql";
import { IsIn, IsOptional, IsUUID, Length, Matches, ValidateNested } from "class-validator";
import { DateScalar, IdempotentInput, ISO_DATE, PageArgs } from "@percorsi/kit/author";
import { IdentityInput } from "../identity/identity.type.js";
import { PATHWAY_STAGES, PathwayStageEnum, type PathwayStage } from "./pathway.type.js";

@ArgsType()
export class PathwaysArgs extends PageArgs {
  @Field(() => PathwayStageEnum, { nullable: true })
  @IsOptional()
  @IsIn(PATHWAY_STAGES)
  stage?: PathwayStage | null;
}

@InputType()
export class OpenPathwayInput extends IdempotentInput {
  @Field(() => IdentityInput)
  @ValidateNested()
  identity: IdentityInput;

  @Field(() => DateScalar, { nullable: true, description: "Defaults to today." })
  @IsOptional()
  @Matches(ISO_DATE)
  openedOn?: string | null;
}

@InputType()
export class SetPathwayStageInput {
  @Field(() => ID)
  @IsUUID()
  pathwayId: string;

  @Field(() => PathwayStageEnum)
  @IsIn(PATHWAY_STAGES)
  stage: PathwayStage;

  @Field(() => String, { nullable: true, description: "Required when closing." })
  @IsOptional()
  @Length(1, 200)
  closingReason?: string | null;
}
