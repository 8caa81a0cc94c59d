import type { Queryable } from "@percorsi/kit/author";
import { PlanGoal, type GoalArea, type GoalStatus } from "./plan.type.js";

interface PlanGoalRow {
  id: string;
  plan_id: string;
  pathway_id: string;
  area: GoalArea;
  description: string;
  responsible_organisation_id: string;
  status: GoalStatus;
  due_on: string | null;
}

export interface PlanGoalRecord {
  id: string;
  planId: string;
  pathwayId: string;
  area: GoalArea;
  description: string;
  responsibleOrganisationId: string;
  status: GoalStatus;
  dueOn: string | null;
}

export interface PlanGoalChanges {
  status?: GoalStatus | null | undefined;
  description?: string | null | undefined;
  /** `undefined` keeps the date, `null` clears it. */
  dueOn?: string | null | undefined;
}

const COLUMNS = "id, plan_id, pathway_id, area, description, responsible_organisation_id, status, due_on";

function toPlanGoal(row: PlanGoalRow): PlanGoal {
  return Object.assign(new PlanGoal(), {
    id: row.id,
    planId: row.plan_id,
    pathwayId: row.pathway_id,
    area: row.area,
    description: row.description,
    responsibleOrganisationId: row.responsible_organisation_id,
    status: row.status,
    dueOn: row.due_on,
  });
}

export class PlanGoalRepository {
  constructor(private readonly db: Queryable) {}

  /** Goals of many plans, each plan's in the order they were added. */
  async byPlanIds(planIds: readonly string[]): Promise<PlanGoal[]> {
    const rows = await this.db.query<PlanGoalRow>(`select ${COLUMNS} from plan_goals where plan_id = any($1::uuid[]) order by plan_id, position`, [
      planIds,
    ]);
    return rows.map(toPlanGoal);
  }

  async byIds(ids: readonly string[]): Promise<PlanGoal[]> {
    const rows = await this.db.query<PlanGoalRow>(`select ${COLUMNS} from plan_goals where id = any($1::uuid[])`, [ids]);
    return rows.map(toPlanGoal);
  }

  /** Appends a goal after the plan's last one. */
  async add(goal: PlanGoalRecord): Promise<void> {
    await this.db.query(
      `insert into plan_goals (id, plan_id, pathway_id, area, description, responsible_organisation_id, status, due_on, position)
       select $1::uuid, $2::uuid, $3::uuid, $4::text, $5::text, $6::text, $7::text, $8::date, coalesce(max(position), 0) + 1
       from plan_goals where plan_id = $2::uuid`,
      [goal.id, goal.planId, goal.pathwayId, goal.area, goal.description, goal.responsibleOrganisationId, goal.status, goal.dueOn],
    );
  }

  async update(id: string, changes: PlanGoalChanges): Promise<void> {
    await this.db.query(
      `update plan_goals set
         status = coalesce($2, status),
         description = coalesce($3, description),
         due_on = case when $4::boolean then $5::date else due_on end
       where id = $1`,
      [id, changes.status ?? null, changes.description ?? null, changes.dueOn !== undefined, changes.dueOn ?? null],
    );
  }

  /** Many goals in one statement (the demo seed); positions follow the order given per plan. */
  async insertMany(goals: readonly PlanGoalRecord[]): Promise<void> {
    if (goals.length === 0) return;
    const positions = new Map<string, number>();
    const position = (planId: string) => {
      const next = (positions.get(planId) ?? 0) + 1;
      positions.set(planId, next);
      return next;
    };
    await this.db.query(
      `insert into plan_goals (id, plan_id, pathway_id, area, description, responsible_organisation_id, status, due_on, position)
       select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::date[], $9::int[])`,
      [
        goals.map((g) => g.id),
        goals.map((g) => g.planId),
        goals.map((g) => g.pathwayId),
        goals.map((g) => g.area),
        goals.map((g) => g.description),
        goals.map((g) => g.responsibleOrganisationId),
        goals.map((g) => g.status),
        goals.map((g) => g.dueOn),
        goals.map((g) => position(g.planId)),
      ],
    );
  }
}
