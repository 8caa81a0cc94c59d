import { Directive, Field, ID, ObjectType } from "type-graphql";

/**
 * A woman's pathway, owned by the anti-violence subgraph. This subgraph adds what job centres
 * hold about it (registration, placements); it knows the pseudonymous id and nothing else.
 */
@ObjectType({ description: "A woman's pathway to economic autonomy (owned by the case-holder's subgraph)." })
@Directive('@key(fields: "id")')
export class Pathway {
  @Field(() => ID)
  id: string;
}

export function pathwayRef(id: string): Pathway {
  return Object.assign(new Pathway(), { id });
}
