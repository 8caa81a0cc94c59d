import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { GraphQLError } from "graphql";
import { breakGlassDeclaration, unauthenticated, type Actor, type BreakGlass } from "@percorsi/kit";
import { isLegalBasis, isPurpose, LEGAL_BASES, PURPOSES } from "@percorsi/schema";
import { consentAuthorityOf } from "@percorsi/schema/network";
import { CallerTokenError, type CallerVerifier } from "./auth/caller.js";

export interface GatewayContext {
  actor: Actor;
  /** Consent receipts obtained for the pathways a mutation names (see `consent/write-receipts.ts`). */
  requestReceipts?: Record<string, string>;
}

export const PURPOSE_HEADER = "x-purpose";
export const BREAK_GLASS_BASIS_HEADER = "x-break-glass-basis";
export const BREAK_GLASS_REASON_HEADER = "x-break-glass-reason";
export const BREAK_GLASS_REASON_LENGTH = { min: 10, max: 500 } as const;
/**
 * The subgraph that records a break-glass declaration's reason: the consent authority. Every
 * other subgraph gets the basis and the declaration's reference only (see `withoutBreakGlassReason`).
 */
export const BREAK_GLASS_RECORDER = consentAuthorityOf() ?? "";

/**
 * Authenticates the caller (401 otherwise) and reads the declared purpose and break-glass
 * declaration (400 when malformed). No purpose is allowed, but then no subgraph releases
 * personal data.
 */
export function createGatewayContext(verifyCaller: CallerVerifier) {
  return async (req: IncomingMessage): Promise<GatewayContext> => {
    const authorization = req.headers.authorization;
    const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) throw unauthenticated("Send a bearer token in the Authorization header.");
    let caller;
    try {
      caller = await verifyCaller(token);
    } catch (error) {
      if (!(error instanceof CallerTokenError)) throw unauthenticated("The bearer token is invalid or expired.");
      const refused = unauthenticated(error.message);
      refused.extensions.reason = error.reason;
      throw refused;
    }
    const declared = req.headers[PURPOSE_HEADER];
    if (declared !== undefined && !isPurpose(declared)) {
      throw badHeader(`${PURPOSE_HEADER} must be one of ${PURPOSES.join(", ")}.`);
    }
    const purpose = declared ?? null;
    const breakGlass = readBreakGlass(req);
    if (breakGlass && purpose === null) {
      throw badHeader(`A break-glass declaration needs a declared purpose (${PURPOSE_HEADER}).`);
    }
    const requestId = randomUUID();
    const declaration = breakGlass ? { breakGlass: { ...breakGlass, declaration: breakGlassDeclaration(requestId, breakGlass.basis, breakGlass.reason) } } : {};
    return { actor: { ...caller, requestId, purpose, ...declaration } };
  };
}

/**
 * A break-glass read declared in `x-break-glass-basis` (a legal basis other than her consent)
 * and `x-break-glass-reason` (10 to 500 characters): both or neither. The declaration travels
 * in the actor assertion (its reason to BREAK_GLASS_RECORDER only); the subgraphs honour it
 * only for roles that may break glass (schema/network.yaml), and audit it.
 * The reason is never logged nor echoed in an error.
 */
export function readBreakGlass(req: IncomingMessage): (BreakGlass & { reason: string }) | null {
  const basis = req.headers[BREAK_GLASS_BASIS_HEADER];
  const rawReason = req.headers[BREAK_GLASS_REASON_HEADER];
  if (basis === undefined && rawReason === undefined) return null;
  if (basis === undefined || rawReason === undefined) {
    throw badHeader(`Send both ${BREAK_GLASS_BASIS_HEADER} and ${BREAK_GLASS_REASON_HEADER}, or neither.`);
  }
  if (!isLegalBasis(basis)) {
    throw badHeader(`${BREAK_GLASS_BASIS_HEADER} must be one of ${LEGAL_BASES.join(", ")}.`);
  }
  const reason = typeof rawReason === "string" ? rawReason.trim() : "";
  const { min, max } = BREAK_GLASS_REASON_LENGTH;
  if (reason.length < min || reason.length > max) {
    throw badHeader(`${BREAK_GLASS_REASON_HEADER} must state the reason in ${min} to ${max} characters.`);
  }
  return { basis, reason };
}

function badHeader(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT", http: { status: 400 } } });
}
