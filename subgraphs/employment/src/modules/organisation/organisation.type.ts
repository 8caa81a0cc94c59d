import { Directive, Field, ID, ObjectType } from "type-graphql";

/**
 * A network organisation, owned by the anti-violence subgraph (name, type...). Here only a
 * reference: this subgraph never resolves one, so it cannot contradict the directory.
 */
@ObjectType({ description: "A signatory of the network protocol." })
@Directive('@key(fields: "id", resolvable: false)')
export class Organisation {
  @Field(() => ID)
  id: string;
}

export function organisationRef(id: string): Organisation {
  return Object.assign(new Organisation(), { id });
}
