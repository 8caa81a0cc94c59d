import { factsUnderReceipt, type ReceiptCarrier, type RecordFacts } from "@percorsi/kit";
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
 * registration; who holds her pathway, whether it is sealed and what her consent permits come
 * from the receipt the planner handed over (none, or not valid: sealed). No registration:
 * nothing here to release, so no facts.
 */
export async function pathwayFacts(pathway: { id: string; consentReceipt?: string | null }, ctx: EmploymentContext): Promise<RecordFacts | null> {
  const registration = await registrationShown(pathway.id, ctx);
  if (!registration) return null;
  return factsUnderReceipt(registration.jobCentreId, { pathwayId: pathway.id, consentReceipt: pathway.consentReceipt ?? null }, ctx);
}

/**
 * Registrations, placements and checks carry their job centre, pathway and (when reached under
 * `Pathway`) the pathway's receipt with them: no query. Reached any other way, no receipt: sealed.
 */
export function byJobCentre(record: ReceiptCarrier & { jobCentreId: string }, ctx: EmploymentContext): Promise<RecordFacts> {
  return factsUnderReceipt(record.jobCentreId, record, ctx);
}
