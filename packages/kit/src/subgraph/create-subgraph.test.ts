import "reflect-metadata";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Arg, Directive, Field, ID, ObjectType, Query, Resolver } from "type-graphql";
import { verifyAuditChain } from "../audit/audit-log.js";
import type { Database } from "../db/database.js";
import { buildFederatedSchema } from "../graphql/federated-schema.js";
import { Sensitive } from "../graphql/sensitive.js";
import type { RunningServer } from "../http/serve.js";
import { isCaseworker } from "../permissions/rules.js";
import { assertionHeaders, errorAt, postGraphQL, testActor, testBackends } from "../testing/index.js";
import { createSubgraph, type Subgraph, type SubgraphDefinition } from "./create-subgraph.js";

const CENTRE = "cav-aurora";
const SUBGRAPH = "audit-probe";

@ObjectType()
@Directive('@key(fields: "id")')
class AuditedPathway {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  @Sensitive("IDENTITY")
  givenName: string | null;

  @Field(() => String, { nullable: true })
  @Sensitive("WORK_HISTORY")
  workHistory: string | null;

  /** Not exposed: the case-holder. */
  holder: string;
}

const pathways = new Map([
  ["p-1", Object.assign(new AuditedPathway(), { id: "p-1", givenName: "Anna", workHistory: "shop assistant 2015-2019", holder: CENTRE })],
]);

@Resolver(() => AuditedPathway)
class AuditedPathwayResolver {
  @Query(() => AuditedPathway, { nullable: true })
  auditedPathway(@Arg("id", () => ID) id: string): AuditedPathway | null {
    return pathways.get(id) ?? null;
  }
}

const migrationsDirectory = mkdtempSync(join(tmpdir(), "percorsi-probe-migrations-"));
writeFileSync(join(migrationsDirectory, "001_probe.sql"), "create table probe (id integer primary key);");

const definition: SubgraphDefinition<Record<string, never>> = {
  name: SUBGRAPH,
  migrationsDirectory,
  buildSchema: () =>
    buildFederatedSchema({
      name: SUBGRAPH,
      resolvers: [AuditedPathwayResolver],
      rules: { Query: { auditedPathway: isCaseworker } },
      facts: {
        // Her consent lets job centres see her work history for placement; identity never leaves the centre.
        AuditedPathway: (parent: AuditedPathway) => ({
          ownerOrganisationId: parent.holder,
          pathwayId: parent.id,
          consent: { permitted: { WORK_HISTORY: "consent-7" }, withdrawn: [], otherPurposes: [] },
        }),
      },
    }),
  makeLoaders: () => ({}),
};

const READ = `{ auditedPathway(id: "p-1") { id givenName workHistory } }`;
const jobCentre = () => testActor("job-centre-nord", "JOB_CENTRE", ["EMPLOYMENT_COUNSELLOR"], "JOB_PLACEMENT");

/** The database, with audit writes (the only transactions after migration) slowed down on demand. */
function slowable(db: Database): { db: Database; delay: { ms: number } } {
  const delay = { ms: 0 };
  const slowed: Database = {
    get kind() {
      return db.kind;
    },
    get roundTrips() {
      return db.roundTrips;
    },
    query: (sql, params) => db.query(sql, params),
    exec: (sql) => db.exec(sql),
    async transaction(work) {
      if (delay.ms > 0) await new Promise((resolve) => setTimeout(resolve, delay.ms));
      return db.transaction(work);
    },
    close: () => db.close(),
    // Requests use the slowed store itself (no cancellation needed here).
    withSignal: () => slowed,
  };
  return { delay, db: slowed };
}

afterAll(() => {
  rmSync(migrationsDirectory, { recursive: true, force: true });
});

describe.each(testBackends())("a subgraph audits before it answers ($name)", (backend) => {
  let db: Database;
  let delay: { ms: number };
  let subgraph: Subgraph<Record<string, never>>;
  let server: RunningServer;

  beforeAll(async () => {
    const opened = await backend.open();
    ({ db, delay } = slowable(opened));
    subgraph = await createSubgraph(definition, { db });
    server = await subgraph.listen(0);
  });

  afterAll(async () => {
    await subgraph?.stop();
    await db?.close();
  });

  const entriesOf = (requestId: string) =>
    db.query<{ category: string; decision: string; reason: string | null; basis: string | null; consent_id: string | null; organisation_id: string }>(
      "select category, decision, reason, basis, consent_id, organisation_id from audit_log where request_id = $1 order by seq",
      [requestId],
    );

  it("migrates the kit's audit log and the subgraph's own tables", async () => {
    await expect(db.query("select count(*)::int as n from audit_log")).resolves.toEqual([{ n: 0 }]);
    await expect(db.query("select count(*)::int as n from probe")).resolves.toEqual([{ n: 0 }]);
  });

  it("writes the allow and the deny of a sensitive read before the answer arrives, even when the store is slow", async () => {
    const actor = jobCentre();
    delay.ms = 400;
    let response;
    try {
      response = await postGraphQL(server.url, READ, {}, await assertionHeaders(actor, SUBGRAPH, { query: READ, variables: {} }));
    } finally {
      delay.ms = 0;
    }
    expect(response.data).toEqual({ auditedPathway: { id: "p-1", givenName: null, workHistory: "shop assistant 2015-2019" } });
    expect(errorAt(response, "auditedPathway.givenName")?.extensions).toEqual({ code: "FORBIDDEN", reason: "HOLDER_ONLY" });
    // Read at once: had the entries been written after the answer left, the slow store would not have them yet.
    expect(await entriesOf(actor.requestId)).toEqual([
      { category: "IDENTITY", decision: "DENY", reason: "HOLDER_ONLY", basis: null, consent_id: null, organisation_id: "job-centre-nord" },
      { category: "WORK_HISTORY", decision: "ALLOW", reason: null, basis: "CONSENT", consent_id: "consent-7", organisation_id: "job-centre-nord" },
    ].sort((a, b) => (a.category < b.category ? -1 : 1)));
    expect((await verifyAuditChain(db)).firstBroken).toBeNull();
  });

  it("audits the owner's reads too", async () => {
    const actor = testActor(CENTRE, "ANTI_VIOLENCE_CENTRE", ["CENTRE_OPERATOR"], "EMPOWERMENT_PLAN");
    const response = await postGraphQL(server.url, READ, {}, await assertionHeaders(actor, SUBGRAPH, { query: READ, variables: {} }));
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ auditedPathway: { id: "p-1", givenName: "Anna", workHistory: "shop assistant 2015-2019" } });
    expect((await entriesOf(actor.requestId)).map((e) => [e.category, e.decision, e.basis])).toEqual([
      ["IDENTITY", "ALLOW", "OWNERSHIP"],
      ["WORK_HISTORY", "ALLOW", "OWNERSHIP"],
    ]);
  });

  it("writes nothing for a read that touched no sensitive field", async () => {
    const actor = jobCentre();
    const response = await postGraphQL(server.url, `{ auditedPathway(id: "p-1") { id } }`, {}, await assertionHeaders(actor, SUBGRAPH, { query: `{ auditedPathway(id: "p-1") { id } }`, variables: {} }));
    expect(response).toEqual({ status: 200, data: { auditedPathway: { id: "p-1" } } });
    expect(await entriesOf(actor.requestId)).toEqual([]);
  });

  describe("when the audit entry cannot be written", () => {
    beforeAll(async () => {
      await db.exec("alter table audit_log rename to audit_log_gone");
    });

    afterAll(async () => {
      await db.exec("alter table audit_log_gone rename to audit_log");
    });

    it("releases nothing: data null, FORBIDDEN with reason AUDIT_UNAVAILABLE", async () => {
      const actor = jobCentre();
      const response = await postGraphQL(server.url, READ, {}, await assertionHeaders(actor, SUBGRAPH, { query: READ, variables: {} }));
      expect(response.data).toBeNull();
      expect(response.errors).toEqual([
        { message: "The access could not be audited, so it is refused.", extensions: { code: "FORBIDDEN", reason: "AUDIT_UNAVAILABLE" } },
      ]);
      expect(JSON.stringify(response)).not.toContain("shop assistant");
    });

    it("refuses the owner's own read as well", async () => {
      const actor = testActor(CENTRE, "ANTI_VIOLENCE_CENTRE", ["CENTRE_OPERATOR"], "EMPOWERMENT_PLAN");
      const response = await postGraphQL(server.url, READ, {}, await assertionHeaders(actor, SUBGRAPH, { query: READ, variables: {} }));
      expect(response.data).toBeNull();
      expect(response.errors?.map((error) => error.extensions)).toEqual([{ code: "FORBIDDEN", reason: "AUDIT_UNAVAILABLE" }]);
      expect(JSON.stringify(response)).not.toContain("Anna");
    });

    it("still answers a read with nothing to audit", async () => {
      const response = await postGraphQL(server.url, `{ auditedPathway(id: "p-1") { id } }`, {}, await assertionHeaders(jobCentre(), SUBGRAPH, { query: `{ auditedPathway(id: "p-1") { id } }`, variables: {} }));
      expect(response.data).toEqual({ auditedPathway: { id: "p-1" } });
    });
  });

  it("answers and audits again once the log is back, with the chain whole", async () => {
    const actor = jobCentre();
    const response = await postGraphQL(server.url, READ, {}, await assertionHeaders(actor, SUBGRAPH, { query: READ, variables: {} }));
    expect(response.data?.auditedPathway?.workHistory).toBe("shop assistant 2015-2019");
    expect(await entriesOf(actor.requestId)).toHaveLength(2);
    expect(await verifyAuditChain(db)).toEqual({ entries: 6, firstBroken: null });
  });
});
