import { isUuid, jsonLists, jsonTextArray, readPage, type Connection, type Queryable } from "@percorsi/kit/author";
import { Course } from "./course.type.js";

export interface CourseRow {
  id: string;
  training_body_id: string;
  title: string;
  skills_taught: string[];
  schedule: string;
  district: string;
  seats: number;
  childcare_offered: boolean;
  starts_on: string;
  ends_on: string;
}

/** A course to store: what `createCourse` builds and what the demo network provides. */
export interface NewCourse {
  id: string;
  trainingBodyId: string;
  title: string;
  skillsTaught: readonly string[];
  schedule: string;
  district: string;
  seats: number;
  childcareOffered: boolean;
  startsOn: string;
  endsOn: string;
  createdBy?: string | null;
}

export interface CourseFilter {
  district?: string | null;
  childcareOffered?: boolean | null;
}

const COLUMNS = "c.id, c.training_body_id, c.title, c.skills_taught, c.schedule, c.district, c.seats, c.childcare_offered, c.starts_on, c.ends_on";
const FILTER = "($1::text is null or c.district = $1) and ($2::boolean is null or c.childcare_offered = $2)";

export function toCourse(row: CourseRow): Course {
  return Object.assign(new Course(), {
    id: row.id,
    trainingBodyId: row.training_body_id,
    title: row.title,
    skillsTaught: row.skills_taught,
    schedule: row.schedule,
    district: row.district,
    seats: row.seats,
    childcareOffered: row.childcare_offered,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
  });
}

export class CourseRepository {
  constructor(private readonly db: Queryable) {}

  async byIds(ids: readonly string[]): Promise<Course[]> {
    // Ids come from callers: anything that is not a UUID matches nothing (and cannot break the cast).
    const rows = await this.db.query<CourseRow>(`select ${COLUMNS} from courses c where c.id = any($1::uuid[])`, [ids.filter(isUuid)]);
    return rows.map(toCourse);
  }

  /** Latest editions first, keyset-paginated on (starts_on, id); the page and its total in one query. */
  list(filter: CourseFilter, first: number, after?: string | null): Promise<Connection<Course>> {
    return readPage<CourseRow, Course>(this.db, {
      base: `select ${COLUMNS} from courses c where ${FILTER}`,
      params: [filter.district ?? null, filter.childcareOffered ?? null],
      sort: [["starts_on", "date"], ["id", "uuid"]],
      direction: "desc",
      first,
      after,
      map: toCourse,
      cursorOf: (c) => [c.startsOn, c.id],
    });
  }

  /** Seats held by enrolments that are not withdrawn, per course (courses with none are absent). */
  async seatsTaken(courseIds: readonly string[]): Promise<{ courseId: string; taken: number }[]> {
    const rows = await this.db.query<{ course_id: string; taken: number }>(
      `select course_id, count(*)::int as taken from enrolments
       where course_id = any($1::uuid[]) and status <> 'WITHDRAWN' group by course_id`,
      [courseIds.filter(isUuid)],
    );
    return rows.map((row) => ({ courseId: row.course_id, taken: row.taken }));
  }

  /**
   * Locks a course row until the transaction ends, so concurrent enrolments into it queue up
   * and each sees the seats the previous ones took. Use inside a transaction only.
   */
  async lock(id: string): Promise<Course | null> {
    const [row] = await this.db.query<CourseRow>(`select ${COLUMNS} from courses c where c.id = $1 for update`, [id]);
    return row ? toCourse(row) : null;
  }

  async insertMany(courses: readonly NewCourse[]): Promise<void> {
    if (courses.length === 0) return;
    await this.db.query(
      `insert into courses (id, training_body_id, title, skills_taught, schedule, district, seats, childcare_offered,
         starts_on, ends_on, created_by)
       select id, training_body_id, title, ${jsonTextArray("skills")}, schedule, district, seats, childcare_offered,
         starts_on, ends_on, created_by
       from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::boolean[],
         $9::date[], $10::date[], $11::text[])
         as c(id, training_body_id, title, skills, schedule, district, seats, childcare_offered, starts_on, ends_on, created_by)
       on conflict (id) do nothing`,
      [
        courses.map((c) => c.id),
        courses.map((c) => c.trainingBodyId),
        courses.map((c) => c.title),
        jsonLists(courses.map((c) => c.skillsTaught)),
        courses.map((c) => c.schedule),
        courses.map((c) => c.district),
        courses.map((c) => c.seats),
        courses.map((c) => c.childcareOffered),
        courses.map((c) => c.startsOn),
        courses.map((c) => c.endsOn),
        courses.map((c) => c.createdBy ?? null),
      ],
    );
  }
}
