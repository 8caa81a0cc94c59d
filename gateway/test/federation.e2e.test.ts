import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoConsentCases, demoNetwork } from "@percorsi/demo";
import { AUDIT_WRITE_ROUND_TRIPS, evaluateConsents, today } from "@percorsi/kit";
import { errorAt } from "@percorsi/kit/testing";
import { startTestNetwork, type TestNetwork } from "./network.js";

const network = demoNetwork();
const cases = demoConsentCases(network);
const auroraCase = network.pathways.find((p) => p.holderId === "cav-aurora" && p.jobSeeker?.jobCentreId === "cpi-milano-centro" && p.enrolments.length > 0)!;
const ginestraCase = network.pathways.find((p) => p.holderId === "cav-ginestra")!;
/** What her seeded consents permit an organisation for a purpose today, as the consent authority evaluates it. */
const permittedTo = (pathwayId: string, organisationId: string, purpose: "JOB_PLACEMENT" | "EMPOWERMENT_PLAN") =>
  evaluateConsents(network.pathways.find((p) => p.id === pathwayId)!.consents, {
    organisationId,
    organisationType: network.organisations.find((o) => o.id === organisationId)!.type,
    purpose,
    on: today(),
  }).permitted;

describe("the federated graph, end to end", () => {
  let net: TestNetwork;
  beforeAll(async () => {
    net = await startTestNetwork();
  });
  afterAll(() => net?.stop());

  it("lets the holder read her own case across the anti-violence subgraph", async () => {
    const response = await net.query(
      "op-aurora",
      `query($id: ID!) { pathway(id: $id) {
         id stage holder { id name }
         identity { givenName }
         needsAssessment { educationLevel languages }
         plan { signedOn goals { area status responsibleOrganisation { name } } }
         referrals { status purpose to { id } }
       } }`,
      { id: auroraCase.id },
      "EMPOWERMENT_PLAN",
    );
    expect(response.errors).toBeUndefined();
    const pathway = response.data.pathway;
    expect(pathway.holder).toEqual({ id: "cav-aurora", name: "Centro Antiviolenza Aurora" });
    expect(pathway.stage).toBe(auroraCase.stage);
    expect(pathway.identity.givenName).toBe(auroraCase.identity.givenName);
    expect(pathway.needsAssessment.educationLevel).toBe(auroraCase.needsAssessment!.educationLevel);
    expect(pathway.plan.goals).toHaveLength(auroraCase.plan!.goals.length);
    expect(pathway.referrals.map((r: { to: { id: string } }) => r.to.id).sort()).toEqual(
      auroraCase.referrals.map((r) => r.toOrganisationId).sort(),
    );
  });

  it("crosses subgraphs: a job centre reads its caseload with each pathway's stage, holder and its own registration", async () => {
    const response = await net.query(
      "op-cpi-centro",
      `{ jobCentreCaseload(first: 50) { totalCount nodes { id stage holder { name } jobSeeker { skills } } } }`,
      {},
      "JOB_PLACEMENT",
    );
    const expected = network.pathways.filter((p) => p.jobSeeker?.jobCentreId === "cpi-milano-centro");
    expect(response.data.jobCentreCaseload.totalCount).toBe(expected.length);
    const nodes = response.data.jobCentreCaseload.nodes as { id: string; stage: string | null; holder: { name: string } | null; jobSeeker: { skills: string[] } | null }[];
    const { grantedToJobCentre: granted, sealed } = cases;
    expect(granted.organisationId).toBe("cpi-milano-centro");
    const row = nodes.find((n) => n.id === granted.pathwayId)!;
    expect(row.stage).toBe(network.pathways.find((p) => p.id === granted.pathwayId)!.stage);
    expect(row.holder!.name).toBe("Centro Antiviolenza Aurora");
    expect(row.jobSeeker!.skills).toEqual(network.pathways.find((p) => p.id === granted.pathwayId)!.jobSeeker!.skills);
    // The sealed pathway: nothing of it, not even the job centre's own registration, refused as
    // if unknown (ORGANISATION) at every field: never SEALED, which would disclose the seal.
    const index = nodes.findIndex((n) => n.id === sealed.pathwayId);
    expect(nodes[index]).toEqual({ id: sealed.pathwayId, stage: null, holder: null, jobSeeker: null });
    for (const field of ["stage", "holder", "jobSeeker"]) {
      expect(errorAt(response, `jobCentreCaseload.nodes.${index}.${field}`)?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
    }
  });

  it("denies field by field: the rest of the answer stays intact", async () => {
    const { grantedToJobCentre: granted } = cases;
    const response = await net.query(
      "op-cpi-centro",
      `{ jobCentreCaseload(first: 50) { nodes { id stage identity { givenName } needsAssessment { educationLevel economicSituation } } } }`,
      {},
      "JOB_PLACEMENT",
    );
    const nodes = response.data.jobCentreCaseload.nodes as { id: string; stage: string; identity: unknown; needsAssessment: Record<string, unknown> }[];
    const index = nodes.findIndex((n) => n.id === granted.pathwayId);
    const node = nodes[index]!;
    expect(node.stage).toBeTruthy();
    expect(node.identity).toBeNull();
    // A job counsellor's role may never see IDENTITY: the gateway drops it before planning.
    expect(errorAt(response, `jobCentreCaseload.nodes.${index}.identity`)?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ROLE" });
    // Her consent grants this job centre education and skills, not her economic situation.
    expect(granted.categories).toContain("EDUCATION_SKILLS");
    expect(granted.categories).not.toContain("ECONOMIC");
    expect(node.needsAssessment.educationLevel).toBeTruthy();
    expect(errorAt(response, `jobCentreCaseload.nodes.${index}.needsAssessment.economicSituation`)?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "NO_CONSENT" });
  });

  it("releases other agencies' records to the holder only as her consent allows", async () => {
    const withJobSeeker = network.pathways.filter((p) => p.holderId === "cav-aurora" && p.jobSeeker && p.id !== cases.sealed.pathwayId);
    const readable = withJobSeeker.filter((p) => permittedTo(p.id, "cav-aurora", "EMPOWERMENT_PLAN").JOB_SEARCH);
    const refused = withJobSeeker.filter((p) => !permittedTo(p.id, "cav-aurora", "EMPOWERMENT_PLAN").JOB_SEARCH);
    expect(readable.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    for (const [pathway, allowed] of [[readable[0]!, true], [refused[0]!, false]] as const) {
      const response = await net.query("op-aurora", `query($id: ID!) { pathway(id: $id) { id stage jobSeeker { status } } }`, { id: pathway.id }, "EMPOWERMENT_PLAN");
      expect(response.data.pathway.stage).toBe(pathway.stage);
      if (allowed) expect(response.data.pathway.jobSeeker).toEqual({ status: pathway.jobSeeker!.status });
      else expect(errorAt(response, "pathway.jobSeeker")?.extensions).toMatchObject({ code: "FORBIDDEN" });
    }
  });

  it("refuses a centre another centre's pathway", async () => {
    const response = await net.query("op-aurora", `query($id: ID!) { pathway(id: $id) { id stage } }`, { id: ginestraCase.id }, "EMPOWERMENT_PLAN");
    expect(response.data.pathway).toBeNull();
    expect(errorAt(response, "pathway")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ORGANISATION" });
  });

  it("shows the control room no row", async () => {
    const list = await net.query("analyst", `{ pathways { totalCount } }`, {}, "MONITORING");
    expect(list.data?.pathways ?? null).toBeNull();
    expect(errorAt(list, "pathways")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ROLE" });
    const one = await net.query("analyst", `query($id: ID!) { pathway(id: $id) { id } }`, { id: auroraCase.id }, "MONITORING");
    expect(errorAt(one, "pathway")?.extensions?.code).toBe("FORBIDDEN");
    const caseload = await net.query("analyst", `{ jobCentreCaseload { totalCount } }`, {}, "MONITORING");
    expect(errorAt(caseload, "jobCentreCaseload")?.extensions?.code).toBe("FORBIDDEN");
  });

  it("releases no personal data without a declared purpose", async () => {
    const response = await net.query("op-aurora", `query($id: ID!) { pathway(id: $id) { id stage } }`, { id: auroraCase.id }, null);
    expect(response.data.pathway.id).toBe(auroraCase.id);
    expect(response.data.pathway.stage).toBeNull();
    expect(errorAt(response, "pathway.stage")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "PURPOSE" });
  });

  it("rejects invalid mutation input with BAD_USER_INPUT and writes nothing", async () => {
    const db = net.subgraphs["anti-violence"]!.db;
    const count = async () => (await db.query<{ n: number }>("select count(*)::int as n from pathways"))[0]!.n;
    const before = await count();
    const response = await net.query(
      "op-aurora",
      `mutation { openPathway(input: { identity: { givenName: "", familyName: "Demo", preferredContact: PHONE, email: "not-an-email" } }) { id } }`,
      {},
      "EMPOWERMENT_PLAN",
    );
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(response.errors)).not.toContain("not-an-email");
    expect(await count()).toBe(before);
  });

  it("reads 40 pathways with nested data in a constant number of SQL round trips per subgraph", async () => {
    const query = `query($first: Int!) { pathways(first: $first) { nodes {
        id stage holder { name }
        needsAssessment { educationLevel }
        plan { goals { status responsibleOrganisation { name } } }
        referrals { status to { name } }
      } } }`;
    const cost = async (first: number) => {
      const before = net.roundTrips();
      const response = await net.query("op-aurora", query, { first }, "EMPOWERMENT_PLAN");
      expect(response.errors).toBeUndefined();
      const after = net.roundTrips();
      return Object.fromEntries(Object.keys(after).map((name) => [name, after[name]! - before[name]!]));
    };
    // The demo centre holds 20 cases; open more so that one page holds 40.
    const held = network.pathways.filter((p) => p.holderId === "cav-aurora").length;
    for (let i = held; i < 40; i++) {
      const opened = await net.query(
        "op-aurora",
        `mutation { openPathway(input: { identity: { givenName: "Test", familyName: "Case ${i}", preferredContact: THROUGH_CENTRE } }) { id } }`,
        {},
        "EMPOWERMENT_PLAN",
      );
      expect(opened.errors).toBeUndefined();
    }
    await cost(2); // warm-up: first query plan
    const few = await cost(2);
    const many = await cost(40);
    // One statement per list and nesting level, whatever the page size: the page, holders,
    // assessments, plans, referrals, goals, leaf organisations. N+1 would cost 40 or more.
    const LEVELS = 7;
    // The `pathways` list also reads the candidates other holders' consents or referrals open.
    const CANDIDATES = 1;
    // Plus the request's audit entries, written in one batch (lock, chain head, insert).
    expect(few["anti-violence"]).toBeGreaterThan(0);
    expect(many["anti-violence"]).toBeLessThanOrEqual(LEVELS + CANDIDATES + AUDIT_WRITE_ROUND_TRIPS);
    expect(many).toEqual({ "anti-violence": many["anti-violence"], employment: 0, training: 0, housing: 0 });
  });

  it("keeps a query that crosses subgraphs constant in every subgraph it touches", async () => {
    const query = `query($first: Int!) { jobCentreCaseload(first: $first) { nodes {
        id stage holder { name } jobSeeker { skills } placements { contractType employer { name } retentionChecks { stillEmployed } }
      } } }`;
    const cost = async (first: number) => {
      const before = net.roundTrips();
      const response = await net.query("op-cpi-centro", query, { first }, "JOB_PLACEMENT");
      // Only the pathways not visible to it answer errors, ORGANISATION on hers and on its own
      // records alike (the sealed one included); nothing else may fail.
      const nodes = response.data.jobCentreCaseload.nodes as { id: string }[];
      for (const error of response.errors ?? []) {
        const node = nodes[error.path?.[2] as number]!;
        expect(invisible.has(node.id), `${error.path?.join(".")} ${error.extensions?.reason}`).toBe(true);
        expect(error.extensions?.reason).toBe("ORGANISATION");
      }
      expect(response.data.jobCentreCaseload.nodes).toHaveLength(Math.min(first, caseload));
      const after = net.roundTrips();
      return Object.fromEntries(Object.keys(after).map((name) => [name, after[name]! - before[name]!]));
    };
    const caseload = network.pathways.filter((p) => p.jobSeeker?.jobCentreId === "cpi-milano-centro").length;
    // What the visibility rule hides from the job centre: sealed, or neither her consent (for its
    // purpose) nor an accepted referral her consent covers, made for that purpose.
    const covered = (p: (typeof network.pathways)[number], purpose: string) =>
      Object.keys(permittedTo(p.id, "cpi-milano-centro", purpose as "JOB_PLACEMENT")).length > 0;
    const invisible = new Set(
      network.pathways
        .filter((p) => p.jobSeeker?.jobCentreId === "cpi-milano-centro")
        .filter((p) => p.seal !== null || (!covered(p, "JOB_PLACEMENT") && !p.referrals.some((r) => r.toOrganisationId === "cpi-milano-centro" && r.status === "ACCEPTED" && r.purpose === "JOB_PLACEMENT" && covered(p, r.purpose))))
        .map((p) => p.id),
    );
    expect(invisible.has(cases.sealed.pathwayId)).toBe(true);
    await cost(1);
    const one = await cost(1);
    const all = await cost(caseload);
    expect(all["employment"]).toBeLessThanOrEqual(one["employment"]! + 2);
    expect(all["anti-violence"]).toBe(one["anti-violence"]);
    expect(all["employment"]! + all["anti-violence"]!).toBeLessThan(caseload);
  });
});
