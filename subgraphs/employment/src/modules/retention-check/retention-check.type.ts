import { Field, ID, Int, ObjectType } from "type-graphql";
import { DateScalar, Sensitive, NotPersonal } from "@percorsi/kit/author";

@ObjectType({ description: "Whether she still held the job 3, 6 or 12 months after it started." })
export class RetentionCheck {
  @Field(() => ID, { description: "The check's own random id." })
  @NotPersonal("the record's own random id")
  id: string;

  /** Not fields: the placement checked, and its ownership for permission checks. */
  placementId: string;
  pathwayId: string;
  jobCentreId: string;
  /** Not a field: the placement's receipt, carried on from it (see `carryReceipt`). */
  consentReceipt?: string | null;

  @Field(() => Int, { nullable: true, description: "3, 6 or 12." })
  @Sensitive("PLACEMENT")
  monthsAfterStart: number | null;

  @Field(() => DateScalar, { nullable: true, description: "The day of the check." })
  @Sensitive("PLACEMENT")
  checkedOn: string | null;

  @Field(() => Boolean, { nullable: true, description: "Whether she still held the job." })
  @Sensitive("PLACEMENT")
  stillEmployed: boolean | null;

  @Field(() => String, { nullable: true, description: "What the job centre noted at the check." })
  @Sensitive("PLACEMENT")
  note: string | null;
}
