import { Directive, Field, ID, ObjectType } from "type-graphql";
import { OrganisationTypeEnum } from "@percorsi/kit";
import type { OrganisationType } from "@percorsi/schema";

@ObjectType({ description: "A signatory of the network protocol: centre, shelter, job centre, training body..." })
@Directive('@key(fields: "id")')
export class Organisation {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  name: string;

  @Field(() => OrganisationTypeEnum)
  type: OrganisationType;

  @Field(() => String)
  district: string;
}
