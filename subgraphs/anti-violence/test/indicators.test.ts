import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, type IndicatorEvent, type IndicatorSection, migrate, type ReportingCohort, type SectionInput } from "@percorsi/kit/author";
import { appendAuditEntries, type AuditEntry, KIT_MIGRATIONS_DIRECTORY, KIT_MIGRATIONS_TABLE, testBackends } from "@percorsi/kit/testing";
import { ANTI_VIOLENCE_SECTIONS } from "../src/modules/indicators/index.js";

const MIGRATIONS = fileURLToPath(new URL("../migrations", import.meta.url));

// The store is written by hand: a few pathways of two case-holders across months and years,
// one of them outside the cohort (no reporting consent), so every event below is known.
const P1 = "00000000-0000-4000-8000-000000000001"; // cav-a, 2025
const P2 = "00000000-0000-4000-8000-000000000002"; // casa-b, 2025 (plan signed in 2026)
const P3 = "00000000-0000-4000-8000-000000000003"; // cav-a, opened in 2024
const P4 = "00000000-0000-4000-8000-000000000004"; // cav-a, outside the cohort
const P5 = "00000000-0000-4000-8000-000000000005"; // casa-b, opened only
const C = (n: number) => `00000000-0000-4000-8000-0000000001${String(n).padStart(2, "0")}`;
const R = (n: number) => `00000000-0000-4000-8000-0000000002${String(n).padStart(2, "0")}`;
const BULK = (n: number) => `00000000-0000-4000-9000-${String(n).padStart(12, "0")}`;

const ORGANISATIONS = [
  { id: "cav-a", type: "ANTI_VIOLENCE_CENTRE" },
  { id: "casa-b", type: "SHELTER" },
  { id: "cpi-c", type: "JOB_CENTRE" },
  { id: "ente-d", type: "TRAINING_BODY" },
] as const;

const cohortOf = (ids: readonly string[]): ReportingCohort => ({
  organisations: ORGANISATIONS.map((o) => ({ ...o })),
  pathways: ids.map((id) => ({ id, recordKey: 1, openedOn: "2025-01-01", planSignedOn: null, referrals: [] })),
  threshold: 10,
});
const COHORT = cohortOf([P1, P2, P3, P5]);

async function fixture(db: Database): Promise<void> {
  await db.exec(`
    insert into organisations (id, name, type, district) values
      ('cav-a', 'Centro A', 'ANTI_VIOLENCE_CENTRE', 'Nord'), ('casa-b', 'Casa B', 'SHELTER', 'Sud'),
      ('cpi-c', 'CPI C', 'JOB_CENTRE', 'Centro'), ('ente-d', 'Ente D', 'TRAINING_BODY', 'Ovest');
    insert into pathways (id, holder_id, stage, opened_on, opened_by) values
      ('${P1}', 'cav-a', 'PLAN_ACTIVE', '2025-01-10', 'u'), ('${P2}', 'casa-b', 'PLAN_ACTIVE', '2025-02-20', 'u'),
      ('${P3}', 'cav-a', 'NEEDS_ANALYSIS', '2024-12-20', 'u'), ('${P4}', 'cav-a', 'PLAN_ACTIVE', '2025-03-03', 'u'),
      ('${P5}', 'casa-b', 'INTAKE', '2025-07-07', 'u');
    insert into needs_assessments (pathway_id, assessed_on, assessed_by, education_level, availability, economic_situation, housing_situation) values
      ('${P1}', '2025-01-25', 'u', 'PRIMARY', 'FULL_TIME', 'NO_INCOME', 'SHELTER'),
      ('${P2}', '2025-04-15', 'u', 'BACHELOR', 'FULL_TIME', 'LOW_INCOME', 'RENTED'),
      ('${P3}', '2025-01-05', 'u', 'UPPER_SECONDARY', 'FULL_TIME', 'INCOME_SUPPORT', 'TEMPORARY'),
      ('${P4}', '2025-03-10', 'u', 'PRIMARY', 'FULL_TIME', 'NO_INCOME', 'AT_RISK');
    insert into plans (id, pathway_id, created_on, signed_on) values
      ('${C(91)}', '${P1}', '2025-02-01', '2025-03-01'), ('${C(92)}', '${P2}', '2025-05-01', '2026-01-10'),
      ('${C(94)}', '${P4}', '2025-03-20', '2025-04-01'), ('${C(95)}', '${P5}', '2025-07-20', null);
    insert into plan_goals (id, plan_id, pathway_id, area, description, responsible_organisation_id, status, position) values
      (gen_random_uuid(), '${C(91)}', '${P1}', 'EMPLOYMENT', 'Find a job', 'cpi-c', 'PLANNED', 1),
      (gen_random_uuid(), '${C(91)}', '${P1}', 'HOUSING', 'A home', 'cav-a', 'ACHIEVED', 2),
      (gen_random_uuid(), '${C(92)}', '${P2}', 'TRAINING', 'A course', 'ente-d', 'IN_PROGRESS', 1),
      (gen_random_uuid(), '${C(94)}', '${P4}', 'LEGAL', 'Advice', 'cav-a', 'PLANNED', 1),
      (gen_random_uuid(), '${C(95)}', '${P5}', 'CARE', 'Childcare', 'casa-b', 'PLANNED', 1);
    insert into referrals (id, pathway_id, from_organisation_id, to_organisation_id, purpose, status, sent_on, sent_by, responded_on, rejection_reason, rejection_code) values
      ('${R(1)}', '${P1}', 'cav-a', 'cpi-c', 'JOB_PLACEMENT', 'ACCEPTED', '2025-02-01', 'u', '2025-02-06', null, null),
      ('${R(2)}', '${P1}', 'cav-a', 'ente-d', 'TRAINING', 'REJECTED', '2025-02-10', 'u', '2025-02-12', 'Course full until June', 'NO_CAPACITY'),
      ('${R(3)}', '${P2}', 'casa-b', 'cpi-c', 'JOB_PLACEMENT', 'WITHDRAWN', '2025-03-01', 'u', '2025-03-04', null, null),
      ('${R(4)}', '${P2}', 'casa-b', 'ente-d', 'TRAINING', 'DONE', '2025-03-10', 'u', '2025-03-20', null, null),
      ('${R(5)}', '${P2}', 'casa-b', 'cpi-c', 'JOB_PLACEMENT', 'SENT', '2025-12-20', 'u', null, null, null),
      ('${R(6)}', '${P2}', 'casa-b', 'cav-a', 'SAFETY_COORDINATION', 'WITHDRAWN', '2025-05-05', 'u', null, null, null),
      ('${R(7)}', '${P4}', 'cav-a', 'cpi-c', 'JOB_PLACEMENT', 'ACCEPTED', '2025-03-15', 'u', '2025-03-16', null, null),
      ('${R(8)}', '${P4}', 'cav-a', 'ente-d', 'TRAINING', 'REJECTED', '2025-03-15', 'u', '2025-03-17', 'No', 'OUT_OF_AREA');
    insert into situation_reviews (id, pathway_id, reviewed_on, reviewed_by, economic_situation, housing_situation) values
      (gen_random_uuid(), '${P1}', '2025-06-01', 'u', 'INCOME_SUPPORT', 'SHELTER'),
      (gen_random_uuid(), '${P1}', '2025-09-15', 'u', 'LOW_INCOME', 'RENTED'),
      (gen_random_uuid(), '${P2}', '2025-11-01', 'u', 'NO_INCOME', 'OWNED'),
      (gen_random_uuid(), '${P3}', '2024-12-30', 'u', 'SELF_SUFFICIENT', 'OWNED'),
      (gen_random_uuid(), '${P4}', '2025-08-01', 'u', 'SELF_SUFFICIENT', 'OWNED');
    insert into consents (id, pathway_id, status, evidence_reference, recorded_by, recorded_at, withdrawn_at, replaces) values
      ('${C(1)}', '${P1}', 'SUPERSEDED', 'Form 1', 'u', '2025-01-12T23:30:00Z', null, null),
      ('${C(2)}', '${P1}', 'ACTIVE', 'Form 2', 'u', '2025-04-01T08:00:00Z', null, '${C(1)}'),
      ('${C(3)}', '${P2}', 'WITHDRAWN', 'Form 3', 'u', '2025-02-21T10:00:00Z', '2025-05-01T10:00:00Z', null),
      ('${C(4)}', '${P2}', 'WITHDRAWN', 'Form 4', 'u', '2025-02-22T10:00:00Z', '2025-02-28T10:00:00Z', null),
      ('${C(5)}', '${P3}', 'WITHDRAWN', 'Form 5', 'u', '2024-12-20T12:00:00Z', '2025-01-31T18:00:00Z', null),
      ('${C(6)}', '${P3}', 'ACTIVE', 'Form 6', 'u', '2025-06-01T12:00:00Z', null, null),
      ('${C(7)}', '${P4}', 'WITHDRAWN', 'Form 7', 'u', '2025-03-04T12:00:00Z', '2025-03-05T12:00:00Z', null);
    update consents set withdrawn_by = 'u' where withdrawn_at is not null;
    insert into consent_provisions (id, consent_id, parent_id, type, grantee_organisation_id, categories, purposes, period_start, period_end, position) values
      ('${C(51)}', '${C(1)}', null, 'PERMIT', 'cpi-c', '{EDUCATION_SKILLS}', '{JOB_PLACEMENT}', null, '2025-06-30', 1),
      ('${C(52)}', '${C(2)}', null, 'PERMIT', 'cpi-c', '{EDUCATION_SKILLS}', '{JOB_PLACEMENT}', null, '2025-10-31', 1),
      ('${C(53)}', '${C(2)}', null, 'PERMIT', 'ente-d', '{TRAINING}', '{TRAINING}', null, '2025-12-31', 2),
      ('${C(54)}', '${C(2)}', '${C(53)}', 'DENY', null, '{TRAINING}', '{TRAINING}', null, null, 3),
      ('${C(55)}', '${C(3)}', null, 'PERMIT', 'cpi-c', '{EDUCATION_SKILLS}', '{JOB_PLACEMENT}', '2025-02-21', '2025-03-31', 1),
      ('${C(56)}', '${C(4)}', null, 'PERMIT', 'cpi-c', '{EDUCATION_SKILLS}', '{JOB_PLACEMENT}', null, '2025-03-31', 1),
      ('${C(57)}', '${C(4)}', null, 'PERMIT', 'ente-d', '{TRAINING}', '{TRAINING}', null, null, 2),
      ('${C(58)}', '${C(5)}', null, 'PERMIT', 'cpi-c', '{EDUCATION_SKILLS}', '{JOB_PLACEMENT}', null, '2025-01-31', 1),
      ('${C(59)}', '${C(6)}', null, 'PERMIT', 'cpi-c', '{EDUCATION_SKILLS}', '{JOB_PLACEMENT}', null, '2999-12-31', 1),
      ('${C(60)}', '${C(7)}', null, 'PERMIT', 'cpi-c', '{EDUCATION_SKILLS}', '{JOB_PLACEMENT}', null, '2025-03-31', 1);
    insert into pathway_seals (id, pathway_id, reason, sealed_by, sealed_at, lifted_at, lifted_by) values
      (gen_random_uuid(), '${P1}', 'Risk', 'u', '2025-05-05T10:00:00Z', '2025-05-20T10:00:00Z', 'u'),
      (gen_random_uuid(), '${P1}', 'Risk again', 'u', '2025-11-30T23:59:00Z', null, null),
      (gen_random_uuid(), '${P4}', 'Risk', 'u', '2025-06-06T10:00:00Z', null, null);
  `);
  const read = (requestId: string, at: string, pathwayId: string, category: AuditEntry["category"], decision: Partial<AuditEntry>): AuditEntry => ({
    at: new Date(at),
    action: "READ",
    requestId,
    actorId: "someone",
    organisationId: "cpi-c",
    roles: "EMPLOYMENT_COUNSELLOR",
    purpose: "SAFETY_COORDINATION",
    pathwayId,
    category,
    decision: "ALLOW",
    reason: null,
    basis: "BREAK_GLASS",
    consentId: null,
    breakGlassBasis: "VITAL_INTEREST",
    breakGlassReason: "Emergency",
    ...decision,
  });
  await appendAuditEntries(db, [
    // One request reading two categories of one pathway: one read.
    read("rq-1", "2025-05-06T09:00:00Z", P1, "HEALTH", {}),
    read("rq-1", "2025-05-06T09:00:01Z", P1, "SAFETY", {}),
    read("rq-2", "2025-05-06T15:00:00Z", P1, "HEALTH", {}),
    // Not break-glass reads: a consented read, a refusal, a write.
    read("rq-3", "2025-05-07T09:00:00Z", P1, "EDUCATION_SKILLS", { basis: "CONSENT" }),
    read("rq-4", "2025-05-07T09:00:00Z", P1, "HEALTH", { decision: "DENY", basis: null, reason: "CATEGORY" }),
    read("rq-5", "2025-05-07T09:00:00Z", P1, "HEALTH", { action: "WRITE" }),
    // Outside the cohort, and another year.
    read("rq-6", "2025-05-06T09:00:00Z", P4, "HEALTH", {}),
    read("rq-7", "2024-12-31T23:30:00Z", P3, "HEALTH", {}),
  ]);
}

/** 30 more pathways with a bit of everything, for counting statements. */
async function bulk(db: Database): Promise<void> {
  const ids = Array.from({ length: 30 }, (_, i) => BULK(i + 1));
  await db.query(
    `insert into pathways (id, holder_id, stage, opened_on, opened_by)
     select id, case when n % 2 = 0 then 'cav-a' else 'casa-b' end, 'PLAN_ACTIVE', date '2025-01-01' + n::int, 'u'
     from unnest($1::uuid[]) with ordinality as t(id, n)`,
    [ids],
  );
  await db.exec(`
    insert into needs_assessments (pathway_id, assessed_on, assessed_by, education_level, availability, economic_situation, housing_situation)
      select id, opened_on + 20, 'u', 'PRIMARY', 'FULL_TIME', 'NO_INCOME', 'SHELTER' from pathways where id::text like '%-9000-%';
    insert into plans (id, pathway_id, created_on, signed_on) select gen_random_uuid(), id, opened_on + 30, opened_on + 40 from pathways where id::text like '%-9000-%';
    insert into plan_goals (id, plan_id, pathway_id, area, description, responsible_organisation_id, status, position)
      select gen_random_uuid(), pl.id, pl.pathway_id, 'EMPLOYMENT', 'Job', 'cpi-c', 'PLANNED', 1 from plans pl where pl.pathway_id::text like '%-9000-%';
    insert into referrals (id, pathway_id, from_organisation_id, to_organisation_id, purpose, status, sent_on, sent_by, responded_on, rejection_reason, rejection_code)
      select gen_random_uuid(), id, holder_id, 'cpi-c', 'JOB_PLACEMENT', 'REJECTED', opened_on + 50, 'u', opened_on + 55, 'Full', 'NO_CAPACITY' from pathways where id::text like '%-9000-%';
    insert into situation_reviews (id, pathway_id, reviewed_on, reviewed_by, economic_situation, housing_situation)
      select gen_random_uuid(), id, opened_on + 100, 'u', 'LOW_INCOME', 'RENTED' from pathways where id::text like '%-9000-%';
    insert into consents (id, pathway_id, status, evidence_reference, recorded_by, recorded_at)
      select gen_random_uuid(), id, 'ACTIVE', 'Form', 'u', opened_on::timestamp at time zone 'UTC' from pathways where id::text like '%-9000-%';
    insert into consent_provisions (id, consent_id, type, grantee_organisation_id, categories, purposes, period_end, position)
      select gen_random_uuid(), c.id, 'PERMIT', 'cpi-c', '{EDUCATION_SKILLS}', '{JOB_PLACEMENT}', date '2025-08-01', 1 from consents c where c.pathway_id::text like '%-9000-%';
    insert into pathway_seals (id, pathway_id, reason, sealed_by, sealed_at)
      select gen_random_uuid(), id, 'Risk', 'u', opened_on::timestamp at time zone 'UTC' from pathways where id::text like '%-9000-%';
  `);
  await appendAuditEntries(
    db,
    ids.map((id, i) => ({
      at: new Date(Date.UTC(2025, 3, 1 + (i % 28))),
      action: "READ" as const,
      requestId: `bulk-${i}`,
      actorId: "someone",
      organisationId: "cpi-c",
      roles: "EMPLOYMENT_COUNSELLOR",
      purpose: "SAFETY_COORDINATION",
      pathwayId: id,
      category: "HEALTH" as const,
      decision: "ALLOW" as const,
      reason: null,
      basis: "BREAK_GLASS",
      consentId: null,
      breakGlassBasis: "VITAL_INTEREST",
      breakGlassReason: "Emergency",
    })),
  );
}

type Ev = [indicator: string, on: string, organisationId: string, category?: string | null, value?: number];

/** Events in a stable order, compactly. */
function compact(events: readonly IndicatorEvent[]): Ev[] {
  return events
    .map((e): Ev => {
      const row: Ev = [e.indicator, e.on, e.organisationId];
      if (e.category !== undefined || e.value !== undefined) row.push(e.category ?? null);
      if (e.value !== undefined) row.push(e.value);
      return row;
    })
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}
const sorted = (rows: Ev[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

const section = (name: string): IndicatorSection => ANTI_VIOLENCE_SECTIONS.find((s) => s.name === name)!;

describe.each(testBackends())("anti-violence indicator sections on $name", (backend) => {
  let db: Database;
  beforeAll(async () => {
    db = await backend.open();
    await migrate(db, KIT_MIGRATIONS_DIRECTORY, KIT_MIGRATIONS_TABLE);
    await migrate(db, MIGRATIONS);
    await fixture(db);
  });
  afterAll(() => db.close());

  const input = (years: number[], cohort: ReportingCohort = COHORT): SectionInput => ({
    db,
    cohort,
    years,
    organisations: ORGANISATIONS.filter((o) => o.type === "ANTI_VIOLENCE_CENTRE" || o.type === "SHELTER"),
  });
  const events = async (name: string, years: number[], cohort?: ReportingCohort) => compact(await section(name).events(input(years, cohort)));

  it("intake: pathways opened, needs analyses and those within 30 days", async () => {
    expect(await events("intake", [2025])).toEqual(
      sorted([
        ["intake.pathways_opened", "2025-01-10", "cav-a"],
        ["intake.pathways_opened", "2025-02-20", "casa-b"],
        ["intake.pathways_opened", "2025-07-07", "casa-b"],
        ["intake.needs_analyses", "2025-01-25", "cav-a"],
        ["intake.needs_analyses", "2025-04-15", "casa-b"],
        ["intake.needs_analyses", "2025-01-05", "cav-a"],
        // 15 and 16 days after opening; P2's took 54.
        ["intake.needs_analyses_within_30_days", "2025-01-25", "cav-a"],
        ["intake.needs_analyses_within_30_days", "2025-01-05", "cav-a"],
      ]),
    );
    expect(await events("intake", [2024])).toEqual([["intake.pathways_opened", "2024-12-20", "cav-a"]]);
  });

  it("plans: signed, days to signature, goals by area and by status, dated at the signature", async () => {
    expect(await events("plans", [2025])).toEqual(
      sorted([
        ["plans.signed", "2025-03-01", "cav-a"],
        ["plans.median_days_to_signature", "2025-03-01", "cav-a", null, 50],
        ["plans.goals_by_area", "2025-03-01", "cav-a", "EMPLOYMENT"],
        ["plans.goals_by_area", "2025-03-01", "cav-a", "HOUSING"],
        ["plans.goals_by_status", "2025-03-01", "cav-a", "PLANNED"],
        ["plans.goals_by_status", "2025-03-01", "cav-a", "ACHIEVED"],
      ]),
    );
    // P2's plan, signed the next year; P5's draft never counts.
    expect(await events("plans", [2026])).toEqual(
      sorted([
        ["plans.signed", "2026-01-10", "casa-b"],
        ["plans.median_days_to_signature", "2026-01-10", "casa-b", null, 324],
        ["plans.goals_by_area", "2026-01-10", "casa-b", "TRAINING"],
        ["plans.goals_by_status", "2026-01-10", "casa-b", "IN_PROGRESS"],
      ]),
    );
  });

  it("referrals: sent by receiving type, accepted with days to acceptance, rejected by code", async () => {
    expect(await events("referrals", [2025])).toEqual(
      sorted([
        ["referrals.sent", "2025-02-01", "cav-a", "JOB_CENTRE"],
        ["referrals.sent", "2025-02-10", "cav-a", "TRAINING_BODY"],
        ["referrals.sent", "2025-03-01", "casa-b", "JOB_CENTRE"],
        ["referrals.sent", "2025-03-10", "casa-b", "TRAINING_BODY"],
        ["referrals.sent", "2025-12-20", "casa-b", "JOB_CENTRE"],
        ["referrals.sent", "2025-05-05", "casa-b", "ANTI_VIOLENCE_CENTRE"],
        // Accepted then completed, or accepted then withdrawn: accepted all the same.
        ["referrals.accepted", "2025-02-06", "cav-a"],
        ["referrals.accepted", "2025-03-04", "casa-b"],
        ["referrals.accepted", "2025-03-20", "casa-b"],
        ["referrals.median_days_to_acceptance", "2025-02-06", "cav-a", null, 5],
        ["referrals.median_days_to_acceptance", "2025-03-04", "casa-b", null, 3],
        ["referrals.median_days_to_acceptance", "2025-03-20", "casa-b", null, 10],
        // The code, never the note typed beside it.
        ["referrals.rejected", "2025-02-12", "cav-a", "NO_CAPACITY"],
      ]),
    );
  });

  it("autonomy: situations at intake and at the latest review, and who improved on each ladder", async () => {
    expect(await events("autonomy", [2025])).toEqual(
      sorted([
        ["autonomy.economic_at_intake", "2025-01-25", "cav-a", "NO_INCOME"],
        ["autonomy.economic_at_intake", "2025-04-15", "casa-b", "LOW_INCOME"],
        ["autonomy.economic_at_intake", "2025-01-05", "cav-a", "INCOME_SUPPORT"],
        ["autonomy.housing_at_intake", "2025-01-25", "cav-a", "SHELTER"],
        ["autonomy.housing_at_intake", "2025-04-15", "casa-b", "RENTED"],
        ["autonomy.housing_at_intake", "2025-01-05", "cav-a", "TEMPORARY"],
        // P1's latest review only (not the June one); P3's latest was in 2024.
        ["autonomy.economic_latest", "2025-09-15", "cav-a", "LOW_INCOME"],
        ["autonomy.economic_latest", "2025-11-01", "casa-b", "NO_INCOME"],
        ["autonomy.housing_latest", "2025-09-15", "cav-a", "RENTED"],
        ["autonomy.housing_latest", "2025-11-01", "casa-b", "OWNED"],
        // P1: NO_INCOME → LOW_INCOME, SHELTER → RENTED. P2: down, and RENTED → OWNED is the same rung.
        ["autonomy.improved", "2025-09-15", "cav-a"],
        ["autonomy.housing_improved", "2025-09-15", "cav-a"],
      ]),
    );
    // A review before her needs analysis is not compared with it.
    expect(await events("autonomy", [2024])).toEqual(
      sorted([
        ["autonomy.economic_latest", "2024-12-30", "cav-a", "SELF_SUFFICIENT"],
        ["autonomy.housing_latest", "2024-12-30", "cav-a", "OWNED"],
      ]),
    );
  });

  it("pathwayOutcomes: each step once per woman, within its horizon, dated by her intake day", async () => {
    expect(await events("pathwayOutcomes", [2025])).toEqual(
      sorted([
        // P3 started in 2024: not in 2025's intake, whatever happened to her in 2025.
        ["pathway_outcomes.started", "2025-01-10", "cav-a"],
        ["pathway_outcomes.started", "2025-02-20", "casa-b"],
        ["pathway_outcomes.started", "2025-07-07", "casa-b"],
        // P1 signed 50 days after intake; P2 signed 2026-01-10, 10 months after: too late; P5's draft is no plan.
        ["pathway_outcomes.plan_within_6_months", "2025-01-10", "cav-a"],
        // P1 twice (a job centre, a training body): once. P2 to a job centre (withdrawn later: sent all the same),
        // not for her referral to a case-holder.
        ["pathway_outcomes.referred_within_6_months", "2025-01-10", "cav-a"],
        ["pathway_outcomes.referred_within_6_months", "2025-02-20", "casa-b"],
        // P1: NO_INCOME → INCOME_SUPPORT in June (then LOW_INCOME); SHELTER → RENTED in September.
        // P2: down, and RENTED → OWNED is the same rung.
        ["pathway_outcomes.economic_improved_within_12_months", "2025-01-10", "cav-a"],
        ["pathway_outcomes.housing_improved_within_12_months", "2025-01-10", "cav-a"],
      ]),
    );
    // P3's review (2024-12-30) came before her needs analysis: nothing to compare.
    expect(await events("pathwayOutcomes", [2024])).toEqual([["pathway_outcomes.started", "2024-12-20", "cav-a"]]);
  });

  it("pathwayOutcomes: a step counts up to the horizon's last day, not the day after", async () => {
    const edge = "00000000-0000-4000-8000-000000000777";
    await db.exec(`
      insert into pathways (id, holder_id, stage, opened_on, opened_by) values ('${edge}', 'cav-a', 'PLAN_ACTIVE', '2023-08-31', 'u');
      insert into plans (id, pathway_id, created_on, signed_on) values ('${C(97)}', '${edge}', '2023-09-01', '2024-02-29');
      insert into referrals (id, pathway_id, from_organisation_id, to_organisation_id, purpose, status, sent_on, sent_by) values
        ('${R(97)}', '${edge}', 'cav-a', 'cpi-c', 'JOB_PLACEMENT', 'SENT', '2024-03-01', 'u');
      insert into needs_assessments (pathway_id, assessed_on, assessed_by, education_level, availability, economic_situation, housing_situation)
        values ('${edge}', '2023-09-01', 'u', 'PRIMARY', 'FULL_TIME', 'NO_INCOME', 'AT_RISK');
      insert into situation_reviews (id, pathway_id, reviewed_on, reviewed_by, economic_situation, housing_situation) values
        (gen_random_uuid(), '${edge}', '2024-08-31', 'u', 'INCOME_SUPPORT', 'AT_RISK'),
        (gen_random_uuid(), '${edge}', '2024-09-01', 'u', 'INCOME_SUPPORT', 'SHELTER');
    `);
    try {
      // 31 Aug + 6 months = 29 Feb (leap year): the plan is in, the referral a day late. The review
      // on 31 Aug 2024 is in (economic up), the housing step up came a day late.
      expect(await events("pathwayOutcomes", [2023], cohortOf([edge]))).toEqual(
        sorted([
          ["pathway_outcomes.started", "2023-08-31", "cav-a"],
          ["pathway_outcomes.plan_within_6_months", "2023-08-31", "cav-a"],
          ["pathway_outcomes.economic_improved_within_12_months", "2023-08-31", "cav-a"],
        ]),
      );
    } finally {
      await db.exec(`delete from situation_reviews where pathway_id = '${edge}'; delete from needs_assessments where pathway_id = '${edge}';
        delete from referrals where pathway_id = '${edge}'; delete from plans where pathway_id = '${edge}'; delete from pathways where id = '${edge}';`);
    }
  });

  it("rights: consents granted (not amendments), withdrawn, expired; seals; break-glass reads", async () => {
    expect(await events("rights", [2025])).toEqual(
      sorted([
        // UTC days: 23:30 on 12 January is still the 12th.
        ["rights.consents_granted", "2025-01-12", "cav-a"],
        ["rights.consents_granted", "2025-02-21", "casa-b"],
        ["rights.consents_granted", "2025-02-22", "casa-b"],
        ["rights.consents_granted", "2025-06-01", "cav-a"],
        ["rights.consents_withdrawn", "2025-05-01", "casa-b"],
        ["rights.consents_withdrawn", "2025-02-28", "casa-b"],
        ["rights.consents_withdrawn", "2025-01-31", "cav-a"],
        // The amendment's last permit ended on 31 December (the one it replaced was superseded
        // before its end); C3 expired before she withdrew it. Not: a permit without end (C4),
        // withdrawn on its last day (C5), still running (C6).
        ["rights.consents_expired", "2025-12-31", "cav-a"],
        ["rights.consents_expired", "2025-03-31", "casa-b"],
        ["rights.seals", "2025-05-05", "cav-a"],
        ["rights.seals", "2025-11-30", "cav-a"],
        // Two requests; the first read two categories.
        ["rights.break_glass_reads", "2025-05-06", "cav-a"],
        ["rights.break_glass_reads", "2025-05-06", "cav-a"],
      ]),
    );
    expect(await events("rights", [2024])).toEqual(
      sorted([
        ["rights.consents_granted", "2024-12-20", "cav-a"],
        ["rights.break_glass_reads", "2024-12-31", "cav-a"],
      ]),
    );
  });

  it("rights: a consent expires only once its last day is past", async () => {
    const P6 = "00000000-0000-4000-8000-000000000006";
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const [yesterday, today, tomorrow] = [day(-1), day(0), day(1)];
    await db.exec(`
      insert into pathways (id, holder_id, stage, opened_on, opened_by) values ('${P6}', 'casa-b', 'INTAKE', '2025-01-01', 'u');
      insert into consents (id, pathway_id, status, evidence_reference, recorded_by, recorded_at) values
        ('${C(8)}', '${P6}', 'ACTIVE', 'Form 8', 'u', '2025-01-01T10:00:00Z'), ('${C(9)}', '${P6}', 'ACTIVE', 'Form 9', 'u', '2025-01-01T10:00:00Z'),
        ('${C(10)}', '${P6}', 'ACTIVE', 'Form 10', 'u', '2025-01-01T10:00:00Z');
      insert into consent_provisions (id, consent_id, type, grantee_organisation_id, categories, purposes, period_end, position) values
        ('${C(61)}', '${C(8)}', 'PERMIT', 'cpi-c', '{EDUCATION_SKILLS}', '{JOB_PLACEMENT}', '${yesterday}', 1),
        ('${C(62)}', '${C(9)}', 'PERMIT', 'cpi-c', '{EDUCATION_SKILLS}', '{JOB_PLACEMENT}', '${tomorrow}', 1),
        -- Its last day is today: it still covers today.
        ('${C(63)}', '${C(10)}', 'PERMIT', 'cpi-c', '{EDUCATION_SKILLS}', '{JOB_PLACEMENT}', '${today}', 1);`);
    const years = [...new Set([yesterday, today, tomorrow].map((d) => Number(d.slice(0, 4))))];
    const expired = (await events("rights", years, cohortOf([P6]))).filter(([indicator]) => indicator === "rights.consents_expired");
    expect(expired).toEqual([["rights.consents_expired", yesterday, "casa-b"]]);
  });

  it("reads several years at once, as the union of each", async () => {
    for (const { name } of ANTI_VIOLENCE_SECTIONS) {
      const both = await events(name, [2024, 2025]);
      expect(both).toEqual(sorted([...(await events(name, [2024])), ...(await events(name, [2025]))]));
    }
  });

  it("counts nothing of a pathway outside the cohort, and nothing at all for an empty cohort", async () => {
    const all = cohortOf([P1, P2, P3, P4, P5]);
    for (const { name } of ANTI_VIOLENCE_SECTIONS) {
      const without = await events(name, [2025]);
      const withP4 = await events(name, [2025], all);
      // P4 has events in every section: the cohort alone keeps them out.
      expect(withP4.length).toBeGreaterThan(without.length);
      expect(await events(name, [2025], cohortOf([]))).toEqual([]);
      expect(await events(name, [], all)).toEqual([]);
    }
  });

  it("gives every event a defined indicator of its section, a category of its vocabulary, a value only for medians", async () => {
    for (const s of ANTI_VIOLENCE_SECTIONS) {
      const definitions = new Map(s.definitions.map((d) => [d.id, d]));
      for (const event of await s.events(input([2024, 2025, 2026], cohortOf([P1, P2, P3, P4, P5])))) {
        const definition = definitions.get(event.indicator);
        expect(definition, event.indicator).toBeDefined();
        expect(definition!.kind).not.toBe("RATE");
        expect(event.on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(["cav-a", "casa-b"]).toContain(event.organisationId);
        // Every record is about a woman of the cohort: her record key gives the cell key.
        expect([P1, P2, P3, P4, P5]).toContain(event.pathwayId);
        if (definition!.categories) expect(definition!.categories).toContain(event.category);
        else expect(event.category).toBeUndefined();
        if (definition!.kind === "MEDIAN") expect(event.value).toEqual(expect.any(Number));
        else expect(event.value).toBeUndefined();
      }
    }
  });

  it("reads each section in one statement, for 3 pathways as for 30", async () => {
    await bulk(db);
    const ids = Array.from({ length: 30 }, (_, i) => BULK(i + 1));
    for (const s of ANTI_VIOLENCE_SECTIONS) {
      const trips = async (cohort: ReportingCohort) => {
        const before = db.roundTrips;
        const found = await s.events(input([2025], cohort));
        return { found: found.length, trips: db.roundTrips - before };
      };
      const few = await trips(cohortOf(ids.slice(0, 3)));
      const many = await trips(cohortOf(ids));
      expect(few.found).toBeGreaterThan(0);
      expect(many.found).toBeGreaterThanOrEqual(few.found * 9);
      expect([s.name, few.trips, many.trips]).toEqual([s.name, 1, 1]);
    }
  });
});

describe("anti-violence indicator definitions", () => {
  const all = ANTI_VIOLENCE_SECTIONS.flatMap((s) => s.definitions.map((d) => ({ s, d })));

  it("are the IndicatorReport's six sections, of the case-holders, each id once", () => {
    expect(ANTI_VIOLENCE_SECTIONS.map((s) => s.name)).toEqual(["intake", "plans", "referrals", "autonomy", "pathwayOutcomes", "rights"]);
    for (const s of ANTI_VIOLENCE_SECTIONS) expect([...s.organisationTypes].sort()).toEqual(["ANTI_VIOLENCE_CENTRE", "SHELTER"]);
    const ids = all.map(({ d }) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("say what they count, in words, and are consistent with their kind", () => {
    const unit = { COUNT: "COUNT", RATE: "PERCENT", MEDIAN: "DAYS" } as const;
    for (const { s, d } of all) {
      // pathwayOutcomes' ids are pathway_outcomes.*: the field's name in snake_case.
      const prefix = s.name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
      expect(d.id.startsWith(`${prefix}.`) && d.section === s.name && d.source === "anti-violence").toBe(true);
      expect(d.id).toMatch(/^[a-z_]+\.[a-z0-9_]+$/);
      expect(d.unit).toBe(unit[d.kind]);
      for (const words of [d.title, d.numerator, d.dateRule]) expect(words.length).toBeGreaterThan(5);
      expect(d.denominator !== undefined).toBe(d.kind === "RATE");
      expect(d.rate !== undefined).toBe(d.kind === "RATE");
      expect(d.median !== undefined).toBe(d.kind === "MEDIAN");
      const countOf = (id: string) => s.definitions.find((other) => other.id === id && other.kind === "COUNT");
      if (d.rate && "denominator" in d.rate) {
        expect(countOf(d.rate.numerator)?.hidden).toBe(true);
        expect(countOf(d.rate.denominator)).toBeDefined();
      }
      if (d.median) expect(countOf(d.median.countOf)).toBeDefined();
      if (d.categories) expect(new Set(d.categories).size).toBe(d.categories.length);
    }
  });

  it("include at least the issue's indicators", () => {
    const ids = new Set(all.map(({ d }) => d.id));
    for (const id of [
      "intake.pathways_opened", "intake.needs_analyses", "intake.needs_analyses_within_30_days", "intake.needs_analyses_within_30_days_share",
      "plans.signed", "plans.median_days_to_signature", "plans.goals_by_area", "plans.goals_by_status",
      "referrals.sent", "referrals.accepted", "referrals.rejected", "referrals.median_days_to_acceptance",
      "autonomy.economic_at_intake", "autonomy.housing_at_intake", "autonomy.economic_latest", "autonomy.housing_latest", "autonomy.improved",
      "rights.consents_granted", "rights.consents_withdrawn", "rights.consents_expired", "rights.seals", "rights.break_glass_reads",
      "pathway_outcomes.started", "pathway_outcomes.plan_within_6_months", "pathway_outcomes.referred_within_6_months",
      "pathway_outcomes.economic_improved_within_12_months", "pathway_outcomes.housing_improved_within_12_months",
    ]) expect(ids.has(id), id).toBe(true);
  });
});
