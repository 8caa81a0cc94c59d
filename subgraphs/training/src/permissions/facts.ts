import type { RecordFacts } from "@percorsi/kit";
import type { TrainingContext } from "../context.js";

/** An enrolment is kept by the training body that runs its course. */
export function enrolmentFacts(enrolment: { pathwayId: string; trainingBodyId: string }): RecordFacts {
  return { ownerOrganisationId: enrolment.trainingBodyId, pathwayId: enrolment.pathwayId };
}

/**
 * `Pathway.enrolments` may gather records of several training bodies, while its resolver
 * releases only the caller's own. So: the caller's body keeps some → judge the caller as their
 * owner; only other bodies keep some → judge the caller against one of them (another
 * organisation: denied until consent allows it); nobody keeps any → nothing to release.
 */
export async function pathwayEnrolmentsFacts(pathway: { id: string }, ctx: TrainingContext): Promise<RecordFacts | null> {
  const keepers = await ctx.loaders.trainingBodiesOfPathway.load(pathway.id);
  const own = keepers.some((k) => k.trainingBodyId === ctx.actor.organisationId);
  const keeper = own ? ctx.actor.organisationId : keepers[0]?.trainingBodyId;
  return keeper === undefined ? null : { ownerOrganisationId: keeper, pathwayId: pathway.id };
}
