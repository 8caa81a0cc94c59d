import { listLoader, rowLoader, type Actor, type Database, type SubgraphContext } from "@percorsi/kit/author";
import { CourseRepository } from "./modules/course/course.repository.js";
import { EnrolmentRepository } from "./modules/enrolment/enrolment.repository.js";
import { OperatorTrainingRepository } from "./modules/operator-training/operator-training.repository.js";

/** Per-request loaders: every entity and nested list is read in batches, never one by one. */
export function makeLoaders(db: Database, _actor: Actor) {
  const courses = new CourseRepository(db);
  const enrolments = new EnrolmentRepository(db);
  const sessions = new OperatorTrainingRepository(db);
  return {
    course: rowLoader((ids) => courses.byIds(ids), (c) => c.id),
    seatsTaken: rowLoader((ids) => courses.seatsTaken(ids), (row) => row.courseId),
    // A pathway's enrolments at every body: the decision judges each body's, the resolver releases those allowed.
    enrolmentsOfPathway: listLoader((ids) => enrolments.ofPathways(ids), (e) => e.pathwayId),
    operatorTrainingSession: rowLoader((ids) => sessions.byIds(ids), (s) => s.id),
  };
}

export type TrainingLoaders = ReturnType<typeof makeLoaders>;
export type TrainingContext = SubgraphContext<TrainingLoaders>;
