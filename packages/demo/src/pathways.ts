// One woman's pathway through the network, generated so that every record agrees with the
// others: stages gate what exists, partners only act on referrals they accepted, and nothing
// happens after the demo's "today".

import {
  AVAILABILITIES,
  CARE_CONSTRAINTS,
  CLOSING_REASONS,
  CONTRACT_WEIGHTS,
  DISTRICTS,
  EDUCATION_RANK,
  EDUCATION_WEIGHTS,
  GOAL_TEMPLATES,
  HEALTH_NOTES,
  HOURS_TO_AVOID,
  NAME_ORIGINS,
  OCCUPATIONS,
  QUALIFICATIONS,
  REFERRAL_NOTES,
  REJECTION_REASONS,
  RETENTION_NOTES,
  SAFE_CONTACT_HOURS,
  SKILLS,
  WEEKLY_HOURS,
  occupationsIn,
  type NameOrigin,
} from "./catalogue.js";
import { organisationById, userOf } from "./organisations.js";
import { Random, addDays, addMonths, daysBetween, maxDate, minDate, uuidFor } from "./random.js";
import type {
  DemoCourse,
  DemoEmployer,
  DemoEnrolment,
  DemoIdentity,
  DemoJobSeeker,
  DemoNeedsAssessment,
  DemoPathway,
  DemoPlacement,
  DemoPlan,
  DemoPlanGoal,
  DemoReferral,
  DemoRetentionCheck,
  DemoVacancy,
  GoalArea,
  GoalStatus,
  PathwayStage,
  ReferralStatus,
} from "./types.js";
import type { Purpose } from "@percorsi/schema";

/** The demo's "today": no event in the network happens after it. */
export const DEMO_TODAY = "2026-11-20";

/** The job centre and training body a pathway works with. */
export interface Partners {
  jobCentreId: string;
  trainingBodyId: string;
}

/** The parts of the network a pathway refers to. */
export interface PathwayWorld {
  employers: readonly DemoEmployer[];
  vacancies: readonly DemoVacancy[];
  courses: readonly DemoCourse[];
  /** Districts a woman may need to avoid (default: the small network's). */
  districts?: readonly string[];
}

export interface PathwaySlot {
  holderId: string;
  index: number;
  stage: PathwayStage;
  partners: Partners;
  /** A showcase pathway tells the full story: signed plan, accepted referrals, job, course. */
  showcase: boolean;
  /** The large network's pathways: opened on this day (not in a stage's window)... */
  openedOn?: string;
  /** ...and drawn with its wider spread (late needs analyses, short terms, courses without a certificate). */
  realistic?: boolean;
}

// Older pathways are further along, so the opening window depends on the stage.
const OPENING_WINDOWS: Readonly<Record<PathwayStage, readonly [string, string]>> = {
  INTAKE: ["2026-10-01", "2026-10-31"],
  NEEDS_ANALYSIS: ["2026-07-15", "2026-10-20"],
  PLAN_ACTIVE: ["2025-09-01", "2026-09-15"],
  FOLLOW_UP: ["2025-01-10", "2025-12-31"],
  CLOSED: ["2025-01-10", "2025-12-31"],
};
const SHOWCASE_WINDOW = ["2025-01-13", "2025-02-28"] as const;

const PLAN_STAGES: ReadonlySet<PathwayStage> = new Set(["PLAN_ACTIVE", "FOLLOW_UP", "CLOSED"]);

// How likely a job seeker is to be placed; a pathway in follow-up usually has a job.
const PLACEMENT_CHANCE: Readonly<Record<PathwayStage, number>> = {
  INTAKE: 0,
  NEEDS_ANALYSIS: 0.2,
  PLAN_ACTIVE: 0.45,
  FOLLOW_UP: 0.85,
  CLOSED: 0.5,
};

/** A pathway's dates: centre-side events stop at `openUntil`, outcomes elsewhere at `DEMO_TODAY`. */
interface Timeline {
  openedOn: string;
  closedOn: string | null;
  openUntil: string;
}

interface Context {
  rng: Random;
  world: PathwayWorld;
  slot: PathwaySlot;
  key: string;
  operatorId: string;
  timeline: Timeline;
}

export function buildPathway(rng: Random, world: PathwayWorld, slot: PathwaySlot): DemoPathway {
  const key = `pathway/${slot.holderId}/${slot.index}`;
  const timeline = buildTimeline(rng, slot);
  const ctx: Context = { rng, world, slot, key, operatorId: userOf(slot.holderId).id, timeline };

  const origin = pickOrigin(rng);
  const identity = buildIdentity(rng, origin);
  const needsAssessment = slot.stage === "INTAKE" ? null : buildAssessment(ctx, origin);
  const planDates = needsAssessment && PLAN_STAGES.has(slot.stage) ? buildPlanDates(ctx, needsAssessment.assessedOn) : null;

  const referrals = needsAssessment ? buildReferrals(ctx, planDates?.createdOn ?? null, needsAssessment.assessedOn) : [];
  const jobSeeker = needsAssessment ? buildJobSeeker(ctx, referrals, needsAssessment) : null;
  const placements = jobSeeker && needsAssessment ? buildPlacements(ctx, jobSeeker, needsAssessment) : [];
  const enrolments = buildEnrolments(ctx, referrals);
  referrals.push(...buildRetentionReferrals(ctx, placements));
  closePlacementReferrals(referrals);

  const plan = planDates ? buildPlan(ctx, planDates, referrals, placements, enrolments) : null;
  if (jobSeeker) jobSeeker.status = jobSeekerStatus(ctx, jobSeeker, placements);

  return {
    id: uuidFor(key),
    holderId: slot.holderId,
    stage: slot.stage,
    openedOn: timeline.openedOn,
    closedOn: timeline.closedOn,
    closingReason: timeline.closedOn ? rng.weighted(CLOSING_REASONS) : null,
    identity,
    needsAssessment,
    plan,
    referrals,
    jobSeeker,
    placements,
    enrolments,
    // Her consents, reporting consent and seal are settled network-wide (see consents.ts).
    consents: [],
    reportingConsent: null,
    seal: null,
    situationReviews: [], // see situation-reviews.ts
  };
}

/** Whether a placement still holds on the demo's today (a fixed term may end later). */
export function ongoing(placement: DemoPlacement): boolean {
  return placement.endOn === null || placement.endOn > DEMO_TODAY;
}

function buildTimeline(rng: Random, slot: PathwaySlot): Timeline {
  const [from, to] = slot.showcase ? SHOWCASE_WINDOW : OPENING_WINDOWS[slot.stage];
  const openedOn = slot.openedOn ?? rng.date(from, to);
  const closedOn =
    slot.stage === "CLOSED" ? rng.date(addMonths(openedOn, 6), minDate(addMonths(openedOn, 16), DEMO_TODAY)) : null;
  return { openedOn, closedOn, openUntil: closedOn ?? DEMO_TODAY };
}

// ---- identity (never leaves the holder) ----

function pickOrigin(rng: Random): NameOrigin {
  const weights = Object.fromEntries(NAME_ORIGINS.map((o) => [o.language, o.weight]));
  const language = rng.weighted(weights);
  return NAME_ORIGINS.find((o) => o.language === language) ?? NAME_ORIGINS[0]!;
}

function buildIdentity(rng: Random, origin: NameOrigin): DemoIdentity {
  const givenName = rng.pick(origin.givenNames);
  const familyName = rng.pick(origin.familyNames);
  let preferredContact = rng.weighted({ PHONE: 4, EMAIL: 2, IN_PERSON: 1, THROUGH_CENTRE: 2 });
  const phone = preferredContact === "PHONE" || rng.chance(0.6) ? fictionalPhone(rng) : null;
  const email = preferredContact === "EMAIL" || rng.chance(0.4) ? fictionalEmail(rng, givenName, familyName) : null;
  // With neither phone nor email, the centre is the only safe way to reach her.
  if (!phone && !email) preferredContact = "THROUGH_CENTRE";
  return {
    givenName,
    familyName,
    birthYear: rng.int(1965, 2002),
    phone,
    email,
    preferredContact,
    safeToLeaveMessage: rng.chance(0.3),
    safeContactHours: rng.chance(0.6) ? rng.pick(SAFE_CONTACT_HOURS) : null,
  };
}

// The "300 000" block is not assigned to any real subscriber.
function fictionalPhone(rng: Random): string {
  return `+39 300 000 ${String(rng.int(0, 9999)).padStart(4, "0")}`;
}

function fictionalEmail(rng: Random, givenName: string, familyName: string): string {
  const slug = (s: string) => s.normalize("NFD").replace(/[^A-Za-z]/g, "").toLowerCase();
  return `${slug(givenName)}.${slug(familyName)}${rng.int(1, 99)}@example.org`;
}

// ---- needs assessment ----

function buildAssessment(ctx: Context, origin: NameOrigin): DemoNeedsAssessment {
  const { rng, slot, timeline } = ctx;
  const educationLevel = rng.weighted(EDUCATION_WEIGHTS);
  const reachable = QUALIFICATIONS.filter((q) => EDUCATION_RANK[q.level] <= EDUCATION_RANK[educationLevel]);
  const inShelter = organisationById(slot.holderId).type === "SHELTER";
  return {
    assessedOn: slot.realistic ? realisticAssessmentDay(rng, timeline) : addDays(timeline.openedOn, rng.int(7, 28)),
    assessedByUserId: ctx.operatorId,
    educationLevel,
    qualifications: rng.sample(reachable, rng.int(0, 2)).map((q) => q.name),
    languages: spokenLanguages(rng, origin),
    workExperience: rng.sample(OCCUPATIONS, rng.int(0, 3)).map((o) => ({ ...o, years: rng.int(1, 8) })),
    availability: rng.pick(AVAILABILITIES),
    careConstraints: rng.sample(CARE_CONSTRAINTS, rng.int(0, 2)),
    economicSituation: rng.weighted({ NO_INCOME: 3, INCOME_SUPPORT: 2, IRREGULAR_INCOME: 2, LOW_INCOME: 2, SELF_SUFFICIENT: 1 }),
    housingSituation: inShelter
      ? "SHELTER"
      : rng.weighted({ WITH_RELATIVES: 3, RENTED: 3, TEMPORARY: 2, AT_RISK: 2, OWNED: 1, SHELTER: 0 }),
    districtsToAvoid: rng.sample(avoidable(ctx), rng.int(0, 2)),
    hoursToAvoid: rng.chance(0.5) ? [] : rng.sample(HOURS_TO_AVOID, rng.int(1, 2)),
    healthNotes: rng.chance(0.15) ? rng.pick(HEALTH_NOTES) : null,
  };
}

/** Most needs analyses are done within a month of intake; some take longer. Never after the pathway's last day. */
function realisticAssessmentDay(rng: Random, timeline: Timeline): string {
  const delay = rng.chance(0.82) ? rng.int(3, 30) : rng.int(31, 80);
  const latest = Math.max(1, daysBetween(timeline.openedOn, timeline.openUntil) - 1);
  return addDays(timeline.openedOn, Math.min(delay, latest));
}

/** The centre picks partners she can safely reach, so she never has to avoid their districts. */
function avoidable(ctx: Context): string[] {
  const { slot, world } = ctx;
  const partnerDistricts = [slot.holderId, slot.partners.trainingBodyId].map((id) => organisationById(id).district);
  return (world.districts ?? DISTRICTS).filter((d) => !partnerDistricts.includes(d));
}

function spokenLanguages(rng: Random, origin: NameOrigin): string[] {
  const languages = [origin.language];
  if (origin.language !== "it" && rng.chance(0.7)) languages.push("it");
  if (rng.chance(0.3)) languages.push("en");
  return languages;
}

// ---- plan ----

interface PlanDates {
  createdOn: string;
  signedOn: string | null;
}

function buildPlanDates(ctx: Context, assessedOn: string): PlanDates {
  const { rng, slot } = ctx;
  // A recent pathway's plan is as late as its last day allows.
  const last = (day: string) => (slot.realistic ? minDate(day, ctx.timeline.openUntil) : day);
  const createdOn = last(addDays(assessedOn, rng.int(7, 21)));
  const signed = slot.showcase || rng.chance(0.85);
  return { createdOn, signedOn: signed ? last(addDays(createdOn, rng.int(0, 10))) : null };
}

function buildPlan(
  ctx: Context,
  dates: PlanDates,
  referrals: DemoReferral[],
  placements: DemoPlacement[],
  enrolments: DemoEnrolment[],
): DemoPlan {
  const { rng, key } = ctx;
  // A goal per referral the plan led to, plus one or two the centre follows itself.
  const areas: GoalArea[] = [];
  if (referrals.some((r) => r.purpose === "JOB_PLACEMENT")) areas.push("EMPLOYMENT");
  if (referrals.some((r) => r.purpose === "TRAINING")) areas.push("TRAINING");
  const others: GoalArea[] = ["HOUSING", "ECONOMIC", "CARE", "LEGAL", "WELLBEING"];
  areas.push(...rng.sample(others, rng.int(1, 2)));
  while (areas.length < 2) areas.push(rng.pick(others.filter((a) => !areas.includes(a))));

  const outcome: Partial<Record<GoalArea, boolean>> = {
    EMPLOYMENT: placements.some(ongoing),
    TRAINING: enrolments.some((e) => e.status === "COMPLETED"),
  };
  const goals = areas.map(
    (area, n): DemoPlanGoal => ({
      id: uuidFor(`${key}/goal/${n}`),
      area,
      description: rng.pick(GOAL_TEMPLATES[area].descriptions),
      responsibleOrganisationId: responsibleFor(ctx, area),
      status: goalStatus(ctx, outcome[area]),
      dueOn: dueDate(rng, dates.createdOn),
    }),
  );
  return { id: uuidFor(`${key}/plan`), createdOn: dates.createdOn, signedOn: dates.signedOn, goals };
}

function responsibleFor(ctx: Context, area: GoalArea): string {
  const by = GOAL_TEMPLATES[area].by;
  if (by === "jobCentre") return ctx.slot.partners.jobCentreId;
  if (by === "trainingBody") return ctx.slot.partners.trainingBodyId;
  return ctx.slot.holderId;
}

/** `achieved` is known for goals with a measurable outcome (a job, a certificate). */
function goalStatus(ctx: Context, achieved: boolean | undefined): GoalStatus {
  if (achieved) return "ACHIEVED";
  const weights: Record<PathwayStage, Record<GoalStatus, number>> = {
    INTAKE: { PLANNED: 1, IN_PROGRESS: 0, ACHIEVED: 0, DROPPED: 0 },
    NEEDS_ANALYSIS: { PLANNED: 1, IN_PROGRESS: 0, ACHIEVED: 0, DROPPED: 0 },
    PLAN_ACTIVE: { PLANNED: 3, IN_PROGRESS: 5, ACHIEVED: 1, DROPPED: 0.5 },
    FOLLOW_UP: { PLANNED: 0, IN_PROGRESS: 2, ACHIEVED: 6, DROPPED: 1 },
    CLOSED: { PLANNED: 0, IN_PROGRESS: 0, ACHIEVED: 6, DROPPED: 3 },
  };
  const stageWeights = { ...weights[ctx.slot.stage] };
  if (achieved === false) stageWeights.ACHIEVED = 0;
  return ctx.rng.weighted(stageWeights);
}

// A goal may be open-ended; dates never pass the demo's today.
function dueDate(rng: Random, createdOn: string): string | null {
  const due = addDays(createdOn, rng.int(60, 365));
  return rng.chance(0.8) && due <= DEMO_TODAY ? due : null;
}

// ---- referrals ----

interface ReferralRequest {
  toOrganisationId: string;
  purpose: Purpose;
  after: string;
  forced?: ReferralStatus;
}

function buildReferrals(ctx: Context, planCreatedOn: string | null, assessedOn: string): DemoReferral[] {
  const { rng, slot } = ctx;
  const requests: ReferralRequest[] = [];
  const forced = slot.showcase ? "ACCEPTED" : undefined;
  if (planCreatedOn) {
    // Referrals follow the plan.
    if (slot.showcase || rng.chance(0.8)) {
      requests.push({ toOrganisationId: slot.partners.jobCentreId, purpose: "JOB_PLACEMENT", after: planCreatedOn, forced });
    }
    if (slot.showcase || rng.chance(0.75)) {
      requests.push({ toOrganisationId: slot.partners.trainingBodyId, purpose: "TRAINING", after: planCreatedOn, forced });
    }
  } else if (rng.chance(0.7)) {
    // An early referral while the needs are still being analysed.
    const toJob = rng.chance(0.5);
    requests.push({
      toOrganisationId: toJob ? slot.partners.jobCentreId : slot.partners.trainingBodyId,
      purpose: toJob ? "JOB_PLACEMENT" : "TRAINING",
      after: assessedOn,
    });
  }
  return requests.map((r) => buildReferral(ctx, r)).filter((r): r is DemoReferral => r !== null);
}

// A pathway sends at most one referral per purpose, so the purpose keys its id.
function buildReferral(ctx: Context, request: ReferralRequest): DemoReferral | null {
  const { rng, timeline } = ctx;
  const sentOn = addDays(request.after, rng.int(0, 21));
  if (sentOn > timeline.openUntil) return null;

  // Only a recent referral can still be waiting for an answer; the newest usually are.
  const age = daysBetween(sentOn, DEMO_TODAY);
  const pending = age <= 30 ? 150 : age <= 90 ? 40 : 0;
  let status: ReferralStatus =
    request.forced ?? rng.weighted({ ACCEPTED: 45, DONE: 25, SENT: pending, REJECTED: 6, WITHDRAWN: 3 });
  if (timeline.closedOn && status === "ACCEPTED") status = "DONE";
  if (timeline.closedOn && status === "SENT") status = "WITHDRAWN"; // pending when the pathway closed

  let respondedOn = ["ACCEPTED", "DONE", "REJECTED"].includes(status) ? addDays(sentOn, rng.int(2, 12)) : null;
  if (respondedOn && respondedOn > timeline.openUntil) {
    // The answer has not come yet (or never came before closing).
    respondedOn = null;
    status = timeline.closedOn ? "WITHDRAWN" : "SENT";
  }
  const noteKind = request.purpose === "TRAINING" ? "training" : "job";
  return {
    id: uuidFor(`${ctx.key}/referral/${request.purpose}`),
    toOrganisationId: request.toOrganisationId,
    purpose: request.purpose,
    note: rng.chance(0.6) ? rng.pick(REFERRAL_NOTES[noteKind]) : null,
    status,
    sentOn,
    sentByUserId: ctx.operatorId,
    respondedOn,
    rejectionReason: status === "REJECTED" ? rng.pick(REJECTION_REASONS) : null,
  };
}

/** In follow-up, the centre asks the job centre to help her keep the job she found. */
function buildRetentionReferrals(ctx: Context, placements: DemoPlacement[]): DemoReferral[] {
  const { rng, slot } = ctx;
  const placement = placements[0];
  if (slot.stage !== "FOLLOW_UP" || !placement || !rng.chance(0.6)) return [];
  const request: ReferralRequest = {
    toOrganisationId: placement.jobCentreId,
    purpose: "JOB_RETENTION",
    after: addDays(placement.startOn, 14),
    forced: rng.chance(0.7) ? "ACCEPTED" : "DONE",
  };
  const referral = buildReferral(ctx, request);
  return referral ? [referral] : [];
}

/**
 * A pathway has at most one open referral per organisation (the API refuses a second): once the
 * job centre is asked to help her keep the job, the placement referral that found it is done.
 */
function closePlacementReferrals(referrals: DemoReferral[]): void {
  const open = (r: DemoReferral) => r.status === "SENT" || r.status === "ACCEPTED";
  for (const retention of referrals.filter((r) => r.purpose === "JOB_RETENTION" && open(r))) {
    for (const placement of referrals) {
      if (placement.purpose === "JOB_PLACEMENT" && placement.toOrganisationId === retention.toOrganisationId && placement.status === "ACCEPTED") {
        placement.status = "DONE";
      }
    }
  }
}

function accepted(referral: DemoReferral): boolean {
  return (referral.status === "ACCEPTED" || referral.status === "DONE") && referral.respondedOn !== null;
}

// ---- job centre: job seeker and placements ----

function buildJobSeeker(ctx: Context, referrals: DemoReferral[], needs: DemoNeedsAssessment): DemoJobSeeker | null {
  const { rng, key } = ctx;
  const referral = referrals.find((r) => r.purpose === "JOB_PLACEMENT" && accepted(r));
  if (!referral?.respondedOn) return null;
  const registeredOn = minDate(addDays(referral.respondedOn, rng.int(1, 7)), DEMO_TODAY);
  const firstAppointmentOn = addDays(registeredOn, rng.int(3, 14));
  const experience = needs.workExperience.map((w) => w.occupation);
  return {
    id: uuidFor(`${key}/job-seeker`),
    jobCentreId: referral.toOrganisationId,
    counsellorUserId: userOf(referral.toOrganisationId).id,
    registeredOn,
    firstAppointmentOn: firstAppointmentOn <= DEMO_TODAY ? firstAppointmentOn : null,
    skills: rng.sample(SKILLS, rng.int(1, 3)),
    wishedOccupations: experience.length > 0 && rng.chance(0.6) ? experience.slice(0, 2) : [rng.pick(OCCUPATIONS).occupation],
    availability: needs.availability,
    status: "REGISTERED", // settled once placements are known
  };
}

function jobSeekerStatus(ctx: Context, jobSeeker: DemoJobSeeker, placements: DemoPlacement[]): DemoJobSeeker["status"] {
  if (placements.some(ongoing)) return "PLACED";
  if (ctx.timeline.closedOn) return "CLOSED";
  if (!jobSeeker.firstAppointmentOn) return "REGISTERED";
  return ctx.rng.chance(0.1) ? "SUSPENDED" : "ACTIVE_SEARCH";
}

function buildPlacements(ctx: Context, jobSeeker: DemoJobSeeker, needs: DemoNeedsAssessment): DemoPlacement[] {
  const { rng, slot, world, timeline, key } = ctx;
  if (!slot.showcase && !rng.chance(PLACEMENT_CHANCE[slot.stage])) return [];
  const searchFrom = jobSeeker.firstAppointmentOn ?? jobSeeker.registeredOn;
  const startOn = addDays(searchFrom, slot.showcase ? rng.int(20, 60) : rng.int(20, 120));
  if (startOn > timeline.openUntil) return [];

  // Never propose a workplace in a district she has to avoid.
  const ownEmployers = world.employers.filter((e) => e.jobCentreId === jobSeeker.jobCentreId);
  const safe = ownEmployers.filter((e) => !needs.districtsToAvoid.includes(e.district));
  const employer = rng.pick(safe.length > 0 ? safe : ownEmployers);
  const vacancy = pickVacancy(rng, world, employer.id, startOn);

  const placementKey = `${key}/placement/0`;
  if (slot.realistic) return [realisticPlacement(ctx, { jobSeeker, employer, vacancy, startOn, placementKey })];
  const { checks, endOn: leftOn } = buildRetentionChecks(rng, placementKey, startOn, slot.showcase);
  // Drawn in this order so the generator's sequence is unchanged.
  const occupation = vacancy?.occupation ?? rng.pick(occupationsIn(employer.sector)).occupation;
  const contractType = vacancy?.contractType ?? rng.weighted(CONTRACT_WEIGHTS);
  // A fixed-term contract always has an end: the day she left, or the term agreed (maybe after today).
  const endOn = leftOn ?? (contractType === "FIXED_TERM" ? fixedTermEnd(startOn) : null);
  return [
    {
      id: uuidFor(placementKey),
      jobCentreId: jobSeeker.jobCentreId,
      employerId: employer.id,
      vacancyId: vacancy?.id ?? null,
      occupation,
      contractType,
      weeklyHours: vacancy?.weeklyHours ?? rng.pick(WEEKLY_HOURS),
      startOn,
      endOn,
      retentionChecks: checks,
    },
  ];
}

/**
 * The large network's placements: a fixed term is sometimes short (3 to 5 months, not a quality
 * placement); a check after a term that ended finds her no longer employed.
 */
function realisticPlacement(
  ctx: Context,
  chosen: { jobSeeker: DemoJobSeeker; employer: DemoEmployer; vacancy: DemoVacancy | null; startOn: string; placementKey: string },
): DemoPlacement {
  const { rng } = ctx;
  const { jobSeeker, employer, vacancy, startOn, placementKey } = chosen;
  const occupation = vacancy?.occupation ?? rng.pick(occupationsIn(employer.sector)).occupation;
  const contractType = vacancy?.contractType ?? rng.weighted(CONTRACT_WEIGHTS);
  const shortTerm = contractType === "FIXED_TERM" && rng.chance(0.3) ? addDays(addMonths(startOn, rng.int(3, 5)), -1) : null;
  const { checks, endOn: leftOn } = buildRetentionChecks(rng, placementKey, startOn, false, shortTerm);
  const endOn = leftOn ?? shortTerm ?? (contractType === "FIXED_TERM" ? fixedTermEnd(startOn) : null);
  return {
    id: uuidFor(placementKey),
    jobCentreId: jobSeeker.jobCentreId,
    employerId: employer.id,
    vacancyId: vacancy?.id ?? null,
    occupation,
    contractType,
    weeklyHours: vacancy?.weeklyHours ?? rng.pick(WEEKLY_HOURS),
    startOn,
    endOn,
    retentionChecks: checks,
  };
}

/** The shortest usual term (12, 24 or 36 months) still running on the demo's today. */
function fixedTermEnd(startOn: string): string {
  const terms = [12, 24, 36].map((months) => addDays(addMonths(startOn, months), -1));
  return terms.find((end) => end > DEMO_TODAY) ?? terms[terms.length - 1]!;
}

/** A vacancy of the employer that was open (or just closed) when she started. */
function pickVacancy(rng: Random, world: PathwayWorld, employerId: string, startOn: string): DemoVacancy | null {
  const open = world.vacancies.filter(
    (v) => v.employerId === employerId && v.openedOn <= startOn && (v.closedOn === null || startOn <= addDays(v.closedOn, 30)),
  );
  return open.length > 0 && rng.chance(0.7) ? rng.pick(open) : null;
}

/** Checks at 3, 6 and 12 months, as far as today allows; a check finding she left ends the series. */
function buildRetentionChecks(rng: Random, placementKey: string, startOn: string, keepsJob: boolean, termEnd: string | null = null) {
  const checks: DemoRetentionCheck[] = [];
  let endOn: string | null = null;
  let previous = startOn;
  for (const months of [3, 6, 12] as const) {
    const checkedOn = addMonths(startOn, months);
    if (checkedOn > DEMO_TODAY) break;
    if (termEnd !== null && checkedOn > termEnd) {
      checks.push({ id: uuidFor(`${placementKey}/check/${months}`), monthsAfterStart: months, checkedOn, stillEmployed: false, note: RETENTION_NOTES[3] });
      break;
    }
    const stillEmployed = keepsJob || rng.chance(0.85);
    checks.push({
      id: uuidFor(`${placementKey}/check/${months}`),
      monthsAfterStart: months,
      checkedOn,
      stillEmployed,
      note: stillEmployed ? (rng.chance(0.3) ? rng.pick(RETENTION_NOTES.slice(0, 3)) : null) : RETENTION_NOTES[3],
    });
    if (!stillEmployed) {
      endOn = rng.date(addDays(previous, 1), addDays(checkedOn, -1));
      break;
    }
    previous = checkedOn;
  }
  return { checks, endOn };
}

// ---- training body: enrolments ----

// A woman can join a course edition up to six months before it starts and six weeks after.
const JOIN_BEFORE_DAYS = 180;
const JOIN_AFTER_DAYS = 45;

function buildEnrolments(ctx: Context, referrals: DemoReferral[]): DemoEnrolment[] {
  const { rng, world, slot, timeline, key } = ctx;
  const referral = referrals.find((r) => r.purpose === "TRAINING" && accepted(r));
  if (!referral?.respondedOn) return [];
  const readyOn = addDays(referral.respondedOn, rng.int(2, 10));
  const course = world.courses
    .filter((c) => c.trainingBodyId === referral.toOrganisationId)
    .sort((a, b) => a.startsOn.localeCompare(b.startsOn))
    .find((c) => addDays(c.startsOn, -JOIN_BEFORE_DAYS) <= readyOn && readyOn <= addDays(c.startsOn, JOIN_AFTER_DAYS));
  if (!course) return []; // waiting for the next edition

  const enrolledOn = maxDate(readyOn, addDays(course.startsOn, -30));
  if (enrolledOn > timeline.openUntil) return [];
  const enrolment: DemoEnrolment = {
    id: uuidFor(`${key}/enrolment/0`),
    courseId: course.id,
    status: "ENROLLED",
    enrolledOn,
    completedOn: null,
    withdrawnOn: null,
    certificate: null,
  };
  const lastDay = minDate(course.endsOn, DEMO_TODAY);
  if (!slot.showcase && rng.chance(0.2) && enrolledOn < lastDay) {
    return [{ ...enrolment, status: "WITHDRAWN", withdrawnOn: rng.date(addDays(enrolledOn, 1), lastDay) }];
  }
  if (course.endsOn <= DEMO_TODAY) {
    // In the large network some complete the course without the attendance its certificate needs.
    const certified = !slot.realistic || rng.chance(0.85);
    const certificate = certified ? `Attestato di frequenza: ${course.title}` : null;
    return [{ ...enrolment, status: "COMPLETED", completedOn: course.endsOn, certificate }];
  }
  return [enrolment];
}
