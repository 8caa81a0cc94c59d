import { Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { carryReceipt, Sensitive } from "@percorsi/kit/author";
import type { EmploymentContext } from "../../context.js";
import { registrationShown } from "../../permissions/facts.js";
import { CaseloadArgs } from "../job-seeker/job-seeker.input.js";
import { JobSeekerRepository } from "../job-seeker/job-seeker.repository.js";
import { JobSeeker } from "../job-seeker/job-seeker.type.js";
import { Placement } from "../placement/placement.type.js";
import { JobCentreCaseloadConnection, Pathway, pathwayRef } from "./pathway.type.js";

/**
 * What job centres hold about a pathway. The shield has already judged these fields against the
 * job centre of the registration shown and the pathway's consent receipt (see `pathwayFacts`);
 * they return that job centre's records, each carrying the receipt so that its own labelled
 * fields are judged on the same one.
 */
@Resolver(() => Pathway)
export class PathwayResolver {
  @Query(() => JobCentreCaseloadConnection, {
    nullable: true,
    description: "The pathways registered at your job centre, newest registration first. Read her registration through `Pathway.jobSeeker`.",
  })
  async jobCentreCaseload(@Args(() => CaseloadArgs) args: CaseloadArgs, @Ctx() ctx: EmploymentContext): Promise<JobCentreCaseloadConnection> {
    const page = await new JobSeekerRepository(ctx.db).caseload(ctx.actor.organisationId, args.status ?? null, args.first, args.after);
    // References only: the planner fetches each pathway's receipt and comes back for her data.
    return { ...page, nodes: page.nodes.map((node) => pathwayRef(node.pathwayId)) };
  }

  @FieldResolver(() => JobSeeker, { nullable: true, description: "Her registration with a job centre, if any." })
  @Sensitive("JOB_SEARCH")
  async jobSeeker(@Root() pathway: Pathway, @Ctx() ctx: EmploymentContext): Promise<JobSeeker | null> {
    const registration = await registrationShown(pathway.id, ctx);
    return registration ? carryReceipt(registration, pathway.consentReceipt) : null;
  }

  @FieldResolver(() => [Placement], { nullable: true, description: "Jobs she started through that job centre, oldest first." })
  @Sensitive("PLACEMENT")
  async placements(@Root() pathway: Pathway, @Ctx() ctx: EmploymentContext): Promise<Placement[]> {
    const [registration, placements] = await Promise.all([
      registrationShown(pathway.id, ctx),
      ctx.loaders.placementsByPathway.load(pathway.id),
    ]);
    if (!registration) return [];
    return placements
      .filter((placement) => placement.jobCentreId === registration.jobCentreId)
      .map((placement) => carryReceipt(placement, pathway.consentReceipt));
  }
}
