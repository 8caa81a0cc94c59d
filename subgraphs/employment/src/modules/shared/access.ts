import { forbidden } from "@percorsi/kit/author";
import { can } from "@percorsi/schema";
import type { EmploymentContext } from "../../context.js";

/**
 * The job centre a write is made for: always the caller's own, and only by its caseworkers.
 * (Writing about a woman also needs a declared purpose: the shield checks it, see `writesAboutHer`.)
 */
export function writingJobCentre(ctx: EmploymentContext): string {
  const { actor } = ctx;
  if (actor.organisationType !== "JOB_CENTRE" || !can(actor, "casework")) throw forbidden("ROLE");
  return actor.organisationId;
}

/** A record of the caller's job centre, or a refusal that does not say whether the id exists. */
export function ownedBy<T extends { jobCentreId: string }>(record: T | null | undefined, organisationId: string): T {
  if (!record || record.jobCentreId !== organisationId) throw forbidden("ORGANISATION");
  return record;
}

/**
 * A record of the caller's job centre about the pathway the write names (the one her consent
 * decided it on); a record of another pathway is refused like an unknown one.
 */
export function ownedAbout<T extends { jobCentreId: string; pathwayId: string }>(record: T | null | undefined, organisationId: string, pathwayId: string): T {
  const owned = ownedBy(record, organisationId);
  if (owned.pathwayId !== pathwayId.toLowerCase()) throw forbidden("ORGANISATION");
  return owned;
}

/** A row the schema guarantees (a foreign key); its absence is a server fault, not the caller's. */
export function required<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`${what} is missing`);
  return value;
}
