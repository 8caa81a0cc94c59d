import { Directive, Field, ID, ObjectType } from "type-graphql";
import { AccessReportViewEnum, type AccessReportView } from "@percorsi/kit/authority";

/**
 * Who accessed a pathway, across the network: every subgraph adds its own part (its audit
 * events) to this entity; the consent authority owns it and hands the others a receipt that
 * says who holds the pathway, so each checks the reader itself.
 */
@ObjectType({ description: "Who read, or was refused, which parts of her story: when, which organisation, for which purpose." })
@Directive('@key(fields: "pathwayId view")')
export class AccessReport {
  @Field(() => ID, { description: "The pathway the report is about." })
  pathwayId: string;

  @Field(() => AccessReportViewEnum, { description: "Whose copy: STAFF (the case-holder, the DPO) or SUBJECT (hers, staff identities withheld)." })
  view: AccessReportView;
}
