import { Directive, Field, ID, ObjectType } from "type-graphql";

/**
 * A network organisation, by reference only: the anti-violence subgraph owns its directory
 * (name, type, district) and its description, so this subgraph declares the key and nothing else.
 */
@ObjectType()
@Directive('@key(fields: "id", resolvable: false)')
export class Organisation {
  @Field(() => ID)
  id: string;
}

export function organisationRef(id: string): Organisation {
  return Object.assign(new Organisation(), { id });
}
