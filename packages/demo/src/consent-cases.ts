// Where the demo network's consent stories are, found in the data (never hard-coded ids), so
// end-to-end tests can ask "pathway P, job centre J is permitted exactly C for purpose U".
// Categories listed here are what the provisions say; @percorsi/kit's evaluateConsents agrees
// (packages/demo/src/consents.test.ts proves it).

import type { DataCategory, OrganisationType, Purpose } from "@percorsi/schema";
import { demoNetwork, DEMO_TODAY } from "./network.js";
import { organisationById } from "./organisations.js";
import type { DemoConsent, DemoConsentProvision, DemoNetwork, DemoPathway } from "./types.js";

/** One organisation's grant on one pathway, for one purpose. */
export interface DemoGrantCase {
  pathwayId: string;
  holderId: string;
  organisationId: string;
  organisationType: OrganisationType;
  purpose: Purpose;
  /** Exactly what her consents permit this organisation for `purpose` (on the demo's today, unless said otherwise). */
  categories: DataCategory[];
  consentId: string;
}

export interface DemoConsentCases {
  /** An open JOB_PLACEMENT referral and a job-seeker registration at `organisationId`, which is permitted exactly `categories`. */
  grantedToJobCentre: DemoGrantCase & { jobSeekerId: string };
  /** An open TRAINING referral and an enrolment at `organisationId`, permitted exactly `categories`. */
  grantedToTrainingBody: DemoGrantCase & { enrolmentIds: string[] };
  /** The grant to the holder itself: she lets her centre read her job-centre and training records. */
  holderReads: DemoGrantCase & { jobSeekerId: string | null; enrolmentIds: string[] };
  /**
   * Her consent to `organisationId` was withdrawn on `withdrawnOn`: it permits nothing now, and
   * `categories` are what it used to permit (evaluateConsents lists them as `withdrawn`). Its
   * referrals there are DONE or WITHDRAWN. The first is at a job centre with her registration there.
   */
  withdrawn: (DemoGrantCase & { withdrawnOn: string; jobSeekerId: string | null })[];
  /** A permit to every organisation of `organisationType`; `organisationIds` are the network's members, each permitted exactly `categories`. */
  typeGrant: Omit<DemoGrantCase, "organisationId"> & { organisationIds: string[]; referredOrganisationId: string };
  /** A permit to a job centre with a nested deny: `deniedCategory` is in the permit but carved out; `categories` are what remains. */
  nestedDeny: DemoGrantCase & { deniedCategory: DataCategory; permitCategories: DataCategory[] };
  /** A grant whose period ended on `periodEnd` (before the demo's today): `categories` were permitted inside it, nothing now. */
  expired: DemoGrantCase & { periodStart: string; periodEnd: string };
  /** An amendment: `supersededConsentId` was replaced by `consentId` (ACTIVE), which added `addedPurpose` for `organisationId`. */
  amended: { pathwayId: string; holderId: string; organisationId: string; consentId: string; supersededConsentId: string; addedPurpose: Purpose };
  /** The one sealed pathway, with records elsewhere that the seal hides from everyone but the holder. */
  sealed: {
    pathwayId: string;
    holderId: string;
    sealedOn: string;
    reason: string;
    jobCentreId: string;
    jobSeekerId: string;
    trainingBodyId: string;
    enrolmentIds: string[];
    /** Categories her consents would otherwise permit the job centre for JOB_PLACEMENT. */
    jobCentreCategories: DataCategory[];
  };
  /** A pathway with no consent at all (still at intake). */
  withoutConsent: { pathwayId: string; holderId: string };
  /** A pathway with consents, none of which reaches `organisationId` (a job centre) for any purpose. */
  ungranted: { pathwayId: string; holderId: string; organisationId: string };
  /** Pathways whose woman refused to count in statistics; and those not asked yet. */
  reportingRefused: string[];
  reportingNotAsked: string[];
}

const holderOnly = (pathway: DemoPathway) => ({ pathwayId: pathway.id, holderId: pathway.holderId });

/** Categories a permit grants once its nested denies (for `purpose`) are carved out. */
function granted(permit: DemoConsentProvision, purpose: Purpose): DataCategory[] {
  const carved = permit.provisions.filter((d) => d.purposes.length === 0 || d.purposes.includes(purpose));
  return permit.categories.filter((c) => !carved.some((d) => d.categories.length === 0 || d.categories.includes(c)));
}

function find<T>(items: readonly T[], what: string, predicate: (item: T) => boolean): T {
  const found = items.find(predicate);
  if (!found) throw new Error(`the demo network has no ${what}`);
  return found;
}

interface Grant {
  pathway: DemoPathway;
  consent: DemoConsent;
  provision: DemoConsentProvision;
}

/** Every top-level permit of the network, with its pathway and consent. */
function grants(network: DemoNetwork): Grant[] {
  return network.pathways.flatMap((pathway) =>
    pathway.consents.flatMap((consent) =>
      consent.provisions.filter((p) => p.type === "PERMIT").map((provision) => ({ pathway, consent, provision })),
    ),
  );
}

/** An ACTIVE, current, plain grant of exactly one organisation (no other grant reaches it on that pathway). */
function soleGrant(all: Grant[], g: Grant, organisationId: string): boolean {
  const type = organisationById(organisationId).type;
  return all.filter(
    (o) =>
      o.pathway === g.pathway &&
      o.consent.status === "ACTIVE" &&
      (o.provision.granteeOrganisationId === organisationId || o.provision.granteeOrganisationType === type),
  ).length === 1;
}

const current = (p: DemoConsentProvision) =>
  (p.periodStart === null || p.periodStart <= DEMO_TODAY) && (p.periodEnd === null || DEMO_TODAY <= p.periodEnd);

function grantCase(g: Grant, organisationId: string, purpose: Purpose): DemoGrantCase {
  return {
    pathwayId: g.pathway.id,
    holderId: g.pathway.holderId,
    organisationId,
    organisationType: organisationById(organisationId).type,
    purpose,
    categories: granted(g.provision, purpose),
    consentId: g.consent.id,
  };
}

/** The demo network's consent stories (see `DemoConsentCases`). */
export function demoConsentCases(network: DemoNetwork = demoNetwork()): DemoConsentCases {
  const all = grants(network);
  const active = all.filter((g) => g.consent.status === "ACTIVE" && current(g.provision));
  const courseBody = new Map(network.courses.map((c) => [c.id, c.trainingBodyId]));
  const enrolmentsAt = (p: DemoPathway, trainingBodyId: string) =>
    p.enrolments.filter((e) => courseBody.get(e.courseId) === trainingBodyId).map((e) => e.id);
  const plain = (g: Grant) => g.provision.provisions.length === 0 && g.provision.granteeOrganisationId !== null;
  const notSealed = (g: Grant) => g.pathway.seal === null;

  const toJobCentre = find(active, "plain grant to a job centre", (g) => {
    const jc = g.provision.granteeOrganisationId;
    return (
      plain(g) && notSealed(g) && jc !== null && organisationById(jc).type === "JOB_CENTRE" && g.pathway.jobSeeker?.jobCentreId === jc &&
      g.provision.purposes.includes("JOB_PLACEMENT") && soleGrant(all, g, jc) &&
      g.pathway.referrals.some((r) => r.toOrganisationId === jc && r.purpose === "JOB_PLACEMENT" && r.status === "ACCEPTED")
    );
  });
  const toTrainingBody = find(active, "plain grant to a training body", (g) => {
    const tb = g.provision.granteeOrganisationId;
    return (
      plain(g) && notSealed(g) && tb !== null && organisationById(tb).type === "TRAINING_BODY" && enrolmentsAt(g.pathway, tb).length > 0 &&
      soleGrant(all, g, tb) && g.pathway.referrals.some((r) => r.toOrganisationId === tb && r.purpose === "TRAINING" && r.status === "ACCEPTED")
    );
  });
  const holder = find(
    active,
    "grant to the holder",
    (g) => notSealed(g) && g.provision.granteeOrganisationId === g.pathway.holderId && g.pathway.jobSeeker !== null && g.pathway.enrolments.length > 0,
  );

  const score = (w: { pathwayId: string; jobSeekerId: string | null }) =>
    (w.jobSeekerId !== null ? 2 : 0) + (network.pathways.find((p) => p.id === w.pathwayId)?.closedOn === null ? 1 : 0);
  const withdrawn = all
    .filter((g) => g.consent.status === "WITHDRAWN")
    .map((g) => {
      const organisationId = g.provision.granteeOrganisationId!;
      const purpose = g.provision.purposes[0]!;
      return {
        ...grantCase(g, organisationId, purpose),
        withdrawnOn: g.consent.withdrawnOn!,
        jobSeekerId: g.pathway.jobSeeker?.jobCentreId === organisationId ? g.pathway.jobSeeker.id : null,
      };
    })
    // Most telling first: her registration is still at the job centre, and the pathway is open.
    .sort((a, b) => score(b) - score(a));
  if (withdrawn.length === 0) throw new Error("the demo network has no withdrawn consent");

  const type = find(active, "grant to an organisation type", (g) => g.provision.granteeOrganisationType !== null);
  const typeOfGrant = type.provision.granteeOrganisationType!;
  const typePurpose = type.provision.purposes[0]!;
  const members = network.organisations.filter((o) => o.type === typeOfGrant).map((o) => o.id);
  const referred = find(type.pathway.referrals, "referral under the type grant", (r) => members.includes(r.toOrganisationId));

  const nested = find(active, "nested deny", (g) => g.provision.provisions.length > 0 && g.provision.granteeOrganisationId !== null);
  const nestedPurpose = nested.provision.purposes[0]!;

  const lapsed = find(all, "expired grant", (g) => g.consent.status === "ACTIVE" && g.provision.periodEnd !== null && g.provision.periodEnd < DEMO_TODAY);
  const lapsedPurpose = lapsed.provision.purposes[0]!;

  const amendedConsent = find(
    network.pathways.flatMap((p) => p.consents.map((consent) => ({ p, consent }))),
    "amended consent",
    ({ consent }) => consent.replacesId !== null && consent.status === "ACTIVE",
  );
  const original = find(amendedConsent.p.consents, "superseded consent", (c) => c.id === amendedConsent.consent.replacesId);
  const added = amendedConsent.consent.provisions
    .map((p, i) => ({ p, added: p.purposes.filter((u) => !original.provisions[i]?.purposes.includes(u)) }))
    .find((x) => x.added.length > 0)!;

  const sealedPathway = find(network.pathways, "sealed pathway", (p) => p.seal !== null);
  const sealedTrainingBody = courseBody.get(sealedPathway.enrolments[0]!.courseId)!;
  const sealedJobCentre = sealedPathway.jobSeeker!.jobCentreId;
  const sealedGrant = all.find((g) => g.pathway === sealedPathway && g.consent.status === "ACTIVE" && g.provision.granteeOrganisationId === sealedJobCentre);

  const jobCentres = network.organisations.filter((o) => o.type === "JOB_CENTRE").map((o) => o.id);
  const ungranted = find(
    network.pathways.flatMap((p) => jobCentres.map((jc) => ({ p, jc }))),
    "pathway with consents but none for a job centre",
    ({ p, jc }) => p.seal === null && p.consents.length > 0 && !p.consents.some((c) => c.provisions.some((v) => v.granteeOrganisationId === jc || v.granteeOrganisationType === "JOB_CENTRE")),
  );

  return {
    grantedToJobCentre: { ...grantCase(toJobCentre, toJobCentre.provision.granteeOrganisationId!, "JOB_PLACEMENT"), jobSeekerId: toJobCentre.pathway.jobSeeker!.id },
    grantedToTrainingBody: {
      ...grantCase(toTrainingBody, toTrainingBody.provision.granteeOrganisationId!, "TRAINING"),
      enrolmentIds: enrolmentsAt(toTrainingBody.pathway, toTrainingBody.provision.granteeOrganisationId!),
    },
    holderReads: {
      ...grantCase(holder, holder.pathway.holderId, "EMPOWERMENT_PLAN"),
      jobSeekerId: holder.pathway.jobSeeker?.id ?? null,
      enrolmentIds: holder.pathway.enrolments.map((e) => e.id),
    },
    withdrawn,
    typeGrant: {
      pathwayId: type.pathway.id,
      holderId: type.pathway.holderId,
      organisationType: typeOfGrant,
      purpose: typePurpose,
      categories: granted(type.provision, typePurpose),
      consentId: type.consent.id,
      organisationIds: members,
      referredOrganisationId: referred.toOrganisationId,
    },
    nestedDeny: {
      ...grantCase(nested, nested.provision.granteeOrganisationId!, nestedPurpose),
      deniedCategory: nested.provision.provisions[0]!.categories[0]!,
      permitCategories: [...nested.provision.categories, ...nested.provision.provisions.flatMap((d) => d.categories)].filter(
        (c, i, list) => list.indexOf(c) === i,
      ),
    },
    expired: {
      ...grantCase(lapsed, lapsed.provision.granteeOrganisationId!, lapsedPurpose),
      periodStart: lapsed.provision.periodStart!,
      periodEnd: lapsed.provision.periodEnd!,
    },
    amended: {
      ...holderOnly(amendedConsent.p),
      organisationId: added.p.granteeOrganisationId!,
      consentId: amendedConsent.consent.id,
      supersededConsentId: original.id,
      addedPurpose: added.added[0]!,
    },
    sealed: {
      ...holderOnly(sealedPathway),
      sealedOn: sealedPathway.seal!.sealedOn,
      reason: sealedPathway.seal!.reason,
      jobCentreId: sealedJobCentre,
      jobSeekerId: sealedPathway.jobSeeker!.id,
      trainingBodyId: sealedTrainingBody,
      enrolmentIds: enrolmentsAt(sealedPathway, sealedTrainingBody),
      jobCentreCategories: sealedGrant ? granted(sealedGrant.provision, "JOB_PLACEMENT") : [],
    },
    withoutConsent: holderOnly(find(network.pathways, "pathway without consent", (p) => p.consents.length === 0)),
    ungranted: { ...holderOnly(ungranted.p), organisationId: ungranted.jc },
    reportingRefused: network.pathways.filter((p) => p.reportingConsent?.granted === false).map((p) => p.id),
    reportingNotAsked: network.pathways.filter((p) => p.reportingConsent === null).map((p) => p.id),
  };
}
