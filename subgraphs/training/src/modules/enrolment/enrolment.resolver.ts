import { randomUUID } from "node:crypto";
import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { badUserInput, forbidden, Sensitive, today } from "@percorsi/kit";
import type { TrainingContext } from "../../context.js";
import { CourseRepository } from "../course/course.repository.js";
import { Course } from "../course/course.type.js";
import { Pathway, pathwayRef } from "../pathway/pathway.type.js";
import { CompleteEnrolmentInput, EnrolInCourseInput, EnrolmentsArgs, WithdrawEnrolmentInput } from "./enrolment.input.js";
import { EnrolmentRepository } from "./enrolment.repository.js";
import { Enrolment, EnrolmentConnection } from "./enrolment.type.js";

/** A day given by the caller, or today; never in the future. */
function pastOrToday(day: string | null | undefined, field: string): string {
  const value = day ?? today();
  if (value > today()) throw badUserInput(`\`${field}\` cannot be in the future.`, field);
  return value;
}

/**
 * Locks an enrolment of the caller's training body that is still ENROLLED. Unknown and foreign
 * enrolments are refused alike, so a refusal does not confirm that an id exists.
 */
async function lockOwnOpenEnrolment(repository: EnrolmentRepository, id: string, ctx: TrainingContext): Promise<Enrolment> {
  const enrolment = await repository.lock(id);
  if (!enrolment || enrolment.trainingBodyId !== ctx.actor.organisationId) throw forbidden("ORGANISATION");
  if (enrolment.status !== "ENROLLED") throw badUserInput("Only an ENROLLED enrolment can change status.", "enrolmentId");
  return enrolment;
}

@Resolver(() => Enrolment)
export class EnrolmentResolver {
  @Query(() => EnrolmentConnection, { description: "Your training body's enrolments, newest first." })
  enrolments(@Args(() => EnrolmentsArgs) args: EnrolmentsArgs, @Ctx() ctx: TrainingContext): Promise<EnrolmentConnection> {
    return new EnrolmentRepository(ctx.db).ofTrainingBody(ctx.actor.organisationId, { status: args.status ?? null }, args.first, args.after);
  }

  @FieldResolver(() => Pathway, { nullable: true, description: "The pathway enrolled (its details come from the case-holder)." })
  @Sensitive("TRAINING")
  pathway(@Root() enrolment: Enrolment): Pathway {
    return pathwayRef(enrolment.pathwayId);
  }

  @FieldResolver(() => Course, { nullable: true })
  @Sensitive("TRAINING")
  course(@Root() enrolment: Enrolment, @Ctx() ctx: TrainingContext): Promise<Course | null> {
    return ctx.loaders.course.load(enrolment.courseId);
  }

  @Mutation(() => Enrolment, { description: "Enrols a pathway in one of your courses, if a seat is free and she holds none yet." })
  async enrolInCourse(@Arg("input", () => EnrolInCourseInput) input: EnrolInCourseInput, @Ctx() ctx: TrainingContext): Promise<Enrolment> {
    const enrolledOn = pastOrToday(input.enrolledOn, "enrolledOn");
    const id = randomUUID();
    await ctx.db.transaction(async (tx) => {
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
    });
    ctx.loaders.seatsTaken.clear(input.courseId);
    return (await ctx.loaders.enrolment.load(id))!;
  }

  @Mutation(() => Enrolment, { description: "Records that she completed the course (ENROLLED enrolments only)." })
  async completeEnrolment(
    @Arg("input", () => CompleteEnrolmentInput) input: CompleteEnrolmentInput,
    @Ctx() ctx: TrainingContext,
  ): Promise<Enrolment> {
    const completedOn = pastOrToday(input.completedOn, "completedOn");
    await ctx.db.transaction(async (tx) => {
      const enrolments = new EnrolmentRepository(tx);
      const enrolment = await lockOwnOpenEnrolment(enrolments, input.enrolmentId, ctx);
      if (completedOn < enrolment.enrolledOn!) throw badUserInput("`completedOn` cannot be before the enrolment.", "completedOn");
      await enrolments.complete(enrolment.id, completedOn, input.certificate ?? null);
    });
    return this.reload(input.enrolmentId, ctx);
  }

  @Mutation(() => Enrolment, { description: "Records that she left the course (ENROLLED enrolments only); her seat is freed." })
  async withdrawEnrolment(
    @Arg("input", () => WithdrawEnrolmentInput) input: WithdrawEnrolmentInput,
    @Ctx() ctx: TrainingContext,
  ): Promise<Enrolment> {
    const withdrawnOn = pastOrToday(input.withdrawnOn, "withdrawnOn");
    await ctx.db.transaction(async (tx) => {
      const enrolments = new EnrolmentRepository(tx);
      const enrolment = await lockOwnOpenEnrolment(enrolments, input.enrolmentId, ctx);
      if (withdrawnOn < enrolment.enrolledOn!) throw badUserInput("`withdrawnOn` cannot be before the enrolment.", "withdrawnOn");
      await enrolments.withdraw(enrolment.id, withdrawnOn);
    });
    return this.reload(input.enrolmentId, ctx);
  }

  private async reload(id: string, ctx: TrainingContext): Promise<Enrolment> {
    ctx.loaders.enrolment.clear(id);
    ctx.loaders.seatsTaken.clearAll();
    return (await ctx.loaders.enrolment.load(id))!;
  }
}
