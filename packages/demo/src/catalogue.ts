// Fixed word lists the generator draws from. All names, companies and courses are invented.

import type { ContractType, EducationLevel, GoalArea } from "./types.js";

/** Names grouped by the language a woman speaks first, so identity and languages agree. */
export interface NameOrigin {
  language: string;
  weight: number;
  givenNames: readonly string[];
  familyNames: readonly string[];
}

export const NAME_ORIGINS: readonly NameOrigin[] = [
  {
    language: "it",
    weight: 6,
    givenNames: [
      "Alessia", "Beatrice", "Camilla", "Daria", "Elisa", "Federica", "Giada", "Ilaria", "Lucia", "Marta",
      "Noemi", "Ornella", "Rebecca", "Serena", "Teresa", "Valentina", "Viola", "Agnese", "Bianca", "Carla",
    ],
    familyNames: [
      "Albertazzi", "Bellomonte", "Cantarini", "Dellavigna", "Ferrandello", "Garbagnoli", "Lanzavetti",
      "Marcolongo", "Nervetti", "Orsolani", "Pagliarani", "Quarantelli", "Rossignoli", "Sartorelli",
      "Tavernelli", "Ubertalli", "Valtorta", "Zanardelli", "Brembilla", "Castellazzi",
    ],
  },
  {
    language: "ar",
    weight: 1,
    givenNames: ["Amina", "Samira", "Nadia", "Leila"],
    familyNames: ["Benhaddou", "El Mansouri", "Tahiri"],
  },
  {
    language: "uk",
    weight: 1,
    givenNames: ["Oksana", "Iryna", "Halyna"],
    familyNames: ["Kovalchenko", "Melnykova", "Savchyna"],
  },
  {
    language: "ro",
    weight: 1,
    givenNames: ["Ioana", "Mihaela", "Roxana"],
    familyNames: ["Dumitrescanu", "Popovici", "Stanciulea"],
  },
  {
    language: "es",
    weight: 1,
    givenNames: ["Lucía", "Carmen", "Ximena"],
    familyNames: ["Quispe Rojas", "Villanueva Paz", "Cordero Salas"],
  },
];

/** Districts a woman may need to avoid; the same words the organisations use. */
export const DISTRICTS = [
  "Municipio 1", "Municipio 2", "Municipio 3", "Municipio 4", "Municipio 5",
  "Municipio 6", "Municipio 7", "Municipio 8", "Municipio 9", "Rho",
] as const;

/** Qualifications, each with the education level it usually comes with. */
export const QUALIFICATIONS: readonly { name: string; level: EducationLevel }[] = [
  { name: "Patente B", level: "NONE" },
  { name: "Attestato HACCP", level: "NONE" },
  { name: "Attestato OSS", level: "LOWER_SECONDARY" },
  { name: "Certificazione ICDL Base", level: "LOWER_SECONDARY" },
  { name: "Qualifica di operatrice della ristorazione", level: "VOCATIONAL" },
  { name: "Diploma di ragioneria", level: "UPPER_SECONDARY" },
  { name: "Diploma di liceo linguistico", level: "UPPER_SECONDARY" },
  { name: "Laurea in lettere", level: "BACHELOR" },
];

/** Education levels from lowest to highest; VOCATIONAL sits beside UPPER_SECONDARY. */
export const EDUCATION_RANK: Readonly<Record<EducationLevel, number>> = {
  NONE: 0,
  PRIMARY: 1,
  LOWER_SECONDARY: 2,
  VOCATIONAL: 3,
  UPPER_SECONDARY: 3,
  BACHELOR: 4,
  MASTER_OR_HIGHER: 5,
};

export const EDUCATION_WEIGHTS: Readonly<Record<EducationLevel, number>> = {
  NONE: 0.5,
  PRIMARY: 1,
  LOWER_SECONDARY: 3,
  UPPER_SECONDARY: 4,
  VOCATIONAL: 3,
  BACHELOR: 1.5,
  MASTER_OR_HIGHER: 0.5,
};

export interface Occupation {
  occupation: string;
  sector: string;
}

export const OCCUPATIONS: readonly Occupation[] = [
  { occupation: "Shop assistant", sector: "Retail" },
  { occupation: "Cashier", sector: "Retail" },
  { occupation: "Waitress", sector: "Hospitality" },
  { occupation: "Kitchen assistant", sector: "Hospitality" },
  { occupation: "Hotel housekeeper", sector: "Hospitality" },
  { occupation: "Home care assistant", sector: "Care services" },
  { occupation: "Babysitter", sector: "Care services" },
  { occupation: "Warehouse operative", sector: "Logistics" },
  { occupation: "Cleaner", sector: "Cleaning services" },
  { occupation: "Receptionist", sector: "Administration" },
  { occupation: "Data entry clerk", sector: "Administration" },
];

export function occupationsIn(sector: string): Occupation[] {
  return OCCUPATIONS.filter((o) => o.sector === sector);
}

export const AVAILABILITIES = ["FULL_TIME", "PART_TIME_MORNINGS", "PART_TIME_AFTERNOONS", "SCHOOL_HOURS", "FLEXIBLE"] as const;
export const CARE_CONSTRAINTS = ["CHILD_UNDER_6", "CHILD_SCHOOL_AGE", "DEPENDENT_RELATIVE"] as const;
export const HOURS_TO_AVOID = ["EVENING", "NIGHT", "EARLY_MORNING", "WEEKEND"] as const;
export const SAFE_CONTACT_HOURS = ["09:00-12:00", "10:00-13:00", "14:00-17:00", "08:30-10:00"] as const;

export const HEALTH_NOTES = [
  "Needs workplace without heavy lifting",
  "Regular medical appointments on Tuesday mornings",
  "Needs to sit for part of the shift",
  "Prefers not to work night shifts for health reasons",
] as const;

export const SKILLS = [
  "Customer service", "Cash handling", "Food preparation", "Elderly care", "Childcare", "Office software",
  "Cleaning procedures", "Stock management", "Spoken English", "Bookkeeping basics",
] as const;

export const CONTRACT_WEIGHTS: Readonly<Record<ContractType, number>> = {
  PERMANENT: 3,
  FIXED_TERM: 5,
  APPRENTICESHIP: 1,
  TRAINEESHIP: 2,
};

export const WEEKLY_HOURS = [18, 20, 24, 25, 30, 36, 38] as const;

/** Plan goals per area. `by` says who is responsible: the holder, the job centre or the training body. */
export const GOAL_TEMPLATES: Readonly<Record<GoalArea, { by: "holder" | "jobCentre" | "trainingBody"; descriptions: readonly string[] }>> = {
  EMPLOYMENT: {
    by: "jobCentre",
    descriptions: ["Find a part-time job compatible with school hours", "Find a stable job in a safe workplace", "Return to work in her previous sector"],
  },
  TRAINING: {
    by: "trainingBody",
    descriptions: ["Complete a vocational course", "Improve Italian for the workplace", "Gain a recognised qualification"],
  },
  HOUSING: { by: "holder", descriptions: ["Move to an independent flat", "Apply for public housing"] },
  ECONOMIC: { by: "holder", descriptions: ["Open a personal bank account", "Apply for income support", "Build a monthly budget"] },
  CARE: { by: "holder", descriptions: ["Find a nursery place for the youngest child", "Arrange after-school care"] },
  LEGAL: { by: "holder", descriptions: ["Attend legal counselling on separation", "Follow the protection order procedure"] },
  WELLBEING: { by: "holder", descriptions: ["Continue psychological support sessions", "Join the centre's peer support group"] },
};

export const REFERRAL_NOTES: Readonly<Record<"job" | "training", readonly string[]>> = {
  job: [
    "Interested in part-time work in retail",
    "Available mornings only; please propose employers with safe-workplace commitment",
    "Previous experience in care services",
  ],
  training: ["Needs a morning course with childcare", "Would like a course leading to a recognised certificate", "Italian level about A2"],
};

export const REJECTION_REASONS = ["NO_CAPACITY", "OUT_OF_AREA", "REQUIREMENTS_NOT_MET"] as const;
export const CLOSING_REASONS = { AUTONOMY_REACHED: 6, MOVED_AWAY: 2, WITHDREW: 2 } as const;

export const RETENTION_NOTES = [
  "Settled in well with the team",
  "Asked to change shift pattern",
  "Employer renewed the contract",
  "Contract ended, looking for a new position",
] as const;

/** Employers followed by each job centre. */
export const EMPLOYER_SPECS: Readonly<Record<string, readonly { name: string; sector: string; district: string }[]>> = {
  "cpi-milano-centro": [
    { name: "Bottega Verdemare Srl", sector: "Retail", district: "Municipio 1" },
    { name: "Albergo Stella Cortese", sector: "Hospitality", district: "Municipio 3" },
    { name: "Cooperativa Sociale Filo d'Erba", sector: "Care services", district: "Municipio 5" },
    { name: "Studio Amministrativo Belvedi", sector: "Administration", district: "Municipio 2" },
    { name: "Lindora Servizi di Pulizia", sector: "Cleaning services", district: "Municipio 9" },
  ],
  "cpi-rho": [
    { name: "Magazzini Rovedana Logistica", sector: "Logistics", district: "Rho" },
    { name: "Supermercati Girasolo", sector: "Retail", district: "Rho" },
    { name: "Ristorante La Corte Altea", sector: "Hospitality", district: "Rho" },
    { name: "Assistenza Domiciliare Camelina", sector: "Care services", district: "Municipio 8" },
    { name: "Splendora Pulizie", sector: "Cleaning services", district: "Rho" },
  ],
};

export const CAMPAIGN_SPECS = [
  { jobCentreId: "cpi-milano-centro", title: "Safe workplaces pledge", topic: "SAFE_WORKPLACE", startedOn: "2025-03-10", endedOn: "2025-06-30" },
  { jobCentreId: "cpi-milano-centro", title: "Flexible hours for working mothers", topic: "WORK_LIFE_BALANCE", startedOn: "2026-02-02", endedOn: null },
  { jobCentreId: "cpi-rho", title: "Zero tolerance on harassment at work", topic: "ANTI_HARASSMENT", startedOn: "2025-05-05", endedOn: "2025-09-30" },
] as const;

/**
 * Four course editions per training body, staggered so a woman can always join one soon. The
 * last editions are running today and end after it: a schedule, not an event that happened.
 */
export const COURSE_SPECS: Readonly<Record<string, readonly CourseSpec[]>> = {
  "formazione-atelier": [
    { title: "Italian for the workplace B1", skills: ["Workplace Italian", "Writing a CV"], schedule: "MON_WED_FRI_MORNING", childcare: true, startsOn: "2025-03-03", endsOn: "2025-07-11" },
    { title: "Basic bookkeeping", skills: ["Bookkeeping basics", "Invoicing", "Spreadsheets"], schedule: "TUE_THU_AFTERNOON", childcare: false, startsOn: "2025-09-15", endsOn: "2026-01-30" },
    { title: "Digital skills", skills: ["Office software", "Email and online services", "Online job search"], schedule: "MON_TO_FRI_MORNING", childcare: true, startsOn: "2026-02-02", endsOn: "2026-05-29" },
    { title: "Food safety (HACCP)", skills: ["Food hygiene", "HACCP procedures"], schedule: "SAT_MORNING", childcare: false, startsOn: "2026-09-14", endsOn: "2026-12-18" },
  ],
  "formazione-ponte": [
    { title: "Care assistant (OSS) preparation", skills: ["Elderly care", "First aid", "Hygiene procedures"], schedule: "MON_TO_FRI_MORNING", childcare: true, startsOn: "2025-04-07", endsOn: "2025-09-26" },
    { title: "Retail and cashier skills", skills: ["Customer service", "Cash handling", "Stock management"], schedule: "TUE_THU_MORNING", childcare: false, startsOn: "2025-10-13", endsOn: "2026-02-27" },
    { title: "Italian for the workplace A2", skills: ["Workplace Italian", "Reading job ads"], schedule: "MON_WED_AFTERNOON", childcare: true, startsOn: "2026-03-09", endsOn: "2026-07-03" },
    { title: "Warehouse and logistics basics", skills: ["Stock management", "Workplace safety", "Handheld scanners"], schedule: "MON_WED_FRI_MORNING", childcare: false, startsOn: "2026-09-28", endsOn: "2026-12-18" },
  ],
};

export interface CourseSpec {
  title: string;
  skills: readonly string[];
  schedule: string;
  childcare: boolean;
  startsOn: string;
  endsOn: string;
}

export const OPERATOR_TRAINING_TOPICS = [
  "Recognising signs of violence",
  "Safe communication with survivors",
  "Confidentiality and data minimisation",
  "Safety planning at the workplace",
  "Trauma-informed counselling",
] as const;

/** Operator-training sessions: a centre trains job-centre and training staff, hosted by a training body. */
export const OPERATOR_TRAINING_PLAN = [
  { trainer: "cav-aurora", host: "formazione-atelier", jobCentres: ["cpi-milano-centro"], heldOn: "2025-02-18" },
  { trainer: "cav-ginestra", host: "formazione-ponte", jobCentres: ["cpi-rho"], heldOn: "2025-05-27" },
  { trainer: "cav-aurora", host: "formazione-atelier", jobCentres: ["cpi-milano-centro", "cpi-rho"], heldOn: "2025-11-12" },
  { trainer: "cav-ginestra", host: "formazione-ponte", jobCentres: ["cpi-rho", "cpi-milano-centro"], heldOn: "2026-04-21" },
] as const;
