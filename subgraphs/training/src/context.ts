import { listLoader, rowLoader, type Actor, type Database, type SubgraphContext } from "@percorsi/kit";
import { CourseRepository } from "./modules/course/course.repository.js";
import { EnrolmentRepository } from "./modules/enrolment/enrolment.repository.js";
import { OperatorTrainingRepository } from "./modules/operator-training/operator-training.repository.js";

/** The key of `enrolmentsOfPathwayAtBody`: one training body's enrolments of one pathway. */
export function pathwayAtBody(pathwayId: string, trainingBodyId: string): string {
  return JSON.stringify([pathwayId, trainingBodyId]);
}

/** Per-request loaders: every entity and nested list is read in batches, never one by one. */
export function makeLoaders(db: Database, _actor: Actor) {
  const courses = new CourseRepository(db);
  const enrolments = new EnrolmentRepository(db);
  const sessions = new OperatorTrainingRepository(db);
  return {
    course: rowLoader((ids) => courses.byIds(ids), (c) => c.id),
    seatsTaken: rowLoader((ids) => courses.seatsTaken(ids), (row) => row.courseId),
    // Which bodies keep enrolments of a pathway: what the permission decision needs, no more.
    trainingBodiesOfPathway: listLoader((ids) => enrolments.trainingBodiesOfPathways(ids), (row) => row.pathwayId),
    // Loaded only for the bodies the decision released: another body's rows are not even read otherwise.
    enrolmentsOfPathwayAtBody: listLoader(
      (keys) => enrolments.ofPathwaysAtBodies(keys.map((key) => JSON.parse(key) as [string, string]).map(([pathwayId, trainingBodyId]) => ({ pathwayId, trainingBodyId }))),
      (e) => pathwayAtBody(e.pathwayId, e.trainingBodyId),
    ),
    operatorTrainingSession: rowLoader((ids) => sessions.byIds(ids), (s) => s.id),
  };
}

export type TrainingLoaders = ReturnType<typeof makeLoaders>;
export type TrainingContext = SubgraphContext<TrainingLoaders>;
