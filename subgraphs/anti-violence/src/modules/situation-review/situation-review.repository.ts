import type { Queryable } from "@percorsi/kit/author";
import type { EconomicSituation, HousingSituation } from "../needs-assessment/needs-assessment.type.js";
import { SituationReview } from "./situation-review.type.js";

/** One review as written: by the API (one) or by a seed (many). */
export interface SituationReviewRecord {
  id: string;
  pathwayId: string;
  reviewedOn: string;
  reviewedBy: string;
  economicSituation: EconomicSituation;
  housingSituation: HousingSituation;
}

interface SituationReviewRow {
  id: string;
  pathway_id: string;
  reviewed_on: string;
  economic_situation: EconomicSituation;
  housing_situation: HousingSituation;
}

function toSituationReview(row: SituationReviewRow): SituationReview {
  return Object.assign(new SituationReview(), {
    id: row.id,
    pathwayId: row.pathway_id,
    reviewedOn: row.reviewed_on,
    economicSituation: row.economic_situation,
    housingSituation: row.housing_situation,
  });
}

export class SituationReviewRepository {
  constructor(private readonly db: Queryable) {}

  /** Reviews of many pathways in one statement, each pathway's oldest first (the latest last). */
  async byPathwayIds(pathwayIds: readonly string[]): Promise<SituationReview[]> {
    const rows = await this.db.query<SituationReviewRow>(
      `select id, pathway_id, reviewed_on, economic_situation, housing_situation
       from situation_reviews where pathway_id = any($1::uuid[])
       order by pathway_id, reviewed_on, created_at, id`,
      [pathwayIds],
    );
    return rows.map(toSituationReview);
  }

  async insert(review: SituationReviewRecord): Promise<void> {
    await this.insertMany([review]);
  }

  /** Many reviews in one statement (a seed, and `insert`). */
  async insertMany(reviews: readonly SituationReviewRecord[]): Promise<void> {
    if (reviews.length === 0) return;
    await this.db.query(
      `insert into situation_reviews (id, pathway_id, reviewed_on, reviewed_by, economic_situation, housing_situation)
       select * from unnest($1::uuid[], $2::uuid[], $3::date[], $4::text[], $5::text[], $6::text[])`,
      [
        reviews.map((r) => r.id),
        reviews.map((r) => r.pathwayId),
        reviews.map((r) => r.reviewedOn),
        reviews.map((r) => r.reviewedBy),
        reviews.map((r) => r.economicSituation),
        reviews.map((r) => r.housingSituation),
      ],
    );
  }
}
