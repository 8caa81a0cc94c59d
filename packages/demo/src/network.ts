// The whole fictional network, generated from a fixed seed: every subgraph seeds its own part
// of the same story and the ids line up.

import {
  CAMPAIGN_SPECS,
  CONTRACT_WEIGHTS,
  COURSE_SPECS,
  EMPLOYER_SPECS,
  OPERATOR_TRAINING_PLAN,
  OPERATOR_TRAINING_TOPICS,
  WEEKLY_HOURS,
  occupationsIn,
} from "./catalogue.js";
import { settleConsents } from "./consents.js";
import { addHousingReferrals } from "./housing-referrals.js";
import { DEMO_ORGANISATIONS, DEMO_USERS, organisationById, userOf } from "./organisations.js";
import { DEMO_TODAY, buildPathway, type Partners, type PathwaySlot, type PathwayWorld } from "./pathways.js";
import { Random, addDays, seeded, uuidFor } from "./random.js";
import { addSituationReviews } from "./situation-reviews.js";
import type {
  DemoCampaign,
  DemoCourse,
  DemoEmployer,
  DemoNetwork,
  DemoOperatorTrainingSession,
  DemoPathway,
  DemoVacancy,
  PathwayStage,
} from "./types.js";

export { DEMO_TODAY } from "./pathways.js";

// Any seed gives a consistent network; this one gives a representative mix of statuses.
export const SEED = 2;

const PATHWAYS_PER_HOLDER: Readonly<Record<string, number>> = {
  "cav-aurora": 20,
  "cav-ginestra": 18,
  "casa-rifugio-iris": 10,
};

// Stages of the non-showcase pathways (48 - 2 showcases); fixed counts so every stage appears.
const STAGE_COUNTS: Readonly<Record<PathwayStage, number>> = {
  INTAKE: 6,
  NEEDS_ANALYSIS: 7,
  PLAN_ACTIVE: 13,
  FOLLOW_UP: 10,
  CLOSED: 10,
};

const MILANO: Partners = { jobCentreId: "cpi-milano-centro", trainingBodyId: "formazione-atelier" };
const RHO: Partners = { jobCentreId: "cpi-rho", trainingBodyId: "formazione-ponte" };

/** Each centre mostly works with the partners nearby; the shelter works with both. */
const HOME_PARTNERS: Readonly<Record<string, Partners | null>> = {
  "cav-aurora": MILANO,
  "cav-ginestra": RHO,
  "casa-rifugio-iris": null,
};

let cached: DemoNetwork | undefined;

/** The demo network (generated once, then shared: treat it as read-only). */
export function demoNetwork(): DemoNetwork {
  cached ??= generateDemoNetwork();
  return cached;
}

/** Generates a fresh copy; the same seed always gives the same network. */
export function generateDemoNetwork(seed: number = SEED): DemoNetwork {
  const employers = buildEmployers();
  const campaigns = buildCampaigns(seeded(seed, "campaigns"), employers);
  signCommitments(seeded(seed, "commitments"), employers, campaigns);
  const vacancies = buildVacancies(seeded(seed, "vacancies"), employers);
  const courses = buildCourses(seeded(seed, "courses"));
  const operatorTrainingSessions = buildOperatorTrainingSessions(seeded(seed, "operator-training"), seed);
  const pathways = buildPathways(seed, { employers, vacancies, courses });
  addHousingReferrals(pathways);
  settleConsents(seed, pathways);
  addSituationReviews(seed, pathways);
  return {
    organisations: structuredClone(DEMO_ORGANISATIONS),
    users: structuredClone(DEMO_USERS),
    pathways,
    employers,
    vacancies,
    campaigns,
    courses,
    operatorTrainingSessions,
    breakGlassReads: [],
  };
}

// ---- pathways ----

function buildPathways(seed: number, world: PathwayWorld): DemoPathway[] {
  const stages = seeded(seed, "stages").shuffle(
    Object.entries(STAGE_COUNTS).flatMap(([stage, count]) => Array<PathwayStage>(count).fill(stage as PathwayStage)),
  );
  const partnerRng = seeded(seed, "partners");
  const slots: PathwaySlot[] = [];
  for (const [holderId, count] of Object.entries(PATHWAYS_PER_HOLDER)) {
    const home = HOME_PARTNERS[holderId] ?? null;
    for (let index = 0; index < count; index++) {
      // The first pathway of each centre is the showcase the README walks through.
      const showcase = index === 0 && home !== null;
      const stage = showcase ? "PLAN_ACTIVE" : stages.pop();
      if (!stage) throw new Error("STAGE_COUNTS does not cover every non-showcase pathway");
      const partners = showcase && home ? home : choosePartners(partnerRng, home);
      slots.push({ holderId, index, stage, partners, showcase });
    }
  }
  if (stages.length > 0) throw new Error("STAGE_COUNTS has more stages than pathways");
  return slots.map((slot) => buildPathway(seeded(seed, `pathway/${slot.holderId}/${slot.index}`), world, slot));
}

function choosePartners(rng: Random, home: Partners | null): Partners {
  const nearby = (p: number) => (home ? rng.chance(p) : rng.chance(0.5));
  const base = home ?? MILANO;
  const other = base === MILANO ? RHO : MILANO;
  return {
    jobCentreId: nearby(0.85) ? base.jobCentreId : other.jobCentreId,
    trainingBodyId: nearby(0.85) ? base.trainingBodyId : other.trainingBodyId,
  };
}

// ---- job centres: employers, campaigns, vacancies ----

function buildEmployers(): DemoEmployer[] {
  return Object.entries(EMPLOYER_SPECS).flatMap(([jobCentreId, specs]) =>
    specs.map((spec, i) => ({
      id: uuidFor(`employer/${jobCentreId}/${i}`),
      ...spec,
      safeWorkplaceCommitmentSignedOn: null, // set by signCommitments
      hasAntiHarassmentPolicy: false,
      jobCentreId,
    })),
  );
}

function buildCampaigns(rng: Random, employers: DemoEmployer[]): DemoCampaign[] {
  return CAMPAIGN_SPECS.map((spec, i) => {
    const own = employers.filter((e) => e.jobCentreId === spec.jobCentreId);
    return {
      id: uuidFor(`campaign/${i}`),
      ...spec,
      employerIdsReached: rng.sample(own, rng.int(3, own.length)).map((e) => e.id),
    };
  });
}

/** Employers reached by a campaign are the ones most likely to sign the safe-workplace commitment. */
function signCommitments(rng: Random, employers: DemoEmployer[], campaigns: DemoCampaign[]): void {
  for (const employer of employers) {
    const campaign = campaigns.find((c) => c.employerIdsReached.includes(employer.id));
    if (campaign && rng.chance(0.6)) {
      employer.safeWorkplaceCommitmentSignedOn = addDays(campaign.startedOn, rng.int(10, 60));
    } else if (rng.chance(0.15)) {
      employer.safeWorkplaceCommitmentSignedOn = rng.date("2025-01-15", "2026-09-30");
    }
    employer.hasAntiHarassmentPolicy = rng.chance(employer.safeWorkplaceCommitmentSignedOn ? 0.8 : 0.25);
  }
}

const VACANCY_COUNT = 12;

function buildVacancies(rng: Random, employers: DemoEmployer[]): DemoVacancy[] {
  return Array.from({ length: VACANCY_COUNT }, (_, i) => drawVacancy(rng, employers[i % employers.length]!, uuidFor(`vacancy/${i}`), "2025-01-15", "2026-10-15"));
}

/** One vacancy at an employer, opened between two days (the draws in a fixed order: the same seed, the same vacancy). */
export function drawVacancy(rng: Random, employer: DemoEmployer, id: string, openedFrom: string, openedTo: string): DemoVacancy {
  const { occupation } = rng.pick(occupationsIn(employer.sector));
  const weeklyHours = rng.pick(WEEKLY_HOURS);
  const openedOn = rng.date(openedFrom, openedTo);
  const closedOn = addDays(openedOn, rng.int(20, 90));
  return {
    id,
    employerId: employer.id,
    jobCentreId: employer.jobCentreId,
    title: `${weeklyHours < 30 ? "Part-time" : "Full-time"} ${occupation.toLowerCase()}`,
    occupation,
    contractType: rng.weighted(CONTRACT_WEIGHTS),
    weeklyHours,
    district: employer.district,
    openedOn,
    closedOn: rng.chance(0.6) && closedOn <= DEMO_TODAY ? closedOn : null,
  };
}

// ---- training bodies: courses and operator training ----

function buildCourses(rng: Random): DemoCourse[] {
  return Object.entries(COURSE_SPECS).flatMap(([trainingBodyId, specs]) =>
    specs.map((spec, i) => ({
      id: uuidFor(`course/${trainingBodyId}/${i}`),
      trainingBodyId,
      title: spec.title,
      skillsTaught: [...spec.skills],
      schedule: spec.schedule,
      district: organisationById(trainingBodyId).district,
      seats: rng.int(10, 20),
      childcareOffered: spec.childcare,
      startsOn: spec.startsOn,
      endsOn: spec.endsOn,
    })),
  );
}

/** A job-centre operator's staff id, e.g. "op-cpi-rho-07" (the demo's users are only some of them). */
export function staffId(jobCentreId: string, n: number): string {
  return `op-${jobCentreId}-${String(n).padStart(2, "0")}`;
}

/** The job centre's demo user and a few colleagues (their own stream: the sessions' other draws stay as they were). */
function attendeesOf(rng: Random, jobCentreIds: readonly string[]): DemoOperatorTrainingSession["attendees"] {
  return jobCentreIds.flatMap((organisationId) => {
    const staff = organisationById(organisationId).operators ?? 10;
    const colleagues = rng.sample(Array.from({ length: staff }, (_, i) => i + 1), rng.int(3, 6)).sort((a, b) => a - b);
    return [userOf(organisationId).id, ...colleagues.map((n) => staffId(organisationId, n))].map((operatorId) => ({ operatorId, organisationId }));
  });
}

function buildOperatorTrainingSessions(rng: Random, seed: number = SEED): DemoOperatorTrainingSession[] {
  return OPERATOR_TRAINING_PLAN.map((plan, i) => ({
    id: uuidFor(`operator-training/${i}`),
    trainerOrganisationId: plan.trainer,
    hostTrainingBodyId: plan.host,
    heldOn: plan.heldOn,
    topics: rng.sample(OPERATOR_TRAINING_TOPICS, rng.int(2, 3)),
    // Job-centre counsellors and the host's own training staff attend.
    attendingOperatorUserIds: [...plan.jobCentres.map((jc) => userOf(jc).id), userOf(plan.host).id],
    attendingJobCentreIds: [...plan.jobCentres],
    attendees: attendeesOf(seeded(seed, `operator-training/${i}/attendees`), plan.jobCentres),
    hours: rng.pick([3, 4, 6, 8]),
  }));
}
