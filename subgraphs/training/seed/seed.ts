import { demoNetworkOfSize, demoSize, type DemoNetwork } from "@percorsi/demo";
import type { Database } from "@percorsi/kit";
import { CourseRepository } from "../src/modules/course/course.repository.js";
import { EnrolmentRepository, type NewEnrolment } from "../src/modules/enrolment/enrolment.repository.js";
import { OperatorTrainingRepository } from "../src/modules/operator-training/operator-training.repository.js";

/**
 * Writes the demo network's training data (DEMO_NETWORK's size unless given) (courses, enrolments, operator-training sessions) into
 * an empty store, in one transaction; does nothing otherwise. Every insert also skips ids that
 * exist, so running it twice never duplicates a row.
 */
export async function seedTraining(db: Database, network: DemoNetwork = demoNetworkOfSize(demoSize())): Promise<void> {
  const [{ count } = { count: 0 }] = await db.query<{ count: number }>("select count(*)::int as count from courses");
  if (count > 0) return;
  const bodyOfCourse = new Map(network.courses.map((c) => [c.id, c.trainingBodyId]));
  const enrolments: NewEnrolment[] = network.pathways.flatMap((pathway) =>
    pathway.enrolments.map((e) => {
      const trainingBodyId = bodyOfCourse.get(e.courseId);
      if (!trainingBodyId) throw new Error("demo enrolment refers to a course the demo network does not have");
      return { ...e, pathwayId: pathway.id, trainingBodyId };
    }),
  );
  await db.transaction(async (tx) => {
    await new CourseRepository(tx).insertMany(network.courses);
    await new EnrolmentRepository(tx).insertMany(enrolments);
    await new OperatorTrainingRepository(tx).insertMany(
      network.operatorTrainingSessions.map((s) => ({
        ...s,
        attendingOperatorIds: s.attendingOperatorUserIds,
        attendingOrganisationIds: s.attendingJobCentreIds,
        attendees: s.attendees,
      })),
    );
  });
}
