import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { Sensitive } from "@percorsi/kit";
import type { EmploymentContext } from "../../context.js";
import { registrationShown } from "../../permissions/facts.js";
import { JobSeeker } from "../job-seeker/job-seeker.type.js";
import { Placement } from "../placement/placement.type.js";
import { Pathway } from "./pathway.type.js";

/**
 * What job centres hold about a pathway. The shield has already judged these fields against the
 * job centre of the registration shown (see `pathwayFacts`); they return that job centre's records.
 */
@Resolver(() => Pathway)
export class PathwayResolver {
  @FieldResolver(() => JobSeeker, { nullable: true, description: "Her registration with a job centre, if any." })
  @Sensitive("JOB_SEARCH")
  jobSeeker(@Root() pathway: Pathway, @Ctx() ctx: EmploymentContext): Promise<JobSeeker | null> {
    return registrationShown(pathway.id, ctx);
  }

  @FieldResolver(() => [Placement], { nullable: true, description: "Jobs she started through that job centre, oldest first." })
  @Sensitive("PLACEMENT")
  async placements(@Root() pathway: Pathway, @Ctx() ctx: EmploymentContext): Promise<Placement[]> {
    const [registration, placements] = await Promise.all([
      registrationShown(pathway.id, ctx),
      ctx.loaders.placementsByPathway.load(pathway.id),
    ]);
    if (!registration) return [];
    return placements.filter((placement) => placement.jobCentreId === registration.jobCentreId);
  }
}
