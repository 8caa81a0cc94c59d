import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEADLINE_HEADER, referred, testBackends, type SubgraphTester } from "@percorsi/kit/testing";
import { actors, startEmployment } from "./fixtures.js";

// Faults met by a running subgraph, over HTTP: a caller who leaves, a deadline that passes, an
// audit table another session keeps locked. Work stops; a write its caller was told failed is
// never committed later; readiness says the audit cannot be written.

const VACANCIES = `{ vacancies(first: 5) { nodes { id } } }`;
const REGISTER = `mutation($input: RegisterJobSeekerInput!) { registerJobSeeker(input: $input) { id } }`;
const registration = (id: string) => ({ pathwayId: id, skills: ["Cooking"], wishedOccupations: [], availability: "FULL_TIME" });
const codeOf = (body: { errors?: { extensions?: { code?: unknown; reason?: unknown } }[] }) => body.errors?.[0]?.extensions;

describe.each(testBackends())("a subgraph's work stops when nobody waits ($name)", (backend) => {
  let h: SubgraphTester;
  beforeAll(async () => {
    h = await startEmployment({ backend });
  });
  afterAll(() => h.stop());

  it("does not start a request whose announced deadline has already passed", async () => {
    const before = h.db.roundTrips;
    const headers = await h.as(actors.centro()).headers(VACANCIES);
    const response = await fetch(h.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers, [DEADLINE_HEADER]: "0" },
      body: JSON.stringify({ query: VACANCIES, variables: {} }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: unknown } }[] };
    expect(codeOf(body)?.code).toBe("REQUEST_ABORTED");
    expect(h.db.roundTrips).toBe(before);
    // The same request with time left is answered.
    expect((await h.as(actors.centro()).query(VACANCIES)).data?.vacancies.nodes.length).toBe(5);
  });
});

const pgBackend = testBackends().find((backend) => backend.name === "postgres");

describe.skipIf(!pgBackend)("a blocked PostgreSQL store, over HTTP", () => {
  let h: SubgraphTester;
  let session: pg.Client;
  const savedLockTimeout = process.env.DB_LOCK_TIMEOUT_MS;

  beforeAll(async () => {
    // Long enough that only cancellation can explain a statement that stops within a second.
    process.env.DB_LOCK_TIMEOUT_MS = "8000";
    h = await startEmployment({ backend: pgBackend! });
    const [{ name }] = (await h.db.query<{ name: string }>("select current_database() as name")) as [{ name: string }];
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    session = new pg.Client({ connectionString: url.toString() });
    await session.connect();
  });
  afterAll(async () => {
    await session?.end();
    await h?.stop();
    if (savedLockTimeout === undefined) delete process.env.DB_LOCK_TIMEOUT_MS;
    else process.env.DB_LOCK_TIMEOUT_MS = savedLockTimeout;
  });

  /** The subgraph's statements waiting for a lock on `table`, seen from another session. */
  const waiting = async (table: string) =>
    (
      await session.query(
        "select count(*)::int as n from pg_locks l where not l.granted and l.relation = $1::regclass",
        [table],
      )
    ).rows[0].n as number;

  it("cancels the SQL of a request whose caller hung up: the server stops running it", async () => {
    await session.query("begin; lock table vacancies in access exclusive mode");
    try {
      const caller = new AbortController();
      const headers = await h.as(actors.centro()).headers(VACANCIES);
      const asking = fetch(h.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query: VACANCIES, variables: {} }),
        signal: caller.signal,
      }).then(async (r) => `answered ${r.status} ${await r.text()}`, (error: Error) => error.name);
      await expect.poll(() => waiting("vacancies"), { interval: 50, timeout: 15_000 }).toBe(1);
      const hungUpAt = Date.now();
      caller.abort();
      expect(await asking).toBe("AbortError");
      // Stopped by the server well before the 8 s lock timeout: it was cancelled.
      await expect.poll(() => waiting("vacancies"), { interval: 50, timeout: 3_000 }).toBe(0);
      expect(Date.now() - hungUpAt).toBeLessThan(3_000);
    } finally {
      await session.query("rollback");
    }
  });

  it("answers a write AUDIT_UNAVAILABLE quickly while the audit table is locked, and commits nothing after", async () => {
    process.env.DB_LOCK_TIMEOUT_MS = "500";
    const quick = await startEmployment({ backend: pgBackend! });
    const [{ name }] = (await quick.db.query<{ name: string }>("select current_database() as name")) as [{ name: string }];
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    const locker = new pg.Client({ connectionString: url.toString() });
    await locker.connect();
    const ready = () => fetch(new URL("/health/ready", quick.url)).then(async (r) => ({ status: r.status, body: await r.json() }));
    try {
      expect(await ready()).toEqual({ status: 200, body: { status: "ok", checks: { store: "ok", audit: "ok" } } });
      const pathwayId = randomUUID();
      const count = async () => (await quick.db.query<{ n: number }>("select count(*)::int as n from job_seekers where pathway_id = $1", [pathwayId]))[0]!.n;
      await locker.query("begin; lock table audit_log in access exclusive mode");
      // Readiness says the audit cannot be written; liveness that the process is fine.
      expect(await ready()).toEqual({ status: 503, body: { status: "degraded", checks: { store: "ok", audit: "unavailable" } } });
      expect((await fetch(new URL("/health/live", quick.url))).status).toBe(200);
      const started = Date.now();
      const response = await quick.as(actors.centro()).write(REGISTER, { input: registration(pathwayId) }, referred("JOB_PLACEMENT"));
      expect(Date.now() - started).toBeLessThan(4_000);
      expect(response.data?.registerJobSeeker ?? null).toBeNull();
      expect(response.errors?.map((e) => e.extensions?.reason ?? e.extensions?.code)).toEqual(["AUDIT_UNAVAILABLE"]);
      await locker.query("commit");
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await count()).toBe(0);
      expect((await ready()).status).toBe(200);
      // The same write, once the audit can be written, is made and answered.
      const again = await quick.as(actors.centro()).write(REGISTER, { input: registration(pathwayId) }, referred("JOB_PLACEMENT"));
      expect(again.errors).toBeUndefined();
      expect(await count()).toBe(1);
    } finally {
      await locker.end();
      await quick.stop();
      process.env.DB_LOCK_TIMEOUT_MS = "8000";
    }
  });
});
