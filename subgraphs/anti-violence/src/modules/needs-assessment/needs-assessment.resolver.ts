import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { badUserInput, Sensitive, today } from "@percorsi/kit/author";
import type { AntiViolenceContext } from "../../context.js";
import { changeablePathway, closedPathway } from "../pathway/pathway.access.js";
import { PathwayRepository } from "../pathway/pathway.repository.js";
import { Pathway } from "../pathway/pathway.type.js";
import { RecordNeedsAssessmentInput } from "./needs-assessment.input.js";
import { NeedsAssessmentRepository } from "./needs-assessment.repository.js";
import { NeedsAssessment } from "./needs-assessment.type.js";

@Resolver(() => Pathway)
export class NeedsAssessmentResolver {
  @FieldResolver(() => NeedsAssessment, {
    nullable: true,
    description: "Her education and work needs; null until assessed. Each part is released by its own category.",
  })
  @Sensitive("CASE_STATUS")
  needsAssessment(@Root() pathway: Pathway, @Ctx() ctx: AntiViolenceContext): Promise<NeedsAssessment | null> {
    return ctx.loaders.needsAssessment.load(pathway.id);
  }

  @Mutation(() => Pathway, {
    nullable: true,
    description: "Records (or replaces) a pathway's needs assessment. A pathway at INTAKE moves to NEEDS_ANALYSIS.",
  })
  async recordNeedsAssessment(
    @Arg("input", () => RecordNeedsAssessmentInput) input: RecordNeedsAssessmentInput,
    @Ctx() ctx: AntiViolenceContext,
  ): Promise<Pathway> {
    const pathway = await changeablePathway(input.pathwayId, ctx);
    const assessedOn = input.assessedOn ?? today();
    if (assessedOn > today()) throw badUserInput("`assessedOn` cannot be in the future.", "assessedOn");
    if (pathway.openedOn && assessedOn < pathway.openedOn) {
      throw badUserInput("`assessedOn` cannot be before the pathway opened.", "assessedOn");
    }
    await ctx.db.transaction(async (tx) => {
      const pathways = new PathwayRepository(tx);
      if ((await pathways.lockStage(pathway.id)) === "CLOSED") throw closedPathway();
      await new NeedsAssessmentRepository(tx).upsertMany([
        {
          pathwayId: pathway.id,
          assessedOn,
          assessedBy: ctx.actor.userId,
          educationLevel: input.educationLevel,
          qualifications: input.qualifications,
          languages: input.languages,
          workExperience: input.workExperience,
          availability: input.availability,
          careConstraints: input.careConstraints,
          economicSituation: input.economicSituation,
          housingSituation: input.housingSituation,
          districtsToAvoid: input.districtsToAvoid,
          hoursToAvoid: input.hoursToAvoid,
          healthNotes: input.healthNotes ?? null,
        },
      ]);
      await pathways.advanceStage(pathway.id, "INTAKE", "NEEDS_ANALYSIS");
    });
    ctx.loaders.needsAssessment.clear(pathway.id);
    ctx.loaders.pathway.clear(pathway.id);
    return (await ctx.loaders.pathway.load(pathway.id))!;
  }
}
