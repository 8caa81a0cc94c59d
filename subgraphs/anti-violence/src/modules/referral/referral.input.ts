import { ArgsType, Field, ID, InputType } from "type-graphql";
import { IsIn, IsOptional, IsUUID, Length } from "class-validator";
import { IdempotentInput, PageArgs, PurposeEnum } from "@percorsi/kit/author";
import { PURPOSES, type Purpose } from "@percorsi/schema";
import { REFERRAL_STATUSES, REJECTION_CODES, ReferralStatusEnum, RejectionCodeEnum, type ReferralStatus, type RejectionCode } from "./referral.type.js";

@ArgsType()
export class IncomingReferralsArgs extends PageArgs {
  @Field(() => ReferralStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(REFERRAL_STATUSES)
  status?: ReferralStatus | null;
}

@InputType()
export class ReferPathwayInput extends IdempotentInput {
  @Field(() => ID)
  @IsUUID()
  pathwayId: string;

  @Field(() => ID, { description: "A network organisation other than the holder and the control room." })
  @Length(1, 100)
  toOrganisationId: string;

  @Field(() => PurposeEnum)
  @IsIn(PURPOSES)
  purpose: Purpose;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 500)
  note?: string | null;
}

@InputType()
export class RejectReferralInput {
  @Field(() => ID)
  @IsUUID()
  referralId: string;

  @Field(() => String, { description: "Why the organisation cannot take her on; the case-holder reads it." })
  @Length(1, 300)
  reason: string;

  @Field(() => RejectionCodeEnum, { defaultValue: "OTHER", description: "Why, as one of the network's codes: what reports count by." })
  @IsIn(REJECTION_CODES)
  code: RejectionCode;
}
