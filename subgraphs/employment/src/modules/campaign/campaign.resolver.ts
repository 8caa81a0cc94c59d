import { randomUUID } from "node:crypto";
import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { badUserInput, idempotent, PageArgs, today } from "@percorsi/kit/author";
import type { EmploymentContext } from "../../context.js";
import { Employer } from "../employer/employer.type.js";
import { EmployerRepository } from "../employer/employer.repository.js";
import { Organisation, organisationRef } from "../organisation/organisation.type.js";
import { required, writingJobCentre } from "../shared/access.js";
import { cleanText } from "../shared/lists.js";
import { RecordCampaignInput } from "./campaign.input.js";
import { CampaignRepository } from "./campaign.repository.js";
import { Campaign, CampaignConnection } from "./campaign.type.js";

@Resolver(() => Campaign)
export class CampaignResolver {
  @Query(() => CampaignConnection, { nullable: true, description: "Employer information campaigns across the network, newest first." })
  campaigns(@Args(() => PageArgs) args: PageArgs, @Ctx() ctx: EmploymentContext): Promise<CampaignConnection> {
    return new CampaignRepository(ctx.db).list(args.first, args.after);
  }

  @FieldResolver(() => Organisation, { description: "The job centre that ran it." })
  jobCentre(@Root() campaign: Campaign): Organisation {
    return organisationRef(campaign.jobCentreId);
  }

  @FieldResolver(() => [Employer], { description: "Employers it reached, by name." })
  employersReached(@Root() campaign: Campaign, @Ctx() ctx: EmploymentContext): Promise<Employer[]> {
    return ctx.loaders.employersByCampaign.load(campaign.id);
  }

  @FieldResolver(() => Int, { description: "How many employers it reached." })
  async employersReachedCount(@Root() campaign: Campaign, @Ctx() ctx: EmploymentContext): Promise<number> {
    // Same loader as `employersReached`: asking for both costs one query.
    return (await ctx.loaders.employersByCampaign.load(campaign.id)).length;
  }

  @Mutation(() => Campaign, { nullable: true, description: "Records an information campaign your job centre ran, and the employers it reached." })
  async recordCampaign(@Arg("input", () => RecordCampaignInput) input: RecordCampaignInput, @Ctx() ctx: EmploymentContext): Promise<Campaign> {
    const jobCentreId = writingJobCentre(ctx);
    if (input.startedOn > today()) throw badUserInput("`startedOn` cannot be in the future.", "startedOn");
    if (input.endedOn && input.endedOn < input.startedOn) throw badUserInput("`endedOn` cannot be before `startedOn`.", "endedOn");
    const employerIds = [...new Set(input.employerIdsReached.map((employerId) => employerId.toLowerCase()))];
    // A retry with the same key gets the first campaign back, instead of a second one.
    const { id } = await idempotent(ctx, { key: input.idempotencyKey, operation: "recordCampaign", input }, async (tx) => {
      const id = randomUUID();
      if ((await new EmployerRepository(tx).countExisting(employerIds)) !== employerIds.length) {
        throw badUserInput("`employerIdsReached` names an employer that does not exist.", "employerIdsReached");
      }
      const campaigns = new CampaignRepository(tx);
      await campaigns.insertMany([
        {
          id,
          job_centre_id: jobCentreId,
          title: cleanText(input.title, "title"),
          topic: cleanText(input.topic, "topic"),
          started_on: input.startedOn,
          ended_on: input.endedOn ?? null,
        },
      ]);
      await campaigns.insertReached(employerIds.map((employerId) => ({ campaign_id: id, employer_id: employerId })));
      return { id };
    });
    return required(await ctx.loaders.campaign.load(id), "campaign");
  }
}
