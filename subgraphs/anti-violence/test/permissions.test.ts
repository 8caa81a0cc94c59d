import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair } from "jose";
import { encodeCursor, today } from "@percorsi/kit/author";
import { evaluateConsents } from "@percorsi/kit/authority";
import { ACTOR_ASSERTION_HEADER, assertionHeaders, denial, errorAt, postGraphQL, signActorAssertion, type SubgraphTester } from "@percorsi/kit/testing";
import { demoConsentCases, demoNetwork } from "@percorsi/demo";
import { networkDirectory } from "@percorsi/schema";
import { SUBGRAPH_NAME } from "../src/server.js";
import { as, auroraPathways, startAntiViolence } from "./fixtures.js";

// One store for the file, seeded with the demo network: these tests only read.
let subgraph: SubgraphTester;
beforeAll(async () => {
  subgraph = await startAntiViolence();
});
afterAll(() => subgraph.stop());

const granting = new Set(["ACCEPTED", "DONE"]);
/** An Aurora pathway the Milano Centro job centre took on, and one it did not. */
const shared = auroraPathways().find((p) => p.referrals.some((r) => r.toOrganisationId === "cpi-milano-centro" && granting.has(r.status)))!;
const cases = demoConsentCases();
const jobCentre = (id: string) => (id === "cpi-rho" ? as.cpiRho() : as.cpiCentro());
const unshared = auroraPathways().find((p) => p.needsAssessment && !p.referrals.some((r) => r.toOrganisationId === "cpi-milano-centro" && granting.has(r.status)))!;

const PATHWAY = `query($id: ID!) { pathway(id: $id) {
  id stage openedOn holder { id }
  identity { givenName phone }
  needsAssessment { assessedOn educationLevel workExperience { occupation } healthNotes districtsToAvoid }
  plan { id signedOn goals { id status } }
  referrals { id status note to { id } }
} }`;

describe("who may call the subgraph at all", () => {
  it("refuses a request without an actor assertion", async () => {
    const response = await postGraphQL(subgraph.url, "{ organisations { id } }");
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(response.data ?? null).toBeNull();
  });

  it("refuses an assertion minted for another subgraph", async () => {
    const response = await postGraphQL(subgraph.url, "{ organisations { id } }", {}, await assertionHeaders(as.aurora(), "employment", { query: "{ organisations { id } }" }));
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("refuses an assertion signed by a key other than the gateway's", async () => {
    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    const forged = await signActorAssertion({ kid: "intruder", privateKey }, as.aurora(), SUBGRAPH_NAME, { query: "{ organisations { id } }" });
    const response = await postGraphQL(subgraph.url, "{ organisations { id } }", {}, { [ACTOR_ASSERTION_HEADER]: forged });
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("answers a valid assertion", async () => {
    const response = await subgraph.as(as.aurora()).query("{ organisations { id } }");
    expect(response.status).toBe(200);
    expect(response.data.organisations).toHaveLength(networkDirectory().length);
  });
});

describe("the case-holder", () => {
  it("reads its own pathway whole, holder-only data included", async () => {
    const response = await subgraph.as(as.aurora()).query(PATHWAY, { id: shared.id });
    expect(response.errors).toBeUndefined();
    const pathway = response.data.pathway;
    expect(pathway).toMatchObject({ id: shared.id, stage: shared.stage, holder: { id: "cav-aurora" } });
    expect(pathway.identity.givenName).toBe(shared.identity.givenName);
    expect(pathway.needsAssessment.educationLevel).toBe(shared.needsAssessment!.educationLevel);
    expect(pathway.needsAssessment.healthNotes).toBe(shared.needsAssessment!.healthNotes);
    expect(pathway.plan?.goals).toHaveLength(shared.plan?.goals.length ?? 0);
    expect(pathway.referrals).toHaveLength(shared.referrals.length);
  });

  it("gets no personal data without a declared purpose, only the id", async () => {
    const response = await subgraph.as(as.aurora(null)).query(PATHWAY, { id: shared.id });
    expect(response.data.pathway).toMatchObject({ id: shared.id, stage: null, identity: null, needsAssessment: null, plan: null, referrals: null });
    for (const path of ["pathway.stage", "pathway.identity", "pathway.needsAssessment", "pathway.plan", "pathway.referrals"]) {
      expect(denial(errorAt(response, path))).toEqual({ code: "FORBIDDEN", reason: "PURPOSE" });
    }
  });
});

describe("another centre", () => {
  it("is refused another centre's pathway", async () => {
    const response = await subgraph.as(as.ginestra()).query(PATHWAY, { id: shared.id });
    expect(response.data.pathway).toBeNull();
    expect(denial(errorAt(response, "pathway"))).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
  });

  it("gets nothing but the id through an entity reference either", async () => {
    const response = await subgraph.as(as.ginestra()).query(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Pathway { id stage needsAssessment { educationLevel } } } }`,
      { reps: [{ __typename: "Pathway", id: shared.id }] },
    );
    expect(response.data._entities).toEqual([{ id: shared.id, stage: null, needsAssessment: null }]);
    expect(denial(errorAt(response, "_entities.0.stage"))).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
    // An unknown id answers exactly the same: entity resolution is no oracle.
    const unknown = await subgraph.as(as.ginestra()).query(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Pathway { id stage needsAssessment { educationLevel } } } }`,
      { reps: [{ __typename: "Pathway", id: "00000000-0000-4000-8000-00000000abcd" }] },
    );
    expect(unknown.data._entities).toEqual([{ id: "00000000-0000-4000-8000-00000000abcd", stage: null, needsAssessment: null }]);
    expect(unknown.errors?.map(({ message, path, extensions }) => ({ message, path: path?.slice(2), extensions }))).toEqual(
      response.errors?.map(({ message, path, extensions }) => ({ message, path: path?.slice(2), extensions })),
    );
  });

  it("does not list another centre's pathways", async () => {
    const response = await subgraph.as(as.ginestra()).query("{ pathways(first: 100) { nodes { id } } }");
    const ids = response.data.pathways.nodes.map((n: { id: string }) => n.id);
    expect(ids).not.toContain(shared.id);
    expect(ids.length).toBeGreaterThan(0);
  });
});

describe("the control room's analyst", () => {
  it("sees no pathway, list or referral, only the directory", async () => {
    const list = await subgraph.as(as.analyst()).query("{ pathways { nodes { id } } }");
    expect(denial(errorAt(list, "pathways"))).toEqual({ code: "FORBIDDEN", reason: "ROLE" });
    const one = await subgraph.as(as.analyst()).query(PATHWAY, { id: shared.id });
    expect(one.data.pathway).toBeNull();
    expect(denial(errorAt(one, "pathway"))).toEqual({ code: "FORBIDDEN", reason: "ROLE" });
    const incoming = await subgraph.as(as.analyst()).query("{ incomingReferrals { totalCount } }");
    expect(denial(errorAt(incoming, "incomingReferrals"))).toEqual({ code: "FORBIDDEN", reason: "ROLE" });
    const directory = await subgraph.as(as.analyst()).query("{ organisations { id } }");
    expect(directory.errors).toBeUndefined();
  });
});

describe("a job centre", () => {
  it("is refused a pathway it has no accepted referral on", async () => {
    const response = await subgraph.as(as.cpiCentro()).query(PATHWAY, { id: unshared.id });
    expect(response.data.pathway).toBeNull();
    expect(denial(errorAt(response, "pathway"))).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
  });

  it("with an accepted referral sees case status and what her consent permits, and is refused the rest field by field", async () => {
    // The seed's plain grant: skills, work history and safety constraints, not her plan.
    expect(cases.grantedToJobCentre).toMatchObject({ pathwayId: shared.id, organisationId: "cpi-milano-centro", purpose: "JOB_PLACEMENT" });
    expect(cases.grantedToJobCentre.categories).toEqual(expect.arrayContaining(["EDUCATION_SKILLS", "WORK_HISTORY", "SAFETY_CONSTRAINTS"]));
    expect(cases.grantedToJobCentre.categories).not.toContain("PLAN");
    const response = await subgraph.as(as.cpiCentro()).query(PATHWAY, { id: shared.id });
    const pathway = response.data.pathway;
    const needs = shared.needsAssessment!;
    expect(pathway).toMatchObject({ id: shared.id, stage: shared.stage, openedOn: shared.openedOn, holder: { id: "cav-aurora" } });
    expect(pathway.needsAssessment).toMatchObject({
      assessedOn: needs.assessedOn,
      educationLevel: needs.educationLevel,
      workExperience: needs.workExperience.map((w) => ({ occupation: w.occupation })),
      districtsToAvoid: needs.districtsToAvoid,
    });
    expect(pathway.needsAssessment.healthNotes).toBeNull();
    expect(denial(errorAt(response, "pathway.needsAssessment.healthNotes"))).toEqual({ code: "FORBIDDEN", reason: "HOLDER_ONLY" });
    expect(pathway.identity).toBeNull();
    expect(denial(errorAt(response, "pathway.identity"))).toEqual({ code: "FORBIDDEN", reason: "HOLDER_ONLY" });
    expect(pathway.plan).toBeNull();
    expect(denial(errorAt(response, "pathway.plan"))).toEqual({ code: "FORBIDDEN", reason: "NO_CONSENT" });
  });

  it("is refused, as NO_CONSENT, a category a nested deny carves out of her permit", async () => {
    const { pathwayId, organisationId, deniedCategory, categories } = cases.nestedDeny;
    expect(deniedCategory).toBe("WORK_HISTORY");
    expect(categories).toContain("EDUCATION_SKILLS");
    const response = await subgraph.as(jobCentre(organisationId)).query(PATHWAY, { id: pathwayId });
    expect(response.data.pathway.needsAssessment.educationLevel).not.toBeNull();
    expect(response.data.pathway.needsAssessment.workExperience).toBeNull();
    expect(denial(errorAt(response, "pathway.needsAssessment.workExperience"))).toEqual({ code: "FORBIDDEN", reason: "NO_CONSENT" });
  });

  it("after she withdrew her consent, reads nothing more: no case status, holder or notes through its old referral", async () => {
    const withdrawn = cases.withdrawn[0]!;
    expect(withdrawn.organisationType).toBe("JOB_CENTRE");
    expect(withdrawn.categories).toContain("EDUCATION_SKILLS");
    const p = demoNetwork().pathways.find((x) => x.id === withdrawn.pathwayId)!;
    // It once worked on her case: a referral to it exists.
    expect(p.referrals.some((r) => r.toOrganisationId === withdrawn.organisationId)).toBe(true);
    const caller = jobCentre(withdrawn.organisationId);
    const response = await subgraph.as(caller).query(PATHWAY, { id: withdrawn.pathwayId });
    expect(response.data.pathway).toBeNull();
    expect(denial(errorAt(response, "pathway"))).toEqual({ code: "FORBIDDEN", reason: "ORGANISATION" });
    const referrals = await subgraph.as(caller).query(`{ incomingReferrals(first: 100) { nodes { id status note pathway { id stage holder { id } } } } }`);
    // Its old referrals vanish from its list, as a sealed pathway's do: nothing of them is shown.
    const old = referrals.data.incomingReferrals.nodes.filter((n: { id: string }) => p.referrals.some((r) => r.id === n.id));
    expect(old).toEqual([]);
  });

  it("sees only the referrals addressed to it, note included", async () => {
    const response = await subgraph.as(as.cpiCentro()).query(PATHWAY, { id: shared.id });
    const own = shared.referrals.filter((r) => r.toOrganisationId === "cpi-milano-centro");
    expect(shared.referrals.length).toBeGreaterThan(own.length); // she was also sent elsewhere
    expect(response.data.pathway.referrals).toEqual(
      own.map((r) => ({ id: r.id, status: r.status, note: r.note, to: { id: "cpi-milano-centro" } })),
    );
  });

  it("lists exactly the pathways it accepted, each readable", async () => {
    const response = await subgraph.as(as.cpiCentro()).query("{ pathways(first: 100) { totalCount nodes { id stage } } }");
    expect(response.errors).toBeUndefined();
    // Every pathway referred to it and accepted (her consent covering the referral), unless
    // sealed: the seal hides a pathway from everyone but its holder. Others her consent opens to it.
    const accepted = demoNetwork().pathways.filter(
      (p) => p.seal === null && p.referrals.some((r) => r.toOrganisationId === "cpi-milano-centro" && r.status === "ACCEPTED"),
    );
    const ids: string[] = response.data.pathways.nodes.map((n: { id: string }) => n.id);
    expect(accepted.length).toBeGreaterThan(0);
    expect(demoNetwork().pathways.some((p) => p.seal && p.referrals.some((r) => r.toOrganisationId === "cpi-milano-centro" && granting.has(r.status)))).toBe(true);
    expect(ids).toEqual(expect.arrayContaining(accepted.map((p) => p.id)));
    const sealed = new Set(demoNetwork().pathways.filter((p) => p.seal).map((p) => p.id));
    expect(ids.filter((id) => sealed.has(id))).toEqual([]);
    // Each one listed is one it may open: the list and the single lookup apply the same rule.
    for (const id of ids) expect(errorAt(await subgraph.as(as.cpiCentro()).query(PATHWAY, { id }), "pathway"), id).toBeUndefined();
    expect(response.data.pathways.totalCount).toBe(ids.length);
  });

  it("reads referrals waiting for its answer, and the pathway behind them only as far as her consent goes", async () => {
    const waiting = demoNetwork().pathways.flatMap((p) => p.referrals.filter((r) => r.toOrganisationId === "cpi-milano-centro" && r.status === "SENT").map((r) => ({ p, r })));
    expect(waiting.length).toBeGreaterThan(0);
    const response = await subgraph.as(as.cpiCentro()).query(
      `{ incomingReferrals(status: SENT, first: 100) { totalCount nodes { id status note purpose from { id } to { id } pathway { id stage } } } }`,
    );
    expect(response.data.incomingReferrals.totalCount).toBe(waiting.length);
    const first = response.data.incomingReferrals.nodes.find((n: { id: string }) => n.id === waiting[0]!.r.id);
    const index = response.data.incomingReferrals.nodes.indexOf(first);
    // Sending the referral needed her consent; what it permits the job centre decides the stage.
    for (const [n, { p, r }] of waiting.entries()) {
      const node = response.data.incomingReferrals.nodes.find((x: { id: string }) => x.id === r.id);
      const view = evaluateConsents(p.consents, { organisationId: "cpi-milano-centro", organisationType: "JOB_CENTRE", purpose: "JOB_PLACEMENT", on: today() });
      expect(node, `${n}`).toMatchObject({ status: "SENT", note: r.note, from: { id: p.holderId }, pathway: { id: p.id, stage: view.permitted.CASE_STATUS ? p.stage : null } });
    }
    expect(index).toBeGreaterThanOrEqual(0);
    // With no consent behind it (someone else's store, or a consent since withdrawn), the pathway stays closed.
    const noConsent = await subgraph.as(as.cpiRho()).query(
      `query($id: ID!) { pathway(id: $id) { id stage } }`,
      { id: waiting[0]!.p.id },
    );
    expect(noConsent.data.pathway?.stage ?? null).toBeNull();
  });

  it("pages incoming referrals with a cursor", async () => {
    const addressed = demoNetwork().pathways.flatMap((p) => p.referrals).filter((r) => r.toOrganisationId === "cpi-milano-centro");
    const whole = await subgraph.as(as.cpiCentro()).query(`{ incomingReferrals(first: 100) { totalCount nodes { id } } }`);
    const all: { id: string }[] = whole.data.incomingReferrals.nodes;
    expect(whole.data.incomingReferrals.totalCount).toBe(all.length);
    // Those of the sealed pathway and of withdrawn consents are not shown; the rest are.
    expect(all.length).toBeGreaterThan(7);
    expect(all.length).toBeLessThan(addressed.length);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const response: any = await subgraph.as(as.cpiCentro()).query(`query($after: String) { incomingReferrals(first: 7, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } }`, { after });
      expect(response.data.incomingReferrals.totalCount).toBe(all.length);
      seen.push(...response.data.incomingReferrals.nodes.map((n: { id: string }) => n.id));
      if (!response.data.incomingReferrals.pageInfo.hasNextPage) break;
      after = response.data.incomingReferrals.pageInfo.endCursor;
    }
    expect(seen.sort()).toEqual(all.map((r) => r.id).sort());
  });

  it("refuses a forged cursor as bad input, before the database sees it", async () => {
    const forged = encodeCursor(["not-a-day", "not-a-uuid"]);
    const pathways = await subgraph.as(as.aurora()).query(`query($after: String) { pathways(first: 2, after: $after) { totalCount } }`, { after: forged });
    expect(errorAt(pathways, "pathways")?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    const referrals = await subgraph.as(as.cpiCentro()).query(`query($after: String) { incomingReferrals(first: 2, after: $after) { totalCount } }`, { after: forged });
    expect(errorAt(referrals, "incomingReferrals")?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
  });

  it("cannot write on a centre's pathway", async () => {
    const response = await subgraph.as(as.cpiCentro()).query(`mutation($id: ID!) { signPlan(input: { pathwayId: $id }) { id } }`, { id: shared.id });
    expect(denial(errorAt(response, "signPlan"))).toEqual({ code: "FORBIDDEN", reason: "ROLE" });
  });
});
