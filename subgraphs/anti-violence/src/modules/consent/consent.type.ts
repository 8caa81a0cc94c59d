import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { DataCategoryEnum, DateScalar, DateTimeScalar, OrganisationTypeEnum, PurposeEnum, Sensitive, enumObject } from "@percorsi/kit/author";
import type { ProvisionType } from "@percorsi/kit/authority";
import type { DataCategory, OrganisationType, Purpose } from "@percorsi/schema";

export const CONSENT_STATUSES = ["ACTIVE", "WITHDRAWN", "SUPERSEDED"] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];
export const ConsentStatusEnum = enumObject<ConsentStatus>(CONSENT_STATUSES);
registerEnumType(ConsentStatusEnum, { name: "ConsentStatus", description: "ACTIVE counts; WITHDRAWN and SUPERSEDED count for nothing." });

export const PROVISION_TYPES = ["PERMIT", "DENY"] as const;
export const ProvisionTypeEnum = enumObject<ProvisionType>(PROVISION_TYPES);
registerEnumType(ProvisionTypeEnum, { name: "ProvisionType", description: "A provision permits, or denies; a deny beats a permit." });

@ObjectType({ description: "One rule of her consent: data categories, for purposes, to a grantee, in a period." })
// Her case, as a whole: reached only under `Pathway.consents` (the case-holder's alone).
@Sensitive("CASE_STATUS")
export class ConsentProvision {
  /** Not a field: read through `granteeOrganisation`. */
  granteeOrganisationId: string | null;

  @Field(() => ProvisionTypeEnum, { description: "PERMIT or DENY; a deny beats a permit." })
  type: ProvisionType;

  @Field(() => OrganisationTypeEnum, { nullable: true, description: "Every organisation of this type." })
  granteeOrganisationType: OrganisationType | null;

  @Field(() => [DataCategoryEnum], { description: "Empty on a deny: every category." })
  categories: DataCategory[];

  @Field(() => [PurposeEnum], { description: "Empty on a deny: every purpose." })
  purposes: Purpose[];

  @Field(() => DateScalar, { nullable: true, description: "The first day it applies; null: from the day the consent was recorded." })
  periodStart: string | null;

  @Field(() => DateScalar, { nullable: true, description: "The last day it applies; null: until the consent ends." })
  periodEnd: string | null;

  @Field(() => [ConsentProvision], { description: "Denies carved out of this permit." })
  provisions: ConsentProvision[];
}

@ObjectType({ description: "Her consent to share parts of her pathway, recorded by the case-holder with her (HL7 FHIR Consent)." })
@Sensitive("CASE_STATUS")
export class Consent {
  @Field(() => ID, { description: "The consent's own random id." })
  id: string;

  /** Not a field: used by access checks. */
  pathwayId: string;

  @Field(() => ConsentStatusEnum, { description: "ACTIVE counts; WITHDRAWN and SUPERSEDED count for nothing." })
  status: ConsentStatus;

  @Field(() => String, { description: "Where the signed form or recorded statement is kept." })
  evidenceReference: string;

  @Field(() => DateTimeScalar, { description: "When the case-holder recorded it with her." })
  recordedAt: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: "When she withdrew it; null unless WITHDRAWN." })
  withdrawnAt: Date | null;

  @Field(() => [ConsentProvision], { description: "Its rules: permits (each with the denies carved out of it) and denies." })
  provisions: ConsentProvision[];
}
