import { isUuid, readPage, type Connection, type Queryable } from "@percorsi/kit/author";
import { Enrolment, type EnrolmentStatus } from "./enrolment.type.js";

export interface EnrolmentRow {
  id: string;
  pathway_id: string;
  course_id: string;
  training_body_id: string;
  status: EnrolmentStatus;
  enrolled_on: string;
  completed_on: string | null;
  withdrawn_on: string | null;
  certificate: string | null;
}

/** An enrolment to store: what `enrolInCourse` builds and what the demo network provides. */
export interface NewEnrolment {
  id: string;
  pathwayId: string;
  courseId: string;
  trainingBodyId: string;
  status: EnrolmentStatus;
  enrolledOn: string;
  completedOn: string | null;
  withdrawnOn: string | null;
  certificate: string | null;
  recordedBy?: string | null;
}

export interface EnrolmentFilter {
  status?: EnrolmentStatus | null;
  courseId?: string | null;
}

/** A pathway of a training body's caseload and the day of its newest (matching) enrolment. */
export interface CaseloadEntry {
  pathwayId: string;
  latestEnrolledOn: string;
}

const COLUMNS = "e.id, e.pathway_id, e.course_id, e.training_body_id, e.status, e.enrolled_on, e.completed_on, e.withdrawn_on, e.certificate";
const FILTER = "e.training_body_id = $1 and ($2::text is null or e.status = $2) and ($3::uuid is null or e.course_id = $3)";

export function toEnrolment(row: EnrolmentRow): Enrolment {
  return Object.assign(new Enrolment(), {
    id: row.id,
    pathwayId: row.pathway_id,
    courseId: row.course_id,
    trainingBodyId: row.training_body_id,
    status: row.status,
    enrolledOn: row.enrolled_on,
    completedOn: row.completed_on,
    withdrawnOn: row.withdrawn_on,
    certificate: row.certificate,
  });
}

export class EnrolmentRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * The pathways enrolled in a training body's courses, one per pathway, newest enrolment first
   * (the newest among the enrolments that match the filter), keyset-paginated on
   * (latest enrolled_on, pathway_id).
   */
  caseload(trainingBodyId: string, filter: EnrolmentFilter, first: number, after?: string | null): Promise<Connection<CaseloadEntry>> {
    return readPage<{ pathway_id: string; latest_enrolled_on: string }, CaseloadEntry>(this.db, {
      base: `select e.pathway_id, max(e.enrolled_on) as latest_enrolled_on from enrolments e where ${FILTER} group by e.pathway_id`,
      params: [trainingBodyId, filter.status ?? null, filter.courseId ?? null],
      sort: [["latest_enrolled_on", "date"], ["pathway_id", "uuid"]],
      direction: "desc",
      first,
      after,
      map: (row) => ({ pathwayId: row.pathway_id, latestEnrolledOn: row.latest_enrolled_on }),
      cursorOf: (entry) => [entry.latestEnrolledOn, entry.pathwayId],
    });
  }

  /** Every enrolment of each pathway, at any training body, oldest first. */
  async ofPathways(pathwayIds: readonly string[]): Promise<Enrolment[]> {
    const rows = await this.db.query<EnrolmentRow>(
      `select ${COLUMNS} from enrolments e where e.pathway_id = any($1::uuid[]) order by e.enrolled_on, e.id`,
      [pathwayIds.filter(isUuid)],
    );
    return rows.map(toEnrolment);
  }

  /** Seats taken in a course and whether the pathway already holds one. Read after locking the course. */
  async occupancy(courseId: string, pathwayId: string): Promise<{ taken: number; alreadyEnrolled: boolean }> {
    const [row] = await this.db.query<{ taken: number; already_enrolled: boolean }>(
      `select count(*)::int as taken, coalesce(bool_or(pathway_id = $2), false) as already_enrolled
       from enrolments where course_id = $1 and status <> 'WITHDRAWN'`,
      [courseId, pathwayId],
    );
    return { taken: row?.taken ?? 0, alreadyEnrolled: row?.already_enrolled ?? false };
  }

  /**
   * Locks an enrolment of `trainingBodyId` about `pathwayId` until the transaction ends, so two
   * status changes cannot both apply. Another body's, another pathway's and an unknown id all
   * find no row and lock nothing: a refusal costs the same whether the id exists (a row lock is a write).
   */
  async lock(id: string, of: { trainingBodyId: string; pathwayId: string }): Promise<Enrolment | null> {
    const [row] = await this.db.query<EnrolmentRow>(
      `select ${COLUMNS} from enrolments e where e.id = $1 and e.training_body_id = $2 and e.pathway_id = $3 for update`,
      [id, of.trainingBodyId, of.pathwayId.toLowerCase()],
    );
    return row ? toEnrolment(row) : null;
  }

  async complete(id: string, completedOn: string, certificate: string | null): Promise<void> {
    await this.db.query(
      "update enrolments set status = 'COMPLETED', completed_on = $2, certificate = $3, updated_at = now() where id = $1",
      [id, completedOn, certificate],
    );
  }

  async withdraw(id: string, withdrawnOn: string): Promise<void> {
    await this.db.query("update enrolments set status = 'WITHDRAWN', withdrawn_on = $2, updated_at = now() where id = $1", [
      id,
      withdrawnOn,
    ]);
  }

  async insertMany(enrolments: readonly NewEnrolment[]): Promise<void> {
    if (enrolments.length === 0) return;
    await this.db.query(
      `insert into enrolments (id, pathway_id, course_id, training_body_id, status, enrolled_on, completed_on, withdrawn_on,
         certificate, recorded_by)
       select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::date[], $7::date[], $8::date[],
         $9::text[], $10::text[])
       on conflict (id) do nothing`,
      [
        enrolments.map((e) => e.id),
        enrolments.map((e) => e.pathwayId),
        enrolments.map((e) => e.courseId),
        enrolments.map((e) => e.trainingBodyId),
        enrolments.map((e) => e.status),
        enrolments.map((e) => e.enrolledOn),
        enrolments.map((e) => e.completedOn),
        enrolments.map((e) => e.withdrawnOn),
        enrolments.map((e) => e.certificate),
        enrolments.map((e) => e.recordedBy ?? null),
      ],
    );
  }
}
