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

@InputType({ description: "A referral of a pathway your organisation holds to another organisation of the network." })
export class ReferPathwayInput extends IdempotentInput {
  @Field(() => ID, { description: "The pathway, held by your organisation and not closed." })
  @IsUUID()
  pathwayId: string;

  @Field(() => ID, { description: "A network organisation other than the holder and the control room." })
  @Length(1, 100)
  toOrganisationId: string;

  @Field(() => PurposeEnum, { description: "What the receiving organisation is asked to help with." })
  @IsIn(PURPOSES)
  purpose: Purpose;

  @Field(() => String, { nullable: true, description: "What the receiving organisation should know to help her (1 to 500 characters)." })
  @IsOptional()
  @Length(1, 500)
  note?: string | null;
}

@InputType({ description: "A receiving organisation's refusal of a referral addressed to it." })
export class RejectReferralInput {
  @Field(() => ID, { description: "The referral, addressed to your organisation." })
  @IsUUID()
  referralId: string;

  @Field(() => String, { description: "Why the organisation cannot take her on; the case-holder reads it." })
  @Length(1, 300)
  reason: string;

  @Field(() => RejectionCodeEnum, { defaultValue: "OTHER", description: "Why, as one of the network's codes: what reports count by." })
  @IsIn(REJECTION_CODES)
  code: RejectionCode;
}
