import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAuditEntries, verifyAuditChain, type AuditEntry } from "@percorsi/kit";
import { countRows, errorAt, type GraphQLResponse } from "@percorsi/kit/testing";
import { startTestNetwork, type TestNetwork } from "./network.js";

// Her access report tells the truth (issue 14, item 2): a refused attempt is never an ALLOW,
// every write about her is an entry naming every category it writes, stored before it commits,
// refusals at the root are recorded, and one organisation's flood of refusals stays readable.
// Everything goes through the gateway, as a caller would.
let net: TestNetwork;
beforeAll(async () => {
  net = await startTestNetwork();
});
afterAll(() => net.stop());

const ok = <T = any>(response: GraphQLResponse<T>): T => {
  expect(response.errors).toBeUndefined();
  return response.data as T;
};
const refusal = (response: GraphQLResponse, path: string) => {
  const error = errorAt(response, path);
  return error ? `${error.extensions?.code}/${error.extensions?.reason ?? ""}` : "released";
};

const OPEN = `mutation { openPathway(input: { openedOn: "2026-03-02", identity: { givenName: "Report", familyName: "Truth", preferredContact: THROUGH_CENTRE } }) { id } }`;
async function openCase(): Promise<string> {
  return ok(await net.query("op-aurora", OPEN, {}, "NEEDS_ANALYSIS")).openPathway.id;
}

const ASSESS = `mutation($id: ID!) { recordNeedsAssessment(input: { pathwayId: $id, assessedOn: "2026-03-10", educationLevel: UPPER_SECONDARY, languages: ["it"],
  availability: "PART_TIME_MORNINGS", careConstraints: [], economicSituation: NO_INCOME, housingSituation: WITH_RELATIVES, districtsToAvoid: ["Municipio 9"],
  healthNotes: "No night shifts", workExperience: [{ occupation: "Cashier", sector: "Retail", years: 3 }] }) { id } }`;

interface Event {
  organisationId: string;
  action: string;
  decision: string;
  reasons: string[];
  categories: string[];
  count: number;
  cursor: string;
  at: string;
  lastAt: string;
}
interface Summary {
  organisationId: string;
  refusals: number;
  flooding: boolean;
}
const EVENT = "organisationId action decision reasons categories count cursor at lastAt";
const SUMMARY = "organisationId refusals flooding";

async function reportOf(pathwayId: string, view: "STAFF" | "SUBJECT" = "STAFF") {
  const report = ok(
    await net.query(
      "op-aurora",
      `query($id: ID!, $view: AccessReportView) { accessReport(pathwayId: $id, view: $view) {
        antiViolence(first: 200) { ${EVENT} } employment(first: 200) { ${EVENT} } training(first: 200) { ${EVENT} }
        antiViolenceRefusals { ${SUMMARY} } employmentRefusals { ${SUMMARY} } trainingRefusals { ${SUMMARY} } } }`,
      { id: pathwayId, view },
      "EMPOWERMENT_PLAN",
    ),
  ).accessReport;
  return report as Record<"antiViolence" | "employment" | "training", Event[]> & Record<"antiViolenceRefusals" | "employmentRefusals" | "trainingRefusals", Summary[]>;
}

/** Makes the anti-violence audit store refuse entries (all, or those of one action), as a failing store would. */
async function breakAudit(action: "ANY" | "READ"): Promise<() => Promise<void>> {
  const db = net.subgraphs["anti-violence"]!.db;
  await db.exec(`
    create function test_audit_fails() returns trigger language plpgsql as $$
    begin
      if '${action}' = 'ANY' or new.action = '${action}' then raise exception 'audit store down'; end if;
      return new;
    end; $$;
    create trigger test_audit_fails before insert on audit_log for each row execute function test_audit_fails();`);
  return () => db.exec("drop trigger test_audit_fails on audit_log; drop function test_audit_fails();");
}

describe("a refused write is never recorded as allowed", () => {
  const REGISTER = `mutation($input: RegisterJobSeekerInput!) { registerJobSeeker(input: $input) { id } }`;
  const registration = (pathwayId: string) => ({ input: { pathwayId, skills: ["Customer service"], wishedOccupations: ["Shop assistant"], availability: "PART_TIME_MORNINGS" } });

  it("a training operator's registerJobSeeker, refused for its role, is a DENY/ROLE of every category it would write, and writes nothing", async () => {
    const id = await openCase();
    const before = await countRows(net.subgraphs.employment!.db, "job_seekers");
    const refused = await net.query("op-training", REGISTER, registration(id), "JOB_PLACEMENT");
    expect(refused.data).toEqual({ registerJobSeeker: null });
    expect(refusal(refused, "registerJobSeeker")).toBe("FORBIDDEN/ROLE");
    expect(await countRows(net.subgraphs.employment!.db, "job_seekers")).toBe(before);

    const { employment } = await reportOf(id, "SUBJECT");
    const byTraining = employment.filter((event) => event.organisationId === "formazione-atelier");
    expect(byTraining).toEqual([
      expect.objectContaining({ action: "WRITE", decision: "DENY", reasons: ["ROLE"], categories: ["EDUCATION_SKILLS", "JOB_SEARCH"], count: 1 }),
    ]);
    expect(employment.some((event) => event.decision === "ALLOW")).toBe(false);
  });

  it("a counsellor without a declared purpose is a DENY/PURPOSE, never an ALLOW", async () => {
    const id = await openCase();
    const refused = await net.query("op-cpi-centro", REGISTER, registration(id), null);
    expect(refusal(refused, "registerJobSeeker")).toBe("FORBIDDEN/PURPOSE");
    const { employment } = await reportOf(id);
    expect(employment).toEqual([expect.objectContaining({ organisationId: "cpi-milano-centro", decision: "DENY", reasons: ["PURPOSE"] })]);
  });
});

describe("a refusal by the rule of a mutation decided on the record it names", () => {
  // The pathway is known only from the referral, goal or consent named: the kit looks it up.
  const REFUSED: [field: string, query: string, vars: (ids: Ids) => Record<string, unknown>][] = [
    ["acceptReferral", `mutation($id: ID!) { acceptReferral(id: $id) { id } }`, (ids) => ({ id: ids.referral })],
    ["rejectReferral", `mutation($id: ID!) { rejectReferral(input: { referralId: $id, reason: "No" }) { id } }`, (ids) => ({ id: ids.referral })],
    ["completeReferral", `mutation($id: ID!) { completeReferral(id: $id) { id } }`, (ids) => ({ id: ids.referral })],
    ["withdrawReferral", `mutation($id: ID!) { withdrawReferral(id: $id) { id } }`, (ids) => ({ id: ids.referral })],
    ["updatePlanGoal", `mutation($id: ID!) { updatePlanGoal(input: { goalId: $id, status: IN_PROGRESS }) { id } }`, (ids) => ({ id: ids.goal })],
    ["amendConsent", `mutation($id: ID!) { amendConsent(input: { consentId: $id, evidenceReference: "MOD-X", provisions: [] }) { id } }`, (ids) => ({ id: ids.consent })],
    ["withdrawConsent", `mutation($id: ID!) { withdrawConsent(input: { consentId: $id }) { id } }`, (ids) => ({ id: ids.consent })],
    ["sealPathway", `mutation($id: ID!) { sealPathway(input: { pathwayId: $id, reason: "Danger" }) { id } }`, (ids) => ({ id: ids.pathway })],
  ];
  interface Ids {
    pathway: string;
    referral: string;
    goal: string;
    consent: string;
  }
  async function caseWithRecords(): Promise<Ids> {
    const pathway = await openCase();
    ok(await net.query("op-aurora", ASSESS, { id: pathway }, "NEEDS_ANALYSIS"));
    const goal = ok(
      await net.query(
        "op-aurora",
        `mutation($id: ID!) { addPlanGoal(input: { pathwayId: $id, area: EMPLOYMENT, description: "Find a job", responsibleOrganisationId: "cpi-milano-centro" }) { id } }`,
        { id: pathway },
        "EMPOWERMENT_PLAN",
      ),
    ).addPlanGoal.id;
    const consent = ok(
      await net.query(
        "op-aurora",
        `mutation($id: ID!) { grantConsent(input: { pathwayId: $id, evidenceReference: "MOD-1", provisions: [{ type: PERMIT, granteeOrganisationId: "cpi-milano-centro", categories: [JOB_SEARCH], purposes: [JOB_PLACEMENT] }] }) { id } }`,
        { id: pathway },
        "EMPOWERMENT_PLAN",
      ),
    ).grantConsent.id;
    const referral = ok(
      await net.query(
        "op-aurora",
        `mutation($id: ID!) { referPathway(input: { pathwayId: $id, toOrganisationId: "cpi-milano-centro", purpose: JOB_PLACEMENT }) { id } }`,
        { id: pathway },
        "REFERRAL",
      ),
    ).referPathway.id;
    return { pathway, referral, goal, consent };
  }
  const roleDenials = async (pathwayId: string) =>
    (await reportOf(pathwayId)).antiViolence
      .filter((event) => event.action === "WRITE" && event.decision === "DENY")
      .map((event) => [event.organisationId, event.reasons, event.categories, event.count]);

  it("is a WRITE DENY/ROLE on her pathway for each such mutation, answered as for a record that does not exist", async () => {
    const ids = await caseWithRecords();
    const strip = (response: GraphQLResponse) => ({ data: response.data, errors: response.errors?.map((e) => ({ message: e.message, path: e.path, extensions: e.extensions })) });
    const unknown: Ids = { pathway: "00000000-0000-4000-8000-0000000000a1", referral: "00000000-0000-4000-8000-0000000000a2", goal: "00000000-0000-4000-8000-0000000000a3", consent: "00000000-0000-4000-8000-0000000000a4" };
    const probes = async () =>
      Number(
        (await net.subgraphs["anti-violence"]!.db.query<{ n: string }>(
          "select count(*) as n from audit_log where pathway_id is null and organisation_id = 'cabina-di-regia' and action = 'WRITE' and decision = 'DENY' and reason = 'ROLE'",
        ))[0]!.n,
      );
    const probesBefore = await probes();
    for (const [field, query, vars] of REFUSED) {
      const refused = await net.query("analyst", query, vars(ids), "MONITORING");
      expect(refusal(refused, field), field).toBe("FORBIDDEN/ROLE");
      // An id of no record gets the very same answer.
      expect(strip(await net.query("analyst", query, vars(unknown), "MONITORING")), field).toEqual(strip(refused));
    }
    // Written off the answer's path: wait for the entries rather than for the answers.
    await expect
      .poll(() => roleDenials(ids.pathway), { timeout: 10_000, interval: 200 })
      .toEqual([
        ["cabina-di-regia", ["ROLE"], ["CASE_STATUS"], 7],
        ["cabina-di-regia", ["ROLE"], ["PLAN"], 1],
      ]);
    // Nothing was written on the ids of no record; their refusals are recorded on no pathway
    // (who probed, when), one per category each would have written.
    const db = net.subgraphs["anti-violence"]!.db;
    const stray = await db.query("select 1 from audit_log where pathway_id = any($1)", [Object.values(unknown)]);
    expect(stray).toEqual([]);
    await expect.poll(() => probes(), { timeout: 10_000, interval: 200 }).toBe(probesBefore + 8);
  });
});

describe("every write about her is an entry naming every category, stored before it commits", () => {
  it("openPathway records her identity, safety and case as written by the holder", async () => {
    const id = await openCase();
    const { antiViolence } = await reportOf(id);
    expect(antiViolence[0]).toMatchObject({ organisationId: "cav-aurora", action: "WRITE", decision: "ALLOW", categories: ["CASE_STATUS", "IDENTITY", "SAFETY"] });
  });

  it("recordNeedsAssessment names health, safety, economic, housing and the rest, not one EDUCATION_SKILLS", async () => {
    const id = await openCase();
    ok(await net.query("op-aurora", ASSESS, { id }, "NEEDS_ANALYSIS"));
    const writes = (await reportOf(id)).antiViolence.filter((event) => event.action === "WRITE");
    expect(writes[1]?.categories).toEqual(
      ["CARE", "CASE_STATUS", "ECONOMIC", "EDUCATION_SKILLS", "HEALTH", "HOUSING", "JOB_SEARCH", "SAFETY_CONSTRAINTS", "WORK_HISTORY"],
    );
  });

  it("with the audit store failing, openPathway and recordNeedsAssessment commit nothing and say AUDIT_UNAVAILABLE", async () => {
    const id = await openCase();
    const db = net.subgraphs["anti-violence"]!.db;
    const [pathways, identities, assessments] = await Promise.all([countRows(db, "pathways"), countRows(db, "identities"), countRows(db, "needs_assessments")]);
    const repair = await breakAudit("ANY");
    try {
      const opened = await net.query("op-aurora", OPEN, {}, "NEEDS_ANALYSIS");
      expect(refusal(opened, "openPathway")).toBe("FORBIDDEN/AUDIT_UNAVAILABLE");
      const assessed = await net.query("op-aurora", ASSESS, { id }, "NEEDS_ANALYSIS");
      expect(refusal(assessed, "recordNeedsAssessment")).toBe("FORBIDDEN/AUDIT_UNAVAILABLE");
    } finally {
      await repair();
    }
    expect([await countRows(db, "pathways"), await countRows(db, "identities"), await countRows(db, "needs_assessments")]).toEqual([pathways, identities, assessments]);
    expect((await verifyAuditChain(db)).firstBroken).toBeNull();
  });

  it("a write that committed is answered as done: only the read-back fields the audit could not record are refused", async () => {
    const db = net.subgraphs["anti-violence"]!.db;
    const pathways = await countRows(db, "pathways");
    const repair = await breakAudit("READ");
    let opened: GraphQLResponse;
    try {
      opened = await net.query(
        "op-aurora",
        `mutation { openPathway(input: { identity: { givenName: "Read", familyName: "Back", preferredContact: THROUGH_CENTRE } }) { id stage } }`,
        {},
        "NEEDS_ANALYSIS",
      );
    } finally {
      await repair();
    }
    expect(await countRows(db, "pathways")).toBe(pathways + 1);
    const id = (opened.data as { openPathway: { id: string } | null }).openPathway?.id;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(refusal(opened, "openPathway")).toBe("released");
    expect(refusal(opened, "openPathway.stage")).toBe("FORBIDDEN/AUDIT_UNAVAILABLE");
    // Her entry is there: it was stored with the pathway.
    expect((await reportOf(id!)).antiViolence[0]).toMatchObject({ action: "WRITE", decision: "ALLOW", categories: ["CASE_STATUS", "IDENTITY", "SAFETY"] });
  });
});

describe("a write that bad input stops is no write", () => {
  const STAGE = `mutation($id: ID!, $stage: PathwayStage!) { setPathwayStage(input: { pathwayId: $id, stage: $stage }) { id stage } }`;
  const writesAllowed = async (pathwayId: string) =>
    (await reportOf(pathwayId)).antiViolence.filter((event) => event.action === "WRITE" && event.decision === "ALLOW").map((event) => event.categories);

  it("leaves no WRITE ALLOW entry, whether the kit or the resolver decided it; the write that follows has its own", async () => {
    const id = await openCase();
    ok(await net.query("op-aurora", ASSESS, { id }, "NEEDS_ANALYSIS"));
    const goal = ok(
      await net.query(
        "op-aurora",
        `mutation($id: ID!) { addPlanGoal(input: { pathwayId: $id, area: EMPLOYMENT, description: "Find a job", responsibleOrganisationId: "cpi-milano-centro" }) { id } }`,
        { id },
        "EMPOWERMENT_PLAN",
      ),
    ).addPlanGoal.id;
    const before = await writesAllowed(id);
    // The kit's rule allows it (she is the holder's); the resolver refuses the input: closing needs a reason.
    const closing = await net.query("op-aurora", STAGE, { id, stage: "CLOSED" }, "NEEDS_ANALYSIS");
    expect(closing.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    // Decided in the resolver on the goal named: allowed, then an empty change.
    const empty = await net.query("op-aurora", `mutation($id: ID!) { updatePlanGoal(input: { goalId: $id }) { id } }`, { id: goal }, "EMPOWERMENT_PLAN");
    expect(empty.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await writesAllowed(id)).toEqual(before);

    ok(await net.query("op-aurora", STAGE, { id, stage: "PLAN_ACTIVE" }, "NEEDS_ANALYSIS"));
    ok(await net.query("op-aurora", `mutation($id: ID!) { updatePlanGoal(input: { goalId: $id, status: IN_PROGRESS }) { id } }`, { id: goal }, "EMPOWERMENT_PLAN"));
    expect(await writesAllowed(id)).toEqual([...before, ["CASE_STATUS"], ["PLAN"]]);
    expect((await verifyAuditChain(net.subgraphs["anti-violence"]!.db)).firstBroken).toBeNull();
  });
});

describe("refusals at the root are recorded", () => {
  const LOOKUP = `query($id: ID!) { pathway(id: $id) { id } }`;

  it("the analyst, the admin and the DPO asking pathway(id:) are each a READ DENY/ROLE on that pathway", async () => {
    const id = await openCase();
    for (const user of ["analyst", "admin", "dpo"]) {
      const refused = await net.query(user, LOOKUP, { id }, "MONITORING");
      expect(refused.data?.pathway ?? null).toBeNull();
      expect(refusal(refused, "pathway")).toBe("FORBIDDEN/ROLE");
    }
    const reads = (await reportOf(id)).antiViolence.filter((event) => event.action === "READ");
    expect(reads).toEqual([expect.objectContaining({ organisationId: "cabina-di-regia", decision: "DENY", reasons: ["ROLE"], categories: ["CASE_STATUS"], count: 3 })]);
  });

  it("refuses an unknown id exactly as an existing one, and a malformed id as bad input", async () => {
    const id = await openCase();
    const strip = (response: GraphQLResponse) => ({ data: response.data, errors: response.errors?.map((e) => ({ message: e.message, path: e.path, extensions: e.extensions })) });
    const existing = await net.query("analyst", LOOKUP, { id }, "MONITORING");
    const unknown = await net.query("analyst", LOOKUP, { id: "00000000-0000-4000-8000-00000000abcd" }, "MONITORING");
    expect(strip(unknown)).toEqual(strip(existing));
    const malformed = await net.query("analyst", LOOKUP, { id: "not-an-id" }, "MONITORING");
    expect(malformed.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|BAD_USER_INPUT/);
    expect(JSON.stringify(malformed)).not.toContain("not-an-id");
  });
});

describe("one organisation flooding her report", () => {
  const FLOOD = 25;

  it("is one aggregated line with its count and times, paged with stable cursors, and flagged to the holder and the DPO", async () => {
    const id = await openCase();
    // Another centre asks for her pathway over and over: each is refused (ORGANISATION).
    for (let i = 0; i < FLOOD; i++) await net.query("op-ginestra", `query($id: ID!) { pathway(id: $id) { id } }`, { id }, "NEEDS_ANALYSIS");
    const report = await reportOf(id);
    const flood = report.antiViolence.filter((event) => event.organisationId === "cav-ginestra");
    expect(flood).toHaveLength(1);
    expect(flood[0]).toMatchObject({ action: "READ", decision: "DENY", reasons: ["ORGANISATION"], count: FLOOD });
    expect(Date.parse(flood[0]!.lastAt)).toBeGreaterThanOrEqual(Date.parse(flood[0]!.at));
    expect(report.antiViolenceRefusals).toContainEqual({ organisationId: "cav-ginestra", refusals: FLOOD, flooding: true });

    const dpo = ok(
      await net.query("dpo", `query($id: ID!) { accessReport(pathwayId: $id) { antiViolenceRefusals { ${SUMMARY} } } }`, { id }),
    ).accessReport;
    expect(dpo.antiViolenceRefusals).toContainEqual({ organisationId: "cav-ginestra", refusals: FLOOD, flooding: true });

    // Paged two events at a time: the same events, in the same order, none twice. (Each read
    // of the report is itself an event at its end, so stop at the events of the first read.)
    const last = report.antiViolence.at(-1)!.cursor;
    const paged: Event[] = [];
    let after: string | null = null;
    while (after !== last) {
      const page: Event[] = ok(
        await net.query(
          "op-aurora",
          `query($id: ID!, $after: String) { accessReport(pathwayId: $id) { antiViolence(first: 2, after: $after) { ${EVENT} } } }`,
          { id, after },
          "EMPOWERMENT_PLAN",
        ),
      ).accessReport.antiViolence;
      expect(page.length).toBeGreaterThan(0);
      paged.push(...page.filter((event) => !paged.some((seen) => seen.cursor === event.cursor)));
      after = paged.some((event) => event.cursor === last) ? last : page.at(-1)!.cursor;
    }
    const upTo = paged.findIndex((event) => event.cursor === last);
    expect(paged.slice(0, upTo + 1).map((event) => [event.cursor, event.count])).toEqual(report.antiViolence.map((event) => [event.cursor, event.count]));
  });

  it("refuses a page size beyond the maximum and a forged cursor as bad input", async () => {
    const id = await openCase();
    const part = (args: string) => `query($id: ID!) { accessReport(pathwayId: $id) { antiViolence(${args}) { count } } }`;
    for (const args of ["first: 0", "first: 201", `after: "bm90LWEtY3Vyc29y"`, `after: "WyIxOyBkcm9wIHRhYmxlIl0"`]) {
      const response = await net.query("op-aurora", part(args), { id }, "EMPOWERMENT_PLAN");
      expect(response.errors?.[0]?.extensions?.code, args).toBe("BAD_USER_INPUT");
    }
  });

  it("reads a report of 1,000 refusals quickly (figure logged)", async () => {
    const id = await openCase();
    const db = net.subgraphs["anti-violence"]!.db;
    const refusalAt = (i: number): AuditEntry => ({
      at: new Date(Date.UTC(2026, 2, 3, 0, 0, i)),
      action: "READ",
      requestId: `flood-${i}`,
      actorId: "op-ginestra",
      organisationId: "cav-ginestra",
      roles: "CENTRE_OPERATOR",
      purpose: "NEEDS_ANALYSIS",
      pathwayId: id,
      category: "CASE_STATUS",
      decision: "DENY",
      reason: "ORGANISATION",
      basis: null,
      consentId: null,
      breakGlassBasis: null,
      breakGlassReason: null,
    });
    await appendAuditEntries(db, Array.from({ length: 1000 }, (_, i) => refusalAt(i)));
    const started = performance.now();
    const response = await net.query(
      "op-aurora",
      `query($id: ID!) { accessReport(pathwayId: $id) { antiViolence { ${EVENT} } antiViolenceRefusals { ${SUMMARY} } } }`,
      { id },
      "EMPOWERMENT_PLAN",
    );
    const ms = performance.now() - started;
    const bytes = JSON.stringify(response).length;
    console.info(`access report of a pathway with 1,000 refusals: ${ms.toFixed(0)} ms, ${bytes} bytes`);
    expect(ok(response).accessReport.antiViolence.find((e: Event) => e.organisationId === "cav-ginestra").count).toBe(1000);
    expect(bytes).toBeLessThan(5000);
    expect((await verifyAuditChain(db)).firstBroken).toBeNull();
  });
});
