import { randomUUID } from "node:crypto";
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { badUserInput, today } from "@percorsi/kit";
import type { EmploymentContext } from "../../context.js";
import { Organisation, organisationRef } from "../organisation/organisation.type.js";
import { Pathway, pathwayRef } from "../pathway/pathway.type.js";
import { assertUuid, ownedBy, required, writingJobCentre } from "../shared/access.js";
import { cleanList, cleanText } from "../shared/lists.js";
import { JobSeekersArgs, RecordFirstAppointmentInput, RegisterJobSeekerInput, UpdateJobSeekerInput } from "./job-seeker.input.js";
import { JobSeekerRepository } from "./job-seeker.repository.js";
import { JobSeeker, JobSeekerConnection } from "./job-seeker.type.js";

/** Re-reads a registration after a write, dropping what this request had cached about it. */
async function reloaded(jobSeeker: Pick<JobSeeker, "id" | "pathwayId">, ctx: EmploymentContext): Promise<JobSeeker> {
  ctx.loaders.jobSeeker.clear(jobSeeker.id);
  ctx.loaders.jobSeekersByPathway.clear(jobSeeker.pathwayId);
  return required(await ctx.loaders.jobSeeker.load(jobSeeker.id), "job seeker");
}

function refuseClosed(jobSeeker: JobSeeker): void {
  if (jobSeeker.status === "CLOSED") throw badUserInput("A closed registration cannot change; register her again.", "id");
}

@Resolver(() => JobSeeker)
export class JobSeekerResolver {
  @Query(() => JobSeekerConnection, { description: "Your job centre's own caseload, newest registration first." })
  jobSeekers(@Args(() => JobSeekersArgs) args: JobSeekersArgs, @Ctx() ctx: EmploymentContext): Promise<JobSeekerConnection> {
    return new JobSeekerRepository(ctx.db).caseload(ctx.actor.organisationId, args.status ?? null, args.first, args.after);
  }

  @Query(() => JobSeeker, { nullable: true, description: "A registration of your job centre." })
  async jobSeeker(@Arg("id", () => ID) id: string, @Ctx() ctx: EmploymentContext): Promise<JobSeeker> {
    assertUuid(id, "id");
    // Unknown and foreign ids are refused alike, so a refusal does not confirm that one exists.
    return ownedBy(await ctx.loaders.jobSeeker.load(id), ctx.actor.organisationId);
  }

  @FieldResolver(() => Pathway)
  pathway(@Root() jobSeeker: JobSeeker): Pathway {
    return pathwayRef(jobSeeker.pathwayId);
  }

  @FieldResolver(() => Organisation, { description: "The job centre she is registered with." })
  jobCentre(@Root() jobSeeker: JobSeeker): Organisation {
    return organisationRef(jobSeeker.jobCentreId);
  }

  @Mutation(() => JobSeeker, { description: "Registers a woman with your job centre; one open registration per pathway." })
  async registerJobSeeker(
    @Arg("input", () => RegisterJobSeekerInput) input: RegisterJobSeekerInput,
    @Ctx() ctx: EmploymentContext,
  ): Promise<JobSeeker> {
    const jobCentreId = writingJobCentre(ctx);
    const registeredOn = input.registeredOn ?? today();
    if (registeredOn > today()) throw badUserInput("`registeredOn` cannot be in the future.", "registeredOn");
    const row = {
      id: randomUUID(),
      pathway_id: input.pathwayId.toLowerCase(),
      job_centre_id: jobCentreId,
      counsellor_id: ctx.actor.userId,
      registered_on: registeredOn,
      first_appointment_on: null,
      skills: cleanList(input.skills, "skills"),
      wished_occupations: cleanList(input.wishedOccupations, "wishedOccupations"),
      availability: cleanText(input.availability, "availability"),
      status: "REGISTERED" as const,
    };
    await ctx.db.transaction(async (tx) => {
      const repository = new JobSeekerRepository(tx);
      if (await repository.hasOpenRegistration(row.pathway_id, jobCentreId)) {
        throw badUserInput("This pathway already has an open registration at your job centre.", "pathwayId");
      }
      await repository.insertMany([row]);
    });
    return reloaded({ id: row.id, pathwayId: row.pathway_id }, ctx);
  }

  @Mutation(() => JobSeeker, { description: "Changes a registration of your job centre; a closed one stays closed." })
  async updateJobSeeker(@Arg("input", () => UpdateJobSeekerInput) input: UpdateJobSeekerInput, @Ctx() ctx: EmploymentContext): Promise<JobSeeker> {
    const jobCentreId = writingJobCentre(ctx);
    const changes = {
      status: input.status ?? null,
      skills: input.skills ? cleanList(input.skills, "skills") : null,
      wishedOccupations: input.wishedOccupations ? cleanList(input.wishedOccupations, "wishedOccupations") : null,
      availability: input.availability ? cleanText(input.availability, "availability") : null,
    };
    if (Object.values(changes).every((value) => value === null)) throw badUserInput("Give at least one field to change.");
    const jobSeeker = await ctx.db.transaction(async (tx) => {
      const repository = new JobSeekerRepository(tx);
      const current = ownedBy(await repository.lock(input.id), jobCentreId);
      refuseClosed(current);
      await repository.update(current.id, changes);
      return current;
    });
    return reloaded(jobSeeker, ctx);
  }

  @Mutation(() => JobSeeker, { description: "Records the day of her first appointment; her search is then active." })
  async recordFirstAppointment(
    @Arg("input", () => RecordFirstAppointmentInput) input: RecordFirstAppointmentInput,
    @Ctx() ctx: EmploymentContext,
  ): Promise<JobSeeker> {
    const jobCentreId = writingJobCentre(ctx);
    if (input.firstAppointmentOn > today()) throw badUserInput("`firstAppointmentOn` cannot be in the future.", "firstAppointmentOn");
    const jobSeeker = await ctx.db.transaction(async (tx) => {
      const repository = new JobSeekerRepository(tx);
      const current = ownedBy(await repository.lock(input.jobSeekerId), jobCentreId);
      refuseClosed(current);
      if (current.firstAppointmentOn !== null) throw badUserInput("Her first appointment is already recorded.", "firstAppointmentOn");
      if (input.firstAppointmentOn < current.registeredOn!) {
        throw badUserInput("`firstAppointmentOn` cannot be before she registered.", "firstAppointmentOn");
      }
      // The first appointment is where an active search starts (the network's time-to-appointment indicator).
      await repository.update(current.id, {
        firstAppointmentOn: input.firstAppointmentOn,
        status: current.status === "REGISTERED" ? "ACTIVE_SEARCH" : null,
      });
      return current;
    });
    return reloaded(jobSeeker, ctx);
  }
}
