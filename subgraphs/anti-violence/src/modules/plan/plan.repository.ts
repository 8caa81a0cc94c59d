import type { Queryable } from "@percorsi/kit/author";
import { EmpowermentPlan } from "./plan.type.js";

interface PlanRow {
  id: string;
  pathway_id: string;
  created_on: string;
  signed_on: string | null;
}

function toPlan(row: PlanRow): EmpowermentPlan {
  return Object.assign(new EmpowermentPlan(), { id: row.id, pathwayId: row.pathway_id, createdOn: row.created_on, signedOn: row.signed_on });
}

export class PlanRepository {
  constructor(private readonly db: Queryable) {}

  async byPathwayIds(ids: readonly string[]): Promise<EmpowermentPlan[]> {
    const rows = await this.db.query<PlanRow>("select id, pathway_id, created_on, signed_on from plans where pathway_id = any($1::uuid[])", [ids]);
    return rows.map(toPlan);
  }

  /** The pathway's plan id, creating a draft plan if it has none (a pathway has one plan at most). */
  async ensure(id: string, pathwayId: string, createdOn: string): Promise<string> {
    const [row] = await this.db.query<{ id: string }>(
      `with created as (
         insert into plans (id, pathway_id, created_on) values ($1, $2, $3)
         on conflict (pathway_id) do nothing
         returning id)
       select id from created
       union all
       select id from plans where pathway_id = $2
       limit 1`,
      [id, pathwayId, createdOn],
    );
    if (!row) throw new Error("plan neither created nor found");
    return row.id;
  }

  /** Signs a draft; false when the plan was already signed. */
  async sign(id: string, signedOn: string): Promise<boolean> {
    const rows = await this.db.query("update plans set signed_on = $2 where id = $1 and signed_on is null returning id", [id, signedOn]);
    return rows.length > 0;
  }

  /** Many plans in one statement (the demo seed). */
  async insertMany(plans: readonly { id: string; pathwayId: string; createdOn: string; signedOn: string | null }[]): Promise<void> {
    if (plans.length === 0) return;
    await this.db.query(
      "insert into plans (id, pathway_id, created_on, signed_on) select * from unnest($1::uuid[], $2::uuid[], $3::date[], $4::date[])",
      [plans.map((p) => p.id), plans.map((p) => p.pathwayId), plans.map((p) => p.createdOn), plans.map((p) => p.signedOn)],
    );
  }
}
