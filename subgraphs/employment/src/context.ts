import { listLoader, rowLoader, type Database, type SubgraphContext } from "@percorsi/kit/author";
import { CampaignRepository } from "./modules/campaign/campaign.repository.js";
import { EmployerRepository } from "./modules/employer/employer.repository.js";
import { JobSeekerRepository } from "./modules/job-seeker/job-seeker.repository.js";
import { PlacementRepository } from "./modules/placement/placement.repository.js";
import { RetentionCheckRepository } from "./modules/retention-check/retention-check.repository.js";
import { VacancyRepository } from "./modules/vacancy/vacancy.repository.js";

/**
 * Per-request loaders: every entity and nested list is read in batches, so a list of N records
 * with their nested lists costs a constant number of queries, not N.
 */
export function makeLoaders(db: Database) {
  const jobSeekers = new JobSeekerRepository(db);
  const placements = new PlacementRepository(db);
  const retentionChecks = new RetentionCheckRepository(db);
  const employers = new EmployerRepository(db);
  const vacancies = new VacancyRepository(db);
  const campaigns = new CampaignRepository(db);
  return {
    jobSeekersByPathway: listLoader((ids) => jobSeekers.byPathwayIds(ids), (j) => j.pathwayId),
    placementsByPathway: listLoader((ids) => placements.byPathwayIds(ids), (p) => p.pathwayId),
    retentionChecksByPlacement: listLoader((ids) => retentionChecks.byPlacementIds(ids), (c) => c.placementId),
    employer: rowLoader((ids) => employers.byIds(ids), (e) => e.id),
    employersByCampaign: listLoader((ids) => employers.reachedByCampaigns(ids), (e) => e.campaignId),
    vacancy: rowLoader((ids) => vacancies.byIds(ids), (v) => v.id),
    campaign: rowLoader((ids) => campaigns.byIds(ids), (c) => c.id),
  };
}

export type EmploymentLoaders = ReturnType<typeof makeLoaders>;
export type EmploymentContext = SubgraphContext<EmploymentLoaders>;
