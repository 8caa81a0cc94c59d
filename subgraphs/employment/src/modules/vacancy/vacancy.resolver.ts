import { randomUUID } from "node:crypto";
import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { badUserInput, forbidden, idempotent, today } from "@percorsi/kit/author";
import type { EmploymentContext } from "../../context.js";
import { Employer } from "../employer/employer.type.js";
import { EmployerRepository } from "../employer/employer.repository.js";
import { Organisation, organisationRef } from "../organisation/organisation.type.js";
import { ownedBy, required, writingJobCentre } from "../shared/access.js";
import { cleanText } from "../shared/lists.js";
import { CloseVacancyInput, OpenVacancyInput, VacanciesArgs } from "./vacancy.input.js";
import { VacancyRepository } from "./vacancy.repository.js";
import { Vacancy, VacancyConnection } from "./vacancy.type.js";

@Resolver(() => Vacancy)
export class VacancyResolver {
  @Query(() => VacancyConnection, { nullable: true, description: "Vacancies across the network's job centres, newest first." })
  vacancies(@Args(() => VacanciesArgs) args: VacanciesArgs, @Ctx() ctx: EmploymentContext): Promise<VacancyConnection> {
    return new VacancyRepository(ctx.db).list(args.openOnly ?? false, args.first, args.after);
  }

  @FieldResolver(() => Employer, { description: "The employer offering it." })
  async employer(@Root() vacancy: Vacancy, @Ctx() ctx: EmploymentContext): Promise<Employer> {
    return required(await ctx.loaders.employer.load(vacancy.employerId), "employer");
  }

  @FieldResolver(() => Organisation, { description: "The job centre that handles it." })
  jobCentre(@Root() vacancy: Vacancy): Organisation {
    return organisationRef(vacancy.jobCentreId);
  }

  @Mutation(() => Vacancy, { nullable: true, description: "Opens a vacancy for an employer your job centre follows." })
  async openVacancy(@Arg("input", () => OpenVacancyInput) input: OpenVacancyInput, @Ctx() ctx: EmploymentContext): Promise<Vacancy> {
    const jobCentreId = writingJobCentre(ctx);
    const openedOn = input.openedOn ?? today();
    if (openedOn > today()) throw badUserInput("`openedOn` cannot be in the future.", "openedOn");
    // Checked before (and outside) the idempotent work: a refusal is never stored, and a retry
    // answered from the stored result is checked again. (An employer's job centre never changes.)
    const [employer] = await new EmployerRepository(ctx.db).byIds([input.employerId]);
    if (!employer) throw badUserInput("`employerId` names no employer.", "employerId");
    // A job centre speaks for the employers it follows, not for another centre's.
    if (employer.jobCentreId !== jobCentreId) throw forbidden("ORGANISATION");
    const { id } = await idempotent(ctx, { key: input.idempotencyKey, operation: "openVacancy", input }, async (tx) => {
      const id = randomUUID();
      await new VacancyRepository(tx).insertMany([
        {
          id,
          employer_id: employer.id,
          job_centre_id: jobCentreId,
          title: cleanText(input.title, "title"),
          occupation: cleanText(input.occupation, "occupation"),
          contract_type: input.contractType,
          weekly_hours: input.weeklyHours,
          district: input.district ? cleanText(input.district, "district") : employer.district,
          opened_on: openedOn,
          closed_on: null,
        },
      ]);
      return { id };
    });
    return required(await ctx.loaders.vacancy.load(id), "vacancy");
  }

  @Mutation(() => Vacancy, { nullable: true, description: "Closes one of your job centre's vacancies." })
  async closeVacancy(@Arg("input", () => CloseVacancyInput) input: CloseVacancyInput, @Ctx() ctx: EmploymentContext): Promise<Vacancy> {
    const jobCentreId = writingJobCentre(ctx);
    const closedOn = input.closedOn ?? today();
    if (closedOn > today()) throw badUserInput("`closedOn` cannot be in the future.", "closedOn");
    const id = await ctx.db.transaction(async (tx) => {
      const vacancies = new VacancyRepository(tx);
      const vacancy = ownedBy(await vacancies.lock(input.vacancyId), jobCentreId);
      if (vacancy.closedOn !== null) throw badUserInput("The vacancy is already closed.", "vacancyId");
      if (closedOn < vacancy.openedOn) throw badUserInput("`closedOn` cannot be before the vacancy opened.", "closedOn");
      await vacancies.close(vacancy.id, closedOn);
      return vacancy.id;
    });
    ctx.loaders.vacancy.clear(id);
    return required(await ctx.loaders.vacancy.load(id), "vacancy");
  }
}
