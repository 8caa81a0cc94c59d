import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoNetwork } from "@percorsi/demo";
import { decodeCursor, migrate, type Database } from "@percorsi/kit/author";
import { sqlState, testBackends } from "@percorsi/kit/testing";
import { seedEmployment } from "../seed/seed.js";
import { EmployerRepository } from "../src/modules/employer/employer.repository.js";
import { JobSeekerRepository } from "../src/modules/job-seeker/job-seeker.repository.js";
import { PlacementRepository } from "../src/modules/placement/placement.repository.js";
import { RetentionCheckRepository } from "../src/modules/retention-check/retention-check.repository.js";
import { VacancyRepository } from "../src/modules/vacancy/vacancy.repository.js";
import { CENTRO, demoRegistrations, tableCounts } from "./fixtures.js";

const MIGRATIONS = fileURLToPath(new URL("../migrations", import.meta.url));
const network = demoNetwork();
const placed = network.pathways.flatMap((p) => p.placements);


describe.each(testBackends())("employment store on $name", (backend) => {
  let db: Database;
  beforeAll(async () => {
    db = await backend.open();
  });
  afterAll(() => db.close());

  it("migrates an empty store, and a second run applies nothing", async () => {
    expect(await migrate(db, MIGRATIONS)).toEqual({ applied: [1] });
    expect(await migrate(db, MIGRATIONS)).toEqual({ applied: [] });
  });

  it("seeds the demo network in one statement per table, and only once", async () => {
    const before = db.roundTrips;
    await seedEmployment(db);
    // One count, then one multi-row insert per table (7), in a single transaction.
    expect(db.roundTrips - before).toBeLessThanOrEqual(8);
    const seeded = await tableCounts(db);
    expect(seeded).toEqual({
      job_seekers: network.pathways.filter((p) => p.jobSeeker).length,
      placements: placed.length,
      retention_checks: placed.flatMap((p) => p.retentionChecks).length,
      employers: network.employers.length,
      vacancies: network.vacancies.length,
      campaigns: network.campaigns.length,
      campaign_employers: network.campaigns.flatMap((c) => c.employerIdsReached).length,
    });
    const again = db.roundTrips;
    await seedEmployment(db);
    expect(db.roundTrips - again).toBe(1);
    expect(await tableCounts(db)).toEqual(seeded);
  });

  it("reads registrations back as seeded, lists in their order", async () => {
    const [{ pathway, jobSeeker }] = demoRegistrations(CENTRO) as [ReturnType<typeof demoRegistrations>[number]];
    const [read] = await new JobSeekerRepository(db).byIds([jobSeeker.id, "not-a-uuid"]);
    expect(read).toMatchObject({
      pathwayId: pathway.id,
      jobCentreId: CENTRO,
      registeredOn: jobSeeker.registeredOn,
      skills: jobSeeker.skills,
      wishedOccupations: jobSeeker.wishedOccupations,
      status: jobSeeker.status,
    });
  });

  it("pages a job centre's caseload with keyset cursors, newest first, without gaps or repeats", async () => {
    const repository = new JobSeekerRepository(db);
    const expected = demoRegistrations(CENTRO).length;
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const connection: Awaited<ReturnType<typeof repository.caseload>> = await repository.caseload(CENTRO, null, 4, after);
      expect(connection.totalCount).toBe(expected);
      seen.push(...connection.nodes.map((n) => n.id));
      for (const node of connection.nodes) expect(node.jobCentreId).toBe(CENTRO);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
      expect(decodeCursor(after!, 2)).toHaveLength(2);
    }
    expect(new Set(seen).size).toBe(expected);
    const all = (await repository.caseload(CENTRO, null, 100)).nodes;
    expect(all.map((n) => n.id)).toEqual(seen);
    const dates = all.map((n) => n.registeredOn!);
    expect([...dates].sort().reverse()).toEqual(dates);
    const placedOnly = await repository.caseload(CENTRO, "PLACED", 100);
    expect(placedOnly.nodes.every((n) => n.status === "PLACED")).toBe(true);
  });

  it("pages employers by name and vacancies newest first", async () => {
    const first = await new EmployerRepository(db).list(3);
    const rest = await new EmployerRepository(db).list(100, first.pageInfo.endCursor);
    expect([...first.nodes, ...rest.nodes]).toHaveLength(network.employers.length);
    expect(rest.totalCount).toBe(network.employers.length);
    const open = await new VacancyRepository(db).list(true, 100);
    expect(open.totalCount).toBe(network.vacancies.filter((v) => v.closedOn === null).length);
    expect(open.nodes.every((v) => v.closedOn === null)).toBe(true);
    const past = await new VacancyRepository(db).list(false, 5, (await new VacancyRepository(db).list(false, 100)).pageInfo.endCursor);
    expect(past).toMatchObject({ nodes: [], totalCount: network.vacancies.length, pageInfo: { hasNextPage: false } });
  });

  it("groups nested lists by their parent, in order", async () => {
    const pathwayIds = network.pathways.filter((p) => p.placements.length > 0).map((p) => p.id);
    const placements = await new PlacementRepository(db).byPathwayIds(pathwayIds);
    expect(placements).toHaveLength(placed.length);
    const checks = await new RetentionCheckRepository(db).byPlacementIds(placements.map((p) => p.id));
    expect(checks).toHaveLength(placed.flatMap((p) => p.retentionChecks).length);
    for (const check of checks) {
      const placement = placements.find((p) => p.id === check.placementId)!;
      // Ownership travels with every row, from the registration.
      expect(check).toMatchObject({ jobCentreId: placement.jobCentreId, pathwayId: placement.pathwayId });
    }
  });

  it("keeps its invariants in the database too", async () => {
    const [{ pathway, jobSeeker }] = demoRegistrations(CENTRO).filter((r) => r.jobSeeker.status !== "CLOSED") as [
      ReturnType<typeof demoRegistrations>[number],
    ];
    const row = {
      id: "00000000-0000-4000-8000-000000000001",
      pathway_id: pathway.id,
      job_centre_id: CENTRO,
      counsellor_id: "op-cpi-centro",
      registered_on: "2026-01-01",
      first_appointment_on: null,
      skills: [],
      wished_occupations: [],
      availability: "FULL_TIME",
      status: "REGISTERED" as const,
    };
    // A second open registration for the same pathway at the same job centre.
    expect(await sqlState(new JobSeekerRepository(db).insertMany([row]))).toBe("23505");
    const [vacancy] = network.vacancies;
    const otherEmployer = network.employers.find((e) => e.id !== vacancy!.employerId)!;
    const placement = {
      id: "00000000-0000-4000-8000-000000000002",
      job_seeker_id: jobSeeker.id,
      employer_id: otherEmployer.id,
      vacancy_id: vacancy!.id,
      occupation: "Cashier",
      contract_type: "PERMANENT" as const,
      weekly_hours: 20,
      start_on: "2026-02-01",
      end_on: null,
      recorded_by: "op-cpi-centro",
    };
    // A vacancy of another employer.
    expect(await sqlState(new PlacementRepository(db).insertMany([placement]))).toBe("23503");
    // Hours out of 1..48.
    expect(await sqlState(new PlacementRepository(db).insertMany([{ ...placement, vacancy_id: null, weekly_hours: 60 }]))).toBe("23514");
    const [check] = placed.flatMap((p) => p.retentionChecks.map((c) => ({ ...c, placementId: p.id })));
    const duplicate = {
      id: "00000000-0000-4000-8000-000000000003",
      placement_id: check!.placementId,
      months_after_start: check!.monthsAfterStart,
      checked_on: check!.checkedOn,
      still_employed: true,
      note: null,
      recorded_by: "op-cpi-centro",
    };
    // A second check at the same month mark.
    expect(await sqlState(new RetentionCheckRepository(db).insertMany([duplicate]))).toBe("23505");
  });
});
