import { randomUUID } from "node:crypto";
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { badUserInput, carryReceipt, idempotent, Sensitive, NotPersonal } from "@percorsi/kit/author";
import type { EmploymentContext } from "../../context.js";
import { Employer } from "../employer/employer.type.js";
import { EmployerRepository } from "../employer/employer.repository.js";
import { JobSeekerRepository } from "../job-seeker/job-seeker.repository.js";
import { Organisation, organisationRef } from "../organisation/organisation.type.js";
import { Pathway, pathwayRef } from "../pathway/pathway.type.js";
import { RetentionCheck } from "../retention-check/retention-check.type.js";
import { ownedAbout, writingJobCentre } from "../shared/access.js";
import { cleanText } from "../shared/lists.js";
import { Vacancy } from "../vacancy/vacancy.type.js";
import { VacancyRepository } from "../vacancy/vacancy.repository.js";
import { RecordPlacementInput } from "./placement.input.js";
import { PlacementRepository } from "./placement.repository.js";
import { Placement } from "./placement.type.js";

/** Checks that need no database: the dates and the contract agree. */
function checkTerms(input: RecordPlacementInput): void {
  if (input.endOn && input.endOn <= input.startOn) throw badUserInput("`endOn` must be after `startOn`.", "endOn");
  if (input.contractType === "FIXED_TERM" && !input.endOn) throw badUserInput("A FIXED_TERM contract needs `endOn`.", "endOn");
}

@Resolver(() => Placement)
export class PlacementResolver {
  @FieldResolver(() => Pathway, { description: "Her pathway; its own fields come from the case-holder, as her consent allows." })
  @NotPersonal("a reference to her pseudonymous pathway, whose fields are labelled where they live")
  pathway(@Root() placement: Placement): Pathway {
    return pathwayRef(placement.pathwayId);
  }

  @FieldResolver(() => Organisation, { description: "The job centre that recorded it." })
  @NotPersonal("the job centre keeping the record: an entry of the public directory")
  jobCentre(@Root() placement: Placement): Organisation {
    return organisationRef(placement.jobCentreId);
  }

  @FieldResolver(() => Employer, { nullable: true, description: "Where she works: as sensitive as her address." })
  @Sensitive("PLACEMENT")
  employer(@Root() placement: Placement, @Ctx() ctx: EmploymentContext): Promise<Employer | null> {
    return ctx.loaders.employer.load(placement.employerId);
  }

  @FieldResolver(() => Vacancy, { nullable: true, description: "The vacancy she filled, if any." })
  @Sensitive("PLACEMENT")
  vacancy(@Root() placement: Placement, @Ctx() ctx: EmploymentContext): Promise<Vacancy | null> | null {
    return placement.vacancyId ? ctx.loaders.vacancy.load(placement.vacancyId) : null;
  }

  @FieldResolver(() => [RetentionCheck], { nullable: true, description: "Checks at 3, 6 and 12 months, in order." })
  @Sensitive("PLACEMENT")
  async retentionChecks(@Root() placement: Placement, @Ctx() ctx: EmploymentContext): Promise<RetentionCheck[]> {
    // Judged on the receipt the placement was reached under.
    const checks = await ctx.loaders.retentionChecksByPlacement.load(placement.id);
    return checks.map((check) => carryReceipt(check, placement.consentReceipt));
  }

  @Mutation(() => Pathway, { nullable: true, description: "Records a job she starts (her registration is then PLACED); returns her pathway." })
  async recordPlacement(@Arg("input", () => RecordPlacementInput) input: RecordPlacementInput, @Ctx() ctx: EmploymentContext): Promise<Pathway> {
    const jobCentreId = writingJobCentre(ctx);
    checkTerms(input);
    // Whose registration it is, checked before (and outside) the idempotent work: a refusal is
    // never stored, and a retry answered from the stored result is checked again.
    const [owned] = await new JobSeekerRepository(ctx.db).byIds([input.jobSeekerId]);
    ownedAbout(owned, jobCentreId, input.pathwayId);
    const { pathwayId } = await idempotent(ctx, { key: input.idempotencyKey, operation: "recordPlacement", input }, async (tx) => {
      const jobSeekers = new JobSeekerRepository(tx);
      const current = ownedAbout(await jobSeekers.lock(input.jobSeekerId, { jobCentreId, pathwayId: input.pathwayId }), jobCentreId, input.pathwayId);
      if (current.status === "CLOSED") throw badUserInput("A closed registration cannot get a placement.", "jobSeekerId");
      if (input.startOn < current.registeredOn!) throw badUserInput("`startOn` cannot be before she registered.", "startOn");
      const [employer] = await new EmployerRepository(tx).byIds([input.employerId]);
      if (!employer) throw badUserInput("`employerId` names no employer.", "employerId");
      if (input.vacancyId) {
        const [vacancy] = await new VacancyRepository(tx).byIds([input.vacancyId]);
        if (vacancy?.employerId !== employer.id) throw badUserInput("`vacancyId` names no vacancy of this employer.", "vacancyId");
      }
      const id = randomUUID();
      await new PlacementRepository(tx).insertMany([
        {
          id,
          job_seeker_id: current.id,
          employer_id: employer.id,
          vacancy_id: input.vacancyId ?? null,
          occupation: cleanText(input.occupation, "occupation"),
          contract_type: input.contractType,
          weekly_hours: input.weeklyHours,
          start_on: input.startOn,
          end_on: input.endOn ?? null,
          recorded_by: ctx.actor.userId,
        },
      ]);
      await jobSeekers.update(current.id, { status: "PLACED" });
      return { id, pathwayId: current.pathwayId };
    });
    ctx.loaders.jobSeekersByPathway.clear(pathwayId);
    ctx.loaders.placementsByPathway.clear(pathwayId);
    // Her pathway: the client reads the placement through `Pathway.placements`, under her receipt.
    return pathwayRef(pathwayId);
  }
}
