import type { Database } from "@percorsi/kit";

// The network's indicators computed a second way, from the definitions' words (docs/indicators.md)
// and nothing of the engine: plain SELECTs of the seeded rows, the counting done here by hand.
// The report's cells are compared with these (gateway/test/indicators.e2e.test.ts).

/** One thing counted (or measured, for a median) by a definition: its day, its row, its category. */
export interface ReferenceEvent {
  on: string;
  organisationId: string;
  category?: string;
  value?: number;
}

export interface ReferenceOrganisation {
  id: string;
  type: string;
  operators: number | null;
}

type Listed =
  | { id: string; kind: "COUNT"; categories?: readonly string[]; followUpMonths?: number }
  | { id: string; kind: "RATE"; numerator: string; denominator: string | "operators" }
  | { id: string; kind: "MEDIAN"; countOf: string };

export interface ReferenceSection {
  name: string;
  /** Whose rows it has: the directory's organisations of these types. */
  types: readonly string[];
  /** Its listed indicators, in the order the definitions list them. */
  listed: readonly Listed[];
}

const CASE_HOLDERS = ["ANTI_VIOLENCE_CENTRE", "SHELTER"];
const ECONOMIC = ["NO_INCOME", "INCOME_SUPPORT", "IRREGULAR_INCOME", "LOW_INCOME", "SELF_SUFFICIENT"];
const HOUSING = ["SHELTER", "WITH_RELATIVES", "RENTED", "OWNED", "TEMPORARY", "AT_RISK"];
const count = (id: string, categories?: readonly string[]): Listed => ({ id, kind: "COUNT", ...(categories ? { categories } : {}) });
const retention = (months: number): Listed => ({
  id: `employment.retention_${months}_months`,
  kind: "RATE",
  numerator: `employment.retention_still_employed_${months}_months`,
  denominator: `employment.retention_checks_${months}_months`,
});

/** An outcome by intake cohort: a count dated by her intake day, measurable once `months` have passed. */
const outcome = (id: string, followUpMonths: number): Listed => ({ id, kind: "COUNT", followUpMonths });

/**
 * The outcomes by intake cohort, written out by hand from docs/indicators.md: kept apart from
 * REFERENCE_SECTIONS (whose cells the disclosure attack models) because their cells may have no
 * value (FOLLOW_UP_OPEN).
 */
export const OUTCOME_SECTIONS: readonly ReferenceSection[] = [
  {
    name: "pathwayOutcomes",
    types: ["ANTI_VIOLENCE_CENTRE", "SHELTER"],
    listed: [
      outcome("pathway_outcomes.started", 0),
      outcome("pathway_outcomes.plan_within_6_months", 6),
      outcome("pathway_outcomes.referred_within_6_months", 6),
      outcome("pathway_outcomes.economic_improved_within_12_months", 12),
      outcome("pathway_outcomes.housing_improved_within_12_months", 12),
    ],
  },
  {
    name: "employmentOutcomes",
    types: ["JOB_CENTRE"],
    listed: [
      outcome("employment_outcomes.registered_within_12_months", 12),
      outcome("employment_outcomes.placed_within_6_months", 6),
      outcome("employment_outcomes.placed_within_12_months", 12),
      outcome("employment_outcomes.kept_3_months", 15),
      outcome("employment_outcomes.kept_6_months", 18),
      outcome("employment_outcomes.kept_12_months", 24),
    ],
  },
  {
    name: "trainingOutcomes",
    types: ["TRAINING_BODY"],
    listed: [outcome("training_outcomes.enrolled_within_12_months", 12), outcome("training_outcomes.completed_within_12_months", 12)],
  },
];

/** Every section and every indicator it lists, written out by hand from docs/indicators.md. */
export const REFERENCE_SECTIONS: readonly ReferenceSection[] = [
  {
    name: "intake",
    types: CASE_HOLDERS,
    listed: [
      count("intake.pathways_opened"),
      count("intake.needs_analyses"),
      { id: "intake.needs_analyses_within_30_days_share", kind: "RATE", numerator: "intake.needs_analyses_within_30_days", denominator: "intake.needs_analyses" },
    ],
  },
  {
    name: "plans",
    types: CASE_HOLDERS,
    listed: [
      count("plans.signed"),
      { id: "plans.median_days_to_signature", kind: "MEDIAN", countOf: "plans.signed" },
      count("plans.goals_by_area", ["EMPLOYMENT", "TRAINING", "HOUSING", "ECONOMIC", "CARE", "LEGAL", "WELLBEING"]),
      count("plans.goals_by_status", ["PLANNED", "IN_PROGRESS", "ACHIEVED", "DROPPED"]),
    ],
  },
  {
    name: "referrals",
    types: CASE_HOLDERS,
    listed: [
      count("referrals.sent", ["ANTI_VIOLENCE_CENTRE", "SHELTER", "JOB_CENTRE", "TRAINING_BODY", "HOUSING_BODY", "TRADE_UNION"]),
      count("referrals.accepted"),
      count("referrals.rejected", ["NO_CAPACITY", "NOT_ELIGIBLE", "OUT_OF_AREA", "DECLINED_BY_HER", "OTHER"]),
      { id: "referrals.median_days_to_acceptance", kind: "MEDIAN", countOf: "referrals.accepted" },
    ],
  },
  {
    name: "autonomy",
    types: CASE_HOLDERS,
    listed: [
      count("autonomy.economic_at_intake", ECONOMIC),
      count("autonomy.economic_latest", ECONOMIC),
      count("autonomy.housing_at_intake", HOUSING),
      count("autonomy.housing_latest", HOUSING),
      count("autonomy.improved"),
      count("autonomy.housing_improved"),
    ],
  },
  {
    name: "rights",
    types: CASE_HOLDERS,
    listed: [
      count("rights.consents_granted"),
      count("rights.consents_withdrawn"),
      count("rights.consents_expired"),
      count("rights.seals"),
      count("rights.break_glass_reads"),
    ],
  },
  {
    name: "employment",
    types: ["JOB_CENTRE"],
    listed: [
      count("employment.job_seekers_registered"),
      count("employment.registrations_after_referral"),
      { id: "employment.median_days_referral_to_registration", kind: "MEDIAN", countOf: "employment.registrations_after_referral" },
      count("employment.placements"),
      count("employment.placements_within_6_months_of_plan"),
      count("employment.placements_within_12_months_of_plan"),
      count("employment.quality_placements"),
      { id: "employment.quality_placements_share", kind: "RATE", numerator: "employment.quality_placements", denominator: "employment.placements" },
      retention(3),
      retention(6),
      retention(12),
    ],
  },
  {
    name: "employers",
    types: ["JOB_CENTRE"],
    listed: [count("employers.reached_by_campaigns"), count("employers.safe_workplace_commitments")],
  },
  {
    name: "training",
    types: ["TRAINING_BODY"],
    listed: [
      count("training.enrolments"),
      count("training.completions"),
      { id: "training.completion_rate", kind: "RATE", numerator: "training.completions", denominator: "training.ended" },
      count("training.certificates"),
      count("training.operator_sessions"),
    ],
  },
  {
    name: "operatorTraining",
    types: ["JOB_CENTRE"],
    listed: [
      count("operatorTraining.operators_trained"),
      { id: "operatorTraining.operators_trained_share", kind: "RATE", numerator: "operatorTraining.operators_trained", denominator: "operators" },
    ],
  },
];

export interface ReferenceData {
  organisations: ReferenceOrganisation[];
  /** By indicator id (listed or an input of a listed rate or median). */
  events: Map<string, ReferenceEvent[]>;
  /** Events whose row is no organisation of the directory (there should be none). */
  strays: string[];
}

const day = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;
const utcDay = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD')`;

/** Whole days from a to b (ISO days). */
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

/** The same day `months` calendar months later, or that month's last day when it has no such day. */
export function addCalendarMonths(on: string, months: number): string {
  const [y, m, d] = on.split("-").map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

const ECONOMIC_RUNG: Record<string, number> = { NO_INCOME: 0, INCOME_SUPPORT: 1, IRREGULAR_INCOME: 2, LOW_INCOME: 3, SELF_SUFFICIENT: 4 };
const HOUSING_RUNG: Record<string, number> = { AT_RISK: 0, SHELTER: 1, TEMPORARY: 2, WITH_RELATIVES: 3, RENTED: 4, OWNED: 4 };

/** Reads the three stores as they are now and counts every definition's events by hand. */
export async function referenceData(stores: { antiViolence: Database; employment: Database; training: Database }, today: string): Promise<ReferenceData> {
  const av = stores.antiViolence;
  const events = new Map<string, ReferenceEvent[]>();
  const strays: string[] = [];
  const organisations = (await av.query<ReferenceOrganisation>("select id, type, operators from organisations")).map((o) => ({
    ...o,
    operators: o.operators === null ? null : Number(o.operators),
  }));
  const typeOf = new Map(organisations.map((o) => [o.id, o.type]));
  const add = (id: string, event: ReferenceEvent) => {
    if (!typeOf.has(event.organisationId)) strays.push(`${id} at ${event.organisationId}`);
    events.set(id, [...(events.get(id) ?? []), event]);
  };

  // Who counts: her reporting consent granted (a withdrawal sets it to not granted).
  const cohort = `(select pathway_id from reporting_consents where granted)`;
  const pathways = await av.query<{ id: string; holder: string; opened: string }>(
    `select id::text as id, holder_id as holder, ${day("opened_on")} as opened from pathways where id in ${cohort}`,
  );
  const pathway = new Map(pathways.map((p) => [p.id, p]));
  const holderOf = (id: string) => pathway.get(id)!.holder;

  // intake
  for (const p of pathways) add("intake.pathways_opened", { on: p.opened, organisationId: p.holder });
  const assessments = await av.query<{ pathway: string; on: string; economic: string; housing: string }>(
    `select pathway_id::text as pathway, ${day("assessed_on")} as on, economic_situation as economic, housing_situation as housing
     from needs_assessments where pathway_id in ${cohort}`,
  );
  for (const a of assessments) {
    const at = { on: a.on, organisationId: holderOf(a.pathway) };
    add("intake.needs_analyses", at);
    if (daysBetween(pathway.get(a.pathway)!.opened, a.on) <= 30) add("intake.needs_analyses_within_30_days", at);
    add("autonomy.economic_at_intake", { ...at, category: a.economic });
    add("autonomy.housing_at_intake", { ...at, category: a.housing });
  }

  // plans
  const plans = await av.query<{ id: string; pathway: string; signed: string | null }>(
    `select id::text as id, pathway_id::text as pathway, ${day("signed_on")} as signed from plans where pathway_id in ${cohort}`,
  );
  const signedOn = new Map(plans.filter((p) => p.signed !== null).map((p) => [p.pathway, p.signed!]));
  for (const plan of plans) {
    if (plan.signed === null) continue;
    const at = { on: plan.signed, organisationId: holderOf(plan.pathway) };
    add("plans.signed", at);
    add("plans.median_days_to_signature", { ...at, value: daysBetween(pathway.get(plan.pathway)!.opened, plan.signed) });
  }
  const goals = await av.query<{ plan: string; area: string; status: string }>(
    `select plan_id::text as plan, area, status from plan_goals where plan_id in (select id from plans where pathway_id in ${cohort})`,
  );
  const planById = new Map(plans.map((p) => [p.id, p]));
  for (const goal of goals) {
    const plan = planById.get(goal.plan)!;
    if (plan.signed === null) continue;
    add("plans.goals_by_area", { on: plan.signed, organisationId: holderOf(plan.pathway), category: goal.area });
    add("plans.goals_by_status", { on: plan.signed, organisationId: holderOf(plan.pathway), category: goal.status });
  }

  // referrals: counted for the case-holder that sent it
  const referrals = await av.query<{ pathway: string; from: string; to: string; toType: string; status: string; sent: string; answered: string | null; code: string | null }>(
    `select r.pathway_id::text as pathway, r.from_organisation_id as "from", r.to_organisation_id as "to", o.type as "toType", r.status,
            ${day("r.sent_on")} as sent, ${day("r.responded_on")} as answered, r.rejection_code as code
     from referrals r join organisations o on o.id = r.to_organisation_id where r.pathway_id in ${cohort}`,
  );
  for (const r of referrals) {
    add("referrals.sent", { on: r.sent, organisationId: r.from, category: r.toType });
    // Accepted: answered and then ACCEPTED, DONE, or WITHDRAWN after the acceptance (a referral
    // withdrawn while waiting has no answer day).
    const accepted = r.answered !== null && (r.status === "ACCEPTED" || r.status === "DONE" || r.status === "WITHDRAWN");
    if (accepted) {
      add("referrals.accepted", { on: r.answered!, organisationId: r.from });
      add("referrals.median_days_to_acceptance", { on: r.answered!, organisationId: r.from, value: daysBetween(r.sent, r.answered!) });
    }
    if (r.status === "REJECTED") add("referrals.rejected", { on: r.answered!, organisationId: r.from, category: r.code ?? "OTHER" });
  }

  // autonomy: her latest review (latest day, then the last recorded)
  const reviews = await av.query<{ id: string; pathway: string; on: string; recorded: string; economic: string; housing: string }>(
    `select id::text as id, pathway_id::text as pathway, ${day("reviewed_on")} as on,
            to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as recorded, economic_situation as economic, housing_situation as housing
     from situation_reviews where pathway_id in ${cohort}`,
  );
  const latest = new Map<string, (typeof reviews)[number]>();
  const later = (a: (typeof reviews)[number], b: (typeof reviews)[number]) =>
    a.on !== b.on ? a.on > b.on : a.recorded !== b.recorded ? a.recorded > b.recorded : a.id > b.id;
  for (const review of reviews) {
    const known = latest.get(review.pathway);
    if (!known || later(review, known)) latest.set(review.pathway, review);
  }
  const assessmentOf = new Map(assessments.map((a) => [a.pathway, a]));
  for (const review of latest.values()) {
    const at = { on: review.on, organisationId: holderOf(review.pathway) };
    add("autonomy.economic_latest", { ...at, category: review.economic });
    add("autonomy.housing_latest", { ...at, category: review.housing });
    const intake = assessmentOf.get(review.pathway);
    if (!intake || intake.on > review.on) continue;
    if (ECONOMIC_RUNG[review.economic]! > ECONOMIC_RUNG[intake.economic]!) add("autonomy.improved", at);
    if (HOUSING_RUNG[review.housing]! > HOUSING_RUNG[intake.housing]!) add("autonomy.housing_improved", at);
  }

  // rights (UTC days)
  const consents = await av.query<{ id: string; pathway: string; recorded: string; withdrawn: string | null; replaces: string | null }>(
    `select id::text as id, pathway_id::text as pathway, ${utcDay("recorded_at")} as recorded, ${utcDay("withdrawn_at")} as withdrawn, replaces::text as replaces
     from consents where pathway_id in ${cohort}`,
  );
  const permits = await av.query<{ consent: string; ends: string | null }>(
    `select consent_id::text as consent, ${day("period_end")} as ends from consent_provisions
     where type = 'PERMIT' and parent_id is null and consent_id in (select id from consents where pathway_id in ${cohort})`,
  );
  const endsOf = new Map<string, (string | null)[]>();
  for (const permit of permits) endsOf.set(permit.consent, [...(endsOf.get(permit.consent) ?? []), permit.ends]);
  const amendedOn = new Map<string, string[]>();
  for (const c of consents) if (c.replaces) amendedOn.set(c.replaces, [...(amendedOn.get(c.replaces) ?? []), c.recorded]);
  for (const c of consents) {
    const at = { organisationId: holderOf(c.pathway) };
    if (c.replaces === null) add("rights.consents_granted", { ...at, on: c.recorded });
    if (c.withdrawn !== null) add("rights.consents_withdrawn", { ...at, on: c.withdrawn });
    const ends = endsOf.get(c.id) ?? [];
    if (ends.length === 0 || ends.some((end) => end === null)) continue;
    const lastDay = ends.reduce((a, b) => (a! > b! ? a : b))!;
    const expired =
      lastDay < today && !(c.withdrawn !== null && c.withdrawn <= lastDay) && !(amendedOn.get(c.id) ?? []).some((amended) => amended <= lastDay);
    if (expired) add("rights.consents_expired", { ...at, on: lastDay });
  }
  const seals = await av.query<{ pathway: string; on: string }>(
    `select pathway_id::text as pathway, ${utcDay("sealed_at")} as on from pathway_seals where pathway_id in ${cohort}`,
  );
  for (const seal of seals) add("rights.seals", { on: seal.on, organisationId: holderOf(seal.pathway) });
  const breakGlass = await av.query<{ request: string; pathway: string; on: string }>(
    `select request_id as request, pathway_id as pathway, ${utcDay("at")} as on from audit_log
     where action = 'READ' and decision = 'ALLOW' and basis = 'BREAK_GLASS' and pathway_id is not null`,
  );
  const reads = new Set<string>();
  for (const read of breakGlass) {
    const key = `${read.request} ${read.pathway.toLowerCase()} ${read.on}`;
    if (!pathway.has(read.pathway.toLowerCase()) || reads.has(key)) continue;
    reads.add(key);
    add("rights.break_glass_reads", { on: read.on, organisationId: holderOf(read.pathway.toLowerCase()) });
  }

  // employment: the cohort is the consent authority's; referrals are the case-holders'
  const emp = stores.employment;
  const seekers = (
    await emp.query<{ id: string; pathway: string; centre: string; on: string }>(
      `select id::text as id, pathway_id::text as pathway, job_centre_id as centre, ${day("registered_on")} as on from job_seekers`,
    )
  ).filter((s) => pathway.has(s.pathway));
  const seeker = new Map(seekers.map((s) => [s.id, s]));
  for (const s of seekers) {
    add("employment.job_seekers_registered", { on: s.on, organisationId: s.centre });
    const earlier = referrals.filter((r) => r.pathway === s.pathway && r.to === s.centre && r.sent <= s.on).map((r) => r.sent);
    if (earlier.length === 0) continue;
    const latestReferral = earlier.reduce((a, b) => (a > b ? a : b));
    add("employment.registrations_after_referral", { on: s.on, organisationId: s.centre });
    add("employment.median_days_referral_to_registration", { on: s.on, organisationId: s.centre, value: daysBetween(latestReferral, s.on) });
  }
  const placements = (
    await emp.query<{ id: string; seeker: string; contract: string; start: string; end: string | null }>(
      `select id::text as id, job_seeker_id::text as seeker, contract_type as contract, ${day("start_on")} as start, ${day("end_on")} as "end" from placements`,
    )
  ).filter((p) => seeker.has(p.seeker));
  const placement = new Map(placements.map((p) => [p.id, p]));
  for (const p of placements) {
    const s = seeker.get(p.seeker)!;
    const at = { on: p.start, organisationId: s.centre };
    add("employment.placements", at);
    const signed = signedOn.get(s.pathway);
    if (signed !== undefined && p.start >= signed && p.start <= addCalendarMonths(signed, 6)) add("employment.placements_within_6_months_of_plan", at);
    if (signed !== undefined && p.start >= signed && p.start <= addCalendarMonths(signed, 12)) add("employment.placements_within_12_months_of_plan", at);
    if (p.contract === "PERMANENT" || (p.contract === "FIXED_TERM" && p.end !== null && p.end >= addCalendarMonths(p.start, 6))) {
      add("employment.quality_placements", at);
    }
  }
  const checks = await emp.query<{ placement: string; months: number; on: string; employed: boolean }>(
    `select placement_id::text as placement, months_after_start as months, ${day("checked_on")} as on, still_employed as employed from retention_checks`,
  );
  for (const check of checks) {
    const p = placement.get(check.placement);
    if (!p) continue;
    const at = { on: check.on, organisationId: seeker.get(p.seeker)!.centre };
    add(`employment.retention_checks_${check.months}_months`, at);
    if (check.employed) add(`employment.retention_still_employed_${check.months}_months`, at);
  }

  // employers: no woman involved, all count
  for (const row of await emp.query<{ centre: string; on: string }>(
    `select c.job_centre_id as centre, ${day("c.started_on")} as on from campaign_employers ce join campaigns c on c.id = ce.campaign_id`,
  )) {
    add("employers.reached_by_campaigns", { on: row.on, organisationId: row.centre });
  }
  for (const row of await emp.query<{ centre: string; on: string }>(
    `select job_centre_id as centre, ${day("safe_workplace_commitment_signed_on")} as on from employers where safe_workplace_commitment_signed_on is not null`,
  )) {
    add("employers.safe_workplace_commitments", { on: row.on, organisationId: row.centre });
  }

  // training: the enrolment belongs to the training body that runs the course
  const tr = stores.training;
  const enrolments = (
    await tr.query<{ id: string; pathway: string; body: string; enrolled: string; completed: string | null; withdrawn: string | null; certified: boolean }>(
      `select e.id::text as id, e.pathway_id::text as pathway, c.training_body_id as body, ${day("e.enrolled_on")} as enrolled, ${day("e.completed_on")} as completed,
              ${day("e.withdrawn_on")} as withdrawn, e.certificate is not null as certified
       from enrolments e join courses c on c.id = e.course_id`,
    )
  ).filter((e) => pathway.has(e.pathway));
  for (const e of enrolments) {
    add("training.enrolments", { on: e.enrolled, organisationId: e.body });
    if (e.completed !== null) {
      add("training.completions", { on: e.completed, organisationId: e.body });
      add("training.ended", { on: e.completed, organisationId: e.body });
      if (e.certified) add("training.certificates", { on: e.completed, organisationId: e.body });
    }
    if (e.withdrawn !== null) add("training.ended", { on: e.withdrawn, organisationId: e.body });
  }
  for (const row of await tr.query<{ host: string; on: string }>(`select host_training_body_id as host, ${day("held_on")} as on from operator_training_sessions`)) {
    add("training.operator_sessions", { on: row.on, organisationId: row.host });
  }

  // operatorTraining: each operator once, at their first session as an operator of a job centre
  const attendances = (
    await tr.query<{ operator: string; organisation: string; on: string }>(
      `select a.operator_id as operator, a.organisation_id as organisation, ${day("s.held_on")} as on
       from operator_attendances a join operator_training_sessions s on s.id = a.session_id`,
    )
  ).filter((a) => typeOf.get(a.organisation) === "JOB_CENTRE");
  const first = new Map<string, { on: string; organisations: Set<string> }>();
  for (const a of attendances) {
    const known = first.get(a.operator);
    if (!known || a.on < known.on) first.set(a.operator, { on: a.on, organisations: new Set([a.organisation]) });
    else if (a.on === known.on) known.organisations.add(a.organisation);
  }
  for (const [operator, { on, organisations: at }] of first) {
    // Two job centres on the same first day would make "the job centre they attended for" a guess.
    if (at.size !== 1) strays.push(`operator ${operator} first trained for ${at.size} job centres on one day`);
    add("operatorTraining.operators_trained", { on, organisationId: [...at][0]! });
  }

  // Outcomes by intake cohort: each woman once per step, the first time she reached it (the
  // earliest day, then the record's id) within [her intake day, intake + N months], dated by her
  // intake day, at the organisation where the step happened.
  const inWindow = (id: string, on: string | null | undefined, months: number) => {
    const opened = pathway.get(id)!.opened;
    return on !== null && on !== undefined && on >= opened && on <= addCalendarMonths(opened, months);
  };
  const firstOf = <T>(indicator: string, candidates: { pathway: string; on: string; id: string; organisationId: string }[]) => {
    const first = new Map<string, (typeof candidates)[number]>();
    for (const c of candidates) {
      const known = first.get(c.pathway);
      if (!known || c.on < known.on || (c.on === known.on && c.id < known.id)) first.set(c.pathway, c);
    }
    for (const c of first.values()) add(indicator, { on: pathway.get(c.pathway)!.opened, organisationId: c.organisationId });
  };
  for (const p of pathways) add("pathway_outcomes.started", { on: p.opened, organisationId: p.holder });
  firstOf(
    "pathway_outcomes.plan_within_6_months",
    plans.filter((pl) => inWindow(pl.pathway, pl.signed, 6)).map((pl) => ({ pathway: pl.pathway, on: pl.signed!, id: pl.id, organisationId: holderOf(pl.pathway) })),
  );
  firstOf(
    "pathway_outcomes.referred_within_6_months",
    referrals
      .filter((r) => !CASE_HOLDERS.includes(r.toType) && inWindow(r.pathway, r.sent, 6))
      .map((r) => ({ pathway: r.pathway, on: r.sent, id: r.to, organisationId: holderOf(r.pathway) })),
  );
  const improvedReviews = (rung: Record<string, number>, of: (row: { economic: string; housing: string }) => string) =>
    reviews
      .filter((r) => {
        const intake = assessmentOf.get(r.pathway);
        return intake !== undefined && inWindow(r.pathway, r.on, 12) && r.on >= intake.on && rung[of(r)]! > rung[of(intake)]!;
      })
      .map((r) => ({ pathway: r.pathway, on: r.on, id: r.id, organisationId: holderOf(r.pathway) }));
  firstOf("pathway_outcomes.economic_improved_within_12_months", improvedReviews(ECONOMIC_RUNG, (r) => r.economic));
  firstOf("pathway_outcomes.housing_improved_within_12_months", improvedReviews(HOUSING_RUNG, (r) => r.housing));

  firstOf(
    "employment_outcomes.registered_within_12_months",
    seekers.filter((s) => inWindow(s.pathway, s.on, 12)).map((s) => ({ pathway: s.pathway, on: s.on, id: s.id, organisationId: s.centre })),
  );
  const placedWithin = (months: number) =>
    placements
      .filter((p) => inWindow(seeker.get(p.seeker)!.pathway, p.start, months))
      .map((p) => ({ pathway: seeker.get(p.seeker)!.pathway, on: p.start, id: p.id, organisationId: seeker.get(p.seeker)!.centre }));
  firstOf("employment_outcomes.placed_within_6_months", placedWithin(6));
  firstOf("employment_outcomes.placed_within_12_months", placedWithin(12));
  for (const months of [3, 6, 12]) {
    // Retention as the employment section counts it: the check N months after the start found her employed.
    const kept = new Set(checks.filter((c) => c.months === months && c.employed).map((c) => c.placement));
    firstOf(`employment_outcomes.kept_${months}_months`, placedWithin(12).filter((p) => kept.has(p.id)));
  }

  firstOf(
    "training_outcomes.enrolled_within_12_months",
    enrolments.filter((e) => inWindow(e.pathway, e.enrolled, 12)).map((e) => ({ pathway: e.pathway, on: e.enrolled, id: e.id, organisationId: e.body })),
  );
  firstOf(
    "training_outcomes.completed_within_12_months",
    enrolments.filter((e) => inWindow(e.pathway, e.completed, 12)).map((e) => ({ pathway: e.pathway, on: e.completed!, id: e.id, organisationId: e.body })),
  );

  return { organisations, events, strays };
}

// ---- Cells, as the definitions say they add up: periods, rows and categories.

export interface ReferencePeriod {
  id: string;
  from: string;
  to: string;
}

/** The calendar periods of a year at a granularity. */
export function periodsOfYear(year: number, granularity: "YEAR" | "QUARTER" | "MONTH"): ReferencePeriod[] {
  const month = (m: number) => String(m).padStart(2, "0");
  const last = (m: number) => String(new Date(Date.UTC(year, m, 0)).getUTCDate()).padStart(2, "0");
  if (granularity === "YEAR") return [{ id: `${year}`, from: `${year}-01-01`, to: `${year}-12-31` }];
  if (granularity === "QUARTER") return [1, 2, 3, 4].map((q) => ({ id: `${year}-Q${q}`, from: `${year}-${month(3 * q - 2)}-01`, to: `${year}-${month(3 * q)}-${last(3 * q)}` }));
  return Array.from({ length: 12 }, (_, k) => ({ id: `${year}-${month(k + 1)}`, from: `${year}-${month(k + 1)}-01`, to: `${year}-${month(k + 1)}-${last(k + 1)}` }));
}

export interface ReferenceGroup {
  label: string;
  organisations: ReadonlySet<string>;
}

/** The rows of a breakdown for a section's organisations. */
export function groupsOf(organisations: readonly ReferenceOrganisation[], breakdown: "NETWORK" | "ORGANISATION_TYPE" | "ORGANISATION"): ReferenceGroup[] {
  if (breakdown === "NETWORK") return [{ label: "NETWORK", organisations: new Set(organisations.map((o) => o.id)) }];
  if (breakdown === "ORGANISATION") return organisations.map((o) => ({ label: o.id, organisations: new Set([o.id]) }));
  const types = [...new Set(organisations.map((o) => o.type))];
  return types.map((type) => ({ label: type, organisations: new Set(organisations.filter((o) => o.type === type).map((o) => o.id)) }));
}

/** The events of a cell: in the period, of the row's organisations, of the category (null: all). */
export function eventsIn(events: readonly ReferenceEvent[] | undefined, period: ReferencePeriod, group: ReferenceGroup, category: string | null): ReferenceEvent[] {
  return (events ?? []).filter(
    (e) => e.on >= period.from && e.on <= period.to && group.organisations.has(e.organisationId) && (category === null || e.category === category),
  );
}

/** The median of the values, rounded to 0.5 (of an even number: the mean of the middle two). */
export function referenceMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.round(median * 2) / 2;
}

/** Every section the releases publish, in the order the network lists them (the tests' report asks for all). */
export const ALL_SECTION_NAMES = [
  "intake",
  "plans",
  "referrals",
  "autonomy",
  "pathwayOutcomes",
  "rights",
  "employment",
  "employmentOutcomes",
  "employers",
  "training",
  "trainingOutcomes",
  "operatorTraining",
  "housing",
] as const;
