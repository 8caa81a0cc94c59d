import { Field, Float, ID, ObjectType } from "type-graphql";
import { ConnectionType, DateScalar } from "@percorsi/kit/author";

@ObjectType({
  description:
    "A session in which the anti-violence network trains job-centre (and training) operators, hosted by a training body. Staff training, not women's data.",
})
export class OperatorTrainingSession {
  @Field(() => ID, { description: "The session's own id." })
  id: string;

  /** Not fields: read through the organisation references below. */
  trainerOrganisationId: string;
  hostTrainingBodyId: string;
  attendingOrganisationIds: string[];

  @Field(() => DateScalar, { description: "The day it was held." })
  heldOn: string;

  @Field(() => [String], { description: "What it covered." })
  topics: string[];

  @Field(() => Float, { description: "How long it lasted, in hours." })
  hours: number;

  @Field(() => [ID], { description: "Staff user ids of the operators who attended." })
  attendingOperatorIds: string[];
}

@ObjectType({ description: "A page of the network's training sessions for job-centre operators." })
export class OperatorTrainingSessionConnection extends ConnectionType(OperatorTrainingSession) {}
