import { carryReceipt, DateScalar, enumObject, Field, ID, Int, NotPersonal, ObjectType, registerEnumType, Sensitive, type ReceiptCarrier } from "@percorsi/kit/author";
import type { HousingAllocationRecord, HousingApplicationRecord, HousingNeedRecord } from "../../housing-registry/housing-registry.mapping.js";

export const HOUSING_SITUATIONS = ["HOMELESS", "SHELTER", "TEMPORARY", "AT_RISK", "OVERCROWDED"] as const;
export const HousingSituationEnum = enumObject<(typeof HOUSING_SITUATIONS)[number]>(HOUSING_SITUATIONS);
registerEnumType(HousingSituationEnum, { name: "HousingNeedSituation", description: "Where she lives now, as the housing body assessed it." });

export const HOUSING_SCHEMES = ["SOCIAL", "PROTECTED"] as const;
export type HousingScheme = (typeof HOUSING_SCHEMES)[number];
export const HousingSchemeEnum = enumObject<HousingScheme>(HOUSING_SCHEMES);
registerEnumType(HousingSchemeEnum, { name: "HousingScheme", description: "Social housing, or protected housing for women leaving violence." });

export const HOUSING_APPLICATION_STATUSES = ["SUBMITTED", "ALLOCATED", "REFUSED", "WITHDRAWN"] as const;
export const HousingApplicationStatusEnum = enumObject<(typeof HOUSING_APPLICATION_STATUSES)[number]>(HOUSING_APPLICATION_STATUSES);
registerEnumType(HousingApplicationStatusEnum, { name: "HousingApplicationStatus", description: "Where an application stands in the housing body's system." });

export const HOUSING_TENURES = ["SOCIAL_RENT", "PROTECTED_FLAT", "TRANSITIONAL"] as const;
export const HousingTenureEnum = enumObject<(typeof HOUSING_TENURES)[number]>(HOUSING_TENURES);
registerEnumType(HousingTenureEnum, { name: "HousingTenure", description: "On what terms the allocated home is hers." });

const READ_UNDER =
  "Personal data (HOUSING), read under her `Pathway` only: the housing body that keeps it sees it unless her pathway is hidden from it; anyone else only as her consent allows.";

/**
 * What every housing record carries besides its fields: whose it is, and the receipt it was read
 * under. (Decorated so its `id` is inherited; no field answers it, so it stays out of the schema.)
 */
@ObjectType()
abstract class HousingRecord implements ReceiptCarrier {
  @Field(() => ID, { description: "The record's id in the housing body's system." })
  @NotPersonal("the record's own random id, given by the housing body's system")
  id: string;

  pathwayId: string;
  housingBodyId: string;
  consentReceipt?: string | null;
}

@ObjectType({ description: `Her housing need, as a housing body assessed it. ${READ_UNDER}` })
export class HousingNeed extends HousingRecord {
  @Field(() => HousingSituationEnum, { nullable: true, description: "Where she lives now." })
  @Sensitive("HOUSING")
  situation: string | null;

  @Field(() => Int, { nullable: true, description: "People in her household, her included." })
  @Sensitive("HOUSING")
  householdSize: number | null;

  @Field(() => DateScalar, { nullable: true, description: "When the housing body assessed it." })
  @Sensitive("HOUSING")
  assessedOn: string | null;
}

@ObjectType({ description: `Her application for social or protected housing. ${READ_UNDER}` })
export class HousingApplication extends HousingRecord {
  @Field(() => HousingSchemeEnum, { nullable: true, description: "The scheme she applied for." })
  @Sensitive("HOUSING")
  scheme: string | null;

  @Field(() => HousingApplicationStatusEnum, { nullable: true, description: "Where the application stands." })
  @Sensitive("HOUSING")
  status: string | null;

  @Field(() => DateScalar, { nullable: true, description: "When she applied." })
  @Sensitive("HOUSING")
  submittedOn: string | null;

  @Field(() => DateScalar, { nullable: true, description: "When it was allocated, refused or withdrawn." })
  @Sensitive("HOUSING")
  decidedOn: string | null;
}

@ObjectType({ description: `A home allocated to her on an application. ${READ_UNDER}` })
export class HousingAllocation extends HousingRecord {
  applicationId: string;

  @Field(() => DateScalar, { nullable: true, description: "When the home was allocated to her." })
  @Sensitive("HOUSING")
  allocatedOn: string | null;

  @Field(() => HousingTenureEnum, { nullable: true, description: "On what terms the home is hers." })
  @Sensitive("HOUSING")
  tenure: string | null;

  @Field(() => String, { nullable: true, description: "The district of the home (never its address)." })
  @Sensitive("HOUSING")
  district: string | null;
}

/** The registry's record as this subgraph's object, carrying the receipt of the pathway it was read under. */
export function asNeed(record: HousingNeedRecord, consentReceipt: string | null): HousingNeed {
  return carryReceipt(Object.assign(new HousingNeed(), record), consentReceipt);
}
export function asApplication(record: HousingApplicationRecord, consentReceipt: string | null): HousingApplication {
  return carryReceipt(Object.assign(new HousingApplication(), record), consentReceipt);
}
export function asAllocation(record: HousingAllocationRecord, consentReceipt: string | null): HousingAllocation {
  return carryReceipt(Object.assign(new HousingAllocation(), record), consentReceipt);
}
