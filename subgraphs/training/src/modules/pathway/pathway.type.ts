import { Directive, Field, ID, ObjectType } from "type-graphql";
import { ConnectionType } from "@percorsi/kit";

/**
 * A woman's pathway, owned (and described) by the anti-violence subgraph. This subgraph knows
 * only its pseudonymous id and adds the enrolments it holds (see `PathwayResolver`).
 */
@ObjectType()
@Directive('@key(fields: "id")')
export class Pathway {
  @Field(() => ID)
  id: string;

  /**
   * The consent authority's receipt for this request, fetched by the query planner for the fields
   * that declare `@requires(fields: "consentReceipt")`. Never resolved here (denied by default):
   * this subgraph only reads what the planner hands over. Null: judged as sealed.
   */
  @Field(() => String, { nullable: true })
  @Directive("@external")
  consentReceipt: string | null;
}

/** A reference to a pathway, without a receipt: whatever is read under it goes through the planner. */
export function pathwayRef(id: string): Pathway {
  return Object.assign(new Pathway(), { id, consentReceipt: null });
}

@ObjectType("TrainingCaseloadConnection", { description: "Pathways enrolled in your training body's courses, newest enrolment first." })
export class TrainingCaseloadConnection extends ConnectionType(Pathway) {}
