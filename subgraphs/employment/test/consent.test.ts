import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair } from "jose";
import { signConsentReceipt } from "@percorsi/kit/authority";
import { entitiesQuery, errorAt, testReceipt, type GraphQLResponse, type SubgraphTester } from "@percorsi/kit/testing";
import { actors, AURORA, bare, CENTRO, demoRegistrations, RHO, startEmployment, underReceipt } from "./fixtures.js";

const REGISTRATION = entitiesQuery(`jobSeeker { id status skills } placements { id occupation retentionChecks { monthsAfterStart } }`);
const PLACEMENTS = entitiesQuery(`placements { id occupation employer { name } retentionChecks { monthsAfterStart stillEmployed } }`);
const REPORT = `query($r: [_Any!]!) { _entities(representations: $r) { ... on AccessReport {
  pathwayId employment { action organisationId actorId roles purpose categories decision reasons bases } } } }`;

/** A case at the Milano Centro job centre, held by the Aurora centre, with a placement and its checks. */
const auroraCase = demoRegistrations(CENTRO).find(
  (r) => r.pathway.holderId === AURORA && r.pathway.placements.some((p) => p.retentionChecks.length > 0),
)!;
const pathwayId = auroraCase.pathway.id;

const reasonAt = (response: GraphQLResponse, path: string) => errorAt(response, path)?.extensions;

describe("consent receipts", () => {
  let h: SubgraphTester;
  beforeAll(async () => {
    h = await startEmployment();
  });
  afterAll(() => h.stop());

  describe("the job centre that keeps the records", () => {
    it("reads its registration and placements under a valid, unsealed receipt, on ownership", async () => {
      const centro = actors.centro();
      const response = await h.as(centro).query(REGISTRATION, { r: [await underReceipt(centro, pathwayId)] });
      expect(response.errors).toBeUndefined();
      expect(response.data._entities[0]).toMatchObject({
        jobSeeker: { id: auroraCase.jobSeeker.id, skills: auroraCase.jobSeeker.skills },
        placements: auroraCase.pathway.placements.map((p) => ({ id: p.id, occupation: p.occupation })),
      });
      expect(response.data._entities[0].placements[0].retentionChecks.length).toBeGreaterThan(0);
    });

    /** Every field's answer and error (message, code, reason, path), as a partner sees them. */
    const answer = (response: GraphQLResponse) => ({
      data: response.data,
      errors: (response.errors ?? []).map((e) => ({ message: e.message, path: e.path, extensions: e.extensions })),
    });

    it("is refused everything of a sealed pathway at each field, exactly as after a withdrawal, an unknown or a foreign pathway", async () => {
      const ask = async (standing: Record<string, unknown> | null) => {
        const centro = actors.centro();
        const representation = standing ? await underReceipt(centro, pathwayId, standing) : bare(pathwayId);
        return answer(await h.as(centro).query(REGISTRATION, { r: [representation] }));
      };
      const sealed = await ask({ sealed: true, referralPurposes: ["JOB_PLACEMENT"], permitted: { JOB_SEARCH: "c1", PLACEMENT: "c1" } });
      expect(sealed.data._entities[0]).toEqual({ id: pathwayId, jobSeeker: null, placements: null });
      expect(sealed.errors.map((e) => [e.path!.join("."), e.extensions])).toEqual([
        ["_entities.0.jobSeeker", { code: "FORBIDDEN", reason: "ORGANISATION" }],
        ["_entities.0.placements", { code: "FORBIDDEN", reason: "ORGANISATION" }],
      ]);
      // Her consent withdrawn (the referral it covered ended with it), or never covering this job centre.
      expect(await ask({ withdrawn: ["JOB_SEARCH", "PLACEMENT"] }), "withdrawn").toEqual(sealed);
      expect(await ask({ holder: "cav-ginestra" }), "foreign").toEqual(sealed);
      // A referral for another purpose, or her consent for another purpose only.
      expect(await ask({ referralPurposes: ["TRAINING"], otherPurposes: ["JOB_SEARCH"] }), "another purpose").toEqual(sealed);
      // The consent authority knows no such pathway: no receipt at all.
      expect(await ask(null), "unknown").toEqual(sealed);
      // Nothing says SEALED, anywhere in the answer.
      expect(JSON.stringify(sealed)).not.toContain("SEALED");
    });

    it("is refused as an unknown pathway without a receipt (fail closed)", async () => {
      const response = await h.as(actors.centro()).query(REGISTRATION, { r: [bare(pathwayId)] });
      expect(response.data._entities[0]).toEqual({ id: pathwayId, jobSeeker: null, placements: null });
      expect(reasonAt(response, "_entities.0.jobSeeker")).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
      expect(reasonAt(response, "_entities.0.placements")).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
    });

    it("judges a receipt per pathway: one sealed pathway does not seal the others", async () => {
      const other = demoRegistrations(CENTRO).find((r) => r.pathway.id !== pathwayId)!.pathway.id;
      const centro = actors.centro();
      const response = await h.as(centro).query(REGISTRATION, {
        r: [await underReceipt(centro, pathwayId, { sealed: true }), await underReceipt(centro, other)],
      });
      expect(response.data._entities[0].jobSeeker).toBeNull();
      expect(response.data._entities[1].jobSeeker).not.toBeNull();
    });
  });

  describe("receipts that are not this request's", () => {
    async function refusedWith(representation: Record<string, unknown>, actor = actors.centro()): Promise<void> {
      const response = await h.as(actor).query(REGISTRATION, { r: [representation] });
      expect(response.data._entities[0]).toEqual({ id: pathwayId, jobSeeker: null, placements: null });
      expect(reasonAt(response, "_entities.0.jobSeeker")).toMatchObject({ code: "FORBIDDEN" });
      expect(reasonAt(response, "_entities.0.placements")).toMatchObject({ code: "FORBIDDEN" });
    }

    it("releases nothing under a receipt minted for another request of the same job centre", async () => {
      const earlier = actors.centro();
      await refusedWith(await underReceipt(earlier, pathwayId));
    });

    it("releases nothing under a receipt minted for another organisation", async () => {
      const rho = actors.rho();
      const centro = { ...actors.centro(), requestId: rho.requestId };
      // Same request id, another organisation: the receipt says it is Rho's.
      await refusedWith(await underReceipt(rho, pathwayId), centro);
    });

    it("releases nothing under a receipt for another pathway", async () => {
      const centro = actors.centro();
      const other = demoRegistrations(CENTRO).find((r) => r.pathway.id !== pathwayId)!.pathway.id;
      const receipt = await testReceipt(centro, other, { holder: AURORA });
      await refusedWith({ __typename: "Pathway", id: pathwayId, consentReceipt: receipt }, centro);
    });

    it("releases nothing under a receipt signed with another key", async () => {
      const centro = actors.centro();
      const { privateKey } = await generateKeyPair("EdDSA");
      const forged = await signConsentReceipt({ kid: "consent-authority", privateKey }, centro, {
        pathwayId,
        holderOrganisationId: AURORA,
        sealed: false,
        referralAccepted: false,
        referralPurposes: [],
        permitted: { JOB_SEARCH: "forged", PLACEMENT: "forged", EDUCATION_SKILLS: "forged" },
        withdrawn: [],
        otherPurposes: [],
      });
      await refusedWith({ __typename: "Pathway", id: pathwayId, consentReceipt: forged }, centro);
    });

    it("releases nothing under a receipt that is not a token", async () => {
      await refusedWith({ __typename: "Pathway", id: pathwayId, consentReceipt: "not.a.receipt" });
    });
  });

  describe("the case-holder reading placements for her plan", () => {
    it("is allowed when her consent permits PLACEMENT to it, and the decision names that consent", async () => {
      const holder = actors.holder();
      const consentId = "c0a5e7f1-0000-4000-8000-00000000c001";
      const response = await h.as(holder).query(PLACEMENTS, { r: [await underReceipt(holder, pathwayId, { permitted: { PLACEMENT: consentId } })] });
      expect(response.errors).toBeUndefined();
      const placements = response.data._entities[0].placements;
      expect(placements.map((p: { id: string }) => p.id)).toEqual(auroraCase.pathway.placements.map((p) => p.id));
      expect(placements[0].employer.name).toEqual(expect.any(String));
      expect(placements[0].retentionChecks.length).toBeGreaterThan(0);
      const rows = await h.db.query<{ decision: string; basis: string; consent_id: string; category: string; organisation_id: string }>(
        "select decision, basis, consent_id, category, organisation_id from audit_log where request_id = $1 and pathway_id = $2",
        [holder.requestId, pathwayId],
      );
      expect(rows).toEqual([{ decision: "ALLOW", basis: "CONSENT", consent_id: consentId, category: "PLACEMENT", organisation_id: AURORA }]);
    });

    it("is refused as NO_CONSENT when her consent does not permit PLACEMENT", async () => {
      const holder = actors.holder();
      const response = await h.as(holder).query(PLACEMENTS, { r: [await underReceipt(holder, pathwayId, { permitted: { JOB_SEARCH: "c2" } })] });
      expect(response.data._entities[0].placements).toBeNull();
      expect(reasonAt(response, "_entities.0.placements")).toMatchObject({ code: "FORBIDDEN", reason: "NO_CONSENT" });
      const [row] = await h.db.query<{ decision: string; reason: string }>("select decision, reason from audit_log where request_id = $1", [
        holder.requestId,
      ]);
      expect(row).toEqual({ decision: "DENY", reason: "NO_CONSENT" });
    });

    it("is refused as WITHDRAWN once she withdrew it", async () => {
      const holder = actors.holder();
      const response = await h.as(holder).query(PLACEMENTS, { r: [await underReceipt(holder, pathwayId, { withdrawn: ["PLACEMENT"] })] });
      expect(response.data._entities[0].placements).toBeNull();
      expect(reasonAt(response, "_entities.0.placements")).toMatchObject({ code: "FORBIDDEN", reason: "WITHDRAWN" });
    });

    it("sees a sealed pathway's placements only by her consent, as the holder", async () => {
      const holder = actors.holder();
      const response = await h.as(holder).query(PLACEMENTS, {
        r: [await underReceipt(holder, pathwayId, { sealed: true, permitted: { PLACEMENT: "c3" } })],
      });
      expect(response.errors).toBeUndefined();
      expect(response.data._entities[0].placements.length).toBeGreaterThan(0);
    });
  });

  describe("the access report part", () => {
    const report = async (actor: ReturnType<typeof actors.holder>, view: "STAFF" | "SUBJECT", receipt: "valid" | "none" = "valid") => ({
      __typename: "AccessReport",
      pathwayId,
      view,
      ...(receipt === "valid" ? { consentReceipt: await testReceipt(actor, pathwayId, { holder: AURORA }) } : {}),
    });

    beforeAll(async () => {
      // Something to report: the job centre's own read, a refused one, and a refused write.
      const centro = actors.centro();
      await h.as(centro).query(REGISTRATION, { r: [await underReceipt(centro, pathwayId)] });
      const rho = actors.rho();
      await h.as(rho).query(REGISTRATION, { r: [await underReceipt(rho, pathwayId, { referralPurposes: [] })] });
      const refused = await h.as(actors.rho()).write(`mutation($input: RegisterJobSeekerInput!) { registerJobSeeker(input: $input) { id } }`, {
        input: { pathwayId, skills: [], wishedOccupations: [], availability: "FULL_TIME" },
      }, {});
      expect(refused.errors?.[0]?.extensions).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
    });

    it("gives the case-holder's operator this subgraph's events, staff included", async () => {
      const holder = actors.holder();
      const response = await h.as(holder).query(REPORT, { r: [await report(holder, "STAFF")] });
      expect(response.errors).toBeUndefined();
      const events = response.data._entities[0].employment;
      expect(events).toContainEqual(expect.objectContaining({ action: "READ", organisationId: CENTRO, decision: "ALLOW", bases: ["OWNERSHIP"] }));
      // Rho cannot see her pathway at all: refused as ORGANISATION, its read and its write alike.
      expect(events).toContainEqual(
        expect.objectContaining({ action: "READ", organisationId: RHO, decision: "DENY", reasons: ["ORGANISATION"], categories: ["JOB_SEARCH", "PLACEMENT"] }),
      );
      expect(events).toContainEqual(
        expect.objectContaining({ action: "WRITE", organisationId: RHO, decision: "DENY", reasons: ["ORGANISATION"], categories: ["EDUCATION_SKILLS", "JOB_SEARCH"] }),
      );
      expect(events.every((e: { actorId: string | null; roles: string[] | null }) => e.actorId !== null && e.roles !== null)).toBe(true);
    });

    it("withholds staff identities in the woman's own copy", async () => {
      const holder = actors.holder();
      const response = await h.as(holder).query(REPORT, { r: [await report(holder, "SUBJECT")] });
      expect(response.errors).toBeUndefined();
      const events = response.data._entities[0].employment;
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((e: { actorId: unknown; roles: unknown }) => e.actorId === null && e.roles === null)).toBe(true);
    });

    it("gives the DPO the report, though no caseworker", async () => {
      const dpo = actors.dpo();
      const response = await h.as(dpo).query(REPORT, { r: [await report(dpo, "STAFF")] });
      expect(response.errors).toBeUndefined();
      expect(response.data._entities[0].employment.length).toBeGreaterThan(0);
    });

    it("refuses another organisation's operator", async () => {
      const other = actors.holder("cav-ginestra");
      const response = await h.as(other).query(REPORT, { r: [await report(other, "STAFF")] });
      expect(response.data._entities[0].employment).toBeNull();
      expect(reasonAt(response, "_entities.0.employment")).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
    });

    it("refuses the case-holder's operator without a valid receipt", async () => {
      const holder = actors.holder();
      const none = await h.as(holder).query(REPORT, { r: [await report(holder, "STAFF", "none")] });
      expect(none.data._entities[0].employment).toBeNull();
      expect(reasonAt(none, "_entities.0.employment")).toMatchObject({ code: "FORBIDDEN" });
      const replayed = await h.as(actors.holder()).query(REPORT, { r: [await report(holder, "STAFF")] });
      expect(replayed.data._entities[0].employment).toBeNull();
      expect(reasonAt(replayed, "_entities.0.employment")).toMatchObject({ code: "FORBIDDEN" });
    });

    it("refuses a job centre its own part of the report", async () => {
      const centro = actors.centro();
      const response = await h.as(centro).query(REPORT, { r: [await report(centro, "STAFF")] });
      expect(response.data._entities[0].employment).toBeNull();
      expect(reasonAt(response, "_entities.0.employment")).toMatchObject({ code: "FORBIDDEN", reason: "ROLE" });
    });
  });
});
