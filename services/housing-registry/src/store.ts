import { randomUUID } from "node:crypto";
import type { Queryable } from "@percorsi/kit";

// The stand-in's own store, in its own words (snake_case JSON straight from its tables).

export interface NeedRow {
  id: string;
  pathway_id: string;
  housing_body_id: string;
  situation: string;
  household_size: number;
  assessed_on: string;
}

export interface ApplicationRow {
  id: string;
  pathway_id: string;
  housing_body_id: string;
  scheme: string;
  status: string;
  submitted_on: string;
  decided_on: string | null;
}

export interface AllocationRow {
  id: string;
  application_id: string;
  pathway_id: string;
  housing_body_id: string;
  allocated_on: string;
  tenure: string;
  district: string;
}

const NEEDS = "select id::text, pathway_id::text, housing_body_id, situation, household_size, assessed_on::text from needs";
const APPLICATIONS = "select id::text, pathway_id::text, housing_body_id, scheme, status, submitted_on::text, decided_on::text from applications";
const ALLOCATIONS = "select id::text, application_id::text, pathway_id::text, housing_body_id, allocated_on::text, tenure, district from allocations";

/** One statement per batch of pathways, whatever its size. */
export function needsOf(db: Queryable, pathwayIds: readonly string[]): Promise<NeedRow[]> {
  return db.query<NeedRow>(`${NEEDS} where pathway_id = any($1::uuid[]) order by assessed_on, id`, [pathwayIds]);
}

export function applicationsOf(db: Queryable, pathwayIds: readonly string[]): Promise<ApplicationRow[]> {
  return db.query<ApplicationRow>(`${APPLICATIONS} where pathway_id = any($1::uuid[]) order by submitted_on, id`, [pathwayIds]);
}

export function allocationsOf(db: Queryable, pathwayIds: readonly string[]): Promise<AllocationRow[]> {
  return db.query<AllocationRow>(`${ALLOCATIONS} where pathway_id = any($1::uuid[]) order by allocated_on, id`, [pathwayIds]);
}

export interface NewApplication {
  pathway_id: string;
  housing_body_id: string;
  scheme: string;
  submitted_on: string;
  recorded_by: string | null;
}

export async function insertApplication(db: Queryable, application: NewApplication): Promise<ApplicationRow> {
  const [row] = await db.query<ApplicationRow>(
    `insert into applications (id, pathway_id, housing_body_id, scheme, status, submitted_on, recorded_by)
     values ($1, $2, $3, $4, 'SUBMITTED', $5, $6)
     returning id::text, pathway_id::text, housing_body_id, scheme, status, submitted_on::text, decided_on::text`,
    [randomUUID(), application.pathway_id, application.housing_body_id, application.scheme, application.submitted_on, application.recorded_by],
  );
  return row!;
}
