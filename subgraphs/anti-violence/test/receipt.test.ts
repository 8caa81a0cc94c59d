import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Actor } from "@percorsi/kit/author";
import { CONSENT_AUTHORITY_KEY_NAME, loadVerificationKey, verifyConsentReceipt } from "@percorsi/kit/authority";
import { denial, type SubgraphTester, testActor } from "@percorsi/kit/testing";
import { as, startAntiViolence } from "./fixtures.js";

// The consent authority's side of enforcement: the receipt other subgraphs judge their records
// on, and the access report every subgraph contributes to.
let subgraph: SubgraphTester;
beforeAll(async () => {
  subgraph = await startAntiViolence();
});
afterAll(() => subgraph.stop());

const RECEIPT = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Pathway { id consentReceipt } } }`;
const dpo = () => testActor("cabina-di-regia", "CONTROL_ROOM", ["DPO"], null, "dpo");

async function openPathway(): Promise<string> {
  const opened = await subgraph.as(as.aurora()).query(
    `mutation { openPathway(input: { openedOn: "2026-02-02", identity: { givenName: "Receipt", familyName: "Test", preferredContact: THROUGH_CENTRE } }) { id } }`,
  );
  expect(opened.errors).toBeUndefined();
  return opened.data.openPathway.id;
}

async function receiptAs(actor: Actor, pathwayId: string) {
  const response = await subgraph.as(actor).query(RECEIPT, { reps: [{ __typename: "Pathway", id: pathwayId }] });
  expect(response.errors).toBeUndefined();
  const token: string | null = response.data._entities[0].consentReceipt;
  return token ? verifyConsentReceipt(token, await loadVerificationKey(CONSENT_AUTHORITY_KEY_NAME), actor, pathwayId) : null;
}

describe("the consent receipt", () => {
  it("tells a job centre exactly what her consent permits it for its purpose, the holder, and the seal", async () => {
    const id = await openPathway();
    const granted = await subgraph.as(as.aurora()).query(
      `mutation($input: GrantConsentInput!) { grantConsent(input: $input) { id } }`,
      {
        input: {
          pathwayId: id,
          evidenceReference: "MOD-CONS-TEST-1",
          provisions: [{ type: "PERMIT", granteeOrganisationId: "cpi-milano-centro", categories: ["EDUCATION_SKILLS", "JOB_SEARCH"], purposes: ["JOB_PLACEMENT"] }],
        },
      },
    );
    expect(granted.errors).toBeUndefined();
    const consentId = granted.data.grantConsent.id;

    const receipt = await receiptAs(as.cpiCentro(), id);
    expect(receipt).toMatchObject({ holderOrganisationId: "cav-aurora", sealed: false, referralAccepted: false });
    expect(receipt!.permitted).toEqual({ EDUCATION_SKILLS: consentId, JOB_SEARCH: consentId });

    // Another purpose: nothing permitted, and the categories say why.
    const otherPurpose = await receiptAs(as.cpiCentro("TRAINING"), id);
    expect(otherPurpose!.permitted).toEqual({});
    expect(otherPurpose!.otherPurposes.sort()).toEqual(["EDUCATION_SKILLS", "JOB_SEARCH"]);
    // Another job centre: nothing.
    expect((await receiptAs(as.cpiRho(), id))!.permitted).toEqual({});

    const sealed = await subgraph.as(as.aurora()).query(`mutation($input: SealPathwayInput!) { sealPathway(input: $input) { id } }`, {
      input: { pathwayId: id, reason: "Lockdown for the test" },
    });
    expect(sealed.errors).toBeUndefined();
    expect((await receiptAs(as.cpiCentro(), id))!.sealed).toBe(true);
  });

  it("is minted for the request that asked: another request's verification fails", async () => {
    const id = await openPathway();
    const asker = as.cpiCentro();
    const response = await subgraph.as(asker).query(RECEIPT, { reps: [{ __typename: "Pathway", id }] });
    const token = response.data._entities[0].consentReceipt as string;
    const key = await loadVerificationKey(CONSENT_AUTHORITY_KEY_NAME);
    await expect(verifyConsentReceipt(token, key, as.cpiCentro(), id)).rejects.toThrow();
    await expect(verifyConsentReceipt(token, key, asker, "00000000-0000-4000-8000-000000000000")).rejects.toThrow();
  });

  it("is minted for an unknown pathway too, saying what a missing one would (nobody's, sealed): the same signing work, no oracle", async () => {
    const unknown = "00000000-0000-4000-8000-000000000000";
    const receipt = await receiptAs(as.cpiCentro(), unknown);
    expect(receipt).toMatchObject({ pathwayId: unknown, holderOrganisationId: "", sealed: true, referralAccepted: false, referralPurposes: [], permitted: {} });
  });
});

describe("the access report", () => {
  const REPORT = `query($id: ID!, $view: AccessReportView) { accessReport(pathwayId: $id, view: $view) { pathwayId view
    antiViolence { subgraph action organisationId actorId roles purpose categories decision reasons bases } } }`;

  it("shows the holder who read or was refused, and withholds staff identities in her copy", async () => {
    const id = await openPathway();
    // A job centre without consent asks for her needs assessment: refused, and audited.
    const refused = await subgraph.as(as.cpiCentro()).query(`query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Pathway { needsAssessment { educationLevel } } } }`, {
      reps: [{ __typename: "Pathway", id }],
    });
    expect(denial(refused.errors?.[0])).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });

    const staff = await subgraph.as(as.aurora()).query(REPORT, { id });
    expect(staff.errors).toBeUndefined();
    const events = staff.data.accessReport.antiViolence as Array<Record<string, unknown>>;
    expect(events).toContainEqual({
      subgraph: "anti-violence",
      action: "READ",
      organisationId: "cpi-milano-centro",
      actorId: "op-cpi-centro",
      roles: ["EMPLOYMENT_COUNSELLOR"],
      purpose: "JOB_PLACEMENT",
      categories: ["CASE_STATUS"],
      decision: "DENY",
      reasons: ["ORGANISATION"],
      bases: [],
    });

    const subject = await subgraph.as(as.aurora()).query(REPORT, { id, view: "SUBJECT" });
    const hers = subject.data.accessReport.antiViolence as Array<Record<string, unknown>>;
    // Reading the report is in the report: her copy has the staff read before it.
    expect(hers.length).toBe(events.length + 1);
    expect(hers.at(-1)).toMatchObject({ action: "REPORT", organisationId: "cav-aurora", decision: "ALLOW", bases: ["OWNERSHIP"] });
    expect(hers.every((event) => event.actorId === null && event.roles === null)).toBe(true);
    expect(hers.some((event) => event.organisationId === "cpi-milano-centro")).toBe(true);

    // The data protection officer reads it too, and so does the next reader see that.
    expect((await subgraph.as(dpo()).query(REPORT, { id })).data.accessReport.antiViolence.length).toBe(events.length + 2);
    const after = (await subgraph.as(as.aurora()).query(REPORT, { id })).data.accessReport.antiViolence as Array<Record<string, unknown>>;
    expect(after.at(-1)).toMatchObject({ action: "REPORT", organisationId: "cabina-di-regia", actorId: "dpo", bases: ["DATA_PROTECTION"] });
    // A refused reader is in it too.
    await subgraph.as(as.ginestra()).query(REPORT, { id });
    const refusedRead = (await subgraph.as(as.aurora()).query(REPORT, { id })).data.accessReport.antiViolence as Array<Record<string, unknown>>;
    expect(refusedRead).toContainEqual(expect.objectContaining({ action: "REPORT", organisationId: "cav-ginestra", decision: "DENY", reasons: ["ORGANISATION"] }));
  });

  it("is refused to anyone else, without confirming that the pathway exists", async () => {
    const id = await openPathway();
    const ginestra = await subgraph.as(as.ginestra()).query(REPORT, { id });
    expect(ginestra.data?.accessReport ?? null).toBeNull();
    expect(denial(ginestra.errors?.[0])).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
    expect(denial((await subgraph.as(as.cpiCentro()).query(REPORT, { id })).errors?.[0])).toEqual({ code: "FORBIDDEN", reason: "ROLE" });
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect(denial((await subgraph.as(as.aurora()).query(REPORT, { id: unknown })).errors?.[0])).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
    expect((await subgraph.as(dpo()).query(REPORT, { id: unknown })).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect((await subgraph.as(as.aurora()).query(REPORT, { id: "nope" })).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("as an entity, still checks the reader", async () => {
    const id = await openPathway();
    const response = await subgraph.as(as.ginestra()).query(`query($reps: [_Any!]!) { _entities(representations: $reps) { ... on AccessReport { antiViolence { decision } } } }`, {
      reps: [{ __typename: "AccessReport", pathwayId: id, view: "STAFF" }],
    });
    expect(denial(response.errors?.[0])).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
  });
});
