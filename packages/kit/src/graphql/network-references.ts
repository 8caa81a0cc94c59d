import { Directive, Field, ID, ObjectType } from "type-graphql";
import { pathwayReference } from "../consent/pathway-facts.js";

/** A pathway as a subgraph other than the consent authority sees it: the id, and the receipt when handed over. */
export interface PathwayStub {
  id: string;
  consentReceipt: string | null;
}

/**
 * `Pathway` for a subgraph that is not the consent authority: the pseudonymous id and the
 * consent receipt the query planner hands over (`@external`; fields declaring
 * `@requires(fields: "consentReceipt")` get it). The subgraph adds its own fields with a
 * `@Resolver(() => Pathway)`. Classes are made per call, so several subgraphs can run in one
 * process; call it once per subgraph:
 * `export const { Pathway, pathwayRef, resolvePathwayReference } = definePathwayStub();`
 */
export function definePathwayStub() {
  // No description: the owner's is the one the supergraph shows.
  @ObjectType("Pathway")
  @Directive('@key(fields: "id")')
  class Pathway implements PathwayStub {
    @Field(() => ID)
    id: string;

    /** Handed over by the planner; never resolved here. Null on a bare reference: judged as sealed. */
    @Field(() => String, { nullable: true })
    @Directive("@external")
    consentReceipt: string | null;
  }

  return {
    Pathway,
    /** A reference without a receipt (a root field, a write): whatever is read under it goes through the planner. */
    pathwayRef: (id: string): Pathway => Object.assign(new Pathway(), { id, consentReceipt: null }),
    /** `__resolveReference`: the representation (with its receipt) is the entity; nothing to load. */
    resolvePathwayReference: (reference: { id: string; consentReceipt?: string | null }): Pathway =>
      Object.assign(new Pathway(), pathwayReference(reference)),
  };
}

/**
 * `Organisation` by reference only (`resolvable: false`): the anti-violence subgraph owns the
 * network's directory, so another subgraph declares the key and nothing else.
 */
export function defineOrganisationRef() {
  @ObjectType("Organisation")
  @Directive('@key(fields: "id", resolvable: false)')
  class Organisation {
    @Field(() => ID)
    id: string;
  }

  return { Organisation, organisationRef: (id: string): Organisation => Object.assign(new Organisation(), { id }) };
}
