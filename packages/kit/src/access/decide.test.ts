import { describe, expect, it } from "vitest";
import { DATA_CATEGORIES, HOLDER_ONLY_CATEGORIES, PURPOSES, type DataCategory, type Purpose, type Role } from "@percorsi/schema";
import type { DenialReason } from "../graphql/errors.js";
import type { Actor } from "../trust/actor.js";
import { CASEWORK_ROLES, decideAccess, type AccessDecision, type RecordFacts } from "./decide.js";

const OWN_ORG = "cav-aurora";
const OTHER_ORG = "job-centre-nord";

function actor(roles: Role[], purpose: Purpose | null = "EMPOWERMENT_PLAN"): Actor {
  return {
    requestId: "req-1",
    userId: "user-1",
    organisationId: OWN_ORG,
    organisationType: "ANTI_VIOLENCE_CENTRE",
    roles,
    purpose,
  };
}

const owned: RecordFacts = { ownerOrganisationId: OWN_ORG, pathwayId: "p-1" };
const foreign: RecordFacts = { ownerOrganisationId: OTHER_ORG, pathwayId: "p-1" };
const foreignReferred: RecordFacts = { ...foreign, referralAccepted: true };

const denied = (reason: DenialReason): AccessDecision => ({ allowed: false, reason });
const allowed = (basis: "OWNERSHIP" | "REFERRAL"): AccessDecision => ({ allowed: true, basis });

const NON_CASEWORK_ROLES: Role[] = ["ANALYST", "NETWORK_ADMIN"];
const HOLDER_ONLY: DataCategory[] = ["IDENTITY", "SAFETY", "HEALTH"];
/** Neither holder-only nor case status: these cross only under her consent. */
const CONSENT_CATEGORIES = DATA_CATEGORIES.filter((c) => !HOLDER_ONLY.includes(c) && c !== "CASE_STATUS");

describe("decideAccess", () => {
  it("knows which categories never leave the case-holder", () => {
    // The table below relies on this split of the vocabulary.
    expect([...HOLDER_ONLY_CATEGORIES].sort()).toEqual([...HOLDER_ONLY].sort());
    expect([...CASEWORK_ROLES].sort()).toEqual(["CENTRE_OPERATOR", "EMPLOYMENT_COUNSELLOR", "TRAINING_OPERATOR"]);
  });

  describe("a role without casework sees nothing, before any other check", () => {
    const cases = NON_CASEWORK_ROLES.flatMap((role) =>
      DATA_CATEGORIES.flatMap((category) =>
        [owned, foreignReferred].map((facts) => ({ role, category, facts, purpose: "MONITORING" as Purpose | null })),
      ),
    );
    it.each(cases)("$role reading $category of $facts.ownerOrganisationId → ROLE", ({ role, category, facts, purpose }) => {
      expect(decideAccess(actor([role], purpose), category, facts)).toEqual(denied("ROLE"));
    });

    it("wins over a missing purpose", () => {
      expect(decideAccess(actor(["ANALYST"], null), "CASE_STATUS", owned)).toEqual(denied("ROLE"));
      expect(decideAccess(actor(["ANALYST", "NETWORK_ADMIN"], null), "IDENTITY", owned)).toEqual(denied("ROLE"));
    });

    it("is lifted by one casework role among others", () => {
      expect(decideAccess(actor(["ANALYST", "CENTRE_OPERATOR"]), "IDENTITY", owned)).toEqual(allowed("OWNERSHIP"));
    });

    it("an actor with no roles at all is refused", () => {
      expect(decideAccess(actor([]), "CASE_STATUS", owned)).toEqual(denied("ROLE"));
    });
  });

  describe("no declared purpose releases nothing, not even the owner's own records", () => {
    const cases = CASEWORK_ROLES.flatMap((role) =>
      DATA_CATEGORIES.flatMap((category) => [owned, foreign, foreignReferred].map((facts) => ({ role, category, facts }))),
    );
    it.each(cases)("$role reading $category of $facts.ownerOrganisationId → PURPOSE", ({ role, category, facts }) => {
      expect(decideAccess(actor([role], null), category, facts)).toEqual(denied("PURPOSE"));
    });
  });

  describe("the owner organisation reads every category", () => {
    const cases = CASEWORK_ROLES.flatMap((role) => DATA_CATEGORIES.map((category) => ({ role, category })));
    it.each(cases)("$role reading own $category, whatever the purpose → OWNERSHIP", ({ role, category }) => {
      for (const purpose of PURPOSES) {
        expect(decideAccess(actor([role], purpose), category, owned), purpose).toEqual(allowed("OWNERSHIP"));
        // Ownership needs no referral; a referral flag changes nothing for the owner.
        expect(decideAccess(actor([role], purpose), category, { ...owned, referralAccepted: true }), purpose).toEqual(
          allowed("OWNERSHIP"),
        );
      }
    });

    it("owns a record about no woman too", () => {
      expect(decideAccess(actor(["TRAINING_OPERATOR"]), "TRAINING", { ownerOrganisationId: OWN_ORG, pathwayId: null })).toEqual(
        allowed("OWNERSHIP"),
      );
    });
  });

  describe("holder-only categories never cross to another organisation", () => {
    const cases = CASEWORK_ROLES.flatMap((role) =>
      HOLDER_ONLY.flatMap((category) => [foreign, foreignReferred].map((facts) => ({ role, category, facts }))),
    );
    it.each(cases)(
      "$role reading another org's $category (referralAccepted: $facts.referralAccepted) → HOLDER_ONLY",
      ({ role, category, facts }) => {
        expect(decideAccess(actor([role], "REFERRAL"), category, facts)).toEqual(denied("HOLDER_ONLY"));
      },
    );
  });

  describe("case status crosses only on an accepted referral", () => {
    it.each(CASEWORK_ROLES.map((role) => ({ role })))("$role with an accepted referral → REFERRAL", ({ role }) => {
      expect(decideAccess(actor([role], "JOB_PLACEMENT"), "CASE_STATUS", foreignReferred)).toEqual(allowed("REFERRAL"));
    });

    it.each(CASEWORK_ROLES.map((role) => ({ role })))("$role without a referral → NO_CONSENT", ({ role }) => {
      expect(decideAccess(actor([role], "JOB_PLACEMENT"), "CASE_STATUS", foreign)).toEqual(denied("NO_CONSENT"));
      expect(decideAccess(actor([role], "JOB_PLACEMENT"), "CASE_STATUS", { ...foreign, referralAccepted: false })).toEqual(
        denied("NO_CONSENT"),
      );
    });
  });

  describe("every other category needs consent from another organisation", () => {
    const cases = CASEWORK_ROLES.flatMap((role) =>
      CONSENT_CATEGORIES.flatMap((category) => [foreign, foreignReferred].map((facts) => ({ role, category, facts }))),
    );
    it.each(cases)(
      "$role reading another org's $category (referralAccepted: $facts.referralAccepted) → NO_CONSENT",
      ({ role, category, facts }) => {
        expect(decideAccess(actor([role], "EMPOWERMENT_PLAN"), category, facts)).toEqual(denied("NO_CONSENT"));
      },
    );
  });
});
