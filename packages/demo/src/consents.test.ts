import { DATA_CATEGORIES, HOLDER_ONLY_CATEGORIES, ORGANISATION_TYPES, PURPOSES, type Purpose } from "@percorsi/schema";
import { describe, expect, it } from "vitest";
// The kit's evaluator itself (it depends on @percorsi/schema only), so the demo's consents are
// judged exactly as the API judges them, without making the demo depend on the whole kit.
import { evaluateConsents, type ConsentRecord } from "@percorsi/kit";
import { demoConsentCases } from "./consent-cases.js";
import { DEMO_TODAY, demoNetwork } from "./network.js";
import { userOf } from "./organisations.js";
import type { DemoConsent, DemoConsentProvision, DemoPathway, DemoReferral } from "./types.js";

const network = demoNetwork();
const { pathways } = network;
const cases = demoConsentCases();
const consents = pathways.flatMap((p) => p.consents.map((consent) => ({ pathway: p, consent })));
const permits = consents.flatMap(({ pathway, consent }) => consent.provisions.map((provision) => ({ pathway, consent, provision })));

const pathwayOf = (id: string) => pathways.find((p) => p.id === id)!;
const typeOf = (organisationId: string) => network.organisations.find((o) => o.id === organisationId)!.type;
const isOpen = (r: DemoReferral) => r.status === "SENT" || r.status === "ACCEPTED";

/** What her consents permit an organisation for a purpose on a day, as the API evaluates it. */
function permitted(p: DemoPathway, organisationId: string, purpose: Purpose, on = DEMO_TODAY, records: ConsentRecord[] = p.consents) {
  return evaluateConsents(records, { organisationId, organisationType: typeOf(organisationId), purpose, on });
}
const permittedCategories = (...args: Parameters<typeof permitted>) => Object.keys(permitted(...args).permitted).sort();

/** Her consents as they stood on a day: later ones unrecorded, later withdrawals and amendments undone. */
function asOf(p: DemoPathway, on: string): ConsentRecord[] {
  return p.consents
    .filter((c) => c.recordedOn <= on)
    .map((c) => {
      const replacedBy = p.consents.find((other) => other.replacesId === c.id);
      const stillActive =
        (c.status === "WITHDRAWN" && c.withdrawnOn! > on) || (c.status === "SUPERSEDED" && replacedBy !== undefined && replacedBy.recordedOn > on);
      return stillActive ? { ...c, status: "ACTIVE" as const } : c;
    });
}

function everyProvision(provisions: readonly DemoConsentProvision[]): DemoConsentProvision[] {
  return provisions.flatMap((p) => [p, ...everyProvision(p.provisions)]);
}

describe("her consents in the demo network", () => {
  it("never grant what stays with the holder, and are shaped as the API accepts them", () => {
    const organisationIds = new Set(network.organisations.map((o) => o.id));
    for (const { consent } of consents) {
      expect(consent.provisions.length).toBeGreaterThan(0);
      for (const provision of consent.provisions) {
        expect(provision.type).toBe("PERMIT");
        expect(provision.categories.length).toBeGreaterThan(0);
        expect(provision.purposes.length).toBeGreaterThan(0);
        expect(provision.categories.filter((c) => HOLDER_ONLY_CATEGORIES.has(c))).toEqual([]);
        expect((provision.granteeOrganisationId === null) !== (provision.granteeOrganisationType === null)).toBe(true);
        for (const nested of provision.provisions) expect(nested.type).toBe("DENY");
      }
      for (const provision of everyProvision(consent.provisions)) {
        if (provision.granteeOrganisationId) expect(organisationIds.has(provision.granteeOrganisationId)).toBe(true);
        if (provision.granteeOrganisationType) expect(ORGANISATION_TYPES).toContain(provision.granteeOrganisationType);
        for (const c of provision.categories) expect(DATA_CATEGORIES).toContain(c);
        for (const u of provision.purposes) expect(PURPOSES).toContain(u);
        if (provision.periodStart && provision.periodEnd) expect(provision.periodStart <= provision.periodEnd).toBe(true);
      }
    }
  });

  it("are recorded by the holder's operator on numbered forms, withdrawn and amended consistently", () => {
    const references = consents.map(({ consent }) => consent.evidenceReference);
    expect(new Set(references).size).toBe(references.length);
    for (const { pathway, consent } of consents) {
      expect(consent.evidenceReference).toMatch(new RegExp(`^MOD-CONS-${consent.recordedOn.slice(0, 4)}-\\d{4}$`));
      expect(consent.recordedByUserId).toBe(userOf(pathway.holderId).id);
      expect(consent.recordedOn >= pathway.openedOn && consent.recordedOn <= (pathway.closedOn ?? DEMO_TODAY)).toBe(true);
      const withdrawn = consent.status === "WITHDRAWN";
      expect([consent.withdrawnOn !== null, consent.withdrawnByUserId !== null, consent.withdrawalReason !== null]).toEqual([withdrawn, withdrawn, withdrawn]);
      if (withdrawn) expect(consent.withdrawnOn! >= consent.recordedOn && consent.withdrawnOn! <= DEMO_TODAY).toBe(true);
      const replacing = pathway.consents.filter((c) => c.replacesId === consent.id);
      expect(replacing.length).toBe(consent.status === "SUPERSEDED" ? 1 : 0);
      if (consent.replacesId) {
        const replaced = pathway.consents.find((c) => c.id === consent.replacesId);
        expect(replaced?.status).toBe("SUPERSEDED");
        expect(replaced!.recordedOn <= consent.recordedOn).toBe(true);
      }
    }
  });

  it("cover every open referral with an active consent for its organisation and purpose", () => {
    for (const p of pathways) {
      for (const r of p.referrals.filter(isOpen)) {
        expect(permittedCategories(p, r.toOrganisationId, r.purpose).length, `${p.id} ${r.toOrganisationId} ${r.purpose}`).toBeGreaterThan(0);
      }
    }
  });

  it("covered every referral (but the withdrawn and rejected) on the day it was sent", () => {
    for (const p of pathways) {
      for (const r of p.referrals.filter((r) => r.status !== "WITHDRAWN" && r.status !== "REJECTED")) {
        expect(permittedCategories(p, r.toOrganisationId, r.purpose, r.sentOn, asOf(p, r.sentOn)).length, `${p.id} ${r.id}`).toBeGreaterThan(0);
      }
    }
  });

  it("mostly permit the partner a referral went to, and the holder to read her records elsewhere", () => {
    const referred = pathways.flatMap((p) => p.referrals.filter((r) => r.status !== "REJECTED").map((r) => ({ p, r })));
    const granted = referred.filter(({ p, r }) => permittedCategories(p, r.toOrganisationId, r.purpose).length > 0);
    expect(granted.length / referred.length).toBeGreaterThan(0.8);
    const assessed = pathways.filter((p) => p.needsAssessment);
    const holderReads = assessed.filter((p) => permittedCategories(p, p.holderId, "EMPOWERMENT_PLAN").join() === "JOB_SEARCH,PLACEMENT,TRAINING");
    expect(holderReads.length / assessed.length).toBeGreaterThan(0.7);
    expect(holderReads.length).toBeLessThan(assessed.length); // and some do not
  });

  it("hold every kind of story: type grant, nested deny, expiry, a few withdrawals, an amendment", () => {
    const all = permits.map((p) => p.provision);
    expect(all.some((p) => p.granteeOrganisationType !== null)).toBe(true);
    expect(all.some((p) => p.provisions.length > 0)).toBe(true);
    expect(all.some((p) => p.periodEnd !== null && p.periodEnd < DEMO_TODAY)).toBe(true);
    const withdrawn = consents.filter(({ consent }) => consent.status === "WITHDRAWN");
    expect(withdrawn.length).toBeGreaterThanOrEqual(3);
    expect(withdrawn.length).toBeLessThanOrEqual(4);
    expect(consents.some(({ consent }) => consent.status === "SUPERSEDED")).toBe(true);
  });

  it("leave nothing open with an organisation whose consent she withdrew", () => {
    for (const { pathway, consent } of consents.filter(({ consent }) => consent.status === "WITHDRAWN")) {
      for (const provision of consent.provisions) {
        const toThem = pathway.referrals.filter((r) => r.toOrganisationId === provision.granteeOrganisationId);
        expect(toThem.length).toBeGreaterThan(0);
        for (const r of toThem) expect(["DONE", "WITHDRAWN"]).toContain(r.status);
      }
    }
  });

  it("seals exactly one pathway, at cav-aurora, with records at a job centre and a training body", () => {
    const sealed = pathways.filter((p) => p.seal);
    expect(sealed).toHaveLength(1);
    const [p] = sealed as [DemoPathway];
    expect(p.holderId).toBe("cav-aurora");
    expect(p.jobSeeker).not.toBeNull();
    expect(p.enrolments.length).toBeGreaterThan(0);
    expect(p.seal!.sealedByUserId).toBe(userOf("cav-aurora").id);
    expect(p.seal!.sealedOn >= p.openedOn && p.seal!.sealedOn <= DEMO_TODAY).toBe(true);
    expect(p.seal!.reason).toMatch(/traced/);
  });

  it("asks most women whether they count in statistics; a few refuse", () => {
    const answers = pathways.flatMap((p) => (p.reportingConsent ? [p.reportingConsent] : []));
    expect(answers.length).toBeGreaterThan(pathways.length * 0.9);
    const refused = answers.filter((a) => !a.granted).length;
    expect(refused).toBeGreaterThanOrEqual(2);
    expect(refused).toBeLessThanOrEqual(6);
    for (const a of answers) expect(a.evidenceReference).toMatch(/^MOD-STAT-\d{4}-\d{4}$/);
  });
});

describe("demoConsentCases", () => {
  it("points at a job centre permitted exactly its categories for placement, where she is registered", () => {
    const c = cases.grantedToJobCentre;
    const p = pathwayOf(c.pathwayId);
    expect(typeOf(c.organisationId)).toBe("JOB_CENTRE");
    expect(permittedCategories(p, c.organisationId, c.purpose)).toEqual([...c.categories].sort());
    expect(Object.values(permitted(p, c.organisationId, c.purpose).permitted)).toEqual(c.categories.map(() => c.consentId));
    expect(p.jobSeeker?.id).toBe(c.jobSeekerId);
    expect(p.referrals.some((r) => r.toOrganisationId === c.organisationId && r.purpose === c.purpose && r.status === "ACCEPTED")).toBe(true);
    expect(p.seal).toBeNull();
    // Nothing for a purpose she did not agree to.
    expect(permittedCategories(p, c.organisationId, "HOUSING_SUPPORT")).toEqual([]);
  });

  it("points at a training body permitted exactly its categories for training, where she is enrolled", () => {
    const c = cases.grantedToTrainingBody;
    const p = pathwayOf(c.pathwayId);
    expect(typeOf(c.organisationId)).toBe("TRAINING_BODY");
    expect(permittedCategories(p, c.organisationId, "TRAINING")).toEqual([...c.categories].sort());
    expect(c.enrolmentIds.length).toBeGreaterThan(0);
    for (const id of c.enrolmentIds) expect(p.enrolments.map((e) => e.id)).toContain(id);
  });

  it("points at the holder reading her job-centre and training records by her consent", () => {
    const c = cases.holderReads;
    const p = pathwayOf(c.pathwayId);
    expect(c.organisationId).toBe(p.holderId);
    expect(permittedCategories(p, c.organisationId, c.purpose)).toEqual(["JOB_SEARCH", "PLACEMENT", "TRAINING"]);
    expect(c.jobSeekerId).toBe(p.jobSeeker?.id);
  });

  it("points at withdrawn consents: nothing now, what they gave listed as withdrawn", () => {
    expect(cases.withdrawn.length).toBeGreaterThanOrEqual(3);
    for (const c of cases.withdrawn) {
      const p = pathwayOf(c.pathwayId);
      const view = permitted(p, c.organisationId, c.purpose);
      expect(view.permitted).toEqual({});
      expect([...view.withdrawn].sort()).toEqual([...c.categories].sort());
      // Before the withdrawal, it permitted exactly that.
      const before = addDaysBefore(c.withdrawnOn);
      expect(permittedCategories(p, c.organisationId, c.purpose, before, asOf(p, before))).toEqual([...c.categories].sort());
    }
    const first = cases.withdrawn[0]!;
    expect(typeOf(first.organisationId)).toBe("JOB_CENTRE");
    expect(pathwayOf(first.pathwayId).jobSeeker?.id).toBe(first.jobSeekerId);
    expect(new Set(cases.withdrawn.map((c) => c.organisationType))).toEqual(new Set(["JOB_CENTRE", "TRAINING_BODY"]));
  });

  it("points at a grant to every organisation of a type", () => {
    const c = cases.typeGrant;
    const p = pathwayOf(c.pathwayId);
    expect(c.organisationIds.length).toBeGreaterThanOrEqual(2);
    for (const organisationId of c.organisationIds) {
      expect(typeOf(organisationId)).toBe(c.organisationType);
      expect(permittedCategories(p, organisationId, c.purpose)).toEqual([...c.categories].sort());
    }
    expect(c.organisationIds).toContain(c.referredOrganisationId);
    expect(p.referrals.some((r) => r.toOrganisationId === c.referredOrganisationId && isOpen(r))).toBe(true);
    expect(p.consents.flatMap((x) => x.provisions).some((v) => c.organisationIds.includes(v.granteeOrganisationId ?? ""))).toBe(false);
  });

  it("points at a nested deny carving a category out of a job centre's permit", () => {
    const c = cases.nestedDeny;
    const p = pathwayOf(c.pathwayId);
    expect(typeOf(c.organisationId)).toBe("JOB_CENTRE");
    expect(c.permitCategories).toContain(c.deniedCategory);
    expect(c.categories).not.toContain(c.deniedCategory);
    expect(permittedCategories(p, c.organisationId, c.purpose)).toEqual([...c.categories].sort());
    // Without the nested deny, the permit would give the denied category too.
    const undenied = p.consents.map((x) => ({ ...x, provisions: x.provisions.map((v) => ({ ...v, provisions: [] })) }));
    expect(permittedCategories(p, c.organisationId, c.purpose, DEMO_TODAY, undenied)).toContain(c.deniedCategory);
  });

  it("points at an expired grant: permitted inside its period, nothing after", () => {
    const c = cases.expired;
    const p = pathwayOf(c.pathwayId);
    expect(c.periodEnd < DEMO_TODAY).toBe(true);
    expect(permittedCategories(p, c.organisationId, c.purpose)).toEqual([]);
    expect(permittedCategories(p, c.organisationId, c.purpose, c.periodEnd)).toEqual([...c.categories].sort());
    expect(p.referrals.filter((r) => r.toOrganisationId === c.organisationId).every((r) => !isOpen(r))).toBe(true);
  });

  it("points at an amendment that superseded a consent", () => {
    const c = cases.amended;
    const p = pathwayOf(c.pathwayId);
    const find = (id: string) => p.consents.find((x) => x.id === id) as DemoConsent;
    expect(find(c.consentId).status).toBe("ACTIVE");
    expect(find(c.supersededConsentId).status).toBe("SUPERSEDED");
    expect(permittedCategories(p, c.organisationId, c.addedPurpose).length).toBeGreaterThan(0);
  });

  it("points at the sealed pathway and the records the seal hides", () => {
    const c = cases.sealed;
    const p = pathwayOf(c.pathwayId);
    expect(p.seal?.sealedOn).toBe(c.sealedOn);
    expect(p.jobSeeker?.id).toBe(c.jobSeekerId);
    expect(p.jobSeeker?.jobCentreId).toBe(c.jobCentreId);
    expect(c.enrolmentIds.length).toBeGreaterThan(0);
    // Her consent would let the job centre read: the seal is what stops it.
    expect(permittedCategories(p, c.jobCentreId, "JOB_PLACEMENT")).toEqual([...c.jobCentreCategories].sort());
    expect(c.jobCentreCategories.length).toBeGreaterThan(0);
  });

  it("points at a pathway without consent, and at an organisation her consents do not reach", () => {
    expect(pathwayOf(cases.withoutConsent.pathwayId).consents).toEqual([]);
    const p = pathwayOf(cases.ungranted.pathwayId);
    expect(p.consents.length).toBeGreaterThan(0);
    for (const purpose of PURPOSES) expect(permittedCategories(p, cases.ungranted.organisationId, purpose)).toEqual([]);
    expect(cases.reportingRefused.every((id) => pathwayOf(id).reportingConsent?.granted === false)).toBe(true);
  });
});

function addDaysBefore(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}
