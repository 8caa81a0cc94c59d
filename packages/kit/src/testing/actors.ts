import { randomUUID } from "node:crypto";
import type { DataCategory, OrganisationType, Purpose, Role } from "@percorsi/schema";
import type { ConsentView } from "../consent/provisions.js";
import { CONSENT_AUTHORITY_KEY_NAME, signConsentReceipt } from "../consent/receipt.js";
import type { Actor } from "../trust/actor.js";
import { ACTOR_ASSERTION_HEADER, GATEWAY_KEY_NAME, signActorAssertion } from "../trust/actor-assertion.js";
import { loadSigningKey } from "../trust/keys.js";

export function testActor(
  organisationId: string,
  organisationType: OrganisationType,
  roles: Role[],
  purpose: Purpose | null = "EMPOWERMENT_PLAN",
  userId = `user-of-${organisationId}`,
): Actor {
  return { requestId: randomUUID(), userId, organisationId, organisationType, roles, purpose };
}

/** Headers the gateway would send: an assertion signed with the (development) gateway key. */
export async function assertionHeaders(actor: Actor, audience: string): Promise<Record<string, string>> {
  const key = await loadSigningKey(GATEWAY_KEY_NAME);
  return { [ACTOR_ASSERTION_HEADER]: await signActorAssertion(key, actor, audience) };
}

/**
 * A consent receipt as the consent authority would mint it for `actor` (development key), for
 * subgraph tests that play the query planner: `{ __typename: "Pathway", id, consentReceipt }`.
 */
export async function testReceipt(
  actor: Actor,
  pathwayId: string,
  options: { holder: string; sealed?: boolean; referralAccepted?: boolean; permitted?: ConsentView["permitted"]; withdrawn?: DataCategory[]; otherPurposes?: DataCategory[] },
): Promise<string> {
  return signConsentReceipt(await loadSigningKey(CONSENT_AUTHORITY_KEY_NAME), actor, {
    pathwayId,
    holderOrganisationId: options.holder,
    sealed: options.sealed ?? false,
    referralAccepted: options.referralAccepted ?? false,
    permitted: options.permitted ?? {},
    withdrawn: options.withdrawn ?? [],
    otherPurposes: options.otherPurposes ?? [],
  });
}
