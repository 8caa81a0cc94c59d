import { carryReceipt, DateScalar, Field, ID, NotPersonal, ObjectType, Sensitive, type ReceiptCarrier } from "@percorsi/kit/author";
import type { __Name__Row } from "__records_module__";

@ObjectType({ description: "A record __title__ keeps about her pathway (__CATEGORY__), read under her `Pathway` only, as her consent allows." })
export class __Name__Record implements ReceiptCarrier {
  @Field(() => ID, { description: "The record's own random id." })
  @NotPersonal("the record's own random id, which says nothing about her")
  id: string;

  @Field(() => DateScalar, { nullable: true, description: "The day it was recorded." })
  @Sensitive("__CATEGORY__")
  recordedOn: string | null;

  /** Not fields: who keeps it, and the receipt it was read under (its facts). */
  pathwayId: string;
  organisationId: string;
  consentReceipt?: string | null;
}

/** A stored row as this subgraph's object, carrying the receipt of the pathway it was read under. */
export function as__Name__Record(row: __Name__Row, consentReceipt: string | null | undefined): __Name__Record {
  return carryReceipt(Object.assign(new __Name__Record(), row), consentReceipt);
}
