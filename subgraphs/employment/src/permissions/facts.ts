import type { RecordFacts } from "@percorsi/kit";
import type { EmploymentContext } from "../context.js";
import type { JobSeeker } from "../modules/job-seeker/job-seeker.type.js";

/**
 * Of a pathway's registrations (at any job centre), the one a caller is shown: her own job
 * centre's if it has one (open before closed, then newest), else the newest anywhere, so that
 * the decision judges, and denies, the record that would be released.
 */
export async function registrationShown(pathwayId: string, ctx: EmploymentContext): Promise<JobSeeker | null> {
  const registrations = await ctx.loaders.jobSeekersByPathway.load(pathwayId);
  return registrations.find((r) => r.jobCentreId === ctx.actor.organisationId) ?? registrations[0] ?? null;
}

/**
 * What this subgraph holds about a pathway belongs to the job centre that holds her
 * registration. No registration: nothing here to release, so no facts.
 */
export async function pathwayFacts(pathway: { id: string }, ctx: EmploymentContext): Promise<RecordFacts | null> {
  const registration = await registrationShown(pathway.id, ctx);
  return registration ? { ownerOrganisationId: registration.jobCentreId, pathwayId: pathway.id } : null;
}

/** Registrations, placements and checks carry their job centre and pathway with them: no query. */
export function byJobCentre(record: { jobCentreId: string; pathwayId: string }): RecordFacts {
  return { ownerOrganisationId: record.jobCentreId, pathwayId: record.pathwayId };
}
