import { Field, ID, InputType } from "type-graphql";
import { IsUUID } from "class-validator";

/**
 * Every write about her names her pathway, even when it changes a record known by its own id
 * (a registration, a placement, an enrolment): the gateway obtains her consent receipt for it
 * before the mutation runs, and the kit decides the write on that receipt. A record of another
 * pathway is refused as an unknown one.
 */
@InputType()
export abstract class AboutPathwayInput {
  @Field(() => ID, { description: "Her pathway: the write is decided on her consent for it." })
  @IsUUID()
  pathwayId: string;
}
