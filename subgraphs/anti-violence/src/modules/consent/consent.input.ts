import { Field, ID, InputType } from "type-graphql";
import { IsBoolean, IsOptional, IsUUID, Length } from "class-validator";
import { DataCategoryEnum, DateScalar, IdempotencyKeyField, OrganisationTypeEnum, PurposeEnum } from "@percorsi/kit/author";
import type { ProvisionType } from "@percorsi/kit/authority";
import type { DataCategory, OrganisationType, Purpose } from "@percorsi/schema";
import { ProvisionTypeEnum } from "./consent.type.js";

@InputType({ description: "One rule of her consent: permit or deny, to one organisation or every organisation of a type, for data categories and purposes, in a period." })
export class ProvisionInput {
  @Field(() => ProvisionTypeEnum, { description: "PERMIT or DENY; a deny beats a permit. Nested provisions are denies." })
  type: ProvisionType;

  @Field(() => ID, { nullable: true, description: "One organisation of the network." })
  @IsOptional()
  @Length(1, 100)
  granteeOrganisationId?: string | null;

  @Field(() => OrganisationTypeEnum, { nullable: true, description: "Every organisation of a type." })
  @IsOptional()
  granteeOrganisationType?: OrganisationType | null;

  @Field(() => [DataCategoryEnum], { nullable: true, description: "The data categories it covers: at least one on a permit; absent on a deny: every category. IDENTITY, SAFETY and HEALTH can never be permitted." })
  @IsOptional()
  categories?: DataCategory[] | null;

  @Field(() => [PurposeEnum], { nullable: true, description: "The purposes it covers: at least one on a permit; absent on a deny: every purpose." })
  @IsOptional()
  purposes?: Purpose[] | null;

  @Field(() => DateScalar, { nullable: true, description: "The first day it applies; absent: from the day the consent is recorded." })
  @IsOptional()
  periodStart?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "The last day it applies, not before `periodStart`; absent: until the consent ends." })
  @IsOptional()
  periodEnd?: string | null;

  @Field(() => [ProvisionInput], { nullable: true, description: "Denies carved out of a permit." })
  @IsOptional()
  provisions?: ProvisionInput[] | null;
}

/** What a grant and an amendment both state: the signed form and the provisions. */
@InputType()
abstract class ConsentTermsInput {
  @Field(() => String, { description: "Where the signed form or recorded statement is kept: a reference, not the document (1 to 200 characters)." })
  @Length(1, 200)
  evidenceReference: string;

  @Field(() => [ProvisionInput], { description: "The consent's rules, at least one: permits (each with the denies carved out of it) and denies." })
  provisions: ProvisionInput[];
}

@InputType({ description: "Her consent on a pathway your organisation holds, as recorded with her." })
export class GrantConsentInput extends ConsentTermsInput {
  @Field(() => ID, { description: "The pathway, held by your organisation." })
  @IsUUID()
  pathwayId: string;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({ description: "A new version of an ACTIVE consent; the old one becomes SUPERSEDED." })
export class AmendConsentInput extends ConsentTermsInput {
  @Field(() => ID, { description: "The ACTIVE consent it replaces, on a pathway your organisation holds." })
  @IsUUID()
  consentId: string;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({ description: "Her withdrawal of an ACTIVE consent." })
export class WithdrawConsentInput {
  @Field(() => ID, { description: "The ACTIVE consent she withdraws, on a pathway your organisation holds." })
  @IsUUID()
  consentId: string;

  @Field(() => String, { nullable: true, description: "Why, if she wants it recorded (1 to 300 characters)." })
  @IsOptional()
  @Length(1, 300)
  reason?: string | null;
}

@InputType({ description: "Her decision whether her records count in the network's statistics." })
export class SetReportingConsentInput {
  @Field(() => ID, { description: "The pathway, held by your organisation." })
  @IsUUID()
  pathwayId: string;

  @Field(() => Boolean, { description: "True: her records count from the next release; false: they stop counting at the next release." })
  @IsBoolean()
  granted: boolean;

  @Field(() => String, { description: "Where her signed statement is kept: a reference, not the document (1 to 200 characters)." })
  @Length(1, 200)
  evidenceReference: string;
}

@InputType({ description: "An emergency lockdown of a pathway your organisation holds." })
export class SealPathwayInput {
  @Field(() => ID, { description: "The pathway to seal, held by your organisation." })
  @IsUUID()
  pathwayId: string;

  @Field(() => String, { description: "Why it is sealed (1 to 300 characters); kept with the seal by the case-holder." })
  @Length(1, 300)
  reason: string;
}
