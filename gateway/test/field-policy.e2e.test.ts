import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decodeJwt } from "jose";
import { demoNetwork } from "@percorsi/demo";
import { ACTOR_ASSERTION_HEADER, breakGlassDeclaration, evaluateConsents, today } from "@percorsi/kit";
import { errorAt, type GraphQLResponse } from "@percorsi/kit/testing";
import { startTestNetwork, type CustomCaller, type SubgraphName, type TestNetwork } from "./network.js";

const demo = demoNetwork();
// A cav-aurora case followed by the job centre of op-cpi-centro: the holder sees her identity, the job centre never.
const auroraCase = demo.pathways.find((p) => p.holderId === "cav-aurora" && p.jobSeeker?.jobCentreId === "cpi-milano-centro")!;
const auroraCases = demo.pathways.filter((p) => p.holderId === "cav-aurora");
const caseload = demo.pathways.filter((p) => p.jobSeeker?.jobCentreId === "cpi-milano-centro");
/**
 * Those her pathway is visible to the job centre on, for JOB_PLACEMENT: not sealed, and her
 * consent permits it something for that purpose (which an accepted referral for it also needs).
 */
const visibleInCaseload = caseload.filter(
  (p) =>
    p.seal === null &&
    Object.keys(evaluateConsents(p.consents, { organisationId: "cpi-milano-centro", organisationType: "JOB_CENTRE", purpose: "JOB_PLACEMENT", on: today() }).permitted).length > 0,
);

/** A cav-aurora caseworker whose role (TRAINING_OPERATOR) has no IDENTITY in its ceiling. */
const auroraTrainer: CustomCaller = { userId: "trainer-at-aurora", organisationId: "cav-aurora", organisationType: "ANTI_VIOLENCE_CENTRE", roles: ["TRAINING_OPERATOR"] };

const roleDenial = { code: "FORBIDDEN", reason: "ROLE" };

function errorsAt(response: GraphQLResponse, pattern: RegExp) {
  return (response.errors ?? []).filter((error) => pattern.test(error.path?.join(".") ?? ""));
}

let net: TestNetwork;
beforeAll(async () => {
  net = await startTestNetwork({ recordSubgraphRequests: true });
});
afterAll(() => net?.stop());
beforeEach(() => {
  net.subgraphRequests.length = 0;
});

describe("the gateway's field policy (role ceilings, before planning)", () => {
  const sentTo = (subgraph: SubgraphName) => net.subgraphRequests.filter((r) => r.subgraph === subgraph).map((r) => r.query);

  it("nulls what a job centre's role may never see, and the subgraph never receives those fields", async () => {
    const response = await net.query(
      "op-cpi-centro",
      `query($id: ID!) { pathway(id: $id) { id stage identity { givenName } needsAssessment { healthNotes educationLevel } } }`,
      { id: auroraCase.id },
      "JOB_PLACEMENT",
    );
    expect(response.status).toBe(200);
    expect(response.data.pathway.id).toBe(auroraCase.id);
    expect(response.data.pathway.stage).toBe(auroraCase.stage);
    expect(response.data.pathway.identity).toBeNull();
    expect(response.data.pathway.needsAssessment.healthNotes).toBeNull();
    // ROLE (the gateway), not HOLDER_ONLY (what the subgraph would have answered).
    expect(errorAt(response, "pathway.identity")?.extensions).toEqual(roleDenial);
    expect(errorAt(response, "pathway.needsAssessment.healthNotes")?.extensions).toEqual(roleDenial);
    // Below the ceiling, consent decides where the data lives.
    expect(errorAt(response, "pathway.needsAssessment.educationLevel")?.extensions?.reason).not.toBe("ROLE");

    const sent = sentTo("anti-violence").join("\n");
    expect(sent).toContain("stage");
    expect(sent).toContain("educationLevel");
    expect(sent).not.toContain("identity");
    expect(sent).not.toContain("givenName");
    expect(sent).not.toContain("healthNotes");
  });

  it("sends an analyst's query on without the fields above an empty ceiling", async () => {
    const response = await net.query("analyst", `{ jobCentreCaseload { totalCount nodes { jobSeeker { skills } } } }`, {}, "MONITORING");
    // The control room sees no row at all: the subgraph refuses the list itself, by role too.
    expect(response.data?.jobCentreCaseload ?? null).toBeNull();
    expect(errorAt(response, "jobCentreCaseload")?.extensions).toMatchObject(roleDenial);
    const sent = sentTo("employment");
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain("totalCount");
    expect(sent[0]).not.toContain("skills");

    const pathway = await net.query("analyst", `query($id: ID!) { pathway(id: $id) { id stage identity { givenName } } }`, { id: auroraCase.id }, "MONITORING");
    expect(pathway.data?.pathway ?? null).toBeNull();
    expect(sentTo("anti-violence").join("\n")).not.toMatch(/stage|identity|givenName/);
  });

  it("answers aliases, named and inline fragments and variables at the caller's own response keys", async () => {
    const response = await net.query(
      "op-cpi-centro",
      `query Fragments($id: ID!, $withContact: Boolean!, $skipAgain: Boolean!) {
         pathway(id: $id) {
           id
           who: identity { givenName }
           ...Needs
           ... on Pathway { stage again: identity @skip(if: $skipAgain) { familyName } }
           ... @include(if: $withContact) { contact: identity { phone } }
         }
       }
       fragment Needs on Pathway { needsAssessment { notes: healthNotes ...Education } }
       fragment Education on NeedsAssessment { educationLevel }`,
      { id: auroraCase.id, withContact: true, skipAgain: true },
      "JOB_PLACEMENT",
    );
    expect(response.status).toBe(200);
    const pathway = response.data.pathway;
    expect(Object.keys(pathway)).toEqual(["id", "who", "needsAssessment", "stage", "contact"]);
    expect(pathway).toMatchObject({ id: auroraCase.id, who: null, stage: auroraCase.stage, contact: null });
    expect(pathway.needsAssessment).toHaveProperty("notes", null);
    expect(errorAt(response, "pathway.who")?.extensions).toEqual(roleDenial);
    expect(errorAt(response, "pathway.contact")?.extensions).toEqual(roleDenial);
    expect(errorAt(response, "pathway.needsAssessment.notes")?.extensions).toEqual(roleDenial);
    // Skipped by the caller: no field there, so no denial there either.
    expect(errorAt(response, "pathway.again")).toBeUndefined();
    expect(pathway).not.toHaveProperty("again");
    // The error points at the caller's own text.
    expect(errorAt(response, "pathway.who")?.locations?.[0]?.line).toBe(4);
  });

  it("denies at every item of a list: 20 pathways, 20 errors at their item paths", async () => {
    const query = `{ pathways(first: 20) { nodes { id identity { givenName } } } }`;
    const response = await net.query(auroraTrainer, query, {}, "TRAINING");
    const nodes = response.data.pathways.nodes as { id: string; identity: unknown }[];
    expect(nodes).toHaveLength(20);
    expect(nodes.every((node) => node.id && node.identity === null)).toBe(true);
    const denials = errorsAt(response, /^pathways\.nodes\.\d+\.identity$/);
    expect(denials).toHaveLength(20);
    expect(denials.map((error) => error.path)).toEqual(nodes.map((_node, index) => ["pathways", "nodes", index, "identity"]));
    expect(denials.every((error) => error.extensions?.reason === "ROLE")).toBe(true);
    expect(response.errors).toHaveLength(20);
    // The subgraph would have released them to her own centre (ownership): the ceiling is the gateway's.
    const holder = await net.query("op-aurora", query, {}, "EMPOWERMENT_PLAN");
    expect(holder.errors).toBeUndefined();
    expect(holder.data.pathways.nodes.filter((n: { identity: { givenName: string } | null }) => n.identity?.givenName)).toHaveLength(Math.min(20, auroraCases.length));
  });

  it("denies inside nested lists, across subgraphs", async () => {
    const response = await net.query(
      "op-cpi-centro",
      `{ jobCentreCaseload(first: 50) { nodes { id jobSeeker { availability } identity { givenName } } } }`,
      {},
      "JOB_PLACEMENT",
    );
    const nodes = response.data.jobCentreCaseload.nodes as { id: string; jobSeeker: unknown; identity: unknown }[];
    expect(nodes).toHaveLength(caseload.length);
    // Every node keeps its other fields (pathways not visible to it, the sealed one and withdrawn
    // ones, are refused by their subgraph, not here).
    expect(nodes.filter((node) => node.jobSeeker !== null).map((node) => node.id).sort()).toEqual(visibleInCaseload.map((p) => p.id).sort());
    expect(visibleInCaseload.length).toBeGreaterThan(0);
    expect(nodes.every((node) => node.id && node.identity === null)).toBe(true);
    expect(errorsAt(response, /^jobCentreCaseload\.nodes\.\d+\.identity$/)).toHaveLength(caseload.length);
    expect(net.subgraphRequests.map((r) => r.query).join("\n")).not.toContain("identity");
  });

  it("lets a user with several roles see the union of their ceilings", async () => {
    const both: CustomCaller = { ...auroraTrainer, userId: "both-at-aurora", roles: ["TRAINING_OPERATOR", "CENTRE_OPERATOR"] };
    const response = await net.query(both, `query($id: ID!) { pathway(id: $id) { identity { givenName } } }`, { id: auroraCase.id }, "EMPOWERMENT_PLAN");
    expect(response.errors).toBeUndefined();
    expect(response.data.pathway.identity.givenName).toBe(auroraCase.identity.givenName);
  });

  describe("the query-plan cache (keyed by the hash of the planned text)", () => {
    const holderThenJobCentre = `query SameText($id: ID!) { pathway(id: $id) { id identity { givenName } } }`;
    const jobCentreThenHolder = `query SameTextToo($id: ID!) { pathway(id: $id) { id identity { givenName } } }`;

    const asHolder = async (query: string) => {
      const response = await net.query("op-aurora", query, { id: auroraCase.id }, "EMPOWERMENT_PLAN");
      expect(response.errors).toBeUndefined();
      expect(response.data.pathway.identity).toEqual({ givenName: auroraCase.identity.givenName });
    };
    const asJobCentre = async (query: string) => {
      net.subgraphRequests.length = 0;
      const response = await net.query("op-cpi-centro", query, { id: auroraCase.id }, "JOB_PLACEMENT");
      expect(response.data.pathway).toEqual({ id: auroraCase.id, identity: null });
      expect(response.errors).toHaveLength(1);
      expect(errorAt(response, "pathway.identity")?.extensions).toEqual(roleDenial);
      expect(sentTo("anti-violence").join("\n")).not.toContain("identity");
    };

    it("gives each role its own plan: the holder first, then the job centre", async () => {
      await asHolder(holderThenJobCentre);
      await asJobCentre(holderThenJobCentre);
      await asHolder(holderThenJobCentre);
      await asJobCentre(holderThenJobCentre);
    });

    it("gives each role its own plan: the job centre first, then the holder", async () => {
      await asJobCentre(jobCentreThenHolder);
      await asHolder(jobCentreThenHolder);
      await asJobCentre(jobCentreThenHolder);
      await asHolder(jobCentreThenHolder);
    });
  });

  it("answers a selection emptied by removal without the placeholder", async () => {
    const response = await net.query(
      "op-cpi-centro",
      `query($id: ID!) { pathway(id: $id) { id needsAssessment { healthNotes } ...Safety } }
       fragment Safety on Pathway { assessment: needsAssessment { healthNotes } }`,
      { id: auroraCase.id },
      "JOB_PLACEMENT",
    );
    expect(response.data.pathway).toEqual({ id: auroraCase.id, needsAssessment: { healthNotes: null }, assessment: { healthNotes: null } });
    expect(JSON.stringify(response.data)).not.toContain("__typename");
    expect(errorAt(response, "pathway.needsAssessment.healthNotes")?.extensions).toEqual(roleDenial);
    expect(errorAt(response, "pathway.assessment.healthNotes")?.extensions).toEqual(roleDenial);
    expect(sentTo("anti-violence").join("\n")).toContain("__typename");
  });

  it("keeps a __typename the caller asked for", async () => {
    const response = await net.query(
      "op-cpi-centro",
      `query($id: ID!) { pathway(id: $id) { needsAssessment { __typename healthNotes } } }`,
      { id: auroraCase.id },
      "JOB_PLACEMENT",
    );
    expect(response.data.pathway.needsAssessment).toEqual({ __typename: "NeedsAssessment", healthNotes: null });
  });

  it("leaves a centre operator's operation as it was sent", async () => {
    const query = `query($id: ID!) { pathway(id: $id) { identity { givenName } needsAssessment { healthNotes } } }`;
    const response = await net.query("op-aurora", query, { id: auroraCase.id }, "EMPOWERMENT_PLAN");
    expect(response.errors).toBeUndefined();
    expect(response.data.pathway.needsAssessment).toEqual({ healthNotes: auroraCase.needsAssessment?.healthNotes ?? null });
    expect(sentTo("anti-violence").join("\n")).toMatch(/identity[\s\S]*healthNotes/);
  });
});

describe("break-glass declarations", () => {

  const PATHWAYS = "{ pathways(first: 1) { totalCount } }";
  const reason = "Multi-agency risk assessment meeting of 3 March";

  it.each([
    ["a basis without a reason", { "x-break-glass-basis": "VITAL_INTEREST" }],
    ["a reason without a basis", { "x-break-glass-reason": reason }],
    ["an unknown basis", { "x-break-glass-basis": "CURIOSITY", "x-break-glass-reason": reason }],
    ["a reason under 10 characters", { "x-break-glass-basis": "VITAL_INTEREST", "x-break-glass-reason": "  too shrt " }],
    ["a reason over 500 characters", { "x-break-glass-basis": "COURT_ORDER", "x-break-glass-reason": "x".repeat(501) }],
  ])("refuses %s with 400 BAD_USER_INPUT", async (_label, headers) => {
    const response = await net.query("op-aurora", PATHWAYS, {}, "SAFETY_COORDINATION", headers);
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(response)).not.toContain(reason);
    expect(net.subgraphRequests).toHaveLength(0);
  });

  it("refuses a declaration without a purpose", async () => {
    const response = await net.query("op-aurora", PATHWAYS, {}, null, { "x-break-glass-basis": "VITAL_INTEREST", "x-break-glass-reason": reason });
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(response.errors?.[0]?.message).toContain("purpose");
  });

  it("carries the reason to the consent authority only; the others get the basis and its reference", async () => {
    const response = await net.query(
      "op-aurora",
      `{ pathways(first: 1) { totalCount } courses(first: 1) { totalCount } vacancies(first: 1) { totalCount } }`,
      {},
      "SAFETY_COORDINATION",
      { "x-break-glass-basis": "RISK_ASSESSMENT_MEETING", "x-break-glass-reason": `  ${reason} ` },
    );
    expect(response.status).toBe(200);
    const requests = net.subgraphRequests.filter((r) => r.headers[ACTOR_ASSERTION_HEADER]);
    expect(requests.map((r) => r.subgraph).sort()).toEqual(["anti-violence", "employment", "training"]);
    const claims = Object.fromEntries(requests.map((r) => [r.subgraph, decodeJwt(r.headers[ACTOR_ASSERTION_HEADER] as string)]));
    const declaration = breakGlassDeclaration(claims["anti-violence"]!.rid as string, "RISK_ASSESSMENT_MEETING", reason);
    expect(claims["anti-violence"]!.break_glass).toEqual({ basis: "RISK_ASSESSMENT_MEETING", reason, declaration });
    for (const subgraph of ["employment", "training"]) {
      expect(claims[subgraph]!.break_glass, subgraph).toEqual({ basis: "RISK_ASSESSMENT_MEETING", declaration });
      // Not in any claim, nor anywhere in what the subgraph receives.
      const received = requests.filter((r) => r.subgraph === subgraph);
      for (const request of received) {
        expect(JSON.stringify(decodeJwt(request.headers[ACTOR_ASSERTION_HEADER] as string))).not.toContain("Multi-agency");
        expect(JSON.stringify(request)).not.toContain("Multi-agency");
      }
    }
    for (const claim of Object.values(claims)) expect(claim.purpose).toBe("SAFETY_COORDINATION");
  });

  it("sends no break-glass claim without a declaration", async () => {
    await net.query("op-aurora", PATHWAYS, {}, "EMPOWERMENT_PLAN");
    const [request] = net.subgraphRequests;
    expect(decodeJwt(request!.headers[ACTOR_ASSERTION_HEADER] as string)).not.toHaveProperty("break_glass");
  });
});
