import { GraphQLError } from "graphql";

/** Why a read was refused. Stable, and says nothing about the data itself. */
export const DENIAL_REASONS = [
  "ROLE",
  "ORGANISATION",
  "PURPOSE",
  "HOLDER_ONLY",
  "NO_CONSENT",
  "WITHDRAWN",
  "SEALED",
  "AUDIT_UNAVAILABLE",
] as const;
export type DenialReason = (typeof DENIAL_REASONS)[number];

const REASON_MESSAGES: Record<DenialReason, string> = {
  ROLE: "Your role does not allow this.",
  ORGANISATION: "This record belongs to another organisation.",
  PURPOSE: "Declare a purpose (x-purpose header) that allows this data.",
  HOLDER_ONLY: "This data never leaves the case-holder.",
  NO_CONSENT: "No consent covers this data for your organisation and purpose.",
  WITHDRAWN: "Consent for this data was withdrawn.",
  SEALED: "This pathway is sealed by its case-holder.",
  AUDIT_UNAVAILABLE: "The access could not be audited, so it is refused.",
};

export function forbidden(reason: DenialReason): GraphQLError {
  return new GraphQLError(REASON_MESSAGES[reason], { extensions: { code: "FORBIDDEN", reason } });
}

export function unauthenticated(message = "A valid credential is required."): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
}

/** Bad input: the message names the field and the rule, never the value sent. */
export function badUserInput(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT", ...(field ? { field } : {}) } });
}

export function notFound(what: string): GraphQLError {
  return new GraphQLError(`${what} not found.`, { extensions: { code: "NOT_FOUND" } });
}

/** An indicator release that is not (or not yet, or no longer) available here. */
export function releaseNotAvailable(message = "No published indicator release answers this."): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "RELEASE_NOT_AVAILABLE" } });
}
