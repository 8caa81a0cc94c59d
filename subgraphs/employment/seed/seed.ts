import { demoNetworkOfSize, demoSize, type DemoNetwork } from "@percorsi/demo";
import type { Database } from "@percorsi/kit";
import { CampaignRepository } from "../src/modules/campaign/campaign.repository.js";
import { EmployerRepository } from "../src/modules/employer/employer.repository.js";
import { JobSeekerRepository } from "../src/modules/job-seeker/job-seeker.repository.js";
import { PlacementRepository } from "../src/modules/placement/placement.repository.js";
import { RetentionCheckRepository } from "../src/modules/retention-check/retention-check.repository.js";
import { VacancyRepository } from "../src/modules/vacancy/vacancy.repository.js";

/**
 * Writes the demo network's job-centre data (DEMO_NETWORK's size unless given) into an empty store, in one transaction and one
 * multi-row statement per table; does nothing when the store already has data.
 */
export async function seedEmployment(db: Database, network: DemoNetwork = demoNetworkOfSize(demoSize())): Promise<void> {
  const [{ count } = { count: 0 }] = await db.query<{ count: number }>("select count(*)::int as count from employers");
  if (count > 0) return;
  const registered = network.pathways.flatMap((pathway) => (pathway.jobSeeker ? [{ pathway, jobSeeker: pathway.jobSeeker }] : []));
  const placed = registered.flatMap(({ pathway, jobSeeker }) => pathway.placements.map((placement) => ({ jobSeeker, placement })));
  await db.transaction(async (tx) => {
    await new EmployerRepository(tx).insertMany(
      network.employers.map((e) => ({
        id: e.id,
        job_centre_id: e.jobCentreId,
        name: e.name,
        sector: e.sector,
        district: e.district,
        safe_workplace_commitment_signed_on: e.safeWorkplaceCommitmentSignedOn,
        has_anti_harassment_policy: e.hasAntiHarassmentPolicy,
      })),
    );
    await new VacancyRepository(tx).insertMany(
      network.vacancies.map((v) => ({
        id: v.id,
        employer_id: v.employerId,
        job_centre_id: v.jobCentreId,
        title: v.title,
        occupation: v.occupation,
        contract_type: v.contractType,
        weekly_hours: v.weeklyHours,
        district: v.district,
        opened_on: v.openedOn,
        closed_on: v.closedOn,
      })),
    );
    const campaigns = new CampaignRepository(tx);
    await campaigns.insertMany(
      network.campaigns.map((c) => ({
        id: c.id,
        job_centre_id: c.jobCentreId,
        title: c.title,
        topic: c.topic,
        started_on: c.startedOn,
        ended_on: c.endedOn,
      })),
    );
    await campaigns.insertReached(
      network.campaigns.flatMap((c) => c.employerIdsReached.map((employerId) => ({ campaign_id: c.id, employer_id: employerId }))),
    );
    await new JobSeekerRepository(tx).insertMany(
      registered.map(({ pathway, jobSeeker: j }) => ({
        id: j.id,
        pathway_id: pathway.id,
        job_centre_id: j.jobCentreId,
        counsellor_id: j.counsellorUserId,
        registered_on: j.registeredOn,
        first_appointment_on: j.firstAppointmentOn,
        skills: j.skills,
        wished_occupations: j.wishedOccupations,
        availability: j.availability,
        status: j.status,
      })),
    );
    await new PlacementRepository(tx).insertMany(
      placed.map(({ jobSeeker, placement: p }) => ({
        id: p.id,
        job_seeker_id: jobSeeker.id,
        employer_id: p.employerId,
        vacancy_id: p.vacancyId,
        occupation: p.occupation,
        contract_type: p.contractType,
        weekly_hours: p.weeklyHours,
        start_on: p.startOn,
        end_on: p.endOn,
        recorded_by: jobSeeker.counsellorUserId,
      })),
    );
    await new RetentionCheckRepository(tx).insertMany(
      placed.flatMap(({ jobSeeker, placement }) =>
        placement.retentionChecks.map((c) => ({
          id: c.id,
          placement_id: placement.id,
          months_after_start: c.monthsAfterStart,
          checked_on: c.checkedOn,
          still_employed: c.stillEmployed,
          note: c.note,
          recorded_by: jobSeeker.counsellorUserId,
        })),
      ),
    );
  });
}
