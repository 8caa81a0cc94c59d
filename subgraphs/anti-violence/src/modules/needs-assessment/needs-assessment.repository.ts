import type { Queryable } from "@percorsi/kit/author";
import { NeedsAssessment, WorkExperience, type EconomicSituation, type EducationLevel, type HousingSituation } from "./needs-assessment.type.js";

/** One assessment as written: by the API (one) or by the seed (many). */
export interface NeedsAssessmentRecord {
  pathwayId: string;
  assessedOn: string;
  assessedBy: string;
  educationLevel: EducationLevel;
  qualifications: readonly string[];
  languages: readonly string[];
  workExperience: readonly { occupation: string; sector: string; years: number }[];
  availability: string;
  careConstraints: readonly string[];
  economicSituation: EconomicSituation;
  housingSituation: HousingSituation;
  districtsToAvoid: readonly string[];
  hoursToAvoid: readonly string[];
  healthNotes: string | null;
}

interface NeedsAssessmentRow {
  pathway_id: string;
  assessed_on: string;
  education_level: EducationLevel;
  qualifications: string[];
  languages: string[];
  work_experience: { occupation: string; sector: string; years: number }[];
  availability: string;
  care_constraints: string[];
  economic_situation: EconomicSituation;
  housing_situation: HousingSituation;
  districts_to_avoid: string[];
  hours_to_avoid: string[];
  health_notes: string | null;
}

const COLUMNS = `pathway_id, assessed_on, education_level, qualifications, languages, work_experience, availability,
  care_constraints, economic_situation, housing_situation, districts_to_avoid, hours_to_avoid, health_notes`;

function toNeedsAssessment(row: NeedsAssessmentRow): NeedsAssessment {
  return Object.assign(new NeedsAssessment(), {
    pathwayId: row.pathway_id,
    assessedOn: row.assessed_on,
    educationLevel: row.education_level,
    qualifications: row.qualifications,
    languages: row.languages,
    workExperience: row.work_experience.map((w) => Object.assign(new WorkExperience(), { pathwayId: row.pathway_id, occupation: w.occupation, sector: w.sector, years: w.years })),
    availability: row.availability,
    careConstraints: row.care_constraints,
    economicSituation: row.economic_situation,
    housingSituation: row.housing_situation,
    districtsToAvoid: row.districts_to_avoid,
    hoursToAvoid: row.hours_to_avoid,
    healthNotes: row.health_notes,
  });
}

export class NeedsAssessmentRepository {
  constructor(private readonly db: Queryable) {}

  async byPathwayIds(ids: readonly string[]): Promise<NeedsAssessment[]> {
    const rows = await this.db.query<NeedsAssessmentRow>(`select ${COLUMNS} from needs_assessments where pathway_id = any($1::uuid[])`, [ids]);
    return rows.map(toNeedsAssessment);
  }

  /**
   * Writes assessments in one statement, replacing a pathway's previous one. The records travel
   * as one JSON document because `unnest` cannot return the array columns row by row.
   */
  async upsertMany(records: readonly NeedsAssessmentRecord[]): Promise<void> {
    if (records.length === 0) return;
    const document = records.map((r) => ({
      pathway_id: r.pathwayId,
      assessed_on: r.assessedOn,
      assessed_by: r.assessedBy,
      education_level: r.educationLevel,
      qualifications: r.qualifications,
      languages: r.languages,
      work_experience: r.workExperience.map((w) => ({ occupation: w.occupation, sector: w.sector, years: w.years })),
      availability: r.availability,
      care_constraints: r.careConstraints,
      economic_situation: r.economicSituation,
      housing_situation: r.housingSituation,
      districts_to_avoid: r.districtsToAvoid,
      hours_to_avoid: r.hoursToAvoid,
      health_notes: r.healthNotes,
    }));
    await this.db.query(
      `insert into needs_assessments (${COLUMNS}, assessed_by)
       select ${COLUMNS}, assessed_by
       from jsonb_to_recordset($1::jsonb) as r(
         pathway_id uuid, assessed_on date, assessed_by text, education_level text, qualifications text[], languages text[],
         work_experience jsonb, availability text, care_constraints text[], economic_situation text, housing_situation text,
         districts_to_avoid text[], hours_to_avoid text[], health_notes text)
       on conflict (pathway_id) do update set
         assessed_on = excluded.assessed_on, assessed_by = excluded.assessed_by, education_level = excluded.education_level,
         qualifications = excluded.qualifications, languages = excluded.languages, work_experience = excluded.work_experience,
         availability = excluded.availability, care_constraints = excluded.care_constraints,
         economic_situation = excluded.economic_situation, housing_situation = excluded.housing_situation,
         districts_to_avoid = excluded.districts_to_avoid, hours_to_avoid = excluded.hours_to_avoid,
         health_notes = excluded.health_notes, updated_at = now()`,
      [JSON.stringify(document)],
    );
  }
}
