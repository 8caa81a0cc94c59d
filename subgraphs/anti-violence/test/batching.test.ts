import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Actor } from "@percorsi/kit/author";
import { AUDIT_WRITE_ROUND_TRIPS, type SubgraphTester } from "@percorsi/kit/testing";
import { as, auroraPathways, startAntiViolence } from "./fixtures.js";

// One store for the file, seeded with the demo network.
let subgraph: SubgraphTester;
beforeAll(async () => {
  subgraph = await startAntiViolence();
});
afterAll(() => subgraph.stop());

/** Everything this subgraph nests under a pathway, down to the organisations at the leaves. */
const NESTED = `query($first: Int, $after: String) { pathways(first: $first, after: $after) {
  totalCount pageInfo { endCursor }
  nodes { id stage holder { name }
    needsAssessment { assessedOn educationLevel languages workExperience { occupation years } availability housingSituation }
    plan { id signedOn goals { id area status responsibleOrganisation { id name } } }
    referrals { id status purpose from { id name } to { id name } }
  }
} }`;

/** SQL statements one operation sends to the store. */
async function roundTrips(actor: Actor, variables: Record<string, unknown>) {
  const before = subgraph.db.roundTrips;
  const response = await subgraph.as(actor).query(NESTED, variables);
  return { response, trips: subgraph.db.roundTrips - before };
}

describe("batching", () => {
  it("reads all of a centre's pathways with nested data in as many statements as a page of 5", async () => {
    const all = auroraPathways();
    expect(all.length).toBeGreaterThanOrEqual(20);

    // The oldest five have every nested list filled, so the small page exercises every loader.
    const lead = await subgraph.as(as.aurora()).query(NESTED, { first: all.length - 5 });
    const page = await roundTrips(as.aurora(), { first: 5, after: lead.data.pathways.pageInfo.endCursor });
    expect(page.response.errors).toBeUndefined();
    const nodes = page.response.data.pathways.nodes;
    expect(nodes).toHaveLength(5);
    expect(nodes.some((n: any) => n.plan?.goals.length > 0 && n.referrals.length > 0 && n.needsAssessment)).toBe(true);

    const whole = await roundTrips(as.aurora(), { first: 100 });
    expect(whole.response.errors).toBeUndefined();
    expect(whole.response.data.pathways.nodes).toHaveLength(all.length);
    const goals = whole.response.data.pathways.nodes.flatMap((n: any) => n.plan?.goals ?? []);
    expect(goals.length).toBe(all.reduce((sum, p) => sum + (p.plan?.goals.length ?? 0), 0));

    expect(whole.trips).toBe(page.trips);
    // candidates from other holders (the visibility rule), page, holder organisations,
    // assessments, plans, referrals, goals, leaf organisations.
    expect(whole.trips).toBe(8 + AUDIT_WRITE_ROUND_TRIPS);
  });

  it("stays constant for a partner organisation, whose permission facts need referral lookups too", async () => {
    const few = await roundTrips(as.cpiCentro(), { first: 3 });
    const many = await roundTrips(as.cpiCentro(), { first: 100 });
    expect(many.response.data.pathways.nodes.length).toBeGreaterThan(few.response.data.pathways.nodes.length);
    expect(many.trips).toBe(few.trips);
    expect(many.trips).toBeLessThanOrEqual(8 + AUDIT_WRITE_ROUND_TRIPS);
  });

  it("stays constant for incoming referrals with their pathways", async () => {
    const query = `query($first: Int) { incomingReferrals(first: $first) { nodes { id status from { name } to { name } pathway { id stage } } } }`;
    const count = async (first: number) => {
      const before = subgraph.db.roundTrips;
      const response = await subgraph.as(as.cpiCentro()).query(query, { first });
      return { n: response.data.incomingReferrals.nodes.length, trips: subgraph.db.roundTrips - before };
    };
    const few = await count(2);
    const many = await count(100);
    expect(many.n).toBeGreaterThan(few.n);
    expect(many.trips).toBe(few.trips);
  });
});
