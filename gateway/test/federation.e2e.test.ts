import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoNetwork } from "@percorsi/demo";
import { AUDIT_WRITE_ROUND_TRIPS } from "@percorsi/kit";
import { errorAt } from "@percorsi/kit/testing";
import { startTestNetwork, type TestNetwork } from "./network.js";

const network = demoNetwork();
const auroraCase = network.pathways.find((p) => p.holderId === "cav-aurora" && p.jobSeeker?.jobCentreId === "cpi-milano-centro" && p.enrolments.length > 0)!;
const ginestraCase = network.pathways.find((p) => p.holderId === "cav-ginestra")!;

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

  it("crosses subgraphs: a job centre reads its caseload with each pathway's stage and holder", async () => {
    const response = await net.query(
      "op-cpi-centro",
      `{ jobSeekers(first: 50) { totalCount nodes { skills pathway { id stage holder { name } } } } }`,
      {},
      "JOB_PLACEMENT",
    );
    expect(response.errors).toBeUndefined();
    const expected = network.pathways.filter((p) => p.jobSeeker?.jobCentreId === "cpi-milano-centro");
    expect(response.data.jobSeekers.totalCount).toBe(expected.length);
    const row = response.data.jobSeekers.nodes.find((n: { pathway: { id: string } }) => n.pathway.id === auroraCase.id);
    expect(row.pathway.stage).toBe(auroraCase.stage);
    expect(row.pathway.holder.name).toBe("Centro Antiviolenza Aurora");
    expect(row.skills).toEqual(auroraCase.jobSeeker!.skills);
  });

  it("denies field by field: the rest of the answer stays intact", async () => {
    const response = await net.query(
      "op-cpi-centro",
      `query($id: ID!) { pathway(id: $id) { id stage identity { givenName } needsAssessment { educationLevel } } }`,
      { id: auroraCase.id },
      "JOB_PLACEMENT",
    );
    expect(response.data.pathway.id).toBe(auroraCase.id);
    expect(response.data.pathway.stage).toBe(auroraCase.stage);
    expect(response.data.pathway.identity).toBeNull();
    // A job counsellor's role may never see IDENTITY: the gateway drops it before planning.
    expect(errorAt(response, "pathway.identity")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "ROLE" });
    expect(errorAt(response, "pathway.needsAssessment.educationLevel")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "NO_CONSENT" });
  });

  it("keeps other agencies' records from the holder until consent exists", async () => {
    const response = await net.query(
      "op-aurora",
      `query($id: ID!) { pathway(id: $id) { id stage jobSeeker { skills } enrolments { status } } }`,
      { id: auroraCase.id },
      "EMPOWERMENT_PLAN",
    );
    expect(response.data.pathway.stage).toBe(auroraCase.stage);
    expect(response.data.pathway.jobSeeker).toBeNull();
    expect(errorAt(response, "pathway.jobSeeker")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "NO_CONSENT" });
    expect(errorAt(response, "pathway.enrolments")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "NO_CONSENT" });
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
    const jobSeekers = await net.query("analyst", `{ jobSeekers { totalCount } }`, {}, "MONITORING");
    expect(errorAt(jobSeekers, "jobSeekers")?.extensions?.code).toBe("FORBIDDEN");
  });

  it("releases no personal data without a declared purpose", async () => {
    const response = await net.query("op-aurora", `query($id: ID!) { pathway(id: $id) { id stage } }`, { id: auroraCase.id }, null);
    expect(response.data.pathway.id).toBe(auroraCase.id);
    expect(response.data.pathway.stage).toBeNull();
    expect(errorAt(response, "pathway.stage")?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "PURPOSE" });
  });

  it("rejects invalid mutation input with BAD_USER_INPUT and writes nothing", async () => {
    const db = net.subgraphs["anti-violence"].db;
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
    // Plus the request's audit entries, written in one batch (lock, chain head, insert).
    expect(few["anti-violence"]).toBeGreaterThan(0);
    expect(many["anti-violence"]).toBeLessThanOrEqual(LEVELS + AUDIT_WRITE_ROUND_TRIPS);
    expect(many).toEqual({ "anti-violence": many["anti-violence"], employment: 0, training: 0 });
  });

  it("keeps a query that crosses subgraphs constant in every subgraph it touches", async () => {
    const query = `query($first: Int!) { jobSeekers(first: $first) { nodes {
        skills
        pathway { id stage holder { name } placements { contractType employer { name } retentionChecks { stillEmployed } } }
      } } }`;
    const cost = async (first: number) => {
      const before = net.roundTrips();
      const response = await net.query("op-cpi-centro", query, { first }, "JOB_PLACEMENT");
      expect(response.errors).toBeUndefined();
      expect(response.data.jobSeekers.nodes).toHaveLength(Math.min(first, caseload));
      const after = net.roundTrips();
      return Object.fromEntries(Object.keys(after).map((name) => [name, after[name]! - before[name]!]));
    };
    const caseload = network.pathways.filter((p) => p.jobSeeker?.jobCentreId === "cpi-milano-centro").length;
    await cost(1);
    const one = await cost(1);
    const all = await cost(caseload);
    expect(all["employment"]).toBeLessThanOrEqual(one["employment"]! + 2);
    expect(all["anti-violence"]).toBe(one["anti-violence"]);
    expect(all["employment"]! + all["anti-violence"]!).toBeLessThan(caseload);
  });
});
