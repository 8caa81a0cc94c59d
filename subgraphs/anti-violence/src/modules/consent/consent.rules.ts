import { badUserInput, today, type Queryable } from "@percorsi/kit/author";
import { evaluateConsents, type ConsentRecord, type Requester } from "@percorsi/kit/authority";
import { HOLDER_ONLY_CATEGORIES, type OrganisationType } from "@percorsi/schema";
import { ReferralRepository } from "../referral/referral.repository.js";
import { OPEN_REFERRAL_STATUSES } from "../referral/referral.type.js";
import type { ProvisionInput } from "./consent.input.js";
import { ConsentRepository, type ProvisionRecord } from "./consent.repository.js";

/** Whether her consents permit anything at all to a requester: what a referral needs. */
export function coversReferral(consents: readonly ConsentRecord[], requester: Requester): boolean {
  return Object.keys(evaluateConsents(consents, requester).permitted).length > 0;
}

/**
 * Checks a consent's provisions all at once, before anything is written, and returns them as
 * records. `organisationExists` answers for every grantee id named.
 */
export function validateProvisions(provisions: readonly ProvisionInput[], organisationExists: (id: string) => boolean): ProvisionRecord[] {
  if (provisions.length === 0) throw badUserInput("A consent needs at least one provision.", "provisions");
  const check = (provision: ProvisionInput, nested: boolean): ProvisionRecord => {
    const categories = provision.categories ?? [];
    const purposes = provision.purposes ?? [];
    const granteeOrganisationId = provision.granteeOrganisationId ?? null;
    const granteeOrganisationType = provision.granteeOrganisationType ?? null;
    if (nested && provision.type !== "DENY") throw badUserInput("Nested provisions must be DENY: they carve exceptions out of a permit.", "provisions");
    if (provision.type === "PERMIT") {
      const holderOnly = categories.filter((category) => HOLDER_ONLY_CATEGORIES.has(category));
      if (holderOnly.length > 0) {
        throw badUserInput(`${holderOnly.join(", ")} stay with the case-holder: they can never be granted to another organisation.`, "provisions");
      }
      if (granteeOrganisationId === null && granteeOrganisationType === null) {
        throw badUserInput("A permit needs a grantee: an organisation or an organisation type.", "provisions");
      }
      if (categories.length === 0) throw badUserInput("A permit needs at least one data category.", "provisions");
      if (purposes.length === 0) throw badUserInput("A permit needs at least one purpose.", "provisions");
    }
    if (granteeOrganisationId !== null && !organisationExists(granteeOrganisationId)) {
      throw badUserInput(`\`${granteeOrganisationId}\` is not a network organisation.`, "provisions");
    }
    const periodStart = provision.periodStart ?? null;
    const periodEnd = provision.periodEnd ?? null;
    if (periodStart !== null && periodEnd !== null && periodEnd < periodStart) {
      throw badUserInput("A provision's `periodEnd` cannot come before its `periodStart`.", "provisions");
    }
    const children = provision.provisions ?? [];
    if (children.length > 0 && provision.type !== "PERMIT") throw badUserInput("Only a permit may nest denies.", "provisions");
    return {
      type: provision.type,
      granteeOrganisationId,
      granteeOrganisationType,
      categories: [...new Set(categories)],
      purposes: [...new Set(purposes)],
      periodStart,
      periodEnd,
      provisions: children.map((child) => check(child, true)),
    };
  };
  return provisions.map((provision) => check(provision, false));
}

/** Every grantee organisation id named anywhere in the provisions. */
export function granteeIds(provisions: readonly ProvisionInput[]): string[] {
  return provisions.flatMap((p) => [...(p.granteeOrganisationId ? [p.granteeOrganisationId] : []), ...granteeIds(p.provisions ?? [])]);
}

/**
 * Within the caller's transaction: withdraws every open referral of a pathway that her active
 * consents no longer cover. Returns the ids withdrawn.
 */
export async function withdrawUncoveredReferrals(tx: Queryable, pathwayId: string): Promise<string[]> {
  const consents = await new ConsentRepository(tx).byPathwayIds([pathwayId]);
  const referrals = new ReferralRepository(tx);
  const open = (await referrals.byPathwayIds([pathwayId])).filter((r) => r.status !== null && OPEN_REFERRAL_STATUSES.includes(r.status));
  if (open.length === 0) return [];
  const types = new Map(
    (
      await tx.query<{ id: string; type: OrganisationType }>("select id, type from organisations where id = any($1::text[])", [
        open.map((r) => r.toOrganisationId),
      ])
    ).map((row) => [row.id, row.type]),
  );
  const withdrawn: string[] = [];
  for (const referral of open) {
    const organisationType = types.get(referral.toOrganisationId);
    const covered =
      organisationType !== undefined &&
      referral.purpose !== null &&
      coversReferral(consents, { organisationId: referral.toOrganisationId, organisationType, purpose: referral.purpose, on: today() });
    if (!covered && (await referrals.transition(referral.id, OPEN_REFERRAL_STATUSES, "WITHDRAWN", null))) withdrawn.push(referral.id);
  }
  return withdrawn;
}
