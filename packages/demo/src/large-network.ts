// The demo network at a realistic size: about 2,000 pathways opened over the three years ending
// on the demo's today, at more centres, shelters, job centres and training bodies, so that the
// indicators show real figures beside suppressed ones. It is the small network (every record
// unchanged, so the README's examples and the showcase cases hold on both) plus generated
// pathways and partners, drawn from their own random streams.

import { COURSE_SPECS, DISTRICTS, OPERATOR_TRAINING_TOPICS } from "./catalogue.js";
import { settleConsents, type ConsentQuotas } from "./consents.js";
import { SEED, drawVacancy, generateDemoNetwork, staffId } from "./network.js";
import { DEMO_LARGE_ORGANISATIONS, DEMO_LARGE_USERS, organisationById, userOf } from "./organisations.js";
import { DEMO_TODAY, buildPathway, type Partners, type PathwaySlot, type PathwayWorld } from "./pathways.js";
import { Random, addDays, addMonths, daysBetween, minDate, seeded, uuidFor } from "./random.js";
import { addSituationReviews } from "./situation-reviews.js";
import type {
  DemoBreakGlassRead,
  DemoCampaign,
  DemoCourse,
  DemoEmployer,
  DemoNetwork,
  DemoOperatorTrainingSession,
  DemoOrganisation,
  DemoPathway,
  DemoVacancy,
  PathwayStage,
} from "./types.js";
import type { DataCategory, LegalBasis } from "@percorsi/schema";

/** Pathways the large network adds to the small one's 48. */
export const LARGE_EXTRA_PATHWAYS = 1952;
/** The three years ending on the demo's today. */
export const LARGE_FROM = addDays(addMonths(DEMO_TODAY, -36), 1);

/** Where the large network's women may need to avoid, and its partners' employers are. */
const LARGE_DISTRICTS: readonly string[] = [...DISTRICTS, "Sesto San Giovanni", "Cinisello Balsamo"];

/** How many pathways each case-holder opens, relative to one another (a shelter hosts fewer women). */
const HOLDER_WEIGHTS: Readonly<Record<string, number>> = {
  "cav-aurora": 1.1,
  "cav-ginestra": 1,
  "cav-libellula": 1,
  "cav-camelia": 0.9,
  "cav-ortensia": 0.8,
  "casa-rifugio-iris": 0.35,
  "casa-rifugio-glicine": 0.3,
};

/** The partners nearby; a shelter works with all of them. */
const HOME_PARTNERS: Readonly<Record<string, Partners | null>> = {
  "cav-aurora": { jobCentreId: "cpi-milano-centro", trainingBodyId: "formazione-atelier" },
  "cav-ginestra": { jobCentreId: "cpi-rho", trainingBodyId: "formazione-ponte" },
  "cav-libellula": { jobCentreId: "cpi-milano-navigli", trainingBodyId: "formazione-lanterna" },
  "cav-camelia": { jobCentreId: "cpi-milano-navigli", trainingBodyId: "formazione-lanterna" },
  "cav-ortensia": { jobCentreId: "cpi-sesto", trainingBodyId: "formazione-atelier" },
  "casa-rifugio-iris": null,
  "casa-rifugio-glicine": null,
};

/** Where each job centre's employers are. */
const EMPLOYER_DISTRICTS: Readonly<Record<string, readonly string[]>> = {
  "cpi-milano-centro": ["Municipio 1", "Municipio 2", "Municipio 3", "Municipio 4", "Municipio 9"],
  "cpi-rho": ["Rho", "Municipio 8"],
  "cpi-milano-navigli": ["Municipio 5", "Municipio 6", "Municipio 7"],
  "cpi-sesto": ["Sesto San Giovanni", "Cinisello Balsamo", "Municipio 9"],
};
const NEW_EMPLOYERS_PER_JOB_CENTRE = 40;

/** Invented company names: a kind of business (which gives its sector) and a plant's name. */
const BUSINESS_KINDS: readonly { kind: string; sector: string }[] = [
  { kind: "Bottega", sector: "Retail" },
  { kind: "Emporio", sector: "Retail" },
  { kind: "Farmacia", sector: "Retail" },
  { kind: "Trattoria", sector: "Hospitality" },
  { kind: "Albergo", sector: "Hospitality" },
  { kind: "Panificio", sector: "Hospitality" },
  { kind: "Residenza per anziani", sector: "Care services" },
  { kind: "Cooperativa Sociale", sector: "Care services" },
  { kind: "Studio Associato", sector: "Administration" },
  { kind: "Agenzia Servizi", sector: "Administration" },
  { kind: "Magazzini", sector: "Logistics" },
  { kind: "Lavanderia", sector: "Cleaning services" },
  { kind: "Pulizie", sector: "Cleaning services" },
];
const PLANT_NAMES = [
  "Aldebaran", "Borgonuovo", "Calicanto", "Dolceriva", "Eridano", "Fontanella", "Gelsomino", "Lunaria", "Melograno",
  "Oleandro", "Quercetta", "Rosmarino", "Sambuco", "Tamerice", "Verbena", "Zafferano", "Biancospino", "Corbezzolo",
  "Elicriso", "Mirtillo", "Lavandula", "Nespolo", "Pervinca", "Ginepro",
] as const;

const CAMPAIGN_TOPICS: readonly { topic: string; title: string }[] = [
  { topic: "SAFE_WORKPLACE", title: "Safe workplaces pledge" },
  { topic: "ANTI_HARASSMENT", title: "Zero tolerance on harassment at work" },
  { topic: "WORK_LIFE_BALANCE", title: "Flexible hours for working mothers" },
  { topic: "RECOGNISING_VIOLENCE", title: "Recognising signs of violence among staff" },
  { topic: "INCLUSIVE_HIRING", title: "Hiring women leaving violence: what employers can do" },
];

const LEGAL_BASIS_WEIGHTS: Readonly<Record<LegalBasis, number>> = {
  RISK_ASSESSMENT_MEETING: 5,
  VITAL_INTEREST: 2,
  COURT_ORDER: 1,
  LEGAL_OBLIGATION: 1,
};
const BREAK_GLASS_REASONS: Readonly<Record<LegalBasis, readonly string[]>> = {
  RISK_ASSESSMENT_MEETING: [
    "Risk-assessment meeting of the network: coordinating her safety at the workplace",
    "Risk-assessment meeting: reviewing the safety plan before a job interview",
  ],
  VITAL_INTEREST: ["Immediate danger reported by the employer: checking what the centre knows of her situation"],
  COURT_ORDER: ["Request of the court in protection-order proceedings"],
  LEGAL_OBLIGATION: ["Report to the social services required by law"],
};
const BREAK_GLASS_READS = 36;
/** Anti-violence records a break-glass reader may see beyond her consent (never identity, safety or health). */
const BREAK_GLASS_CATEGORIES: readonly DataCategory[] = ["PLAN", "ECONOMIC", "HOUSING", "CARE", "SAFETY_CONSTRAINTS"];

const LARGE_CONSENT_QUOTAS: ConsentQuotas = {
  showcaseHolders: [],
  seals: 6,
  sealHolder: null,
  expired: 40,
  withdrawn: { JOB_CENTRE: 45, TRAINING_BODY: 35 },
  singleCases: false,
  reporting: "large",
};

/**
 * Generates the large network (or, `size`, one of that many pathways over the same
 * organisations and three years); the same seed and size always give the same network.
 */
export function generateLargeDemoNetwork(seed: number = SEED, size: number = 48 + LARGE_EXTRA_PATHWAYS): DemoNetwork {
  const small = generateDemoNetwork(seed);
  const organisations: DemoOrganisation[] = [...small.organisations, ...structuredClone(DEMO_LARGE_ORGANISATIONS)];
  const jobCentres = organisations.filter((o) => o.type === "JOB_CENTRE").map((o) => o.id);
  const trainingBodies = organisations.filter((o) => o.type === "TRAINING_BODY").map((o) => o.id);

  const newEmployers = buildEmployers(seeded(seed, "large/employers"), jobCentres);
  const employers = [...small.employers, ...newEmployers];
  const newCampaigns = buildCampaigns(seeded(seed, "large/campaigns"), jobCentres, employers);
  signCommitments(seeded(seed, "large/commitments"), newEmployers, newCampaigns);
  const vacancies = [...small.vacancies, ...buildVacancies(seeded(seed, "large/vacancies"), employers)];
  const newCourses = buildCourses(seeded(seed, "large/courses"), trainingBodies);
  const sessions = buildOperatorTrainingSessions(seeded(seed, "large/operator-training"), organisations);

  // New pathways join the large network's own course editions, so seats can be fitted to them.
  const world: PathwayWorld = { employers, vacancies, courses: newCourses, districts: LARGE_DISTRICTS };
  const pathways = buildPathways(seed, world, jobCentres, trainingBodies, size - small.pathways.length);
  settleConsents(seed, pathways, LARGE_CONSENT_QUOTAS, small.pathways);
  addSituationReviews(seed, pathways);
  fitSeats(seeded(seed, "large/seats"), newCourses, pathways);

  return {
    organisations,
    users: [...small.users, ...structuredClone(DEMO_LARGE_USERS)],
    pathways: [...small.pathways, ...pathways],
    employers,
    vacancies,
    campaigns: [...small.campaigns, ...newCampaigns],
    courses: [...small.courses, ...newCourses],
    operatorTrainingSessions: [...small.operatorTrainingSessions, ...sessions],
    breakGlassReads: buildBreakGlassReads(seeded(seed, "large/break-glass"), pathways),
  };
}

// ---- pathways ----

function buildPathways(seed: number, world: PathwayWorld, jobCentres: string[], trainingBodies: string[], extra: number): DemoPathway[] {
  const rng = seeded(seed, "large/pathways");
  const next = new Map<string, number>();
  const slots: PathwaySlot[] = [];
  for (let n = 0; n < extra; n++) {
    const holderId = rng.weighted(HOLDER_WEIGHTS);
    // Indices from 100 on: the small network's keys (and so its ids) are never reused.
    const index = 100 + (next.get(holderId) ?? 0);
    next.set(holderId, index - 99);
    const openedOn = openingDay(rng);
    slots.push({
      holderId,
      index,
      stage: stageAt(rng, daysBetween(openedOn, DEMO_TODAY)),
      partners: partnersOf(rng, HOME_PARTNERS[holderId] ?? null, jobCentres, trainingBodies),
      showcase: false,
      openedOn,
      realistic: true,
    });
  }
  slots.sort((a, b) => a.openedOn!.localeCompare(b.openedOn!) || a.holderId.localeCompare(b.holderId) || a.index - b.index);
  return slots.map((slot) => buildPathway(seeded(seed, `pathway/${slot.holderId}/${slot.index}`), world, slot));
}

/** A day of the three years; more women come in later years, fewer in August and at Christmas. */
function openingDay(rng: Random): string {
  const span = daysBetween(LARGE_FROM, DEMO_TODAY);
  for (;;) {
    const offset = rng.int(0, span);
    const day = addDays(LARGE_FROM, offset);
    const month = day.slice(5, 7);
    const seasonal = month === "08" ? 0.65 : month === "12" && day.slice(8) > "20" ? 0.6 : 1;
    if (rng.next() < (0.8 + 0.4 * (offset / span)) * seasonal) return day;
  }
}

/** Older pathways are further along. */
function stageAt(rng: Random, age: number): PathwayStage {
  if (age < 21) return "INTAKE";
  if (age < 45) return rng.weighted({ INTAKE: 2, NEEDS_ANALYSIS: 8 });
  if (age < 120) return rng.weighted({ INTAKE: 0.3, NEEDS_ANALYSIS: 5, PLAN_ACTIVE: 5 });
  if (age < 200) return rng.weighted({ NEEDS_ANALYSIS: 1.5, PLAN_ACTIVE: 8, FOLLOW_UP: 1 });
  if (age < 365) return rng.weighted({ NEEDS_ANALYSIS: 0.6, PLAN_ACTIVE: 6, FOLLOW_UP: 2, CLOSED: 2 });
  return rng.weighted({ NEEDS_ANALYSIS: 0.3, PLAN_ACTIVE: 1.5, FOLLOW_UP: 3, CLOSED: 6 });
}

function partnersOf(rng: Random, home: Partners | null, jobCentres: string[], trainingBodies: string[]): Partners {
  const jobCentreId = home && rng.chance(0.8) ? home.jobCentreId : rng.pick(jobCentres);
  const trainingBodyId = home && rng.chance(0.8) ? home.trainingBodyId : rng.pick(trainingBodies);
  return { jobCentreId, trainingBodyId };
}

// ---- job centres: employers, campaigns, commitments, vacancies ----

function buildEmployers(rng: Random, jobCentres: string[]): DemoEmployer[] {
  const names = rng.shuffle(BUSINESS_KINDS.flatMap((b) => PLANT_NAMES.map((plant) => ({ name: `${b.kind} ${plant}`, sector: b.sector }))));
  let next = 0;
  return jobCentres.flatMap((jobCentreId) =>
    Array.from({ length: NEW_EMPLOYERS_PER_JOB_CENTRE }, (_, i) => {
      const { name, sector } = names[next++]!;
      return {
        id: uuidFor(`employer/${jobCentreId}/large/${i}`),
        name,
        sector,
        district: rng.pick(EMPLOYER_DISTRICTS[jobCentreId] ?? ["Municipio 1"]),
        safeWorkplaceCommitmentSignedOn: null, // set by signCommitments
        hasAntiHarassmentPolicy: false,
        jobCentreId,
      };
    }),
  );
}

/** A campaign starts every month somewhere, the job centres taking turns; sometimes a second one. */
function buildCampaigns(rng: Random, jobCentres: string[], employers: DemoEmployer[]): DemoCampaign[] {
  const campaigns: DemoCampaign[] = [];
  for (let month = 0; month < 36; month++) {
    const first = addMonths(`${LARGE_FROM.slice(0, 7)}-01`, month + 1);
    const centres = [jobCentres[month % jobCentres.length]!];
    if (rng.chance(0.3)) centres.push(jobCentres[(month + 2) % jobCentres.length]!);
    for (const jobCentreId of centres) {
      const startedOn = minDate(addDays(first, rng.int(0, 20)), DEMO_TODAY);
      const endedOn = addDays(startedOn, rng.int(30, 120));
      const own = employers.filter((e) => e.jobCentreId === jobCentreId);
      const { topic, title } = rng.pick(CAMPAIGN_TOPICS);
      campaigns.push({
        id: uuidFor(`campaign/large/${campaigns.length}`),
        jobCentreId,
        title,
        topic,
        startedOn,
        endedOn: endedOn <= DEMO_TODAY ? endedOn : null,
        employerIdsReached: rng.sample(own, rng.int(12, 28)).map((e) => e.id),
      });
    }
  }
  return campaigns;
}

/**
 * Employers reached by a campaign are the likeliest to sign the safe-workplace commitment, weeks
 * after one of the campaigns that reached them (some only after the second or third), so
 * commitments come in over the years.
 */
function signCommitments(rng: Random, employers: DemoEmployer[], campaigns: DemoCampaign[]): void {
  for (const employer of employers) {
    const reached = campaigns.filter((c) => c.employerIdsReached.includes(employer.id)).find(() => rng.chance(0.22));
    const signedOn = reached ? addDays(reached.startedOn, rng.int(10, 90)) : rng.chance(0.08) ? rng.date(LARGE_FROM, DEMO_TODAY) : null;
    employer.safeWorkplaceCommitmentSignedOn = signedOn && signedOn <= DEMO_TODAY ? signedOn : null;
    employer.hasAntiHarassmentPolicy = rng.chance(employer.safeWorkplaceCommitmentSignedOn ? 0.8 : 0.25);
  }
}

const NEW_VACANCIES = 150;

function buildVacancies(rng: Random, employers: DemoEmployer[]): DemoVacancy[] {
  return Array.from({ length: NEW_VACANCIES }, (_, i) =>
    drawVacancy(rng, rng.pick(employers), uuidFor(`vacancy/large/${i}`), LARGE_FROM, addDays(DEMO_TODAY, -30)),
  );
}

// ---- training bodies: course editions and operator training ----

/** A new edition every two months or so at each training body, from a few weeks before the three years on. */
function buildCourses(rng: Random, trainingBodies: string[]): DemoCourse[] {
  const specs = Object.values(COURSE_SPECS).flat();
  return trainingBodies.flatMap((trainingBodyId, b) => {
    const courses: DemoCourse[] = [];
    let startsOn = addDays(LARGE_FROM, -40 + b * 17);
    while (startsOn <= DEMO_TODAY) {
      const spec = specs[(courses.length * 3 + b) % specs.length]!;
      courses.push({
        id: uuidFor(`course/${trainingBodyId}/large/${courses.length}`),
        trainingBodyId,
        title: spec.title,
        skillsTaught: [...spec.skills],
        schedule: spec.schedule,
        district: organisationById(trainingBodyId).district,
        seats: rng.int(12, 20), // fitted to the enrolments later
        childcareOffered: spec.childcare,
        startsOn,
        endsOn: addDays(startsOn, rng.int(10, 18) * 7 - 3),
      });
      startsOn = addDays(startsOn, rng.int(50, 70));
    }
    return courses;
  });
}

/** Enough seats for everyone enrolled (a withdrawal frees hers), and a few more. */
function fitSeats(rng: Random, courses: DemoCourse[], pathways: readonly DemoPathway[]): void {
  const taken = new Map<string, number>();
  for (const e of pathways.flatMap((p) => p.enrolments)) {
    if (e.status !== "WITHDRAWN") taken.set(e.courseId, (taken.get(e.courseId) ?? 0) + 1);
  }
  for (const course of courses) course.seats = Math.min(200, Math.max(course.seats, (taken.get(course.id) ?? 0) + rng.int(0, 4)));
}

/** About one session every three to four weeks: a centre trains the operators of one or two job centres. */
function buildOperatorTrainingSessions(rng: Random, organisations: DemoOrganisation[]): DemoOperatorTrainingSession[] {
  const centres = organisations.filter((o) => o.type === "ANTI_VIOLENCE_CENTRE").map((o) => o.id);
  const hosts = organisations.filter((o) => o.type === "TRAINING_BODY").map((o) => o.id);
  const jobCentres = organisations.filter((o) => o.type === "JOB_CENTRE");
  const sessions: DemoOperatorTrainingSession[] = [];
  for (let heldOn = addDays(LARGE_FROM, rng.int(5, 20)); heldOn <= DEMO_TODAY; heldOn = addDays(heldOn, rng.int(18, 32))) {
    const host = rng.pick(hosts);
    const attending = rng.sample(jobCentres, rng.chance(0.35) ? 2 : 1);
    const attendees = attending.flatMap((jc) =>
      rng
        .sample(Array.from({ length: jc.operators ?? 10 }, (_, i) => i + 1), rng.int(4, 12))
        .sort((a, b) => a - b)
        .map((n) => ({ operatorId: staffId(jc.id, n), organisationId: jc.id })),
    );
    sessions.push({
      id: uuidFor(`operator-training/large/${sessions.length}`),
      trainerOrganisationId: rng.pick(centres),
      hostTrainingBodyId: host,
      heldOn,
      topics: rng.sample(OPERATOR_TRAINING_TOPICS, rng.int(2, 3)),
      // The host's own training staff attend too.
      attendingOperatorUserIds: [...attendees.map((a) => a.operatorId), userOf(host).id],
      attendingJobCentreIds: attending.map((jc) => jc.id),
      attendees,
      hours: rng.pick([3, 4, 6, 8]),
    });
  }
  return sessions;
}

// ---- break-glass reads ----

/**
 * Reads by the job centre's risk-assessment counsellor, on pathways her job centre was working
 * on at the time (break-glass widens categories, never the set of pathways), of categories her
 * consent did not grant it.
 */
function buildBreakGlassReads(rng: Random, pathways: readonly DemoPathway[]): DemoBreakGlassRead[] {
  const reader = { id: "risk-cpi-centro", organisationId: "cpi-milano-centro" };
  const candidates = pathways.flatMap((p) => {
    if (p.seal) return [];
    const referral = p.referrals.find((r) => r.toOrganisationId === reader.organisationId && r.purpose === "JOB_PLACEMENT" && r.respondedOn && r.status !== "REJECTED");
    if (!referral?.respondedOn) return [];
    const last = minDate(addDays(referral.respondedOn, 60), p.closedOn ?? DEMO_TODAY, addDays(DEMO_TODAY, -1));
    if (last <= referral.respondedOn) return [];
    const granted = new Set(p.consents.flatMap((c) => c.provisions.filter((v) => v.granteeOrganisationId === reader.organisationId).flatMap((v) => v.categories)));
    const categories = BREAK_GLASS_CATEGORIES.filter((c) => !granted.has(c));
    return categories.length > 0 ? [{ p, from: addDays(referral.respondedOn, 1), to: last, categories }] : [];
  });
  return rng
    .sample(candidates, BREAK_GLASS_READS)
    .map(({ p, from, to, categories }, i) => {
      const legalBasis = rng.weighted(LEGAL_BASIS_WEIGHTS);
      const time = `${String(rng.int(8, 15)).padStart(2, "0")}:${String(rng.int(0, 59)).padStart(2, "0")}:00.000Z`;
      return {
        at: `${rng.date(from, to)}T${time}`,
        requestId: uuidFor(`break-glass/${i}`),
        actorId: reader.id,
        organisationId: reader.organisationId,
        roles: ["BREAK_GLASS", "EMPLOYMENT_COUNSELLOR"],
        purpose: "SAFETY_COORDINATION",
        pathwayId: p.id,
        categories: rng.sample(categories, rng.int(1, 2)).sort(),
        legalBasis,
        reason: rng.pick(BREAK_GLASS_REASONS[legalBasis]),
      } satisfies DemoBreakGlassRead;
    })
    .sort((a, b) => a.at.localeCompare(b.at) || a.requestId.localeCompare(b.requestId));
}
