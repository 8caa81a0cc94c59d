import { randomUUID } from "node:crypto";
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { badUserInput, forbidden, idempotent, Sensitive, today, NotPersonal } from "@percorsi/kit/author";
import type { TrainingContext } from "../../context.js";
import { CourseRepository } from "../course/course.repository.js";
import { Course } from "../course/course.type.js";
import { Pathway, pathwayRef } from "../pathway/pathway.type.js";
import { CompleteEnrolmentInput, EnrolInCourseInput, WithdrawEnrolmentInput } from "./enrolment.input.js";
import { EnrolmentRepository } from "./enrolment.repository.js";
import { Enrolment } from "./enrolment.type.js";

/** A day given by the caller, or today; never in the future. */
function pastOrToday(day: string | null | undefined, field: string): string {
  const value = day ?? today();
  if (value > today()) throw badUserInput(`\`${field}\` cannot be in the future.`, field);
  return value;
}

/**
 * Locks an enrolment of the caller's training body, about the pathway the write names, that is
 * still ENROLLED. Unknown, foreign and other pathways' enrolments are refused alike, so a
 * refusal does not confirm that an id exists.
 */
async function lockOwnOpenEnrolment(repository: EnrolmentRepository, id: string, pathwayId: string, ctx: TrainingContext): Promise<Enrolment> {
  const enrolment = await repository.lock(id, { trainingBodyId: ctx.actor.organisationId, pathwayId });
  if (!enrolment || enrolment.trainingBodyId !== ctx.actor.organisationId || enrolment.pathwayId !== pathwayId.toLowerCase()) {
    throw forbidden("ORGANISATION");
  }
  if (enrolment.status !== "ENROLLED") throw badUserInput("Only an ENROLLED enrolment can change status.", "enrolmentId");
  return enrolment;
}

@Resolver(() => Enrolment)
export class EnrolmentResolver {
  /**
   * Not labelled: an enrolment is only ever reached under `Pathway.enrolments`, already judged
   * on her receipt, and this is that same pathway's id. The reference carries no receipt, so
   * anything read under it again goes through the planner (and a fresh receipt).
   */
  @FieldResolver(() => Pathway, { nullable: true, description: "The pathway enrolled (its details come from the case-holder)." })
  @NotPersonal("a reference to her pseudonymous pathway, whose fields are labelled where they live")
  pathway(@Root() enrolment: Enrolment): Pathway {
    return pathwayRef(enrolment.pathwayId);
  }

  @FieldResolver(() => Course, { nullable: true, description: "The course she enrolled in." })
  @Sensitive("TRAINING")
  course(@Root() enrolment: Enrolment, @Ctx() ctx: TrainingContext): Promise<Course | null> {
    return ctx.loaders.course.load(enrolment.courseId);
  }

  @Mutation(() => Pathway, {
    nullable: true,
    description:
      "Enrols a pathway in one of your courses, if a seat is free and she holds none yet. Returns her pathway: read the enrolment under it (`enrolments`), on her consent receipt.",
  })
  async enrolInCourse(@Arg("input", () => EnrolInCourseInput) input: EnrolInCourseInput, @Ctx() ctx: TrainingContext): Promise<Pathway> {
    const enrolledOn = pastOrToday(input.enrolledOn, "enrolledOn");
    // Whose course it is, checked before (and outside) the idempotent work: a refusal is never
    // stored, and a retry answered from the stored result is checked again. (A course's
    // training body never changes; the lock below re-reads it for the seat count.)
    const owned = await ctx.loaders.course.load(input.courseId.toLowerCase());
    if (!owned) throw badUserInput("`courseId` is not a course.", "courseId");
    if (owned.trainingBodyId !== ctx.actor.organisationId) throw forbidden("ORGANISATION");
    await idempotent(ctx, { key: input.idempotencyKey, operation: "enrolInCourse", input }, async (tx) => {
      const enrolments = new EnrolmentRepository(tx);
      // The lock queues concurrent enrolments into this course; the occupancy read after it
      // (a new statement, so a fresh snapshot) then sees the seats they took.
      const course = await new CourseRepository(tx).lock(input.courseId);
      if (!course) throw badUserInput("`courseId` is not a course.", "courseId");
      if (course.trainingBodyId !== ctx.actor.organisationId) throw forbidden("ORGANISATION");
      if (enrolledOn > course.endsOn) throw badUserInput("The course ended before `enrolledOn`.", "enrolledOn");
      const { taken, alreadyEnrolled } = await enrolments.occupancy(course.id, input.pathwayId);
      if (alreadyEnrolled) throw badUserInput("This pathway already holds a seat in this course.", "pathwayId");
      if (taken >= course.seats) throw badUserInput("The course has no free seat.", "courseId");
      const id = randomUUID();
      await enrolments.insertMany([
        {
          id,
          pathwayId: input.pathwayId,
          courseId: course.id,
          trainingBodyId: course.trainingBodyId,
          status: "ENROLLED",
          enrolledOn,
          completedOn: null,
          withdrawnOn: null,
          certificate: null,
          recordedBy: ctx.actor.userId,
        },
      ]);
      return { id };
    });
    ctx.loaders.seatsTaken.clear(input.courseId);
    ctx.loaders.enrolmentsOfPathway.clear(input.pathwayId);
    return pathwayRef(input.pathwayId);
  }

  @Mutation(() => Pathway, { nullable: true, description: "Records that she completed the course (ENROLLED enrolments only). Returns her pathway." })
  async completeEnrolment(
    @Arg("input", () => CompleteEnrolmentInput) input: CompleteEnrolmentInput,
    @Ctx() ctx: TrainingContext,
  ): Promise<Pathway> {
    const completedOn = pastOrToday(input.completedOn, "completedOn");
    const pathwayId = await ctx.db.transaction(async (tx) => {
      const enrolments = new EnrolmentRepository(tx);
      const enrolment = await lockOwnOpenEnrolment(enrolments, input.enrolmentId, input.pathwayId, ctx);
      if (completedOn < enrolment.enrolledOn!) throw badUserInput("`completedOn` cannot be before the enrolment.", "completedOn");
      await enrolments.complete(enrolment.id, completedOn, input.certificate ?? null);
      return enrolment.pathwayId;
    });
    return this.changed(pathwayId, ctx);
  }

  @Mutation(() => Pathway, { nullable: true, description: "Records that she left the course (ENROLLED enrolments only); her seat is freed. Returns her pathway." })
  async withdrawEnrolment(
    @Arg("input", () => WithdrawEnrolmentInput) input: WithdrawEnrolmentInput,
    @Ctx() ctx: TrainingContext,
  ): Promise<Pathway> {
    const withdrawnOn = pastOrToday(input.withdrawnOn, "withdrawnOn");
    const pathwayId = await ctx.db.transaction(async (tx) => {
      const enrolments = new EnrolmentRepository(tx);
      const enrolment = await lockOwnOpenEnrolment(enrolments, input.enrolmentId, input.pathwayId, ctx);
      if (withdrawnOn < enrolment.enrolledOn!) throw badUserInput("`withdrawnOn` cannot be before the enrolment.", "withdrawnOn");
      await enrolments.withdraw(enrolment.id, withdrawnOn);
      return enrolment.pathwayId;
    });
    return this.changed(pathwayId, ctx);
  }

  /** Forgets what this request cached about the changed enrolment; her pathway is the answer. */
  private changed(pathwayId: string, ctx: TrainingContext): Pathway {
    ctx.loaders.seatsTaken.clearAll();
    ctx.loaders.enrolmentsOfPathway.clear(pathwayId);
    return pathwayRef(pathwayId);
  }
}
