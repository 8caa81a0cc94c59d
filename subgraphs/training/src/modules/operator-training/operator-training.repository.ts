import { isUuid, jsonLists, jsonTextArray, readPage, type Connection, type Queryable } from "@percorsi/kit/author";
import { OperatorTrainingSession } from "./operator-training.type.js";

interface SessionRow {
  id: string;
  trainer_organisation_id: string;
  host_training_body_id: string;
  held_on: string;
  topics: string[];
  // numeric arrives as a string from PostgreSQL drivers.
  hours: string | number;
  attending_operator_ids: string[];
  attending_organisation_ids: string[];
}

export interface NewOperatorTrainingSession {
  id: string;
  trainerOrganisationId: string;
  hostTrainingBodyId: string;
  heldOn: string;
  topics: readonly string[];
  hours: number;
  attendingOperatorIds: readonly string[];
  attendingOrganisationIds: readonly string[];
  /** Each attending operator with the organisation they work for (the lists above are not aligned). */
  attendees?: readonly OperatorAttendee[];
  recordedBy?: string | null;
}

export interface OperatorAttendee {
  operatorId: string;
  organisationId: string;
}

const COLUMNS =
  "s.id, s.trainer_organisation_id, s.host_training_body_id, s.held_on, s.topics, s.hours, s.attending_operator_ids, s.attending_organisation_ids";

function toSession(row: SessionRow): OperatorTrainingSession {
  return Object.assign(new OperatorTrainingSession(), {
    id: row.id,
    trainerOrganisationId: row.trainer_organisation_id,
    hostTrainingBodyId: row.host_training_body_id,
    heldOn: row.held_on,
    topics: row.topics,
    hours: Number(row.hours),
    attendingOperatorIds: row.attending_operator_ids,
    attendingOrganisationIds: row.attending_organisation_ids,
  });
}

export class OperatorTrainingRepository {
  constructor(private readonly db: Queryable) {}

  async byIds(ids: readonly string[]): Promise<OperatorTrainingSession[]> {
    const rows = await this.db.query<SessionRow>(`select ${COLUMNS} from operator_training_sessions s where s.id = any($1::uuid[])`, [
      ids.filter(isUuid),
    ]);
    return rows.map(toSession);
  }

  /** Latest first, keyset-paginated on (held_on, id); the page and its total in one query. */
  list(first: number, after?: string | null): Promise<Connection<OperatorTrainingSession>> {
    return readPage<SessionRow, OperatorTrainingSession>(this.db, {
      base: `select ${COLUMNS} from operator_training_sessions s`,
      params: [],
      sort: [["held_on", "date"], ["id", "uuid"]],
      direction: "desc",
      first,
      after,
      map: toSession,
      cursorOf: (s) => [s.heldOn, s.id],
    });
  }

  async insertMany(sessions: readonly NewOperatorTrainingSession[]): Promise<void> {
    if (sessions.length === 0) return;
    await this.db.query(
      `insert into operator_training_sessions (id, trainer_organisation_id, host_training_body_id, held_on, topics, hours,
         attending_operator_ids, attending_organisation_ids, recorded_by)
       select id, trainer_organisation_id, host_training_body_id, held_on, ${jsonTextArray("topics")}, hours,
         ${jsonTextArray("operators")}, ${jsonTextArray("organisations")}, recorded_by
       from unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::text[], $6::numeric[], $7::text[], $8::text[], $9::text[])
         as s(id, trainer_organisation_id, host_training_body_id, held_on, topics, hours, operators, organisations, recorded_by)
       on conflict (id) do nothing`,
      [
        sessions.map((s) => s.id),
        sessions.map((s) => s.trainerOrganisationId),
        sessions.map((s) => s.hostTrainingBodyId),
        sessions.map((s) => s.heldOn),
        jsonLists(sessions.map((s) => s.topics)),
        sessions.map((s) => s.hours),
        jsonLists(sessions.map((s) => s.attendingOperatorIds)),
        jsonLists(sessions.map((s) => s.attendingOrganisationIds)),
        sessions.map((s) => s.recordedBy ?? null),
      ],
    );
    const attendances = sessions.flatMap((s) => (s.attendees ?? []).map((a) => ({ sessionId: s.id, ...a })));
    if (attendances.length === 0) return;
    await this.db.query(
      `insert into operator_attendances (session_id, operator_id, organisation_id)
       select * from unnest($1::uuid[], $2::text[], $3::text[])
       on conflict (session_id, operator_id) do nothing`,
      [attendances.map((a) => a.sessionId), attendances.map((a) => a.operatorId), attendances.map((a) => a.organisationId)],
    );
  }
}
