import { Field, ID, ObjectType } from "type-graphql";
import { ConnectionType, DateScalar } from "@percorsi/kit/author";

@ObjectType({ description: "A job centre's information campaign to employers (not personal data)." })
export class Campaign {
  @Field(() => ID, { description: "The campaign's own id." })
  id: string;

  /** Read through `jobCentre`. */
  jobCentreId: string;

  @Field(() => String, { description: "Its title." })
  title: string;

  @Field(() => String, { description: "What it is about, e.g. SAFE_WORKPLACE." })
  topic: string;

  @Field(() => DateScalar, { description: "The day it started." })
  startedOn: string;

  @Field(() => DateScalar, { nullable: true, description: "None while it runs." })
  endedOn: string | null;
}

@ObjectType({ description: "A page of employer information campaigns." })
export class CampaignConnection extends ConnectionType(Campaign) {}
