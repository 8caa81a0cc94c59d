import { randomUUID } from "node:crypto";
import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { badUserInput, idempotent, PageArgs, today } from "@percorsi/kit/author";
import type { EmploymentContext } from "../../context.js";
import { Organisation, organisationRef } from "../organisation/organisation.type.js";
import { required, writingJobCentre } from "../shared/access.js";
import { cleanText } from "../shared/lists.js";
import { AddEmployerInput } from "./employer.input.js";
import { EmployerRepository } from "./employer.repository.js";
import { Employer, EmployerConnection } from "./employer.type.js";

@Resolver(() => Employer)
export class EmployerResolver {
  @Query(() => EmployerConnection, { nullable: true, description: "Employers the network's job centres follow, by name." })
  employers(@Args(() => PageArgs) args: PageArgs, @Ctx() ctx: EmploymentContext): Promise<EmployerConnection> {
    return new EmployerRepository(ctx.db).list(args.first, args.after);
  }

  @FieldResolver(() => Organisation, { description: "The job centre that follows it." })
  jobCentre(@Root() employer: Employer): Organisation {
    return organisationRef(employer.jobCentreId);
  }

  @Mutation(() => Employer, { nullable: true, description: "Starts following an employer at your job centre." })
  async addEmployer(@Arg("input", () => AddEmployerInput) input: AddEmployerInput, @Ctx() ctx: EmploymentContext): Promise<Employer> {
    const jobCentreId = writingJobCentre(ctx);
    const signedOn = input.safeWorkplaceCommitmentSignedOn ?? null;
    if (signedOn && signedOn > today()) {
      throw badUserInput("`safeWorkplaceCommitmentSignedOn` cannot be in the future.", "safeWorkplaceCommitmentSignedOn");
    }
    const { id } = await idempotent(ctx, { key: input.idempotencyKey, operation: "addEmployer", input }, async (tx) => {
      const id = randomUUID();
      await new EmployerRepository(tx).insertMany([
        {
          id,
          job_centre_id: jobCentreId,
          name: cleanText(input.name, "name"),
          sector: cleanText(input.sector, "sector"),
          district: cleanText(input.district, "district"),
          safe_workplace_commitment_signed_on: signedOn,
          has_anti_harassment_policy: input.hasAntiHarassmentPolicy,
        },
      ]);
      return { id };
    });
    return required(await ctx.loaders.employer.load(id), "employer");
  }
}
