import { describe, expect, it } from "vitest";
import { DEMO_TODAY, demoNetwork, generateDemoNetwork } from "./network.js";
import { userOf } from "./organisations.js";
import type { DemoPathway, DemoReferral, PathwayStage } from "./types.js";

const network = demoNetwork();
const { pathways } = network;

const typeOf = (organisationId: string) => network.organisations.find((o) => o.id === organisationId)?.type;
const acceptedOrDone = (r: DemoReferral) => r.status === "ACCEPTED" || r.status === "DONE";
const courseOf = (courseId: string) => network.courses.find((c) => c.id === courseId);

/** Every string value of an object, at any depth, that looks like an ISO date. */
function isoDates(value: unknown): string[] {
  if (typeof value === "string") return /^\d{4}-\d{2}-\d{2}$/.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(isoDates);
  if (value && typeof value === "object") return Object.values(value).flatMap(isoDates);
  return [];
}

/** Every `id` field, at any depth. */
function ids(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(ids);
  if (value && typeof value === "object") {
    const own = "id" in value && typeof value.id === "string" ? [value.id] : [];
    return [...own, ...Object.values(value).flatMap(ids)];
  }
  return [];
}

describe("demo network", () => {
  it("is deterministic and memoised", () => {
    expect(generateDemoNetwork()).toEqual(generateDemoNetwork());
    expect(demoNetwork()).toBe(network);
    expect(generateDemoNetwork()).toEqual(network);
  });

  it("has the expected size", () => {
    expect(pathways.length).toBeGreaterThanOrEqual(40);
    expect(network.employers).toHaveLength(10);
    expect(network.vacancies).toHaveLength(12);
    expect(network.campaigns).toHaveLength(3);
    expect(network.courses).toHaveLength(8);
    expect(network.operatorTrainingSessions).toHaveLength(4);
    expect(pathways.filter((p) => p.jobSeeker).length).toBeGreaterThanOrEqual(15);
    const placements = pathways.flatMap((p) => p.placements);
    expect(placements.length).toBeGreaterThanOrEqual(10);
    expect(placements.flatMap((p) => p.retentionChecks).length).toBeGreaterThanOrEqual(12);
    const enrolments = pathways.flatMap((p) => p.enrolments);
    expect(enrolments.length).toBeGreaterThanOrEqual(15);
    expect(new Set(enrolments.map((e) => e.status))).toEqual(new Set(["ENROLLED", "COMPLETED", "WITHDRAWN"]));
  });

  it("covers every stage and every referral status", () => {
    const stages: PathwayStage[] = ["INTAKE", "NEEDS_ANALYSIS", "PLAN_ACTIVE", "FOLLOW_UP", "CLOSED"];
    expect(new Set(pathways.map((p) => p.stage))).toEqual(new Set(stages));
    const statuses = new Set(pathways.flatMap((p) => p.referrals.map((r) => r.status)));
    expect(statuses).toEqual(new Set(["SENT", "ACCEPTED", "REJECTED", "DONE", "WITHDRAWN"]));
  });

  it("names one primary user per organisation (userOf: the first listed), break-glass and DPO after", () => {
    const primary = Object.fromEntries(network.organisations.map((o) => [o.id, userOf(o.id).id]));
    expect(primary).toEqual({
      "cav-aurora": "op-aurora",
      "cav-ginestra": "op-ginestra",
      "casa-rifugio-iris": "op-iris",
      "cpi-milano-centro": "op-cpi-centro",
      "cpi-rho": "op-cpi-rho",
      "formazione-atelier": "op-training",
      "formazione-ponte": "op-ponte",
      "cabina-di-regia": "analyst",
      "casa-comune": "op-casa",
    });
    const byId = (id: string) => network.users.find((u) => u.id === id);
    expect(byId("risk-cpi-centro")).toMatchObject({ organisationId: "cpi-milano-centro", roles: ["EMPLOYMENT_COUNSELLOR", "BREAK_GLASS"] });
    expect(byId("dpo")).toMatchObject({ organisationId: "cabina-di-regia", roles: ["DPO"] });
    expect(new Set(network.users.map((u) => u.id)).size).toBe(network.users.length);
  });

  it("gives every object a unique id", () => {
    const all = ids(network);
    expect(new Set(all).size).toBe(all.length);
  });

  it("gives pathways UUID-shaped pseudonymous ids", () => {
    for (const p of pathways) expect(p.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("puts no event after the demo's today", () => {
    const { courses, ...rest } = network;
    // A fixed-term contract's agreed end may come later: it is a term, not an event.
    const events = {
      ...rest,
      pathways: rest.pathways.map((p) => ({ ...p, placements: p.placements.map((pl) => (pl.endOn && pl.endOn > DEMO_TODAY ? { ...pl, endOn: null } : pl)) })),
    };
    for (const date of isoDates(events)) expect(date <= DEMO_TODAY, date).toBe(true);
    // Courses may be scheduled to end later, but none starts after today.
    for (const c of courses) expect(c.startsOn <= DEMO_TODAY && c.startsOn < c.endsOn).toBe(true);
  });

  it("opens pathways at case holders, in the demo period", () => {
    for (const p of pathways) {
      expect(["ANTI_VIOLENCE_CENTRE", "SHELTER"]).toContain(typeOf(p.holderId));
      expect(p.openedOn >= "2025-01-10" && p.openedOn <= "2026-10-31").toBe(true);
    }
  });

  it("uses only fictional contact details", () => {
    for (const { identity } of pathways) {
      if (identity.phone) expect(identity.phone).toMatch(/^\+39 300 000 \d{4}$/);
      if (identity.email) expect(identity.email).toMatch(/@example\.org$/);
    }
  });
});

describe("pathway consistency", () => {
  const byStage = (stage: PathwayStage) => pathways.filter((p) => p.stage === stage);

  it("has nothing but identity at intake", () => {
    for (const p of byStage("INTAKE")) {
      expect(p.needsAssessment).toBeNull();
      expect(p.plan).toBeNull();
      expect(p.referrals).toEqual([]);
    }
  });

  it("has an assessment but no plan during needs analysis", () => {
    for (const p of byStage("NEEDS_ANALYSIS")) {
      expect(p.needsAssessment).not.toBeNull();
      expect(p.plan).toBeNull();
    }
  });

  it("has an assessment and a plan from PLAN_ACTIVE on, mostly signed", () => {
    const withPlan = pathways.filter((p) => ["PLAN_ACTIVE", "FOLLOW_UP", "CLOSED"].includes(p.stage));
    for (const p of withPlan) {
      expect(p.needsAssessment).not.toBeNull();
      expect(p.plan?.goals.length).toBeGreaterThanOrEqual(2);
    }
    expect(withPlan.filter((p) => p.plan?.signedOn).length).toBeGreaterThan(withPlan.length / 2);
  });

  it("closes only CLOSED pathways, with a date and a reason", () => {
    for (const p of pathways) {
      const closed = p.stage === "CLOSED";
      expect(p.closedOn !== null).toBe(closed);
      expect(p.closingReason !== null).toBe(closed);
      if (p.closedOn) expect(p.closedOn > p.openedOn).toBe(true);
    }
  });

  it("refers only to job centres, training bodies and the housing body, for the matching purpose", () => {
    for (const p of pathways) {
      for (const r of p.referrals) {
        const type = typeOf(r.toOrganisationId);
        if (type === "JOB_CENTRE") expect(["JOB_PLACEMENT", "JOB_RETENTION"]).toContain(r.purpose);
        else if (type === "HOUSING_BODY") expect(r.purpose).toBe("HOUSING_SUPPORT");
        else expect([type, r.purpose]).toEqual(["TRAINING_BODY", "TRAINING"]);
        expect(network.users.find((u) => u.id === r.sentByUserId)?.organisationId).toBe(p.holderId);
        expect(r.respondedOn === null).toBe(r.status === "SENT" || r.status === "WITHDRAWN");
        if (r.respondedOn) expect(r.respondedOn >= r.sentOn).toBe(true);
        expect(r.rejectionReason !== null).toBe(r.status === "REJECTED");
      }
    }
  });

  it("registers a job seeker only after an accepted referral to that job centre", () => {
    for (const p of pathways.filter((p) => p.jobSeeker)) {
      const seeker = p.jobSeeker!;
      const referral = p.referrals.find((r) => r.toOrganisationId === seeker.jobCentreId && acceptedOrDone(r));
      expect(referral, p.id).toBeDefined();
      expect(seeker.registeredOn >= referral!.respondedOn!).toBe(true);
      expect(network.users.find((u) => u.id === seeker.counsellorUserId)?.organisationId).toBe(seeker.jobCentreId);
    }
  });

  it("places only job seekers, with employers of their job centre", () => {
    for (const p of pathways) {
      if (p.placements.length > 0) expect(p.jobSeeker).not.toBeNull();
      for (const placement of p.placements) {
        expect(placement.jobCentreId).toBe(p.jobSeeker?.jobCentreId);
        const employer = network.employers.find((e) => e.id === placement.employerId);
        expect(employer?.jobCentreId).toBe(placement.jobCentreId);
        expect(p.needsAssessment?.districtsToAvoid).not.toContain(employer?.district);
        if (placement.vacancyId) {
          expect(network.vacancies.find((v) => v.id === placement.vacancyId)?.employerId).toBe(employer?.id);
        }
      }
    }
  });

  it("ends every fixed-term contract: when she left, or the agreed term (after today only if she is still there)", () => {
    for (const p of pathways) {
      for (const placement of p.placements) {
        if (placement.contractType === "FIXED_TERM") expect(placement.endOn).not.toBeNull();
        if (placement.endOn) expect(placement.endOn > placement.startOn).toBe(true);
        if (placement.endOn && placement.endOn > DEMO_TODAY) expect(placement.retentionChecks.every((c) => c.stillEmployed)).toBe(true);
      }
      const placed = p.placements.some((pl) => pl.endOn === null || pl.endOn > DEMO_TODAY);
      if (p.jobSeeker) expect(p.jobSeeker.status === "PLACED").toBe(placed);
    }
  });

  it("keeps at most one open referral per organisation on a pathway (the API refuses a second)", () => {
    for (const p of pathways) {
      const open = p.referrals.filter((r) => r.status === "SENT" || r.status === "ACCEPTED").map((r) => r.toOrganisationId);
      expect(new Set(open).size, p.id).toBe(open.length);
    }
  });

  it("checks retention at 3, 6 and 12 months, never in the future", () => {
    for (const placement of pathways.flatMap((p) => p.placements)) {
      for (const check of placement.retentionChecks) {
        expect([3, 6, 12]).toContain(check.monthsAfterStart);
        expect(check.checkedOn > placement.startOn).toBe(true);
        expect(check.checkedOn <= DEMO_TODAY).toBe(true);
      }
    }
  });

  it("enrols only on courses of a training body that accepted a referral", () => {
    for (const p of pathways) {
      for (const enrolment of p.enrolments) {
        const course = courseOf(enrolment.courseId);
        expect(course).toBeDefined();
        expect(p.referrals.some((r) => r.toOrganisationId === course!.trainingBodyId && acceptedOrDone(r))).toBe(true);
        expect(enrolment.certificate !== null).toBe(enrolment.status === "COMPLETED");
        expect(enrolment.completedOn !== null).toBe(enrolment.status === "COMPLETED");
        expect(enrolment.withdrawnOn !== null).toBe(enrolment.status === "WITHDRAWN");
      }
    }
  });
});

describe("showcase pathways", () => {
  function expectFullStory(p: DemoPathway | undefined, jobCentreId: string, trainingBodyId: string) {
    expect(p).toBeDefined();
    const pathway = p!;
    expect(pathway.stage).toBe("PLAN_ACTIVE");
    expect(pathway.needsAssessment).not.toBeNull();
    expect(pathway.plan?.signedOn).not.toBeNull();
    expect(pathway.plan?.goals.length).toBeGreaterThanOrEqual(2);
    const accepted = (to: string, purpose: string) =>
      pathway.referrals.some((r) => r.toOrganisationId === to && r.purpose === purpose && r.status === "ACCEPTED");
    expect(accepted(jobCentreId, "JOB_PLACEMENT")).toBe(true);
    expect(accepted(trainingBodyId, "TRAINING")).toBe(true);
    expect(pathway.jobSeeker?.jobCentreId).toBe(jobCentreId);
    expect(pathway.placements.some((pl) => pl.retentionChecks.length > 0)).toBe(true);
    expect(pathway.enrolments.some((e) => courseOf(e.courseId)?.trainingBodyId === trainingBodyId)).toBe(true);
  }

  it("tells the full story on the first cav-aurora pathway", () => {
    const first = pathways.find((p) => p.holderId === "cav-aurora");
    expectFullStory(first, "cpi-milano-centro", "formazione-atelier");
  });

  it("tells the full story on a cav-ginestra pathway too", () => {
    const first = pathways.find((p) => p.holderId === "cav-ginestra");
    expectFullStory(first, "cpi-rho", "formazione-ponte");
  });
});
