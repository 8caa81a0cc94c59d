import { describe, expect, it } from "vitest";
import { DATA_CATEGORIES, HOLDER_ONLY_CATEGORIES, PURPOSES, type DataCategory, type Purpose } from "@percorsi/schema";
import { evaluateConsents, type ConsentProvision, type ConsentRecord, type Requester } from "./provisions.js";

const JOB_CENTRE = "job-centre-nord";
const OTHER_JOB_CENTRE = "job-centre-sud";
const TRAINING_BODY = "enaip-centro";

/** A job centre asking for job placement, on a day well inside every default period. */
const jobCentre: Requester = { organisationId: JOB_CENTRE, organisationType: "JOB_CENTRE", purpose: "JOB_PLACEMENT", on: "2025-06-15" };
const otherJobCentre: Requester = { ...jobCentre, organisationId: OTHER_JOB_CENTRE };
const trainingBody: Requester = { organisationId: TRAINING_BODY, organisationType: "TRAINING_BODY", purpose: "JOB_PLACEMENT", on: "2025-06-15" };

function provision(overrides: Partial<ConsentProvision>): ConsentProvision {
  return {
    type: "PERMIT",
    granteeOrganisationId: null,
    granteeOrganisationType: null,
    categories: [],
    purposes: [],
    periodStart: null,
    periodEnd: null,
    provisions: [],
    ...overrides,
  };
}

/** A permit to one organisation. */
function permitTo(organisationId: string, categories: DataCategory[], purposes: Purpose[] = ["JOB_PLACEMENT"], more: Partial<ConsentProvision> = {}) {
  return provision({ type: "PERMIT", granteeOrganisationId: organisationId, categories, purposes, ...more });
}

function deny(more: Partial<ConsentProvision> = {}): ConsentProvision {
  return provision({ type: "DENY", ...more });
}

function consent(id: string, provisions: ConsentProvision[], status: ConsentRecord["status"] = "ACTIVE"): ConsentRecord {
  return { id, status, provisions };
}

const permittedCategories = (consents: ConsentRecord[], requester: Requester) =>
  Object.keys(evaluateConsents(consents, requester).permitted).sort();

describe("evaluateConsents", () => {
  describe("default deny", () => {
    it("permits nothing when she has given no consent", () => {
      expect(evaluateConsents([], jobCentre)).toEqual({ permitted: {}, withdrawn: [], otherPurposes: [] });
    });

    it("permits nothing with a consent that holds no provision", () => {
      expect(evaluateConsents([consent("c-1", [])], jobCentre)).toEqual({ permitted: {}, withdrawn: [], otherPurposes: [] });
    });

    it("a permit with no categories permits nothing (empty means every category only on a deny)", () => {
      expect(evaluateConsents([consent("c-1", [permitTo(JOB_CENTRE, [])])], jobCentre)).toEqual({
        permitted: {},
        withdrawn: [],
        otherPurposes: [],
      });
    });

    it("a permit with no purposes permits nothing (empty means every purpose only on a deny)", () => {
      const consents = [consent("c-1", [permitTo(JOB_CENTRE, ["WORK_HISTORY"], [])])];
      for (const purpose of PURPOSES) {
        expect(evaluateConsents(consents, { ...jobCentre, purpose }), purpose).toEqual({ permitted: {}, withdrawn: [], otherPurposes: [] });
      }
    });
  });

  describe("grantee", () => {
    it("a permit to one organisation covers that organisation only", () => {
      const consents = [consent("c-1", [permitTo(JOB_CENTRE, ["WORK_HISTORY", "JOB_SEARCH"])])];
      expect(evaluateConsents(consents, jobCentre).permitted).toEqual({ WORK_HISTORY: "c-1", JOB_SEARCH: "c-1" });
      expect(evaluateConsents(consents, otherJobCentre)).toEqual({ permitted: {}, withdrawn: [], otherPurposes: [] });
      expect(evaluateConsents(consents, trainingBody)).toEqual({ permitted: {}, withdrawn: [], otherPurposes: [] });
    });

    it("a permit to an organisation type covers every member of that type and no other", () => {
      const consents = [
        consent("c-1", [provision({ granteeOrganisationType: "JOB_CENTRE", categories: ["WORK_HISTORY"], purposes: ["JOB_PLACEMENT"] })]),
      ];
      expect(evaluateConsents(consents, jobCentre).permitted).toEqual({ WORK_HISTORY: "c-1" });
      expect(evaluateConsents(consents, otherJobCentre).permitted).toEqual({ WORK_HISTORY: "c-1" });
      expect(evaluateConsents(consents, trainingBody)).toEqual({ permitted: {}, withdrawn: [], otherPurposes: [] });
    });

    it("a permit naming both an organisation and a type needs both to match", () => {
      const consents = [
        consent("c-1", [permitTo(JOB_CENTRE, ["WORK_HISTORY"], ["JOB_PLACEMENT"], { granteeOrganisationType: "TRAINING_BODY" })]),
      ];
      expect(permittedCategories(consents, jobCentre)).toEqual([]);
    });

    it("a permit with no grantee (neither organisation nor type) is ignored: it would share with everyone", () => {
      const consents = [consent("c-1", [provision({ categories: ["WORK_HISTORY", "PLAN"], purposes: ["JOB_PLACEMENT"] })])];
      for (const requester of [jobCentre, otherJobCentre, trainingBody]) {
        expect(evaluateConsents(consents, requester), requester.organisationId).toEqual({ permitted: {}, withdrawn: [], otherPurposes: [] });
      }
    });
  });

  describe("purpose", () => {
    it("a purpose the permit does not name is not permitted now, but listed in otherPurposes", () => {
      const consents = [consent("c-1", [permitTo(JOB_CENTRE, ["WORK_HISTORY", "EDUCATION_SKILLS"], ["TRAINING"])])];
      expect(evaluateConsents(consents, jobCentre)).toEqual({
        permitted: {},
        withdrawn: [],
        otherPurposes: ["WORK_HISTORY", "EDUCATION_SKILLS"],
      });
      expect(evaluateConsents(consents, { ...jobCentre, purpose: "TRAINING" })).toEqual({
        permitted: { WORK_HISTORY: "c-1", EDUCATION_SKILLS: "c-1" },
        withdrawn: [],
        otherPurposes: [],
      });
    });

    it("otherPurposes says nothing to an organisation the permit does not name", () => {
      const consents = [consent("c-1", [permitTo(JOB_CENTRE, ["WORK_HISTORY"], ["TRAINING"])])];
      expect(evaluateConsents(consents, otherJobCentre)).toEqual({ permitted: {}, withdrawn: [], otherPurposes: [] });
    });

    it("a category permitted now is not also listed in otherPurposes", () => {
      const consents = [consent("c-1", [permitTo(JOB_CENTRE, ["WORK_HISTORY"], ["JOB_PLACEMENT", "TRAINING"])])];
      expect(evaluateConsents(consents, jobCentre)).toEqual({ permitted: { WORK_HISTORY: "c-1" }, withdrawn: [], otherPurposes: [] });
    });

    it("a deny for one purpose does not hide a permit for another purpose from otherPurposes", () => {
      // She lets the job centre see her work history for training, but not for placement.
      const consents = [
        consent("c-1", [
          permitTo(JOB_CENTRE, ["WORK_HISTORY"], ["JOB_PLACEMENT", "TRAINING"], {
            provisions: [deny({ categories: ["WORK_HISTORY"], purposes: ["JOB_PLACEMENT"] })],
          }),
        ]),
      ];
      expect(evaluateConsents(consents, jobCentre)).toEqual({ permitted: {}, withdrawn: [], otherPurposes: ["WORK_HISTORY"] });
      expect(evaluateConsents(consents, { ...jobCentre, purpose: "EMPOWERMENT_PLAN" })).toEqual({
        permitted: {},
        withdrawn: [],
        otherPurposes: ["WORK_HISTORY"],
      });
      expect(evaluateConsents(consents, { ...jobCentre, purpose: "TRAINING" }).permitted).toEqual({ WORK_HISTORY: "c-1" });
    });

    it("a category denied for every purpose is not offered in otherPurposes", () => {
      const consents = [
        consent("c-1", [permitTo(JOB_CENTRE, ["WORK_HISTORY", "PLAN"], ["TRAINING"])]),
        consent("c-2", [deny({ granteeOrganisationId: JOB_CENTRE, categories: ["WORK_HISTORY"] })]),
      ];
      expect(evaluateConsents(consents, jobCentre)).toEqual({ permitted: {}, withdrawn: [], otherPurposes: ["PLAN"] });
    });
  });

  describe("deny beats permit", () => {
    it("a deny nested in a permit carves a category out of it", () => {
      const consents = [
        consent("c-1", [
          permitTo(JOB_CENTRE, ["WORK_HISTORY", "JOB_SEARCH", "PLAN"], ["JOB_PLACEMENT"], {
            provisions: [deny({ categories: ["PLAN"] })],
          }),
        ]),
      ];
      expect(evaluateConsents(consents, jobCentre).permitted).toEqual({ WORK_HISTORY: "c-1", JOB_SEARCH: "c-1" });
    });

    it("a nested deny for another organisation carves nothing out for this one", () => {
      const consents = [
        consent("c-1", [
          provision({
            granteeOrganisationType: "JOB_CENTRE",
            categories: ["WORK_HISTORY", "PLAN"],
            purposes: ["JOB_PLACEMENT"],
            provisions: [deny({ granteeOrganisationId: OTHER_JOB_CENTRE, categories: ["PLAN"] })],
          }),
        ]),
      ];
      expect(evaluateConsents(consents, jobCentre).permitted).toEqual({ WORK_HISTORY: "c-1", PLAN: "c-1" });
      expect(evaluateConsents(consents, otherJobCentre).permitted).toEqual({ WORK_HISTORY: "c-1" });
    });

    it("a nested deny outside its period carves nothing out", () => {
      const consents = [
        consent("c-1", [
          permitTo(JOB_CENTRE, ["WORK_HISTORY", "PLAN"], ["JOB_PLACEMENT"], {
            provisions: [deny({ categories: ["PLAN"], periodStart: "2025-07-01" })],
          }),
        ]),
      ];
      expect(permittedCategories(consents, jobCentre)).toEqual(["PLAN", "WORK_HISTORY"]);
      expect(permittedCategories(consents, { ...jobCentre, on: "2025-07-01" })).toEqual(["WORK_HISTORY"]);
    });

    it("a top-level deny in any active consent beats a permit in another", () => {
      const consents = [
        consent("c-permit", [permitTo(JOB_CENTRE, ["WORK_HISTORY", "PLAN"])]),
        consent("c-deny", [deny({ granteeOrganisationId: JOB_CENTRE, categories: ["PLAN"] })]),
      ];
      expect(evaluateConsents(consents, jobCentre).permitted).toEqual({ WORK_HISTORY: "c-permit" });
      // Whatever the order the consents come in.
      expect(evaluateConsents([...consents].reverse(), jobCentre).permitted).toEqual({ WORK_HISTORY: "c-permit" });
    });

    it("a top-level deny with no grantee applies to everyone", () => {
      const consents = [
        consent("c-permit", [provision({ granteeOrganisationType: "JOB_CENTRE", categories: ["WORK_HISTORY", "PLAN"], purposes: ["JOB_PLACEMENT"] })]),
        consent("c-deny", [deny({ categories: ["PLAN"] })]),
      ];
      expect(evaluateConsents(consents, jobCentre).permitted).toEqual({ WORK_HISTORY: "c-permit" });
      expect(evaluateConsents(consents, otherJobCentre).permitted).toEqual({ WORK_HISTORY: "c-permit" });
    });

    it("a deny to another organisation leaves this one's permit standing", () => {
      const consents = [
        consent("c-permit", [provision({ granteeOrganisationType: "JOB_CENTRE", categories: ["PLAN"], purposes: ["JOB_PLACEMENT"] })]),
        consent("c-deny", [deny({ granteeOrganisationId: OTHER_JOB_CENTRE })]),
      ];
      expect(evaluateConsents(consents, jobCentre).permitted).toEqual({ PLAN: "c-permit" });
      expect(evaluateConsents(consents, otherJobCentre).permitted).toEqual({});
    });

    it("a deny for another purpose leaves the permit standing for this purpose", () => {
      const consents = [
        consent("c-permit", [permitTo(JOB_CENTRE, ["PLAN"], ["JOB_PLACEMENT", "TRAINING"])]),
        consent("c-deny", [deny({ categories: ["PLAN"], purposes: ["TRAINING"] })]),
      ];
      expect(evaluateConsents(consents, jobCentre).permitted).toEqual({ PLAN: "c-permit" });
      expect(evaluateConsents(consents, { ...jobCentre, purpose: "TRAINING" }).permitted).toEqual({});
    });

    it("a deny with no categories denies every category", () => {
      const everything = DATA_CATEGORIES.filter((category) => !HOLDER_ONLY_CATEGORIES.has(category));
      const consents = [
        consent("c-permit", [permitTo(JOB_CENTRE, everything)]),
        consent("c-deny", [deny({ granteeOrganisationId: JOB_CENTRE, categories: [] })]),
      ];
      expect(evaluateConsents(consents, jobCentre)).toEqual({ permitted: {}, withdrawn: [], otherPurposes: [] });
      // Nested, too.
      const nested = [consent("c-1", [permitTo(JOB_CENTRE, everything, ["JOB_PLACEMENT"], { provisions: [deny()] })])];
      expect(evaluateConsents(nested, jobCentre)).toEqual({ permitted: {}, withdrawn: [], otherPurposes: [] });
    });

    it("a deny outside its period does not apply", () => {
      const consents = [
        consent("c-permit", [permitTo(JOB_CENTRE, ["PLAN"])]),
        consent("c-deny", [deny({ categories: ["PLAN"], periodEnd: "2025-06-14" })]),
      ];
      expect(evaluateConsents(consents, jobCentre).permitted).toEqual({ PLAN: "c-permit" });
      expect(evaluateConsents(consents, { ...jobCentre, on: "2025-06-14" }).permitted).toEqual({});
    });
  });

  describe("period", () => {
    const consents = [consent("c-1", [permitTo(JOB_CENTRE, ["PLACEMENT"], ["JOB_PLACEMENT"], { periodStart: "2025-03-01", periodEnd: "2025-08-31" })])];
    const on = (day: string) => permittedCategories(consents, { ...jobCentre, on: day });

    it("is not permitted before it starts", () => {
      expect(on("2025-02-28")).toEqual([]);
      expect(on("2024-12-31")).toEqual([]);
    });

    it("is not permitted after it ends", () => {
      expect(on("2025-09-01")).toEqual([]);
      expect(on("2026-03-01")).toEqual([]);
    });

    it("includes its first and its last day", () => {
      expect(on("2025-03-01")).toEqual(["PLACEMENT"]);
      expect(on("2025-08-31")).toEqual(["PLACEMENT"]);
      expect(on("2025-06-15")).toEqual(["PLACEMENT"]);
    });

    it("is open-ended on a side left null", () => {
      const fromMarch = [consent("c-1", [permitTo(JOB_CENTRE, ["PLACEMENT"], ["JOB_PLACEMENT"], { periodStart: "2025-03-01" })])];
      expect(permittedCategories(fromMarch, { ...jobCentre, on: "2099-12-31" })).toEqual(["PLACEMENT"]);
      expect(permittedCategories(fromMarch, { ...jobCentre, on: "2025-02-28" })).toEqual([]);
      const untilAugust = [consent("c-1", [permitTo(JOB_CENTRE, ["PLACEMENT"], ["JOB_PLACEMENT"], { periodEnd: "2025-08-31" })])];
      expect(permittedCategories(untilAugust, { ...jobCentre, on: "2000-01-01" })).toEqual(["PLACEMENT"]);
      expect(permittedCategories(untilAugust, { ...jobCentre, on: "2025-09-01" })).toEqual([]);
    });

    it("an expired permit is not offered as another purpose either", () => {
      const expired = [consent("c-1", [permitTo(JOB_CENTRE, ["PLACEMENT"], ["TRAINING"], { periodEnd: "2025-01-31" })])];
      expect(evaluateConsents(expired, jobCentre)).toEqual({ permitted: {}, withdrawn: [], otherPurposes: [] });
    });
  });

  describe("holder-only categories", () => {
    it("IDENTITY, SAFETY and HEALTH are never permitted, even when a permit lists them", () => {
      const consents = [
        consent("c-1", [
          permitTo(JOB_CENTRE, ["IDENTITY", "SAFETY", "HEALTH", "WORK_HISTORY"], [...PURPOSES]),
          provision({ granteeOrganisationType: "JOB_CENTRE", categories: ["IDENTITY", "SAFETY", "HEALTH"], purposes: [...PURPOSES] }),
        ]),
      ];
      for (const purpose of PURPOSES) {
        expect(evaluateConsents(consents, { ...jobCentre, purpose }), purpose).toEqual({
          permitted: { WORK_HISTORY: "c-1" },
          withdrawn: [],
          otherPurposes: [],
        });
      }
    });

    it("are never reported as withdrawn or as permitted for another purpose", () => {
      const consents = [
        consent("c-old", [permitTo(JOB_CENTRE, ["IDENTITY", "HEALTH"])], "WITHDRAWN"),
        consent("c-1", [permitTo(JOB_CENTRE, ["SAFETY"], ["TRAINING"])]),
      ];
      expect(evaluateConsents(consents, jobCentre)).toEqual({ permitted: {}, withdrawn: [], otherPurposes: [] });
    });
  });

  describe("withdrawal", () => {
    it("a withdrawn consent permits nothing, and says which categories it used to permit", () => {
      const consents = [consent("c-1", [permitTo(JOB_CENTRE, ["WORK_HISTORY", "PLAN"])], "WITHDRAWN")];
      const view = evaluateConsents(consents, jobCentre);
      expect(view.permitted).toEqual({});
      expect([...view.withdrawn].sort()).toEqual(["PLAN", "WORK_HISTORY"]);
      expect(view.otherPurposes).toEqual([]);
    });

    it("a category an active consent still permits is not reported withdrawn", () => {
      const consents = [
        consent("c-old", [permitTo(JOB_CENTRE, ["WORK_HISTORY", "PLAN"])], "WITHDRAWN"),
        consent("c-new", [permitTo(JOB_CENTRE, ["PLAN"])]),
      ];
      expect(evaluateConsents(consents, jobCentre)).toEqual({ permitted: { PLAN: "c-new" }, withdrawn: ["WORK_HISTORY"], otherPurposes: [] });
    });

    it("a withdrawn consent speaks only to the grantees and purposes it named", () => {
      const consents = [consent("c-old", [permitTo(JOB_CENTRE, ["WORK_HISTORY"])], "WITHDRAWN")];
      expect(evaluateConsents(consents, otherJobCentre).withdrawn).toEqual([]);
      expect(evaluateConsents(consents, { ...jobCentre, purpose: "TRAINING" }).withdrawn).toEqual([]);
    });

    it("a category an active deny refuses is reported as refused, not as withdrawn", () => {
      const consents = [
        consent("c-old", [permitTo(JOB_CENTRE, ["WORK_HISTORY", "PLAN"])], "WITHDRAWN"),
        consent("c-deny", [deny({ categories: ["PLAN"] })]),
      ];
      expect(evaluateConsents(consents, jobCentre)).toEqual({ permitted: {}, withdrawn: ["WORK_HISTORY"], otherPurposes: [] });
    });

    it("a withdrawn deny no longer refuses what an active consent permits", () => {
      const consents = [
        consent("c-deny", [deny({ granteeOrganisationId: JOB_CENTRE })], "WITHDRAWN"),
        consent("c-1", [permitTo(JOB_CENTRE, ["PLAN"])]),
      ];
      expect(evaluateConsents(consents, jobCentre)).toEqual({ permitted: { PLAN: "c-1" }, withdrawn: [], otherPurposes: [] });
    });
  });

  describe("permitted", () => {
    it("maps each category to the consent that permits it", () => {
      const consents = [
        consent("c-work", [permitTo(JOB_CENTRE, ["WORK_HISTORY", "JOB_SEARCH"])]),
        consent("c-plan", [provision({ granteeOrganisationType: "JOB_CENTRE", categories: ["PLAN", "ECONOMIC"], purposes: ["JOB_PLACEMENT"] })]),
        consent("c-gone", [permitTo(JOB_CENTRE, ["HOUSING"])], "WITHDRAWN"),
      ];
      expect(evaluateConsents(consents, jobCentre)).toEqual({
        permitted: { WORK_HISTORY: "c-work", JOB_SEARCH: "c-work", PLAN: "c-plan", ECONOMIC: "c-plan" },
        withdrawn: ["HOUSING"],
        otherPurposes: [],
      });
    });

    it("names one consent when two permit the same category", () => {
      const consents = [consent("c-1", [permitTo(JOB_CENTRE, ["PLAN"])]), consent("c-2", [permitTo(JOB_CENTRE, ["PLAN", "CARE"])])];
      expect(evaluateConsents(consents, jobCentre).permitted).toEqual({ PLAN: "c-1", CARE: "c-2" });
    });
  });
});
