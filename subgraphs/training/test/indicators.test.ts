import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, type CohortPathway, type Database, type IndicatorEvent, type IndicatorSection, type ReportOrganisation, type ReportingCohort } from "@percorsi/kit/author";
import { testBackends } from "@percorsi/kit/testing";
import { TRAINING_OUTCOMES, TRAINING_SECTIONS, operatorTrainingSection, trainingOutcomesSection, trainingSection } from "../src/modules/indicators/index.js";
import { ATELIER, PONTE } from "./fixtures.js";

const MIGRATIONS = fileURLToPath(new URL("../migrations", import.meta.url));
const CENTRO = "cpi-milano-centro";
const RHO = "cpi-rho";

const bodies: ReportOrganisation[] = [
  { id: ATELIER, type: "TRAINING_BODY" },
  { id: PONTE, type: "TRAINING_BODY" },
];
const jobCentres: ReportOrganisation[] = [
  { id: CENTRO, type: "JOB_CENTRE", operators: 20 },
  { id: RHO, type: "JOB_CENTRE", operators: 12 },
];

// Five pathways with reporting consent, one without (never in the cohort).
const [P1, P2, P3, P4, P5, OUTSIDE] = Array.from({ length: 6 }, () => randomUUID()) as [string, string, string, string, string, string];
/** Their intake days, for the outcomes by intake cohort. */
const INTAKE: Record<string, string> = { [P1]: "2024-03-01", [P2]: "2025-01-20", [P3]: "2024-12-01", [P4]: "2024-05-31", [P5]: "2023-04-01" };
const pathway = (id: string): CohortPathway => ({ id, recordKey: 1, openedOn: INTAKE[id] ?? "2025-01-01", planSignedOn: null, referrals: [] });
const cohortOf = (ids: readonly string[]): ReportingCohort => ({ organisations: [...bodies, ...jobCentres], pathways: ids.map(pathway), threshold: 10 });
const COHORT = cohortOf([P1, P2, P3, P4, P5]);

/** Events in a stable order, to compare them exactly. */
/** Her pathway (for the cell key) must be one of the cohort's; compared without it. */
const sorted = (events: readonly IndicatorEvent[]) =>
  events.map(({ pathwayId, ...event }) => {
    if (pathwayId !== undefined) expect([P1, P2, P3, P4, P5]).toContain(pathwayId);
    return event;
  }).sort((a, b) => `${a.indicator} ${a.on} ${a.organisationId}`.localeCompare(`${b.indicator} ${b.on} ${b.organisationId}`));
const ev = (indicator: string, on: string, organisationId: string): IndicatorEvent => ({ indicator, on, organisationId });

describe.each(testBackends())("training indicator sections on $name", (backend) => {
  let db: Database;
  const courseAt: Record<string, string> = { [ATELIER]: randomUUID(), [PONTE]: randomUUID() };
  const session = { s2023: randomUUID(), s2024: randomUUID(), s2025a: randomUUID(), s2025b: randomUUID() };

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db, MIGRATIONS);
    for (const [body, id] of Object.entries(courseAt)) {
      await db.query(
        "insert into courses (id, training_body_id, title, schedule, district, seats, starts_on, ends_on) values ($1, $2, 'Course', 'MORNING', 'Municipio 1', 20, '2023-01-01', '2026-12-31')",
        [id, body],
      );
    }
    const enrol = (pathwayId: string, body: string, status: string, enrolledOn: string, endedOn: string | null = null, certificate: string | null = null) =>
      db.query(
        `insert into enrolments (id, pathway_id, course_id, training_body_id, status, enrolled_on, completed_on, withdrawn_on, certificate)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [randomUUID(), pathwayId, courseAt[body], body, status, enrolledOn, status === "COMPLETED" ? endedOn : null, status === "WITHDRAWN" ? endedOn : null, certificate],
      );
    await enrol(P1, ATELIER, "COMPLETED", "2025-01-10", "2025-03-05", "Attestato di frequenza");
    await enrol(P2, ATELIER, "WITHDRAWN", "2025-02-01", "2025-02-20");
    // Enrolled in 2024, completed in 2025: each event in its own year.
    await enrol(P3, PONTE, "COMPLETED", "2024-11-15", "2025-01-20");
    await enrol(P4, PONTE, "ENROLLED", "2025-06-01");
    await enrol(P1, PONTE, "COMPLETED", "2024-03-01", "2024-04-01", "Qualifica");
    // Outside the years asked.
    await enrol(P5, ATELIER, "COMPLETED", "2023-05-01", "2023-06-01", "Qualifica");
    // Outside the cohort: no reporting consent.
    await enrol(OUTSIDE, ATELIER, "COMPLETED", "2025-01-12", "2025-02-03", "Qualifica");
    // At a training body outside the directory's list for the section.
    await db.query(
      "insert into courses (id, training_body_id, title, schedule, district, seats, starts_on, ends_on) values ($1, 'formazione-altrove', 'Course', 'MORNING', 'Municipio 1', 20, '2023-01-01', '2026-12-31')",
      [(courseAt["formazione-altrove"] = randomUUID())],
    );
    await enrol(P4, "formazione-altrove", "ENROLLED", "2025-03-03");

    const hold = (id: string, host: string, heldOn: string) =>
      db.query(
        `insert into operator_training_sessions (id, trainer_organisation_id, host_training_body_id, held_on, topics, hours, attending_operator_ids)
         values ($1, 'cav-aurora', $2, $3, '{Violence}', 3, '{op}')`,
        [id, host, heldOn],
      );
    await hold(session.s2023, ATELIER, "2023-10-01");
    await hold(session.s2024, PONTE, "2024-09-01");
    await hold(session.s2025a, ATELIER, "2025-02-10");
    await hold(session.s2025b, PONTE, "2025-05-05");
    const attend = (sessionId: string, operatorId: string, organisationId: string) =>
      db.query("insert into operator_attendances (session_id, operator_id, organisation_id) values ($1, $2, $3)", [sessionId, operatorId, organisationId]);
    await attend(session.s2023, "op-a", CENTRO);
    await attend(session.s2024, "op-b", CENTRO);
    await attend(session.s2024, "op-c", RHO);
    await attend(session.s2024, "op-t", ATELIER);
    await attend(session.s2025a, "op-a", CENTRO);
    await attend(session.s2025a, "op-b", CENTRO);
    await attend(session.s2025a, "op-d", RHO);
    await attend(session.s2025a, "op-e", CENTRO);
    await attend(session.s2025b, "op-d", RHO);
    await attend(session.s2025b, "op-f", RHO);
    // First trained as a training body's operator, then as a job centre's: counted at the latter.
    await attend(session.s2025b, "op-t", CENTRO);
  });
  afterAll(() => db.close());

  const eventsOf = (section: IndicatorSection, years: number[], cohort = COHORT) =>
    section.events({ db, cohort, years, organisations: section === operatorTrainingSection ? jobCentres : bodies });

  it("lists its three sections, every event's indicator among their definitions", () => {
    expect(TRAINING_SECTIONS.map((s) => [s.name, s.organisationTypes])).toEqual([
      ["training", ["TRAINING_BODY"]],
      ["trainingOutcomes", ["TRAINING_BODY"]],
      ["operatorTraining", ["JOB_CENTRE"]],
    ]);
    for (const section of TRAINING_SECTIONS) {
      for (const d of section.definitions) {
        // Named after the field (operatorTraining.*) or its snake_case (trainingOutcomes: training_outcomes.*).
        const snake = section.name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
        expect(d.id.startsWith(`${section.name}.`) || d.id.startsWith(`${snake}.`)).toBe(true);
        expect(d.section).toBe(section.name);
        expect(d.source).toBe("training");
      }
    }
    expect(trainingSection.definitions.find((d) => d.id === "training.completion_rate")?.rate).toEqual({
      numerator: "training.completions",
      denominator: "training.ended",
    });
    expect(operatorTrainingSection.definitions.find((d) => d.id === "operatorTraining.operators_trained_share")?.rate).toEqual({
      numerator: "operatorTraining.operators_trained",
      denominatorFromOrganisation: "operators",
    });
  });

  it("training: enrolments, completions, ends, certificates and sessions of the cohort in the years asked, at their training body", async () => {
    expect(sorted(await eventsOf(trainingSection, [2024, 2025]))).toEqual(
      sorted([
        ev("training.enrolments", "2025-01-10", ATELIER),
        ev("training.enrolments", "2025-02-01", ATELIER),
        ev("training.enrolments", "2024-11-15", PONTE),
        ev("training.enrolments", "2025-06-01", PONTE),
        ev("training.enrolments", "2024-03-01", PONTE),
        ev("training.completions", "2025-03-05", ATELIER),
        ev("training.completions", "2025-01-20", PONTE),
        ev("training.completions", "2024-04-01", PONTE),
        ev("training.ended", "2025-03-05", ATELIER),
        ev("training.ended", "2025-02-20", ATELIER),
        ev("training.ended", "2025-01-20", PONTE),
        ev("training.ended", "2024-04-01", PONTE),
        ev("training.certificates", "2025-03-05", ATELIER),
        ev("training.certificates", "2024-04-01", PONTE),
        ev("training.operator_sessions", "2024-09-01", PONTE),
        ev("training.operator_sessions", "2025-02-10", ATELIER),
        ev("training.operator_sessions", "2025-05-05", PONTE),
      ]),
    );
  });

  it("training: each event dated in its own year, nothing of the years not asked", async () => {
    const only2025 = await eventsOf(trainingSection, [2025]);
    expect(only2025.every((e) => e.on.startsWith("2025-"))).toBe(true);
    // Enrolled in 2024, completed in 2025: the completion and its end only.
    expect(only2025.filter((e) => e.on === "2025-01-20").map((e) => e.indicator).sort()).toEqual(["training.completions", "training.ended"]);
    expect(only2025.filter((e) => e.indicator === "training.enrolments")).toHaveLength(3);
    expect(await eventsOf(trainingSection, [2022])).toEqual([]);
    const y2023 = await eventsOf(trainingSection, [2023]);
    expect(sorted(y2023)).toEqual(
      sorted([
        ev("training.enrolments", "2023-05-01", ATELIER),
        ev("training.completions", "2023-06-01", ATELIER),
        ev("training.ended", "2023-06-01", ATELIER),
        ev("training.certificates", "2023-06-01", ATELIER),
        ev("training.operator_sessions", "2023-10-01", ATELIER),
      ]),
    );
  });

  it("training: a pathway leaves every count with her reporting consent; sessions count without any woman", async () => {
    const withoutP1 = await eventsOf(trainingSection, [2024, 2025], cohortOf([P2, P3, P4, P5]));
    expect(withoutP1.filter((e) => e.on === "2025-03-05" || e.on === "2024-03-01" || e.on === "2024-04-01")).toEqual([]);
    const empty = await eventsOf(trainingSection, [2024, 2025], cohortOf([]));
    expect(empty.map((e) => e.indicator)).toEqual(["training.operator_sessions", "training.operator_sessions", "training.operator_sessions"]);
    // The woman outside the cohort enrolled on 2025-01-12 and completed on 2025-02-03 with a certificate: never there.
    const others = await eventsOf(trainingSection, [2025], cohortOf([P1, P2, P3, P4, P5, randomUUID()]));
    expect(others.some((e) => e.on === "2025-01-12" || e.on === "2025-02-03")).toBe(false);
    expect((await eventsOf(trainingSection, [2025], cohortOf([OUTSIDE]))).filter((e) => e.indicator !== "training.operator_sessions")).toHaveLength(4);
  });

  it("operatorTraining: each job-centre operator once, at their first session ever, at their job centre", async () => {
    expect(sorted(await eventsOf(operatorTrainingSection, [2024, 2025]))).toEqual(
      sorted([
        ev("operatorTraining.operators_trained", "2024-09-01", CENTRO), // op-b
        ev("operatorTraining.operators_trained", "2024-09-01", RHO), // op-c
        ev("operatorTraining.operators_trained", "2025-02-10", RHO), // op-d
        ev("operatorTraining.operators_trained", "2025-02-10", CENTRO), // op-e
        ev("operatorTraining.operators_trained", "2025-05-05", RHO), // op-f
        ev("operatorTraining.operators_trained", "2025-05-05", CENTRO), // op-t, first at a job centre
      ]),
    );
    // op-a was first trained in 2023: not again in 2025; op-b not again either.
    expect(sorted(await eventsOf(operatorTrainingSection, [2025])).map((e) => `${e.on} ${e.organisationId}`)).toEqual([
      `2025-02-10 ${CENTRO}`,
      `2025-02-10 ${RHO}`,
      `2025-05-05 ${CENTRO}`,
      `2025-05-05 ${RHO}`,
    ]);
    expect(await eventsOf(operatorTrainingSection, [2023])).toEqual([ev("operatorTraining.operators_trained", "2023-10-01", CENTRO)]);
  });

  it("trainingOutcomes: each step once per woman within 12 months, at the training body, dated by her intake day", async () => {
    const { enrolled, completed } = TRAINING_OUTCOMES;
    const events = await eventsOf(trainingOutcomesSection, [2023, 2024, 2025]);
    // P1 enrolled twice within 12 months (first on her intake day itself): once, at the first. P3
    // enrolled before her intake, completed after it. P4 enrolled a day after 12 months
    // (31 May + 12 months = 31 May), and at a body not asked about.
    expect(sorted(events.filter((e) => e.indicator === enrolled))).toEqual([ev(enrolled, "2023-04-01", ATELIER), ev(enrolled, "2024-03-01", PONTE), ev(enrolled, "2025-01-20", ATELIER)]);
    expect(sorted(events.filter((e) => e.indicator === completed))).toEqual([ev(completed, "2023-04-01", ATELIER), ev(completed, "2024-03-01", PONTE), ev(completed, "2024-12-01", PONTE)]);
    // Only the women whose intake is in the years read, whatever year the step fell in.
    expect(sorted(await eventsOf(trainingOutcomesSection, [2024]))).toEqual(sorted(events.filter((e) => e.on.startsWith("2024"))));
    expect(await eventsOf(trainingOutcomesSection, [2026])).toEqual([]);
  });

  it("reads in a constant number of statements, whatever the size of the cohort", async () => {
    const cost = async (section: IndicatorSection, cohort: ReportingCohort) => {
      const before = db.roundTrips;
      await eventsOf(section, [2024, 2025], cohort);
      return db.roundTrips - before;
    };
    const small = cohortOf([P1, P2, P3]);
    const large = cohortOf([P1, P2, P3, P4, P5, ...Array.from({ length: 25 }, () => randomUUID())]);
    expect(await cost(trainingSection, small)).toBe(2);
    expect(await cost(trainingSection, large)).toBe(2);
    expect(await cost(trainingOutcomesSection, small)).toBe(1);
    expect(await cost(trainingOutcomesSection, large)).toBe(1);
    expect(await cost(operatorTrainingSection, small)).toBe(1);
    expect(await cost(operatorTrainingSection, large)).toBe(1);
  });
});
