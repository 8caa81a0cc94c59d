import { afterEach, describe, expect, it } from "vitest";
import {
  DATA_CATEGORIES,
  extendNetworkVocabulary,
  networkVocabulary,
  useNetworkVocabulary,
  HOLDER_ONLY_CATEGORIES,
  PURPOSES,
  type DataCategory,
  type OrganisationType,
  type Purpose,
  type Role,
} from "@percorsi/schema";
import type { ConsentView } from "../consent/provisions.js";
import type { DenialReason } from "../graphql/errors.js";
import type { Actor, BreakGlass } from "../trust/actor.js";
import { breaksGlass, decideAccess, decideWrite, pathwayVisible, referralServes, servesReferralPurpose, type AccessDecision, type RecordFacts } from "./decide.js";

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
/**
 * An accepted, open, covered referral for whatever purpose the caller declares: the rows that
 * are not about purpose. A referral counts only for its own purpose (see "purpose binds").
 */
const REFERRED = { referralAccepted: true, referralPurposes: [...PURPOSES] };
const foreignReferred: RecordFacts = { ...foreign, ...REFERRED };

const denied = (reason: DenialReason): AccessDecision => ({ allowed: false, reason });
const allowed = (basis: "OWNERSHIP" | "REFERRAL"): AccessDecision => ({ allowed: true, basis });

/** The roles schema/network.yaml gives casework (the table below is written for them). */
const CASEWORK_ROLES: Role[] = [...networkVocabulary().roles.values()].filter((role) => role.casework).map((role) => role.name);
const NON_CASEWORK_ROLES: Role[] = ["ANALYST", "NETWORK_ADMIN"];
const HOLDER_ONLY: DataCategory[] = ["IDENTITY", "SAFETY", "HEALTH"];
/** Neither holder-only nor case status: these cross only under her consent. */
const CONSENT_CATEGORIES = DATA_CATEGORIES.filter((c) => !HOLDER_ONLY.includes(c) && c !== "CASE_STATUS");

describe("decideAccess", () => {
  it("knows which categories never leave the case-holder", () => {
    // The table below relies on this split of the vocabulary.
    expect([...HOLDER_ONLY_CATEGORIES].sort()).toEqual([...HOLDER_ONLY].sort());
    expect([...CASEWORK_ROLES].sort()).toEqual(["CENTRE_OPERATOR", "EMPLOYMENT_COUNSELLOR", "HOUSING_OPERATOR", "TRAINING_OPERATOR"]);
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
        expect(decideAccess(actor([role], purpose), category, { ...owned, ...REFERRED }), purpose).toEqual(
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

  describe("a pathway the caller may not see releases nothing, whatever the category", () => {
    const cases = CASEWORK_ROLES.flatMap((role) => DATA_CATEGORIES.map((category) => ({ role, category })));
    it.each(cases)("$role reading $category of a pathway not visible to it → ORGANISATION", ({ role, category }) => {
      expect(decideAccess(actor([role], "REFERRAL"), category, foreign)).toEqual(denied("ORGANISATION"));
      // Unknown (no holder) and sealed are refused the same way: no oracle.
      expect(decideAccess(actor([role], "REFERRAL"), category, { ownerOrganisationId: "", pathwayId: "p-1", sealed: true })).toEqual(denied("ORGANISATION"));
      expect(decideAccess(actor([role], "REFERRAL"), category, { ...foreignReferred, sealed: true })).toEqual(denied("ORGANISATION"));
    });
  });

  describe("holder-only categories never cross to another organisation", () => {
    const cases = CASEWORK_ROLES.flatMap((role) => HOLDER_ONLY.map((category) => ({ role, category, facts: foreignReferred })));
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

    it.each(CASEWORK_ROLES.map((role) => ({ role })))("$role without a referral → ORGANISATION", ({ role }) => {
      expect(decideAccess(actor([role], "JOB_PLACEMENT"), "CASE_STATUS", foreign)).toEqual(denied("ORGANISATION"));
      expect(decideAccess(actor([role], "JOB_PLACEMENT"), "CASE_STATUS", { ...foreign, referralAccepted: false })).toEqual(
        denied("ORGANISATION"),
      );
    });
  });

  describe("every other category needs consent from another organisation", () => {
    const cases = CASEWORK_ROLES.flatMap((role) => CONSENT_CATEGORIES.map((category) => ({ role, category, facts: foreignReferred })));
    it.each(cases)(
      "$role reading another org's $category (referralAccepted: $facts.referralAccepted) → NO_CONSENT",
      ({ role, category, facts }) => {
        expect(decideAccess(actor([role], "EMPOWERMENT_PLAN"), category, facts)).toEqual(denied("NO_CONSENT"));
      },
    );
  });
});

// The rows added with consent, sealing and break-glass: a woman's pathway held by a centre, with
// records kept by a job centre on it.
const CENTRE = OWN_ORG;
const JOB_CENTRE = OTHER_ORG;
const OTHER_CENTRE = "cav-ginestra";

function caller(
  organisationId: string,
  organisationType: OrganisationType,
  roles: Role[],
  purpose: Purpose | null = "JOB_PLACEMENT",
  breakGlass?: BreakGlass,
): Actor {
  return {
    requestId: "req-2",
    userId: `user-of-${organisationId}`,
    organisationId,
    organisationType,
    roles,
    purpose,
    ...(breakGlass ? { breakGlass } : {}),
  };
}

const counsellor = (purpose: Purpose | null = "JOB_PLACEMENT") => caller(JOB_CENTRE, "JOB_CENTRE", ["EMPLOYMENT_COUNSELLOR"], purpose);
const centreOperator = (purpose: Purpose | null = "EMPOWERMENT_PLAN") => caller(CENTRE, "ANTI_VIOLENCE_CENTRE", ["CENTRE_OPERATOR"], purpose);
const otherCentreOperator = caller(OTHER_CENTRE, "ANTI_VIOLENCE_CENTRE", ["CENTRE_OPERATOR"]);

const DECLARATION: BreakGlass = { basis: "RISK_ASSESSMENT_MEETING", reason: "multi-agency risk meeting of 3 June" };
/** The job centre's counsellor, with the break-glass role and a declared break-glass read. */
const breakingGlass = caller(JOB_CENTRE, "JOB_CENTRE", ["EMPLOYMENT_COUNSELLOR", "BREAK_GLASS"], "JOB_PLACEMENT", DECLARATION);

function view(overrides: Partial<ConsentView> = {}): ConsentView {
  return { permitted: {}, withdrawn: [], otherPurposes: [], ...overrides };
}

/** Every category but the holder-only ones, permitted by consent-9. */
const permitsAll = view({
  permitted: Object.fromEntries(DATA_CATEGORIES.filter((c) => !HOLDER_ONLY.includes(c)).map((c) => [c, "consent-9"])),
});

/** The centre's own record on her pathway. */
const centreRecord: RecordFacts = { ownerOrganisationId: CENTRE, pathwayId: "p-1" };
/** The job centre's record (a placement...) on her pathway, held by the centre. */
const jobCentreRecord: RecordFacts = { ownerOrganisationId: JOB_CENTRE, holderOrganisationId: CENTRE, pathwayId: "p-1" };

const consentAllowed = (consentId: string): AccessDecision => ({ allowed: true, basis: "CONSENT", consentId });
const breakGlassAllowed: AccessDecision = { allowed: true, basis: "BREAK_GLASS" };

describe("decideAccess: sealed pathways", () => {
  const sealedCentreRecord: RecordFacts = { ...centreRecord, sealed: true, ...REFERRED, consent: permitsAll };
  const sealedJobCentreRecord: RecordFacts = { ...jobCentreRecord, sealed: true, ...REFERRED, consent: permitsAll };

  const outsiders = [
    { who: "the job centre", actor: counsellor() },
    { who: "another centre", actor: otherCentreOperator },
    { who: "a break-glass reader", actor: breakingGlass },
  ];
  const cases = outsiders.flatMap(({ who, actor }) => DATA_CATEGORIES.map((category) => ({ who, actor, category })));

  it.each(cases)(
    "$who reading the holder's $category of a sealed pathway → ORGANISATION (as if unknown), whatever consent or referral says",
    ({ actor, category }) => {
      expect(decideAccess(actor, category, sealedCentreRecord)).toEqual(denied("ORGANISATION"));
    },
  );

  it.each(DATA_CATEGORIES.map((category) => ({ category })))(
    "the job centre reading its OWN $category (its placement) on a sealed pathway → ORGANISATION, as after a withdrawal",
    ({ category }) => {
      // Never SEALED: a partner must not learn that her case-holder locked her pathway down.
      const withdrawn: RecordFacts = { ...jobCentreRecord, consent: view({ withdrawn: [...DATA_CATEGORIES] }) };
      const unknown: RecordFacts = { ownerOrganisationId: JOB_CENTRE, holderOrganisationId: "", pathwayId: "p-1", sealed: true };
      for (const reader of [counsellor(), breakingGlass, counsellor("MONITORING")]) {
        expect(decideAccess(reader, category, sealedJobCentreRecord)).toEqual(denied("ORGANISATION"));
        expect(decideAccess(reader, category, sealedJobCentreRecord)).toEqual(decideAccess(reader, category, withdrawn));
        expect(decideAccess(reader, category, sealedJobCentreRecord)).toEqual(decideAccess(reader, category, unknown));
      }
    },
  );

  it.each(DATA_CATEGORIES.map((category) => ({ category })))("the holder still reads its own $category → OWNERSHIP", ({ category }) => {
    expect(decideAccess(centreOperator(), category, sealedCentreRecord)).toEqual(allowed("OWNERSHIP"));
    expect(decideAccess(centreOperator(), category, { ...centreRecord, sealed: true })).toEqual(allowed("OWNERSHIP"));
  });

  it("the holder still reads another agency's record on a sealed pathway, as its consent says", () => {
    expect(decideAccess(centreOperator(), "PLACEMENT", sealedJobCentreRecord)).toEqual(consentAllowed("consent-9"));
    expect(decideAccess(centreOperator(), "PLACEMENT", { ...jobCentreRecord, sealed: true })).toEqual(denied("NO_CONSENT"));
  });

  it("comes after the role and purpose checks", () => {
    expect(decideAccess(caller(JOB_CENTRE, "JOB_CENTRE", ["ANALYST"]), "PLACEMENT", sealedJobCentreRecord)).toEqual(denied("ROLE"));
    expect(decideAccess(counsellor(null), "PLACEMENT", sealedJobCentreRecord)).toEqual(denied("PURPOSE"));
  });

  it("sealed: false changes nothing", () => {
    expect(decideAccess(counsellor(), "PLACEMENT", { ...jobCentreRecord, ...REFERRED, sealed: false })).toEqual(allowed("OWNERSHIP"));
  });
});

describe("decideAccess: consent", () => {
  it.each(CONSENT_CATEGORIES.map((category) => ({ category })))("her consent releases $category to another organisation, naming the consent", ({ category }) => {
    const facts: RecordFacts = { ...centreRecord, consent: view({ permitted: { [category]: "consent-3" } }) };
    expect(decideAccess(counsellor(), category, facts)).toEqual(consentAllowed("consent-3"));
    // Only that category.
    const other = CONSENT_CATEGORIES.find((c) => c !== category)!;
    expect(decideAccess(counsellor(), other, facts)).toEqual(denied("NO_CONSENT"));
  });

  it.each(HOLDER_ONLY.map((category) => ({ category })))("a view that claims $category is permitted still does not release it → HOLDER_ONLY", ({ category }) => {
    const facts: RecordFacts = { ...centreRecord, consent: view({ permitted: { [category]: "consent-3" } }) };
    expect(decideAccess(counsellor(), category, facts)).toEqual(denied("HOLDER_ONLY"));
  });

  it("case status crosses on her consent when there is no referral", () => {
    expect(decideAccess(counsellor(), "CASE_STATUS", { ...centreRecord, consent: view({ permitted: { CASE_STATUS: "consent-3" } }) })).toEqual(
      consentAllowed("consent-3"),
    );
  });

  it("an accepted referral releases case status before consent is looked at → REFERRAL", () => {
    const facts: RecordFacts = { ...centreRecord, ...REFERRED, consent: view({ permitted: { CASE_STATUS: "consent-3" } }) };
    expect(decideAccess(counsellor(), "CASE_STATUS", facts)).toEqual(allowed("REFERRAL"));
  });

  it("a referral releases case status only, not what consent does not permit", () => {
    const facts: RecordFacts = { ...centreRecord, ...REFERRED, consent: view() };
    for (const category of CONSENT_CATEGORIES) expect(decideAccess(counsellor(), category, facts), category).toEqual(denied("NO_CONSENT"));
  });

  it("a null or empty consent view, and no referral: the pathway is not visible", () => {
    expect(decideAccess(counsellor(), "WORK_HISTORY", { ...centreRecord, consent: null })).toEqual(denied("ORGANISATION"));
    expect(decideAccess(counsellor(), "WORK_HISTORY", { ...centreRecord, consent: view() })).toEqual(denied("ORGANISATION"));
  });

  it("a withdrawn consent alone leaves nothing visible: her case status and the rest are refused alike", () => {
    const withdrawn: RecordFacts = { ...centreRecord, consent: view({ withdrawn: ["CASE_STATUS", "PLAN"] }) };
    expect(decideAccess(counsellor(), "CASE_STATUS", withdrawn)).toEqual(denied("ORGANISATION"));
    expect(decideAccess(counsellor(), "PLAN", withdrawn)).toEqual(denied("ORGANISATION"));
  });

  it.each(CONSENT_CATEGORIES.map((category) => ({ category })))("on a pathway still visible, a withdrawn consent that permitted $category → WITHDRAWN", ({ category }) => {
    expect(decideAccess(counsellor(), category, { ...centreRecord, ...REFERRED, consent: view({ withdrawn: [category] }) })).toEqual(denied("WITHDRAWN"));
  });

  it.each(CONSENT_CATEGORIES.map((category) => ({ category })))(
    "$category permitted for another purpose only → PURPOSE (on a visible pathway), ORGANISATION otherwise",
    ({ category }) => {
      expect(decideAccess(counsellor(), category, { ...centreRecord, ...REFERRED, consent: view({ otherPurposes: [category] }) })).toEqual(
        denied("PURPOSE"),
      );
      expect(decideAccess(counsellor(), category, { ...centreRecord, consent: view({ otherPurposes: [category] }) })).toEqual(denied("ORGANISATION"));
    },
  );

  it("withdrawal is reported before another purpose", () => {
    const facts: RecordFacts = { ...centreRecord, ...REFERRED, consent: view({ withdrawn: ["PLAN"], otherPurposes: ["PLAN"] }) };
    expect(decideAccess(counsellor(), "PLAN", facts)).toEqual(denied("WITHDRAWN"));
  });

  it("a consent that permits it now beats a withdrawn one and another purpose", () => {
    const facts: RecordFacts = { ...centreRecord, consent: view({ permitted: { PLAN: "consent-4" }, withdrawn: ["PLAN"], otherPurposes: ["PLAN"] }) };
    expect(decideAccess(counsellor(), "PLAN", facts)).toEqual(consentAllowed("consent-4"));
  });

  describe("the holder reading another agency's record on her pathway", () => {
    it("is decided by consent, not by ownership", () => {
      expect(decideAccess(centreOperator(), "PLACEMENT", jobCentreRecord)).toEqual(denied("NO_CONSENT"));
      expect(decideAccess(centreOperator(), "PLACEMENT", { ...jobCentreRecord, consent: view({ permitted: { PLACEMENT: "consent-5" } }) })).toEqual(
        consentAllowed("consent-5"),
      );
      expect(decideAccess(centreOperator(), "PLACEMENT", { ...jobCentreRecord, consent: view({ withdrawn: ["PLACEMENT"] }) })).toEqual(
        denied("WITHDRAWN"),
      );
    });

    it("is not refused as HOLDER_ONLY (the holder is the holder), but still needs consent", () => {
      for (const category of HOLDER_ONLY) {
        expect(decideAccess(centreOperator(), category, jobCentreRecord), category).toEqual(denied("NO_CONSENT"));
      }
    });

    it("while the job centre reads its own record by ownership, while her pathway is visible to it", () => {
      expect(decideAccess(counsellor(), "PLACEMENT", { ...jobCentreRecord, ...REFERRED })).toEqual(allowed("OWNERSHIP"));
      expect(decideAccess(counsellor(), "HEALTH", { ...jobCentreRecord, consent: view({ permitted: { CARE: "c" } }) })).toEqual(allowed("OWNERSHIP"));
      // Not visible any more (nothing covers her pathway for it): its own record is withheld too.
      expect(decideAccess(counsellor(), "PLACEMENT", jobCentreRecord)).toEqual(denied("ORGANISATION"));
    });

    it("and another centre, which may not see the pathway, is refused it as a whole", () => {
      expect(decideAccess(otherCentreOperator, "IDENTITY", jobCentreRecord)).toEqual(denied("ORGANISATION"));
      expect(decideAccess(otherCentreOperator, "IDENTITY", { ...jobCentreRecord, consent: view({ permitted: { PLAN: "c" } }) })).toEqual(
        denied("HOLDER_ONLY"),
      );
    });
  });
});

/** Her pathway as the job centre may see it: her consent lets it read her care needs, nothing else. */
const visibleCentreRecord: RecordFacts = { ...centreRecord, consent: view({ permitted: { CARE: "consent-1" } }) };
const GLASS_CATEGORIES = [...CONSENT_CATEGORIES.filter((c) => c !== "CARE"), "CASE_STATUS" as const];

describe("decideAccess: break-glass", () => {
  it("needs both the role and a declaration", () => {
    expect(breaksGlass(breakingGlass)).toBe(true);
    expect(breaksGlass(caller(JOB_CENTRE, "JOB_CENTRE", ["EMPLOYMENT_COUNSELLOR", "BREAK_GLASS"]))).toBe(false);
    expect(breaksGlass(caller(JOB_CENTRE, "JOB_CENTRE", ["EMPLOYMENT_COUNSELLOR"], "JOB_PLACEMENT", DECLARATION))).toBe(false);
    expect(breaksGlass({ ...breakingGlass, breakGlass: null })).toBe(false);
  });

  it.each(GLASS_CATEGORIES.map((category) => ({ category })))(
    "a declared read with the role releases $category without consent, on a pathway the caller sees → BREAK_GLASS",
    ({ category }) => {
      const onlyBreakGlass = caller(JOB_CENTRE, "JOB_CENTRE", ["BREAK_GLASS"], "SAFETY_COORDINATION", DECLARATION);
      const visibleForThatPurpose: RecordFacts = { ...centreRecord, consent: view({ permitted: { CARE: "consent-1" } }) };
      expect(decideAccess(breakingGlass, category, visibleCentreRecord)).toEqual(breakGlassAllowed);
      // The break-glass role alone passes the role check.
      expect(decideAccess(onlyBreakGlass, category, visibleForThatPurpose)).toEqual(breakGlassAllowed);
    },
  );

  it.each(DATA_CATEGORIES.map((category) => ({ category })))("never reaches a pathway the caller may not see ($category) → ORGANISATION", ({ category }) => {
    expect(decideAccess(breakingGlass, category, centreRecord)).toEqual(denied("ORGANISATION"));
    expect(decideAccess(breakingGlass, category, { ...centreRecord, consent: view({ withdrawn: [category] }) })).toEqual(denied("ORGANISATION"));
  });

  it.each(GLASS_CATEGORIES.map((category) => ({ category })))(
    "the role without a declaration, or a declaration without the role, reading $category → no break-glass",
    ({ category }) => {
      const roleOnly = caller(JOB_CENTRE, "JOB_CENTRE", ["EMPLOYMENT_COUNSELLOR", "BREAK_GLASS"]);
      const bareRole = caller(JOB_CENTRE, "JOB_CENTRE", ["BREAK_GLASS"]);
      const declarationOnly = caller(JOB_CENTRE, "JOB_CENTRE", ["EMPLOYMENT_COUNSELLOR"], "JOB_PLACEMENT", DECLARATION);
      expect(decideAccess(roleOnly, category, visibleCentreRecord)).toEqual(denied("NO_CONSENT"));
      // Without casework and without a declaration, the break-glass role alone is no role at all.
      expect(decideAccess(bareRole, category, visibleCentreRecord)).toEqual(denied("ROLE"));
      expect(decideAccess(declarationOnly, category, visibleCentreRecord)).toEqual(denied("NO_CONSENT"));
    },
  );

  it("a declaration does not lift the role check for someone without casework or break-glass role", () => {
    expect(decideAccess(caller(JOB_CENTRE, "JOB_CENTRE", ["ANALYST"], "MONITORING", DECLARATION), "PLAN", visibleCentreRecord)).toEqual(denied("ROLE"));
  });

  it("still needs a declared purpose", () => {
    expect(decideAccess({ ...breakingGlass, purpose: null }, "PLAN", visibleCentreRecord)).toEqual(denied("PURPOSE"));
  });

  it.each(HOLDER_ONLY.map((category) => ({ category })))("never overrides HOLDER_ONLY ($category)", ({ category }) => {
    expect(decideAccess(breakingGlass, category, visibleCentreRecord)).toEqual(denied("HOLDER_ONLY"));
    expect(decideAccess(breakingGlass, category, { ...centreRecord, ...REFERRED, consent: permitsAll })).toEqual(denied("HOLDER_ONLY"));
  });

  it.each(DATA_CATEGORIES.map((category) => ({ category })))("never reaches a sealed pathway ($category)", ({ category }) => {
    expect(decideAccess(breakingGlass, category, { ...visibleCentreRecord, sealed: true })).toEqual(denied("ORGANISATION"));
    expect(decideAccess(breakingGlass, category, { ...jobCentreRecord, ...REFERRED, sealed: true })).toEqual(denied("ORGANISATION"));
  });

  it("her consent, where it permits, is the basis recorded rather than break-glass", () => {
    expect(decideAccess(breakingGlass, "PLAN", { ...centreRecord, consent: view({ permitted: { PLAN: "consent-6" } }) })).toEqual(
      consentAllowed("consent-6"),
    );
    expect(decideAccess(breakingGlass, "CASE_STATUS", { ...centreRecord, ...REFERRED })).toEqual(allowed("REFERRAL"));
    expect(decideAccess(breakingGlass, "PLAN", { ...jobCentreRecord, ...REFERRED })).toEqual(allowed("OWNERSHIP"));
  });

  it("overrides a withdrawal or another purpose, as the table orders it", () => {
    expect(decideAccess(breakingGlass, "PLAN", { ...visibleCentreRecord, consent: view({ permitted: { CARE: "c" }, withdrawn: ["PLAN"] }) })).toEqual(breakGlassAllowed);
    expect(decideAccess(breakingGlass, "PLAN", { ...visibleCentreRecord, consent: view({ permitted: { CARE: "c" }, otherPurposes: ["PLAN"] }) })).toEqual(breakGlassAllowed);
  });
});

describe("pathwayVisible: the one visibility rule", () => {
  it("the holder sees its pathway, sealed or not", () => {
    expect(pathwayVisible(centreOperator(), centreRecord)).toBe(true);
    expect(pathwayVisible(centreOperator(), { ...centreRecord, sealed: true })).toBe(true);
  });
  it("anyone else only through a live referral or her consent, never a sealed or unknown pathway", () => {
    expect(pathwayVisible(counsellor(), centreRecord)).toBe(false);
    expect(pathwayVisible(counsellor(), { ...centreRecord, ...REFERRED })).toBe(true);
    expect(pathwayVisible(counsellor(), visibleCentreRecord)).toBe(true);
    expect(pathwayVisible(counsellor(), { ...visibleCentreRecord, sealed: true })).toBe(false);
    expect(pathwayVisible(counsellor(), { ownerOrganisationId: "", pathwayId: "p-1", ...REFERRED })).toBe(false);
    // A withdrawn consent or one for another purpose makes nothing visible.
    expect(pathwayVisible(counsellor(), { ...centreRecord, consent: view({ withdrawn: ["PLAN"], otherPurposes: ["CARE"] }) })).toBe(false);
  });
});

describe("decideWrite: writes obey the rules reads obey, stricter", () => {
  const referred: RecordFacts = { ...jobCentreRecord, ...REFERRED, referralPurposes: ["JOB_PLACEMENT"] };
  it("the case-holder writes its pathway, sealed too", () => {
    expect(decideWrite(centreOperator(), centreRecord)).toEqual(allowed("OWNERSHIP"));
    expect(decideWrite(centreOperator(), { ...centreRecord, sealed: true })).toEqual(allowed("OWNERSHIP"));
  });
  it("another organisation writes only on a live referral for the declared purpose", () => {
    expect(decideWrite(counsellor(), referred)).toEqual(allowed("REFERRAL"));
    expect(decideWrite(counsellor("JOB_RETENTION"), referred)).toEqual(denied("PURPOSE"));
  });
  it("refuses unknown, sealed, unreferred and consent-only pathways alike", () => {
    expect(decideWrite(counsellor(), { ownerOrganisationId: "", pathwayId: "p-1", sealed: true })).toEqual(denied("ORGANISATION"));
    expect(decideWrite(counsellor(), { ...referred, sealed: true })).toEqual(denied("ORGANISATION"));
    expect(decideWrite(counsellor(), jobCentreRecord)).toEqual(denied("ORGANISATION"));
    expect(decideWrite(counsellor(), { ...jobCentreRecord, consent: permitsAll })).toEqual(denied("ORGANISATION"));
    expect(decideWrite(counsellor(), { ...jobCentreRecord, ...REFERRED, referralPurposes: [] })).toEqual(denied("ORGANISATION"));
  });
  it("needs a casework role and a purpose; break-glass never writes", () => {
    expect(decideWrite(caller(JOB_CENTRE, "JOB_CENTRE", ["ANALYST"]), referred)).toEqual(denied("ROLE"));
    expect(decideWrite(caller(JOB_CENTRE, "JOB_CENTRE", ["BREAK_GLASS"], "JOB_PLACEMENT", DECLARATION), referred)).toEqual(denied("ROLE"));
    expect(decideWrite(counsellor(null), referred)).toEqual(denied("PURPOSE"));
    expect(decideWrite(breakingGlass, jobCentreRecord)).toEqual(denied("ORGANISATION"));
  });
});

describe("purpose binds every release: a referral counts only for its own purpose", () => {
  /** The job centre's accepted, covered referral, made for JOB_PLACEMENT; her consent covers JOB_PLACEMENT only. */
  const placement = { referralAccepted: true, referralPurposes: ["JOB_PLACEMENT"] as Purpose[] };
  const holderRecord: RecordFacts = { ...centreRecord, ...placement, consent: view({ otherPurposes: ["CASE_STATUS", "PLAN"] }) };
  const ownRecord: RecordFacts = { ...jobCentreRecord, ...placement, consent: view({ otherPurposes: ["CASE_STATUS", "PLAN"] }) };
  const OTHER_PURPOSES = PURPOSES.filter((purpose) => purpose !== "JOB_PLACEMENT");

  it("for its purpose: her stage and holder (case status) cross on the referral, and the job centre reads its own record", () => {
    expect(pathwayVisible(counsellor("JOB_PLACEMENT"), holderRecord)).toBe(true);
    expect(decideAccess(counsellor("JOB_PLACEMENT"), "CASE_STATUS", holderRecord)).toEqual(allowed("REFERRAL"));
    expect(decideAccess(counsellor("JOB_PLACEMENT"), "JOB_SEARCH", ownRecord)).toEqual(allowed("OWNERSHIP"));
  });

  it.each(OTHER_PURPOSES.map((purpose) => ({ purpose })))(
    "declared $purpose: the pathway is not visible, nothing of hers is released (its own records included), as if unknown",
    ({ purpose }) => {
      const reader = counsellor(purpose);
      expect(pathwayVisible(reader, holderRecord)).toBe(false);
      for (const category of DATA_CATEGORIES) {
        expect(decideAccess(reader, category, holderRecord), category).toEqual(denied("ORGANISATION"));
        expect(decideAccess(reader, category, ownRecord), category).toEqual(denied("ORGANISATION"));
      }
      // Her consent for that purpose, if she gave one, is what opens it then, for its categories only.
      const consented: RecordFacts = { ...holderRecord, consent: view({ permitted: { HOUSING: "consent-7" } }) };
      expect(decideAccess(reader, "HOUSING", consented)).toEqual(consentAllowed("consent-7"));
      expect(decideAccess(reader, "CASE_STATUS", consented)).toEqual(denied("NO_CONSENT"));
    },
  );

  it("a write needs the referral's purpose too", () => {
    expect(decideWrite(counsellor("JOB_PLACEMENT"), ownRecord)).toEqual(allowed("REFERRAL"));
    for (const purpose of OTHER_PURPOSES) expect(decideWrite(counsellor(purpose), ownRecord), purpose).toEqual(denied("PURPOSE"));
  });

  it("answering or reading a referral as its party needs its purpose", () => {
    expect(servesReferralPurpose(counsellor("JOB_PLACEMENT"), { purpose: "JOB_PLACEMENT" })).toBe(true);
    expect(servesReferralPurpose(counsellor("HOUSING_SUPPORT"), { purpose: "JOB_PLACEMENT" })).toBe(false);
    expect(servesReferralPurpose(counsellor(null), { purpose: null })).toBe(false);
    expect(referralServes(counsellor("MONITORING"), placement)).toBe(false);
    expect(referralServes(counsellor("JOB_PLACEMENT"), { referralAccepted: false, referralPurposes: ["JOB_PLACEMENT"] })).toBe(false);
  });
});

describe("roles are data: decisions ask the vocabulary for capabilities, never a role's name", () => {
  const committed = networkVocabulary();
  afterEach(() => {
    useNetworkVocabulary(committed);
  });
  /** The committed file with one more role, as a fixture (the real file is not touched). */
  const withRole = (name: string, capabilities: object) => extendNetworkVocabulary({ roles: { [name]: capabilities } });
  const housing = (purpose: Purpose | null = "HOUSING_SUPPORT") => caller(OWN_ORG, "ANTI_VIOLENCE_CENTRE", ["TENANCY_OFFICER"], purpose);

  it("a role added in the file only, with casework, reads and writes as any caseworker", () => {
    expect(decideWrite(housing(), owned)).toEqual(denied("ROLE"));
    useNetworkVocabulary(withRole("TENANCY_OFFICER", { casework: true, ceiling: ["CASE_STATUS", "HOUSING"] }));
    expect(decideWrite(housing(), owned)).toEqual(allowed("OWNERSHIP"));
    expect(decideAccess(housing(), "HOUSING", owned)).toEqual(allowed("OWNERSHIP"));
    expect(decideWrite(housing(null), owned)).toEqual(denied("PURPOSE"));
  });

  it("a declared role without capabilities is refused like an unknown one", () => {
    useNetworkVocabulary(withRole("TENANCY_OFFICER", { description: "Nothing yet" }));
    expect(decideWrite(housing(), owned)).toEqual(denied("ROLE"));
    for (const category of DATA_CATEGORIES) expect(decideAccess(housing(), category, owned), category).toEqual(denied("ROLE"));
  });

  it("break-glass follows the capability, whatever the role is called", () => {
    const declared = caller(JOB_CENTRE, "JOB_CENTRE", ["RISK_PANEL"], "SAFETY_COORDINATION", DECLARATION);
    expect(breaksGlass(declared)).toBe(false);
    useNetworkVocabulary(withRole("RISK_PANEL", { breakGlass: true }));
    expect(breaksGlass(declared)).toBe(true);
  });
});
