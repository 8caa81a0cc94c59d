import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { LEGAL_BASES } from "@percorsi/schema";
import { REJECTION_REASONS } from "./catalogue.js";
import { demoConsentCases } from "./consent-cases.js";
import { LARGE_FROM, generateLargeDemoNetwork } from "./large-network.js";
import { DEMO_TODAY, demoNetwork } from "./network.js";
import { addMonths, daysBetween } from "./random.js";
import { demoNetworkOfSize, demoSize } from "./size.js";
import type { DemoNetwork, DemoPathway } from "./types.js";

const large = demoNetworkOfSize("large");
const small = demoNetwork();
const { pathways } = large;
const typeOf = (id: string) => large.organisations.find((o) => o.id === id)?.type;
const courseOf = new Map(large.courses.map((c) => [c.id, c]));
const hash = (network: DemoNetwork) => createHash("sha256").update(JSON.stringify(network)).digest("hex");
const share = (part: number, whole: number) => part / whole;

/** The months from LARGE_FROM's to DEMO_TODAY's ("2023-11" ... "2026-11"). */
const MONTHS: string[] = [];
for (let day = `${LARGE_FROM.slice(0, 7)}-01`; day <= DEMO_TODAY; day = addMonths(day, 1)) MONTHS.push(day.slice(0, 7));

/** Events per month, for the network and for each organisation. */
function monthly(events: readonly { on: string; organisationId: string }[]) {
  const count = (filter: (e: { on: string; organisationId: string }) => boolean) =>
    MONTHS.map((m) => events.filter((e) => e.on.startsWith(m) && filter(e)).length);
  const network = count(() => true);
  const organisations = [...new Set(events.map((e) => e.organisationId))].flatMap((id) => count((e) => e.organisationId === id));
  return {
    /** Share of the months whose network count is at least 10. */
    networkAtLeast10: share(network.filter((n) => n >= 10).length, MONTHS.length),
    /** Organisation-months with a count from 1 to 9 (suppressed cells beside shown ones). */
    organisationSmall: organisations.filter((n) => n > 0 && n < 10).length,
  };
}

/** Only women who agreed to count, count. */
const counted = pathways.filter((p) => p.reportingConsent?.granted);

describe("the large demo network", () => {
  it("is deterministic: the same seed gives the same network (same JSON hash), another seed another", () => {
    expect(hash(generateLargeDemoNetwork())).toBe(hash(large));
    expect(hash(generateLargeDemoNetwork(3))).not.toBe(hash(large));
    expect(demoNetworkOfSize("large")).toBe(large);
    expect(demoNetworkOfSize("small")).toBe(small);
  });

  it("contains the small network unchanged: its organisations, users, records and showcase cases", () => {
    const prefix = <K extends keyof DemoNetwork>(key: K) => expect((large[key] as unknown[]).slice(0, (small[key] as unknown[]).length)).toEqual(small[key]);
    for (const key of ["organisations", "users", "pathways", "employers", "vacancies", "campaigns", "courses", "operatorTrainingSessions"] as const) prefix(key);
    expect(large.organisations.length).toBeGreaterThan(small.organisations.length);

    const inSmall = demoConsentCases(small);
    const inLarge = demoConsentCases(large);
    const { withdrawn, typeGrant, reportingRefused, reportingNotAsked, ...single } = inSmall;
    for (const [key, value] of Object.entries(single)) expect(inLarge[key as keyof typeof single], key).toEqual(value);
    expect(inLarge.withdrawn[0]).toEqual(withdrawn[0]);
    expect(inLarge.withdrawn).toEqual(expect.arrayContaining(withdrawn));
    // A grant to every training body reaches the large network's new one too.
    expect(inLarge.typeGrant).toEqual({ ...typeGrant, organisationIds: expect.arrayContaining(typeGrant.organisationIds) });
    expect(inLarge.reportingRefused).toEqual(expect.arrayContaining(reportingRefused));
    expect(inLarge.reportingNotAsked).toEqual(expect.arrayContaining(reportingNotAsked));
  });

  it("opens about 2,000 pathways at every case-holder, in every month of the three years", () => {
    expect(pathways.length).toBeGreaterThanOrEqual(1800);
    expect(pathways.length).toBeLessThanOrEqual(2200);
    for (const p of pathways) expect(p.openedOn >= LARGE_FROM && p.openedOn <= DEMO_TODAY, p.openedOn).toBe(true);
    expect(MONTHS).toHaveLength(37); // two partial months at the ends
    for (const month of MONTHS) expect(pathways.some((p) => p.openedOn.startsWith(month)), month).toBe(true);
    const holders = large.organisations.filter((o) => o.type === "ANTI_VIOLENCE_CENTRE" || o.type === "SHELTER");
    expect(holders.length).toBeGreaterThanOrEqual(7);
    for (const holder of holders) expect(pathways.filter((p) => p.holderId === holder.id).length, holder.id).toBeGreaterThan(50);
  });

  it("has the proportions of a real network: needs analyses, plans, referrals, registrations", () => {
    const assessed = pathways.filter((p) => p.needsAssessment);
    expect(share(assessed.length, pathways.length)).toBeGreaterThan(0.85);
    const within30 = assessed.filter((p) => daysBetween(p.openedOn, p.needsAssessment!.assessedOn) <= 30);
    expect(share(within30.length, assessed.length)).toBeGreaterThan(0.7);
    expect(within30.length).toBeLessThan(assessed.length);

    const signed = pathways.filter((p) => p.plan?.signedOn);
    expect(share(signed.length, pathways.length)).toBeGreaterThan(0.5);
    for (const p of signed) expect(p.plan!.goals.length).toBeGreaterThanOrEqual(2);

    const referrals = pathways.flatMap((p) => p.referrals);
    const answered = referrals.filter((r) => r.respondedOn);
    const rejected = referrals.filter((r) => r.status === "REJECTED");
    expect(share(answered.length - rejected.length, answered.length)).toBeGreaterThan(0.75);
    expect(rejected.length).toBeGreaterThan(50);
    expect(new Set(rejected.map((r) => r.rejectionReason))).toEqual(new Set(REJECTION_REASONS));
    // The housing body is referred a few women of the small network only.
    expect(new Set(referrals.map((r) => typeOf(r.toOrganisationId)))).toEqual(new Set(["JOB_CENTRE", "TRAINING_BODY", "HOUSING_BODY"]));

    const registered = pathways.filter((p) => p.jobSeeker);
    expect(registered.length).toBeGreaterThan(800);
    for (const p of registered) {
      const referral = p.referrals.find((r) => r.toOrganisationId === p.jobSeeker!.jobCentreId && r.purpose === "JOB_PLACEMENT" && r.respondedOn);
      expect(referral && ["ACCEPTED", "DONE"].includes(referral.status), p.id).toBe(true);
      expect(p.jobSeeker!.registeredOn >= referral!.respondedOn!).toBe(true);
    }
  });

  it("places women under a mix of contracts, checks retention at 3, 6 and 12 months, enrols, completes and certifies", () => {
    const placements = pathways.flatMap((p) => p.placements);
    expect(placements.length).toBeGreaterThan(500);
    expect(new Set(placements.map((p) => p.contractType))).toEqual(new Set(["PERMANENT", "FIXED_TERM", "APPRENTICESHIP", "TRAINEESHIP"]));
    const fixed = placements.filter((p) => p.contractType === "FIXED_TERM" && p.endOn);
    const longTerm = fixed.filter((p) => p.endOn! >= addMonths(p.startOn, 6));
    expect(longTerm.length).toBeGreaterThan(50);
    expect(fixed.length - longTerm.length).toBeGreaterThan(10);

    const checks = placements.flatMap((p) => p.retentionChecks);
    for (const months of [3, 6, 12]) {
      const at = checks.filter((c) => c.monthsAfterStart === months);
      expect(at.length, `${months} months`).toBeGreaterThan(100);
      expect(at.some((c) => !c.stillEmployed)).toBe(true);
    }

    const enrolments = pathways.flatMap((p) => p.enrolments);
    expect(enrolments.length).toBeGreaterThan(600);
    const completed = enrolments.filter((e) => e.status === "COMPLETED");
    expect(share(completed.length, enrolments.length)).toBeGreaterThan(0.5);
    expect(enrolments.filter((e) => e.status === "WITHDRAWN").length).toBeGreaterThan(50);
    const certified = completed.filter((e) => e.certificate);
    expect(certified.length).toBeGreaterThan(completed.length * 0.7);
    expect(certified.length).toBeLessThan(completed.length);
  });

  it("counts most women in statistics (reporting consent 80-90%), the others refused or not asked", () => {
    const granted = pathways.filter((p) => p.reportingConsent?.granted).length;
    expect(share(granted, pathways.length)).toBeGreaterThanOrEqual(0.8);
    expect(share(granted, pathways.length)).toBeLessThanOrEqual(0.9);
    expect(pathways.filter((p) => p.reportingConsent?.granted === false).length).toBeGreaterThan(50);
    expect(pathways.filter((p) => p.reportingConsent === null).length).toBeGreaterThan(20);
  });

  it("records her rights: consents granted, withdrawn, expired by their period, a few seals, break-glass reads over the years", () => {
    const consents = pathways.flatMap((p) => p.consents);
    expect(consents.filter((c) => c.status === "ACTIVE").length).toBeGreaterThan(1000);
    expect(consents.filter((c) => c.status === "WITHDRAWN").length).toBeGreaterThan(30);
    const expired = consents.filter((c) => c.status === "ACTIVE" && c.provisions.some((v) => v.periodEnd !== null && v.periodEnd < DEMO_TODAY));
    expect(expired.length).toBeGreaterThan(10);
    const seals = pathways.filter((p) => p.seal);
    expect(seals.length).toBeGreaterThanOrEqual(3);
    expect(seals.length).toBeLessThanOrEqual(12);

    const reads = large.breakGlassReads;
    expect(reads.length).toBeGreaterThanOrEqual(24);
    expect(reads.length).toBeLessThanOrEqual(60);
    expect(new Set(reads.map((r) => r.at.slice(0, 4))).size).toBeGreaterThanOrEqual(2);
    const byId = new Map(pathways.map((p) => [p.id, p]));
    for (const read of reads) {
      expect(LEGAL_BASES).toContain(read.legalBasis);
      expect(read.reason.length).toBeGreaterThan(0);
      expect(read.roles).toContain("BREAK_GLASS");
      expect(large.users.find((u) => u.id === read.actorId)?.roles).toContain("BREAK_GLASS");
      expect(read.at.slice(0, 10) < DEMO_TODAY).toBe(true);
      for (const category of read.categories) expect(["IDENTITY", "SAFETY", "HEALTH"]).not.toContain(category);
      // Break-glass widens what her job centre sees on a pathway it works on, never the set of pathways.
      const p = byId.get(read.pathwayId)!;
      expect(p.seal).toBeNull();
      const referral = p.referrals.find((r) => r.toOrganisationId === read.organisationId && r.respondedOn && r.status !== "REJECTED");
      expect(referral && referral.respondedOn! < read.at.slice(0, 10), read.requestId).toBe(true);
    }
    expect(small.breakGlassReads).toEqual([]);
  });

  it("reviews her economic and housing situation months after intake, often better than at intake", () => {
    const reviewed = pathways.filter((p) => p.situationReviews.length > 0);
    expect(reviewed.length).toBeGreaterThan(600);
    const rank = ["NO_INCOME", "INCOME_SUPPORT", "IRREGULAR_INCOME", "LOW_INCOME", "SELF_SUFFICIENT"];
    const improved = reviewed.filter((p) => rank.indexOf(p.situationReviews.at(-1)!.economicSituation) > rank.indexOf(p.needsAssessment!.economicSituation));
    expect(share(improved.length, reviewed.length)).toBeGreaterThan(0.3);
    expect(improved.length).toBeLessThan(reviewed.length);
    for (const p of reviewed) {
      let previous = p.needsAssessment!.assessedOn;
      for (const r of p.situationReviews) {
        expect(r.reviewedOn > previous && r.reviewedOn <= (p.closedOn ?? DEMO_TODAY)).toBe(true);
        expect(large.users.find((u) => u.id === r.reviewedBy)?.organisationId).toBe(p.holderId);
        previous = r.reviewedOn;
      }
    }
  });

  it("runs the protocol's own activities across the three years: operator training, campaigns, commitments", () => {
    const jobCentres = large.organisations.filter((o) => o.type === "JOB_CENTRE");
    expect(jobCentres.length).toBeGreaterThanOrEqual(4);
    for (const jc of jobCentres) {
      expect(jc.operators, jc.id).toBeGreaterThanOrEqual(15);
      expect(jc.operators, jc.id).toBeLessThanOrEqual(60);
    }
    const years = ["2024", "2025", "2026"];
    for (const year of years) {
      const sessions = large.operatorTrainingSessions.filter((s) => s.heldOn.startsWith(year));
      expect(sessions.length, year).toBeGreaterThanOrEqual(8);
      expect(large.campaigns.filter((c) => c.startedOn.startsWith(year)).length, year).toBeGreaterThanOrEqual(10);
      expect(large.employers.filter((e) => e.safeWorkplaceCommitmentSignedOn?.startsWith(year)).length, year).toBeGreaterThanOrEqual(10);
    }
    for (const s of large.operatorTrainingSessions) {
      expect(s.attendees.length).toBeGreaterThan(0);
      for (const a of s.attendees) {
        expect(typeOf(a.organisationId)).toBe("JOB_CENTRE");
        expect(s.attendingJobCentreIds).toContain(a.organisationId);
      }
      expect(new Set(s.attendees.map((a) => a.operatorId)).size).toBe(s.attendees.length);
    }
    // Operators trained never outnumber a job centre's staff.
    for (const jc of jobCentres) {
      const trained = new Set(large.operatorTrainingSessions.flatMap((s) => s.attendees.filter((a) => a.organisationId === jc.id).map((a) => a.operatorId)));
      expect(trained.size, jc.id).toBeLessThanOrEqual(jc.operators! + 1); // the demo user is one of them
    }
    const reached = large.campaigns.flatMap((c) => c.employerIdsReached);
    expect(new Set(reached).size).toBeGreaterThan(100);
  });

  it("gives the indicators real figures: monthly network counts mostly 10 or more, some organisation-months 1 to 9", () => {
    const body = (courseId: string) => courseOf.get(courseId)!.trainingBodyId;
    const series = {
      opened: counted.map((p) => ({ on: p.openedOn, organisationId: p.holderId })),
      registrations: counted.flatMap((p) => (p.jobSeeker ? [{ on: p.jobSeeker.registeredOn, organisationId: p.jobSeeker.jobCentreId }] : [])),
      placements: counted.flatMap((p) => p.placements.map((pl) => ({ on: pl.startOn, organisationId: pl.jobCentreId }))),
      retention: counted.flatMap((p) => p.placements.flatMap((pl) => pl.retentionChecks.map((c) => ({ on: c.checkedOn, organisationId: pl.jobCentreId })))),
      enrolments: counted.flatMap((p) => p.enrolments.map((e) => ({ on: e.enrolledOn, organisationId: body(e.courseId) }))),
      employersReached: large.campaigns.flatMap((c) => c.employerIdsReached.map(() => ({ on: c.startedOn, organisationId: c.jobCentreId }))),
    };
    for (const [name, events] of Object.entries(series)) {
      const { networkAtLeast10, organisationSmall } = monthly(events);
      expect(networkAtLeast10, name).toBeGreaterThanOrEqual(0.75);
      if (name !== "employersReached") expect(organisationSmall, name).toBeGreaterThan(10);
    }
  });
});

describe("the large network respects its stores' constraints", () => {
  const isOpen = (p: DemoPathway) => p.closedOn === null;

  it("gives every object a unique id, and puts no event after the demo's today", () => {
    const ids: string[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === "object") {
        if ("id" in value && typeof value.id === "string") ids.push(value.id);
        Object.values(value).forEach(walk);
      }
    };
    walk(large);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of pathways) {
      const events = [p.openedOn, p.closedOn, p.needsAssessment?.assessedOn, p.plan?.createdOn, p.plan?.signedOn, ...p.referrals.flatMap((r) => [r.sentOn, r.respondedOn]),
        p.jobSeeker?.registeredOn, p.jobSeeker?.firstAppointmentOn, ...p.placements.flatMap((pl) => [pl.startOn, ...pl.retentionChecks.map((c) => c.checkedOn)]),
        ...p.enrolments.flatMap((e) => [e.enrolledOn, e.completedOn, e.withdrawnOn]), ...p.consents.flatMap((c) => [c.recordedOn, c.withdrawnOn]),
        p.reportingConsent?.recordedOn, p.seal?.sealedOn, ...p.situationReviews.map((r) => r.reviewedOn)];
      for (const day of events) if (day) expect(day <= DEMO_TODAY, `${p.id} ${day}`).toBe(true);
    }
    for (const c of large.courses) expect(c.startsOn <= DEMO_TODAY && c.startsOn <= c.endsOn).toBe(true);
  });

  it("pathways and referrals: a closed stage has its day; a rejection its reason from the vocabulary; one open referral per organisation", () => {
    for (const p of pathways) {
      expect(p.closedOn !== null, p.id).toBe(p.stage === "CLOSED");
      if (p.closedOn) expect(p.closedOn > p.openedOn).toBe(true);
      const open = p.referrals.filter((r) => r.status === "SENT" || r.status === "ACCEPTED").map((r) => r.toOrganisationId);
      expect(new Set(open).size, p.id).toBe(open.length);
      for (const r of p.referrals) {
        expect(["SENT", "ACCEPTED", "REJECTED", "DONE", "WITHDRAWN"]).toContain(r.status);
        expect(r.rejectionReason !== null).toBe(r.status === "REJECTED");
        if (r.rejectionReason) expect(REJECTION_REASONS).toContain(r.rejectionReason);
        expect(r.toOrganisationId).not.toBe(p.holderId);
        if (r.respondedOn) expect(r.respondedOn >= r.sentOn).toBe(true);
      }
      for (const [n, goal] of (p.plan?.goals ?? []).entries()) expect(typeOf(goal.responsibleOrganisationId), `${p.id} goal ${n}`).toBeDefined();
    }
  });

  it("job centres: one open registration per pathway per job centre, appointments after registering, placements and checks in order", () => {
    const open = new Set<string>();
    for (const p of pathways) {
      const j = p.jobSeeker;
      if (!j) continue;
      if (j.status !== "CLOSED") {
        const key = `${p.id}/${j.jobCentreId}`;
        expect(open.has(key)).toBe(false);
        open.add(key);
      }
      if (j.firstAppointmentOn) expect(j.firstAppointmentOn >= j.registeredOn).toBe(true);
      if (isOpen(p) || j.status !== "CLOSED") expect(large.users.find((u) => u.id === j.counsellorUserId)?.organisationId).toBe(j.jobCentreId);
      for (const pl of p.placements) {
        expect(large.employers.find((e) => e.id === pl.employerId)?.jobCentreId).toBe(pl.jobCentreId);
        if (pl.vacancyId) expect(large.vacancies.find((v) => v.id === pl.vacancyId)?.employerId).toBe(pl.employerId);
        if (pl.endOn) expect(pl.endOn > pl.startOn).toBe(true);
        expect(pl.weeklyHours >= 1 && pl.weeklyHours <= 48).toBe(true);
        const marks = pl.retentionChecks.map((c) => c.monthsAfterStart);
        expect(new Set(marks).size).toBe(marks.length);
        for (const c of pl.retentionChecks) expect(c.checkedOn > pl.startOn).toBe(true);
      }
    }
    for (const v of large.vacancies) if (v.closedOn) expect(v.closedOn >= v.openedOn).toBe(true);
    for (const c of large.campaigns) if (c.endedOn) expect(c.endedOn >= c.startedOn).toBe(true);
  });

  it("training bodies: enrolment status and dates agree, one seat per pathway per course, enough seats", () => {
    const seats = new Map<string, number>();
    for (const p of pathways) {
      const active = new Set<string>();
      for (const e of p.enrolments) {
        const course = courseOf.get(e.courseId);
        expect(course).toBeDefined();
        expect(e.completedOn !== null).toBe(e.status === "COMPLETED");
        expect(e.withdrawnOn !== null).toBe(e.status === "WITHDRAWN");
        if (e.certificate !== null) expect(e.status).toBe("COMPLETED");
        if (e.completedOn) expect(e.completedOn >= e.enrolledOn).toBe(true);
        if (e.withdrawnOn) expect(e.withdrawnOn >= e.enrolledOn).toBe(true);
        if (e.status !== "WITHDRAWN") {
          expect(active.has(e.courseId)).toBe(false);
          active.add(e.courseId);
          seats.set(e.courseId, (seats.get(e.courseId) ?? 0) + 1);
        }
      }
    }
    for (const c of large.courses) {
      expect(c.seats >= 1 && c.seats <= 200).toBe(true);
      expect(seats.get(c.id) ?? 0, c.id).toBeLessThanOrEqual(c.seats + (small.courses.includes(c) ? 10 : 0));
    }
    for (const s of large.operatorTrainingSessions) {
      expect(s.topics.length).toBeGreaterThan(0);
      expect(s.hours > 0 && s.hours <= 40).toBe(true);
      expect(s.attendingOperatorUserIds.length).toBeGreaterThan(0);
      expect(s.trainerOrganisationId).not.toBe(s.hostTrainingBodyId);
    }
  });

  it("consents: a withdrawal has its day, a period ends after it starts, nothing holder-only is granted", () => {
    for (const c of pathways.flatMap((p) => p.consents)) {
      expect(c.withdrawnOn !== null).toBe(c.status === "WITHDRAWN");
      expect(c.evidenceReference).toMatch(/^MOD-CONS-\d{4}-\d{4}$/);
      for (const v of c.provisions) {
        if (v.periodStart && v.periodEnd) expect(v.periodEnd >= v.periodStart).toBe(true);
        if (v.type === "PERMIT") for (const category of v.categories) expect(["IDENTITY", "SAFETY", "HEALTH"]).not.toContain(category);
      }
    }
    const references = pathways.flatMap((p) => p.consents.map((c) => c.evidenceReference));
    expect(new Set(references).size).toBe(references.length);
  });
});

describe("demoSize", () => {
  it("reads DEMO_NETWORK: small by default, large or a number of pathways when asked, anything else refused clearly", () => {
    expect(demoSize({})).toBe("small");
    expect(demoSize({ DEMO_NETWORK: "" })).toBe("small");
    expect(demoSize({ DEMO_NETWORK: "small" })).toBe("small");
    expect(demoSize({ DEMO_NETWORK: "large" })).toBe("large");
    expect(demoSize({ DEMO_NETWORK: "50000" })).toBe(50000);
    for (const value of ["huge", "12", "1e5", "300000", "-5"]) expect(() => demoSize({ DEMO_NETWORK: value }), value).toThrow(/DEMO_NETWORK must be "small", "large" or a number of pathways/);
  });

  it("scales the large network to a number of pathways, the same for the same size", () => {
    const scaled = demoNetworkOfSize(5000);
    expect(scaled.pathways).toHaveLength(5000);
    expect(scaled.organisations).toEqual(demoNetworkOfSize("large").organisations);
    expect(new Set(scaled.pathways.map((p) => p.id)).size).toBe(5000);
    expect(generateLargeDemoNetwork(undefined, 5000).pathways.map((p) => p.id)).toEqual(scaled.pathways.map((p) => p.id));
  });
});
