import { fileURLToPath } from "node:url";
import { createRestStandIn, type Queryable, type RestStandIn, type StandInOptions } from "@percorsi/kit/author";
import { seed__ServicePascal__ } from "./seed.js";

/**
 * A STAND-IN for __service__, the existing system the __name__ subgraph sits over (in the demo
 * and its tests; a signatory's real system runs elsewhere: set __SERVICE___URL and
 * __SERVICE___API_KEY). Its own store and API key, the kit's stand-in server:
 *
 *   GET  /records?pathwayIds=a,b,...       { items: [{ id, pathway_id, organisation_id, recorded_on }] }
 *   GET  /records?organisationIds=a,b,...  the same, by the organisation that keeps them
 *   POST /records  { pathway_id, organisation_id, recorded_on, recorded_by }  → 201 the record
 */
const COLUMNS = "id::text, pathway_id::text, organisation_id, recorded_on::text";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function create__ServicePascal__(options: StandInOptions): Promise<RestStandIn> {
  return createRestStandIn(
    {
      name: "__service__",
      migrationsDirectory: fileURLToPath(new URL("./migrations", import.meta.url)),
      seed: seed__ServicePascal__,
      reads: [
        { path: "/records", param: "pathwayIds", read: (db, ids) => db.query(`select ${COLUMNS} from records where pathway_id = any($1::uuid[]) order by recorded_on, id`, [ids]) },
        {
          path: "/records",
          param: "organisationIds",
          keys: /^[a-z0-9-]{1,64}$/,
          read: (db, ids) => db.query(`select ${COLUMNS} from records where organisation_id = any($1::text[]) order by recorded_on, id`, [ids]),
        },
      ],
      writes: [{ path: "/records", write: insertRecord }],
    },
    options,
  );
}

/** A record, as the system checks it (null: refused, 422). */
export async function insertRecord(db: Queryable, body: Record<string, unknown>): Promise<unknown | null> {
  const { pathway_id, organisation_id, recorded_on, recorded_by } = body;
  if (typeof pathway_id !== "string" || !UUID.test(pathway_id) || typeof organisation_id !== "string" || organisation_id === "") return null;
  if (typeof recorded_on !== "string" || !DAY.test(recorded_on) || typeof recorded_by !== "string") return null;
  const [row] = await db.query(`insert into records (pathway_id, organisation_id, recorded_on, recorded_by) values ($1, $2, $3, $4) returning ${COLUMNS}`, [
    pathway_id.toLowerCase(),
    organisation_id,
    recorded_on,
    recorded_by,
  ]);
  return row;
}
