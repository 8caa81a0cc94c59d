import { Field, ID, InputType } from "type-graphql";
import { IsBoolean, IsOptional, IsUUID, Length } from "class-validator";
import { DataCategoryEnum, DateScalar, IdempotencyKeyField, OrganisationTypeEnum, PurposeEnum } from "@percorsi/kit/author";
import type { ProvisionType } from "@percorsi/kit/authority";
import type { DataCategory, OrganisationType, Purpose } from "@percorsi/schema";
import { ProvisionTypeEnum } from "./consent.type.js";

@InputType()
export class ProvisionInput {
  @Field(() => ProvisionTypeEnum)
  type: ProvisionType;

  @Field(() => ID, { nullable: true, description: "One organisation of the network." })
  @IsOptional()
  @Length(1, 100)
  granteeOrganisationId?: string | null;

  @Field(() => OrganisationTypeEnum, { nullable: true, description: "Every organisation of a type." })
  @IsOptional()
  granteeOrganisationType?: OrganisationType | null;

  @Field(() => [DataCategoryEnum], { nullable: true })
  @IsOptional()
  categories?: DataCategory[] | null;

  @Field(() => [PurposeEnum], { nullable: true })
  @IsOptional()
  purposes?: Purpose[] | null;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  periodStart?: string | null;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  periodEnd?: string | null;

  @Field(() => [ProvisionInput], { nullable: true, description: "Denies carved out of a permit." })
  @IsOptional()
  provisions?: ProvisionInput[] | null;
}

/** What a grant and an amendment both state: the signed form and the provisions. */
@InputType()
abstract class ConsentTermsInput {
  @Field(() => String)
  @Length(1, 200)
  evidenceReference: string;

  @Field(() => [ProvisionInput])
  provisions: ProvisionInput[];
}

@InputType()
export class GrantConsentInput extends ConsentTermsInput {
  @Field(() => ID)
  @IsUUID()
  pathwayId: string;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType()
export class AmendConsentInput extends ConsentTermsInput {
  @Field(() => ID)
  @IsUUID()
  consentId: string;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType()
export class WithdrawConsentInput {
  @Field(() => ID)
  @IsUUID()
  consentId: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 300)
  reason?: string | null;
}

@InputType()
export class SetReportingConsentInput {
  @Field(() => ID)
  @IsUUID()
  pathwayId: string;

  @Field(() => Boolean)
  @IsBoolean()
  granted: boolean;

  @Field(() => String)
  @Length(1, 200)
  evidenceReference: string;
}

@InputType()
export class SealPathwayInput {
  @Field(() => ID)
  @IsUUID()
  pathwayId: string;

  @Field(() => String)
  @Length(1, 300)
  reason: string;
}
