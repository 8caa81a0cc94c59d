import { randomUUID } from "node:crypto";
import type { DataCategory, OrganisationType, Purpose, Role } from "@percorsi/schema";
import type { ConsentView } from "../consent/provisions.js";
import { CONSENT_AUTHORITY_KEY_NAME, signConsentReceipt } from "../consent/receipt.js";
import type { Actor } from "../trust/actor.js";
import { encodeReceiptsHeader } from "../context.js";
import { ACTOR_ASSERTION_HEADER, CONSENT_RECEIPTS_HEADER, GATEWAY_KEY_NAME, signActorAssertion } from "../trust/actor-assertion.js";
import { loadSigningKey } from "../trust/keys.js";
import { postGraphQL, type GraphQLResponse } from "./http.js";

export function testActor(
  organisationId: string,
  organisationType: OrganisationType,
  roles: Role[],
  purpose: Purpose | null = "EMPOWERMENT_PLAN",
  userId = `user-of-${organisationId}`,
): Actor {
  return { requestId: randomUUID(), userId, organisationId, organisationType, roles, purpose };
}

/**
 * Headers the gateway would send with one request: an assertion signed with the (development)
 * gateway key and bound to that query and those variables, plus the consent receipts the
 * gateway obtains for a mutation's pathways (by pathway id), if any.
 */
export async function assertionHeaders(
  actor: Actor,
  audience: string,
  request: { query: string; variables?: Record<string, unknown>; receipts?: Record<string, string> },
): Promise<Record<string, string>> {
  const key = await loadSigningKey(GATEWAY_KEY_NAME);
  const receipts = request.receipts && Object.keys(request.receipts).length > 0 ? encodeReceiptsHeader(request.receipts) : null;
  return {
    [ACTOR_ASSERTION_HEADER]: await signActorAssertion(key, actor, audience, { query: request.query, variables: request.variables ?? {}, receipts }),
    ...(receipts ? { [CONSENT_RECEIPTS_HEADER]: receipts } : {}),
  };
}

/**
 * A consent receipt as the consent authority would mint it for `actor` (development key), for
 * subgraph tests that play the query planner: `{ __typename: "Pathway", id, consentReceipt }`.
 */
export async function testReceipt(
  actor: Actor,
  pathwayId: string,
  options: {
    holder: string;
    sealed?: boolean;
    referralAccepted?: boolean;
    referralPurposes?: Purpose[];
    permitted?: ConsentView["permitted"];
    withdrawn?: DataCategory[];
    otherPurposes?: DataCategory[];
  },
): Promise<string> {
  return signConsentReceipt(await loadSigningKey(CONSENT_AUTHORITY_KEY_NAME), actor, {
    pathwayId,
    holderOrganisationId: options.holder,
    sealed: options.sealed ?? false,
    referralAccepted: options.referralAccepted ?? (options.referralPurposes?.length ?? 0) > 0,
    referralPurposes: options.referralPurposes ?? [],
    permitted: options.permitted ?? {},
    withdrawn: options.withdrawn ?? [],
    otherPurposes: options.otherPurposes ?? [],
  });
}

/** POSTs an operation to a subgraph as the gateway would: bound assertion, receipts if any. */
export async function postAsGateway<T = any>(
  url: string,
  actor: Actor,
  audience: string,
  query: string,
  variables: Record<string, unknown> = {},
  receipts?: Record<string, string>,
): Promise<GraphQLResponse<T>> {
  return postGraphQL<T>(url, query, variables, await assertionHeaders(actor, audience, { query, variables, receipts }));
}
