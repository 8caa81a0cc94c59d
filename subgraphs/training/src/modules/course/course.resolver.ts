import { randomUUID } from "node:crypto";
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { badUserInput, idempotent, isUuid } from "@percorsi/kit/author";
import type { TrainingContext } from "../../context.js";
import { Organisation, organisationRef } from "../organisation/organisation.type.js";
import { CoursesArgs, CreateCourseInput } from "./course.input.js";
import { CourseRepository } from "./course.repository.js";
import { Course, CourseConnection } from "./course.type.js";

@Resolver(() => Course)
export class CourseResolver {
  @Query(() => CourseConnection, { nullable: true, description: "Course editions of the network's training bodies, latest first." })
  courses(@Args(() => CoursesArgs) args: CoursesArgs, @Ctx() ctx: TrainingContext): Promise<CourseConnection> {
    return new CourseRepository(ctx.db).list(
      { district: args.district ?? null, childcareOffered: args.childcareOffered ?? null },
      args.first,
      args.after,
    );
  }

  @Query(() => Course, { nullable: true, description: "One course edition, by id; null if there is none." })
  course(@Arg("id", () => ID) id: string, @Ctx() ctx: TrainingContext): Promise<Course | null> {
    if (!isUuid(id)) throw badUserInput("`id` is not a course id.", "id");
    return ctx.loaders.course.load(id);
  }

  @FieldResolver(() => Organisation, { description: "The training body that runs it." })
  trainingBody(@Root() course: Course): Organisation {
    return organisationRef(course.trainingBodyId);
  }

  @FieldResolver(() => Int, { description: "Seats held by enrolments that were not withdrawn." })
  async seatsTaken(@Root() course: Course, @Ctx() ctx: TrainingContext): Promise<number> {
    return (await ctx.loaders.seatsTaken.load(course.id))?.taken ?? 0;
  }

  @Mutation(() => Course, { nullable: true, description: "Adds a course edition run by your training body." })
  async createCourse(@Arg("input", () => CreateCourseInput) input: CreateCourseInput, @Ctx() ctx: TrainingContext): Promise<Course> {
    if (input.endsOn < input.startsOn) throw badUserInput("`endsOn` must be on or after `startsOn`.", "endsOn");
    const { id } = await idempotent(ctx, { key: input.idempotencyKey, operation: "createCourse", input }, async (tx) => {
      const id = randomUUID();
      await new CourseRepository(tx).insertMany([
        {
          id,
          trainingBodyId: ctx.actor.organisationId,
          title: input.title,
          skillsTaught: input.skillsTaught,
          schedule: input.schedule,
          district: input.district,
          seats: input.seats,
          childcareOffered: input.childcareOffered,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          createdBy: ctx.actor.userId,
        },
      ]);
      return { id };
    });
    return (await ctx.loaders.course.load(id))!;
  }
}
