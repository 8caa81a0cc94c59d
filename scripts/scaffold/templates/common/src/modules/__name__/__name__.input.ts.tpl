import { AboutPathwayInput, DateScalar, Field, InputType } from "@percorsi/kit/author";

@InputType({ description: "Records what __title__ did for her pathway, at your organisation." })
export class Record__Name__Input extends AboutPathwayInput {
  @Field(() => DateScalar, { nullable: true, description: "Defaults to today; not in the future." })
  recordedOn?: string | null;
}
