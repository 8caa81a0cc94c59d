import { HOLDER_ONLY_CATEGORIES, PURPOSES, type DataCategory, type OrganisationType, type Purpose } from "@percorsi/schema";

// Her consent, modelled on HL7 FHIR Consent: a consent holds provisions; a provision permits (or
// denies) data categories for purposes to a grantee within a period, and may nest denies.

export type ProvisionType = "PERMIT" | "DENY";

export interface ConsentProvision {
  type: ProvisionType;
  /** One organisation, or every member of an organisation type; neither means everyone (denies only). */
  granteeOrganisationId: string | null;
  granteeOrganisationType: OrganisationType | null;
  /** Empty on a deny means every category. */
  categories: readonly DataCategory[];
  /** Empty on a deny means every purpose. */
  purposes: readonly Purpose[];
  /** ISO days, inclusive; null is open-ended. */
  periodStart: string | null;
  periodEnd: string | null;
  /** Nested provisions: denies carved out of a permit. */
  provisions: readonly ConsentProvision[];
}

export interface ConsentRecord {
  id: string;
  /** SUPERSEDED: replaced by an amendment; counts for nothing. */
  status: "ACTIVE" | "WITHDRAWN" | "SUPERSEDED";
  provisions: readonly ConsentProvision[];
}

export interface Requester {
  organisationId: string;
  organisationType: OrganisationType;
  purpose: Purpose;
  /** ISO day the read happens. */
  on: string;
}

/** What her consents say to one requester for one purpose, now. */
export interface ConsentView {
  /** Category → the consent that permits it. */
  permitted: Partial<Record<DataCategory, string>>;
  /** Categories a withdrawn consent permitted and nothing permits now. */
  withdrawn: DataCategory[];
  /** Categories permitted to this requester, but for other purposes. */
  otherPurposes: DataCategory[];
}

function appliesTo(provision: ConsentProvision, requester: Requester, purpose: Purpose | null): boolean {
  const grantee =
    (provision.granteeOrganisationId === null || provision.granteeOrganisationId === requester.organisationId) &&
    (provision.granteeOrganisationType === null || provision.granteeOrganisationType === requester.organisationType);
  const inPeriod =
    (provision.periodStart === null || provision.periodStart <= requester.on) &&
    (provision.periodEnd === null || requester.on <= provision.periodEnd);
  // Empty purposes mean every purpose on a deny only; a permit that names no purpose permits nothing.
  const forPurpose =
    provision.purposes.length === 0 ? provision.type === "DENY" : purpose === null || provision.purposes.includes(purpose);
  return grantee && inPeriod && forPurpose;
}

function covers(provision: ConsentProvision, category: DataCategory): boolean {
  return provision.categories.length === 0 ? provision.type === "DENY" : provision.categories.includes(category);
}

/** Categories a set of consents permits: permits minus their nested denies minus every top-level deny. */
function permits(consents: readonly ConsentRecord[], requester: Requester, purpose: Purpose | null): Map<DataCategory, string> {
  const denied = (category: DataCategory) =>
    consents.some((consent) =>
      consent.provisions.some((p) => p.type === "DENY" && appliesTo(p, requester, purpose) && covers(p, category)),
    );
  const permitted = new Map<DataCategory, string>();
  for (const consent of consents) {
    for (const permit of consent.provisions) {
      if (permit.type !== "PERMIT" || !appliesTo(permit, requester, purpose)) continue;
      // A permit with no grantee would share with everyone: never honoured.
      if (permit.granteeOrganisationId === null && permit.granteeOrganisationType === null) continue;
      for (const category of permit.categories) {
        if (HOLDER_ONLY_CATEGORIES.has(category) || permitted.has(category) || denied(category)) continue;
        const carvedOut = permit.provisions.some((deny) => deny.type === "DENY" && appliesTo(deny, requester, purpose) && covers(deny, category));
        if (!carvedOut) permitted.set(category, consent.id);
      }
    }
  }
  return permitted;
}

/**
 * Evaluates her consents for one requester: default deny, a deny beats a permit, identity,
 * safety and health are never granted, and withdrawn consents count for nothing (but say why).
 */
export function evaluateConsents(consents: readonly ConsentRecord[], requester: Requester): ConsentView {
  const active = consents.filter((consent) => consent.status === "ACTIVE");
  const now = permits(active, requester, requester.purpose);
  // Purpose by purpose: a deny scoped to one purpose must not hide a permit for another.
  const anyPurpose = new Set(PURPOSES.flatMap((purpose) => [...permits(active, requester, purpose).keys()]));
  // Denies in active consents still apply when asking what a withdrawn one would have given.
  const withdrawnOnly = consents.filter((consent) => consent.status === "WITHDRAWN");
  const before = permits([...withdrawnOnly, ...active.map((c) => ({ ...c, provisions: c.provisions.filter((p) => p.type === "DENY") }))], requester, requester.purpose);
  return {
    permitted: Object.fromEntries(now),
    withdrawn: [...before.keys()].filter((category) => !now.has(category)),
    otherPurposes: [...anyPurpose.keys()].filter((category) => !now.has(category)),
  };
}
