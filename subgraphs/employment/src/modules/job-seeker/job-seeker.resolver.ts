import { randomUUID } from "node:crypto";
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { badUserInput, idempotent, today, NotPersonal } from "@percorsi/kit/author";
import type { EmploymentContext } from "../../context.js";
import { Organisation, organisationRef } from "../organisation/organisation.type.js";
import { Pathway, pathwayRef } from "../pathway/pathway.type.js";
import { ownedAbout, writingJobCentre } from "../shared/access.js";
import { cleanList, cleanText } from "../shared/lists.js";
import { RecordFirstAppointmentInput, RegisterJobSeekerInput, UpdateJobSeekerInput } from "./job-seeker.input.js";
import { JobSeekerRepository } from "./job-seeker.repository.js";
import { JobSeeker } from "./job-seeker.type.js";

/**
 * Her pathway after a write about her registration, dropping what this request had cached about
 * it. A reference only: the client reads the registration through `Pathway.jobSeeker`, under
 * the receipt the planner fetches for it.
 */
function written(jobSeeker: Pick<JobSeeker, "id" | "pathwayId">, ctx: EmploymentContext): Pathway {
  ctx.loaders.jobSeekersByPathway.clear(jobSeeker.pathwayId);
  return pathwayRef(jobSeeker.pathwayId);
}

function refuseClosed(jobSeeker: JobSeeker): void {
  if (jobSeeker.status === "CLOSED") throw badUserInput("A closed registration cannot change; register her again.", "id");
}

@Resolver(() => JobSeeker)
export class JobSeekerResolver {
  @FieldResolver(() => Pathway, { description: "Her pathway; its own fields come from the case-holder, as her consent allows." })
  @NotPersonal("a reference to her pseudonymous pathway, whose fields are labelled where they live")
  pathway(@Root() jobSeeker: JobSeeker): Pathway {
    return pathwayRef(jobSeeker.pathwayId);
  }

  @FieldResolver(() => Organisation, { description: "The job centre she is registered with." })
  @NotPersonal("the job centre keeping the record: an entry of the public directory")
  jobCentre(@Root() jobSeeker: JobSeeker): Organisation {
    return organisationRef(jobSeeker.jobCentreId);
  }

  @Mutation(() => Pathway, { nullable: true, description: "Registers a woman with your job centre (one open registration per pathway); returns her pathway." })
  async registerJobSeeker(
    @Arg("input", () => RegisterJobSeekerInput) input: RegisterJobSeekerInput,
    @Ctx() ctx: EmploymentContext,
  ): Promise<Pathway> {
    const jobCentreId = writingJobCentre(ctx);
    const registeredOn = input.registeredOn ?? today();
    if (registeredOn > today()) throw badUserInput("`registeredOn` cannot be in the future.", "registeredOn");
    const pathwayId = input.pathwayId.toLowerCase();
    const fields = {
      pathway_id: pathwayId,
      job_centre_id: jobCentreId,
      counsellor_id: ctx.actor.userId,
      registered_on: registeredOn,
      first_appointment_on: null,
      skills: cleanList(input.skills, "skills"),
      wished_occupations: cleanList(input.wishedOccupations, "wishedOccupations"),
      availability: cleanText(input.availability, "availability"),
      status: "REGISTERED" as const,
    };
    // A retry with the same key gets the first registration back: its "already registered" check never runs twice.
    const { id } = await idempotent(ctx, { key: input.idempotencyKey, operation: "registerJobSeeker", input }, async (tx) => {
      const repository = new JobSeekerRepository(tx);
      if (await repository.hasOpenRegistration(pathwayId, jobCentreId)) {
        throw badUserInput("This pathway already has an open registration at your job centre.", "pathwayId");
      }
      const id = randomUUID();
      await repository.insertMany([{ id, ...fields }]);
      return { id };
    });
    return written({ id, pathwayId }, ctx);
  }

  @Mutation(() => Pathway, { nullable: true, description: "Changes a registration of your job centre (a closed one stays closed); returns her pathway." })
  async updateJobSeeker(@Arg("input", () => UpdateJobSeekerInput) input: UpdateJobSeekerInput, @Ctx() ctx: EmploymentContext): Promise<Pathway> {
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
      const current = ownedAbout(await repository.lock(input.id, { jobCentreId, pathwayId: input.pathwayId }), jobCentreId, input.pathwayId);
      refuseClosed(current);
      await repository.update(current.id, changes);
      return current;
    });
    return written(jobSeeker, ctx);
  }

  @Mutation(() => Pathway, { nullable: true, description: "Records the day of her first appointment (her search is then active); returns her pathway." })
  async recordFirstAppointment(
    @Arg("input", () => RecordFirstAppointmentInput) input: RecordFirstAppointmentInput,
    @Ctx() ctx: EmploymentContext,
  ): Promise<Pathway> {
    const jobCentreId = writingJobCentre(ctx);
    if (input.firstAppointmentOn > today()) throw badUserInput("`firstAppointmentOn` cannot be in the future.", "firstAppointmentOn");
    const jobSeeker = await ctx.db.transaction(async (tx) => {
      const repository = new JobSeekerRepository(tx);
      const current = ownedAbout(await repository.lock(input.jobSeekerId, { jobCentreId, pathwayId: input.pathwayId }), jobCentreId, input.pathwayId);
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
    return written(jobSeeker, ctx);
  }
}
