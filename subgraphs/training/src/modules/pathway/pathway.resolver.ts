import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { Sensitive } from "@percorsi/kit";
import type { TrainingContext } from "../../context.js";
import { Enrolment } from "../enrolment/enrolment.type.js";
import { Pathway } from "./pathway.type.js";

@Resolver(() => Pathway)
export class PathwayResolver {
  @FieldResolver(() => [Enrolment], {
    nullable: true,
    description: "Her enrolments in your training body's courses (other bodies' enrolments are never released here).",
  })
  @Sensitive("TRAINING")
  enrolments(@Root() pathway: Pathway, @Ctx() ctx: TrainingContext): Promise<Enrolment[]> {
    return ctx.loaders.ownEnrolmentsOfPathway.load(pathway.id);
  }
}
