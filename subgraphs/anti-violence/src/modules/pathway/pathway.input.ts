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

@InputType({ description: "A woman's intake: her identity, and the day her pathway opens at your organisation." })
export class OpenPathwayInput extends IdempotentInput {
  @Field(() => IdentityInput, { description: "Who she is and how to reach her safely; it stays with your organisation." })
  @ValidateNested()
  identity: IdentityInput;

  @Field(() => DateScalar, { nullable: true, description: "Defaults to today." })
  @IsOptional()
  @Matches(ISO_DATE)
  openedOn?: string | null;
}

@InputType({ description: "A new stage for a pathway your organisation holds." })
export class SetPathwayStageInput {
  @Field(() => ID, { description: "The pathway, held by your organisation and not closed." })
  @IsUUID()
  pathwayId: string;

  @Field(() => PathwayStageEnum, { description: "The stage it moves to; CLOSED is final." })
  @IsIn(PATHWAY_STAGES)
  stage: PathwayStage;

  @Field(() => String, { nullable: true, description: "Required when closing." })
  @IsOptional()
  @Length(1, 200)
  closingReason?: string | null;
}
