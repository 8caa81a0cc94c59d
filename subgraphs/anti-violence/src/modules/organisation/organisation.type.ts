import { Directive, Field, ID, ObjectType } from "type-graphql";
import { OrganisationTypeEnum, NotPersonal } from "@percorsi/kit/author";
import type { OrganisationType } from "@percorsi/schema";

@ObjectType({ description: "A signatory of the network protocol: centre, shelter, job centre, training body..." })
@Directive('@key(fields: "id")')
@NotPersonal("the network's directory of signatories: public")
export class Organisation {
  @Field(() => ID, { description: "Its id in the network's directory: a stable slug, e.g. cav-aurora." })
  id: string;

  // Nullable: other subgraphs hand out organisation references, and when the directory is down
  // only these fields may be lost, not the record that refers to the organisation.
  @Field(() => String, { nullable: true, description: "Its name." })
  name: string;

  @Field(() => OrganisationTypeEnum, { nullable: true, description: "Its type of signatory (a consent may grant every organisation of a type)." })
  type: OrganisationType;

  @Field(() => String, { nullable: true, description: "The city district it is in." })
  district: string;
}
