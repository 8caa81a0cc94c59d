import { Directive, Field, ID, ObjectType } from "type-graphql";

/**
 * A woman's pathway, owned (and described) by the anti-violence subgraph. This subgraph knows
 * only its pseudonymous id and adds the enrolments it holds (see `PathwayResolver`).
 */
@ObjectType()
@Directive('@key(fields: "id")')
export class Pathway {
  @Field(() => ID)
  id: string;
}

export function pathwayRef(id: string): Pathway {
  return Object.assign(new Pathway(), { id });
}
