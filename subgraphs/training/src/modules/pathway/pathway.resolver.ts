import { Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { carryReceipt, decideAccess, factsFromReceipt, receiptFor, Sensitive } from "@percorsi/kit/author";
import type { TrainingContext } from "../../context.js";
import { EnrolmentRepository } from "../enrolment/enrolment.repository.js";
import { Enrolment } from "../enrolment/enrolment.type.js";
import { TrainingCaseloadArgs } from "./pathway.input.js";
import { Pathway, pathwayRef, TrainingCaseloadConnection } from "./pathway.type.js";

@Resolver(() => Pathway)
export class PathwayResolver {
  @Query(() => TrainingCaseloadConnection, {
    nullable: true,
    description:
      "The pathways enrolled in your training body's courses, one per pathway, newest enrolment first. References only: read `enrolments` under each, on her consent receipt.",
  })
  async trainingCaseload(@Args(() => TrainingCaseloadArgs) args: TrainingCaseloadArgs, @Ctx() ctx: TrainingContext): Promise<TrainingCaseloadConnection> {
    const page = await new EnrolmentRepository(ctx.db).caseload(
      ctx.actor.organisationId,
      { status: args.status ?? null, courseId: args.courseId ?? null },
      args.first,
      args.after,
    );
    return { ...page, nodes: page.nodes.map((entry) => pathwayRef(entry.pathwayId)) };
  }

  /**
   * The caller's own body's enrolments (the field's rule already judged it as their owner on her
   * receipt), plus each other body's when her consent (or a break-glass read) releases them to
   * the caller. Each enrolment carries the receipt, so its own fields are judged on it too.
   */
  @FieldResolver(() => [Enrolment], {
    nullable: true,
    description:
      "Her enrolments: your training body's own, and other bodies' only as her consent allows (the case-holder reads them only with her consent to TRAINING).",
  })
  @Sensitive("TRAINING")
  async enrolments(@Root() pathway: Pathway, @Ctx() ctx: TrainingContext): Promise<Enrolment[]> {
    // Both already settled by the field's rule (cached per request).
    const [enrolments, receipt] = await Promise.all([ctx.loaders.enrolmentsOfPathway.load(pathway.id), receiptFor(ctx, pathway)]);
    const released = new Map<string, boolean>();
    const mayRead = (trainingBodyId: string): boolean => {
      if (trainingBodyId === ctx.actor.organisationId) return true;
      if (!released.has(trainingBodyId)) {
        const decision = decideAccess(ctx.actor, "TRAINING", factsFromReceipt(trainingBodyId, pathway.id, receipt));
        ctx.audit.record(pathway.id, "TRAINING", decision);
        released.set(trainingBodyId, decision.allowed);
      }
      return released.get(trainingBodyId)!;
    };
    return enrolments.filter((enrolment) => mayRead(enrolment.trainingBodyId)).map((enrolment) => carryReceipt(enrolment, pathway.consentReceipt));
  }
}
