import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUDIT_WRITE_ROUND_TRIPS } from "@percorsi/kit";
import { actors, CENTRO, demoRegistrations, startEmployment, type Harness } from "./harness.js";

const NESTED = `id status pathway { id placements {
  id occupation employer { id name } vacancy { title } retentionChecks { monthsAfterStart stillEmployed } } }`;
const CASELOAD = `query($first: Int!) { jobSeekers(first: $first) { nodes { ${NESTED} } } }`;
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Pathway {
  id jobSeeker { id skills } placements { id employer { name } retentionChecks { checkedOn } } } } }`;

/** A demo case at the job centre with placements, checks and a filled vacancy: every loader has work. */
const registrations = demoRegistrations(CENTRO);
const fullCase = registrations.find((r) => r.pathway.placements.some((p) => p.vacancyId && p.retentionChecks.length > 0))!;

describe("batching", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startEmployment();
  });
  afterAll(() => h.stop());

  /** SQL statements an operation costs. */
  async function roundTrips(query: string, variables: Record<string, unknown>): Promise<{ cost: number; data: any }> {
    const before = h.db.roundTrips;
    const response = await h.ask(actors.centro(), query, variables);
    expect(response.errors).toBeUndefined();
    return { cost: h.db.roundTrips - before, data: response.data };
  }

  it("reads a caseload with pathways, placements, employers and checks in a constant number of queries", async () => {
    const all = await roundTrips(CASELOAD, { first: 100 });
    const nodes = all.data.jobSeekers.nodes;
    expect(nodes).toHaveLength(registrations.length);
    const placements = nodes.flatMap((n: any) => n.pathway.placements);
    expect(placements.length).toBeGreaterThan(3);
    expect(placements.flatMap((p: any) => p.retentionChecks).length).toBeGreaterThan(3);
    // Page (with its total), registrations by pathway (the permission facts), placements,
    // employers, vacancies, retention checks: one query each, whatever the number of rows.
    expect(all.cost).toBe(6 + AUDIT_WRITE_ROUND_TRIPS);
    const newest = (await roundTrips(CASELOAD, { first: 1 })).cost;
    expect(newest).toBeLessThanOrEqual(all.cost);
  });

  it("answers the gateway's entity calls for one pathway or all of them at the same cost", async () => {
    const one = await roundTrips(ENTITIES, { r: [{ __typename: "Pathway", id: fullCase.pathway.id }] });
    expect(one.data._entities[0].placements.length).toBeGreaterThan(0);
    const many = await roundTrips(ENTITIES, { r: registrations.map((r) => ({ __typename: "Pathway", id: r.pathway.id })) });
    expect(many.data._entities).toHaveLength(registrations.length);
    expect(many.cost).toBe(one.cost);
    // Registrations by pathway, placements, employers, retention checks.
    expect(many.cost).toBe(4 + AUDIT_WRITE_ROUND_TRIPS);
  });

  it("reads the network's directory with nested employers in a constant number of queries", async () => {
    const { cost } = await roundTrips(
      `{ vacancies(first: 100) { nodes { title employer { name } } } campaigns { nodes { employersReachedCount employersReached { name } } } }`,
      {},
    );
    // Vacancies page, campaigns page, employers of vacancies, employers reached by campaigns.
    expect(cost).toBe(4);
  });
});
