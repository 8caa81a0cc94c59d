import { randomUUID } from "node:crypto";
import type { OrganisationType, Purpose, Role } from "@percorsi/schema";
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
