import { factsOfPathwayRecords, factsUnderReceipt, type ReceiptCarrier, type RecordFacts } from "@percorsi/kit/author";
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
 * What this subgraph holds about a pathway (her registration, her placements) is judged by the
 * kit's existence rule (`factsOfPathwayRecords`): as its keeper's if the caller's job centre
 * holds a registration of hers, otherwise as another job centre's, whether another holds one or
 * none does, so that the answer never tells that she is registered somewhere. Who holds her
 * pathway, whether it is sealed and what her consent permits come from the receipt the planner
 * handed over (none, or not valid: sealed).
 */
export async function pathwayFacts(pathway: { id: string; consentReceipt?: string | null }, ctx: EmploymentContext): Promise<RecordFacts> {
  const registrations = await ctx.loaders.jobSeekersByPathway.load(pathway.id);
  return factsOfPathwayRecords(
    registrations.map((r) => r.jobCentreId),
    pathway,
    ctx,
  );
}

/**
 * Registrations, placements and checks carry their job centre, pathway and (when reached under
 * `Pathway`) the pathway's receipt with them: no query. Reached any other way, no receipt: sealed.
 */
export function byJobCentre(record: ReceiptCarrier & { jobCentreId: string }, ctx: EmploymentContext): Promise<RecordFacts> {
  return factsUnderReceipt(record.jobCentreId, record, ctx);
}
