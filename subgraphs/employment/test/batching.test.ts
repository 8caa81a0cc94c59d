import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@percorsi/kit/author";
import { AUDIT_WRITE_ROUND_TRIPS, entitiesQuery, type SubgraphTester } from "@percorsi/kit/testing";
import { actors, CENTRO, demoRegistrations, startEmployment, underReceipt } from "./fixtures.js";

const CASELOAD = `query($first: Int!) { jobCentreCaseload(first: $first) { totalCount nodes { id } } }`;
const NESTED = entitiesQuery(`jobSeeker { id status skills } placements {
  id occupation employer { id name } vacancy { title } retentionChecks { monthsAfterStart stillEmployed } }`);
const ENTITIES = entitiesQuery(`jobSeeker { id skills } placements { id employer { name } retentionChecks { checkedOn } }`);

/** A demo case at the job centre with placements, checks and a filled vacancy: every loader has work. */
const registrations = demoRegistrations(CENTRO);
const fullCase = registrations.find((r) => r.pathway.placements.some((p) => p.vacancyId && p.retentionChecks.length > 0))!;

describe("batching", () => {
  let h: SubgraphTester;
  beforeAll(async () => {
    h = await startEmployment();
  });
  afterAll(() => h.stop());

  /** SQL statements an operation costs. */
  async function roundTrips(query: string, variables: Record<string, unknown>, actor: Actor = actors.centro()): Promise<{ cost: number; data: any }> {
    const before = h.db.roundTrips;
    const response = await h.as(actor).query(query, variables);
    expect(response.errors).toBeUndefined();
    return { cost: h.db.roundTrips - before, data: response.data };
  }

  /** Plays the planner: every pathway's representation with a receipt minted for `actor`. */
  const representations = (actor: Actor, ids: string[]) => Promise.all(ids.map((id) => underReceipt(actor, id)));

  it("lists a caseload in one query, whatever its length", async () => {
    const all = await roundTrips(CASELOAD, { first: 100 });
    expect(all.data.jobCentreCaseload.nodes).toHaveLength(registrations.length);
    // The page and its total in one statement; no audit (references only, nothing personal).
    expect(all.cost).toBe(1);
    expect((await roundTrips(CASELOAD, { first: 1 })).cost).toBe(1);
  });

  it("reads a caseload's registrations, placements, employers and checks in a constant number of queries", async () => {
    const ids = (await roundTrips(CASELOAD, { first: 100 })).data.jobCentreCaseload.nodes.map((n: { id: string }) => n.id);
    const centro = actors.centro();
    const all = await roundTrips(NESTED, { r: await representations(centro, ids) }, centro);
    const nodes = all.data._entities;
    expect(nodes).toHaveLength(registrations.length);
    const placements = nodes.flatMap((n: any) => n.placements);
    expect(placements.length).toBeGreaterThan(3);
    expect(placements.flatMap((p: any) => p.retentionChecks).length).toBeGreaterThan(3);
    // Registrations by pathway (the permission facts), placements, employers, vacancies,
    // retention checks: one query each, whatever the number of rows; receipts cost none.
    expect(all.cost).toBe(5 + AUDIT_WRITE_ROUND_TRIPS);
    const newest = actors.centro();
    expect((await roundTrips(NESTED, { r: await representations(newest, ids.slice(0, 1)) }, newest)).cost).toBeLessThanOrEqual(all.cost);
  });

  it("answers the gateway's entity calls for one pathway or all of them at the same cost", async () => {
    const first = actors.centro();
    const one = await roundTrips(ENTITIES, { r: await representations(first, [fullCase.pathway.id]) }, first);
    expect(one.data._entities[0].placements.length).toBeGreaterThan(0);
    const second = actors.centro();
    const many = await roundTrips(ENTITIES, { r: await representations(second, registrations.map((r) => r.pathway.id)) }, second);
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
