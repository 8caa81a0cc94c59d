import { Directive, Field, ID, ObjectType } from "type-graphql";
import { ConnectionType } from "@percorsi/kit";

/**
 * A woman's pathway, owned by the anti-violence subgraph. This subgraph adds what job centres
 * hold about it (registration, placements); it knows the pseudonymous id and nothing else.
 * Its labelled fields require the consent receipt the consent authority mints for this request,
 * so they are judged on her consent as it stands now.
 */
@ObjectType({ description: "A woman's pathway to economic autonomy (owned by the case-holder's subgraph)." })
@Directive('@key(fields: "id")')
export class Pathway {
  @Field(() => ID)
  id: string;

  /** Handed over by the query planner (`@requires`); null on a bare reference: counts as sealed. */
  @Field(() => String, { nullable: true })
  @Directive("@external")
  consentReceipt: string | null;
}

/**
 * A pathway as a root field or a write returns it: the id only. The client reads what is held
 * about her through it, and the planner then fetches her receipt and comes back for that.
 */
export function pathwayRef(id: string): Pathway {
  return Object.assign(new Pathway(), { id, consentReceipt: null });
}

@ObjectType("JobCentreCaseloadConnection", { description: "The pathways registered at your job centre, newest registration first." })
export class JobCentreCaseloadConnection extends ConnectionType(Pathway) {}
