import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { GraphQLError } from "graphql";
import { unauthenticated, type Actor } from "@percorsi/kit";
import { isPurpose, PURPOSES } from "@percorsi/schema";
import type { CallerVerifier } from "./auth/caller.js";

export interface GatewayContext {
  actor: Actor;
}

export const PURPOSE_HEADER = "x-purpose";

/**
 * Authenticates the caller (401 otherwise) and reads the declared purpose. No purpose is
 * allowed, but then no subgraph releases personal data.
 */
export function createGatewayContext(verifyCaller: CallerVerifier) {
  return async (req: IncomingMessage): Promise<GatewayContext> => {
    const authorization = req.headers.authorization;
    const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) throw unauthenticated("Send a bearer token in the Authorization header.");
    let caller;
    try {
      caller = await verifyCaller(token);
    } catch {
      throw unauthenticated("The bearer token is invalid or expired.");
    }
    const declared = req.headers[PURPOSE_HEADER];
    if (declared !== undefined && !isPurpose(declared)) {
      throw new GraphQLError(`${PURPOSE_HEADER} must be one of ${PURPOSES.join(", ")}.`, {
        extensions: { code: "BAD_USER_INPUT", http: { status: 400 } },
      });
    }
    return { actor: { ...caller, requestId: randomUUID(), purpose: declared ?? null } };
  };
}
