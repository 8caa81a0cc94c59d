import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { ConnectionType, DateScalar, PurposeEnum, Sensitive, enumObject, NotPersonal } from "@percorsi/kit/author";
import type { Purpose } from "@percorsi/schema";

export const REFERRAL_STATUSES = ["SENT", "ACCEPTED", "REJECTED", "DONE", "WITHDRAWN"] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
export const ReferralStatusEnum = enumObject<ReferralStatus>(REFERRAL_STATUSES);
registerEnumType(ReferralStatusEnum, { name: "ReferralStatus", description: "Where a referral between two organisations stands." });

/** A referral in these statuses is still running: one at a time per pathway and receiving organisation. */
export const OPEN_REFERRAL_STATUSES: readonly ReferralStatus[] = ["SENT", "ACCEPTED"];

/** Why a receiving organisation declines: the network's codes (reports count by them; the note says the rest). */
export const REJECTION_CODES = ["NO_CAPACITY", "NOT_ELIGIBLE", "OUT_OF_AREA", "DECLINED_BY_HER", "OTHER"] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];
export const RejectionCodeEnum = enumObject<RejectionCode>(REJECTION_CODES);
registerEnumType(RejectionCodeEnum, {
  name: "ReferralRejectionCode",
  description: "Why a referral was rejected: no capacity (no place or vacancy now), not eligible, out of its area, she declined, or another reason.",
});

@ObjectType({
  description:
    "A case-holder's request that another organisation take part in her pathway (a job centre for placement, a training body for a course...).",
})
export class Referral {
  @Field(() => ID, { description: "The referral's own random id." })
  @NotPersonal("the record's own random id")
  id: string;

  /** Not fields: read through `pathway`, `from` and `to`, and used by permission facts. */
  pathwayId: string;
  fromOrganisationId: string;
  toOrganisationId: string;

  @Field(() => PurposeEnum, { nullable: true, description: "What the receiving organisation is asked to help with." })
  @Sensitive("CASE_STATUS")
  purpose: Purpose | null;

  @Field(() => String, { nullable: true, description: "What the receiving organisation should know to help her." })
  @Sensitive("PLAN")
  note: string | null;

  @Field(() => ReferralStatusEnum, { nullable: true, description: "Where it stands." })
  @Sensitive("CASE_STATUS")
  status: ReferralStatus | null;

  @Field(() => DateScalar, { nullable: true, description: "The day the case-holder sent it." })
  @Sensitive("CASE_STATUS")
  sentOn: string | null;

  @Field(() => DateScalar, { nullable: true, description: "When the receiving organisation accepted or rejected it." })
  @Sensitive("CASE_STATUS")
  respondedOn: string | null;

  @Field(() => String, { nullable: true, description: "Why the receiving organisation rejected it, in its words; null unless REJECTED." })
  @Sensitive("CASE_STATUS")
  rejectionReason: string | null;

  @Field(() => RejectionCodeEnum, { nullable: true, description: "Why it was rejected, as a code; null unless REJECTED." })
  @Sensitive("CASE_STATUS")
  rejectionCode: RejectionCode | null;
}

@ObjectType({ description: "A page of referrals." })
export class ReferralConnection extends ConnectionType(Referral) {}
