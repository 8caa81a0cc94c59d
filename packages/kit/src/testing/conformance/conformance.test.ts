import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { buildSchema, graphql, GraphQLError } from "graphql";
import { afterAll, describe, expect, it } from "vitest";
import { CONSENT_AUTHORITY_KEY_NAME } from "../../consent/receipt.js";
import { verifyReleaseMessage, ReleaseMessageRejected } from "../../indicators/releases/release-messages.js";
import { ACTOR_ASSERTION_HEADER, CONSENT_RECEIPTS_HEADER } from "../../trust/actor-assertion.js";
import { loadVerificationKey } from "../../trust/keys.js";
import { runConformance } from "../conformance.js";

// The new checks of the conformance suite, each against a subgraph that gets exactly one rule
// wrong: a raw GraphQL server standing in for a signatory's subgraph built without the kit (the
// kit refuses to build most of these). It trusts the claims it is handed without verifying them
// (it is not under test for that), so only the behaviour a case switches off differs.

const NAME = "fixture";
const PUBLISHED_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@external", "@requires"])
    @link(url: "https://specs.percorsi.example/privacy/v0.1", import: ["@sensitive"])
  directive @sensitive(category: DataCategory!) on FIELD_DEFINITION
  enum DataCategory { HOUSING }
  type Pathway @key(fields: "id") {
    id: ID!
    consentReceipt: String @external
    housingNeed: String @sensitive(category: HOUSING) @requires(fields: "consentReceipt")
  }
  type AccessEvent { action: String! organisationId: ID! decision: String! reasons: [String!]! count: Int! categories: [DataCategory!]! purpose: String bases: [String!]! }
  type AccessReport @key(fields: "pathwayId view") {
    pathwayId: ID!
    view: String!
    consentReceipt: String @external
    fixture(first: Int, after: String): [AccessEvent] @requires(fields: "consentReceipt")
  }
  type IndicatorCell { period: String! group: String! category: String value: Float numerator: Int denominator: Int reason: String }
  type Indicator @key(fields: "id") { id: ID! kind: String! unit: String! cells: [IndicatorCell!]! }
  type IndicatorReport @key(fields: "release") { release: Int! fixture: [Indicator!] }
  input RecordNeedInput { pathwayId: ID! need: String! }
  type Mutation { recordNeed(input: RecordNeedInput!): Pathway }
  type Query { housingNeeds: [String] }
`;
const EXECUTED = buildSchema(`
  scalar _Any
  type _Service { sdl: String }
  union _Entity = Pathway | AccessReport | IndicatorReport
  type Pathway { id: ID! housingNeed: String }
  type AccessEvent { action: String! organisationId: ID! decision: String! reasons: [String!]! count: Int! categories: [String!]! purpose: String bases: [String!]! }
  type AccessReport { pathwayId: ID! view: String! fixture(first: Int, after: String): [AccessEvent] }
  type IndicatorCell { period: String! group: String! category: String value: Float numerator: Int denominator: Int reason: String }
  type Indicator { id: ID! kind: String! unit: String! cells: [IndicatorCell!]! }
  type IndicatorReport { release: Int! fixture: [Indicator!] }
  input RecordNeedInput { pathwayId: ID! need: String! }
  type Query { _service: _Service! _entities(representations: [_Any!]!): [_Entity]! housingNeeds: [String] }
  type Mutation { recordNeed(input: RecordNeedInput!): Pathway }
`);

/** What a case gets wrong; the default is what the network asks. */
interface Faults {
  /** "No record" (no receipt at all) answered null without a refusal. */
  noRecordAnsweredApart?: boolean;
  /** Any receipt handed over releases her data, whatever it says. */
  trustsAnyReceipt?: boolean;
  /** Writes whoever asks. */
  writesWithoutRule?: boolean;
  /** Records allowed decisions only. */
  auditsAllowedOnly?: boolean;
  /** Takes any release message, unverified, as often as sent. */
  takesAnyCohort?: boolean;
  /** Publishes a row per woman (counts of 1). */
  publishesRows?: boolean;
}

const claimsOf = (token: string | undefined | null): Record<string, any> | null => {
  if (!token) return null;
  try {
    return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
  } catch {
    return null;
  }
};
const refusal = () => new GraphQLError("This record belongs to another organisation.", { extensions: { code: "FORBIDDEN", reason: "ORGANISATION" } });
const body = async (req: IncomingMessage) => {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text;
};

async function fixture(faults: Faults = {}) {
  const needs = new Map<string, string>();
  const events = new Map<string, { action: string; organisationId: string; decision: string }[]>();
  const releases = new Map<number, { published: boolean; women: number }>();
  const taken = new Set<string>();
  const audit = (pathwayId: string, organisationId: string, action: string, allowed: boolean) => {
    if (!allowed && faults.auditsAllowedOnly) return;
    const list = events.get(pathwayId) ?? events.set(pathwayId, []).get(pathwayId)!;
    list.push({ action, organisationId, decision: allowed ? "ALLOW" : "DENY" });
  };
  /** Her holder reads, on a receipt for it: the network's rule, minus the signature checks. */
  const holds = (receipt: Record<string, any> | null, org: string) => !!receipt && receipt.aud === org && receipt.holder === org && receipt.sealed === false;

  const resolvers = (org: string, receipts: Record<string, string>) => ({
    _service: { sdl: PUBLISHED_SDL },
    _entities: ({ representations }: { representations: Record<string, any>[] }) =>
      representations.map((rep) => {
        if (rep.__typename === "Pathway") {
          const receipt = claimsOf(rep.consentReceipt);
          const allowed = faults.trustsAnyReceipt ? !!receipt : faults.noRecordAnsweredApart && !receipt ? true : holds(receipt, org);
          audit(rep.id, org, "READ", allowed);
          const need = faults.trustsAnyReceipt ? "needs a flat near her school" : (needs.get(rep.id) ?? null);
          return { __typename: "Pathway", id: rep.id, housingNeed: () => (allowed ? need : refusal()) };
        }
        if (rep.__typename === "AccessReport") {
          return { __typename: "AccessReport", ...rep, fixture: () => (events.get(rep.pathwayId) ?? []).map((e) => ({ ...e, reasons: [], bases: [], count: 1, categories: ["HOUSING"], purpose: null })) };
        }
        const release = releases.get(rep.release);
        // A draft too: the conformance suite reads it as the control room's analyst.
        if (!release) return { __typename: "IndicatorReport", release: rep.release, fixture: () => new GraphQLError("No published indicator release answers this.", { extensions: { code: "RELEASE_NOT_AVAILABLE" } }) };
        const cells = faults.publishesRows ? Array.from({ length: release.women }, (_, i) => ({ period: "2025-03", group: `woman-${i}`, value: 1 })) : [{ period: "2025-03", group: "NETWORK", value: 0 }];
        return { __typename: "IndicatorReport", release: rep.release, fixture: [{ id: "fixture.women", kind: "COUNT", unit: "COUNT", cells }] };
      }),
    recordNeed: ({ input }: { input: { pathwayId: string; need: string } }) => {
      const allowed = faults.writesWithoutRule || holds(claimsOf(receipts[input.pathwayId]), org);
      audit(input.pathwayId, org, "WRITE", allowed);
      if (!allowed) return refusal();
      needs.set(input.pathwayId, input.need);
      return { __typename: "Pathway", id: input.pathwayId };
    },
  });

  const authority = await loadVerificationKey(CONSENT_AUTHORITY_KEY_NAME);
  const release = (token: string): [number, unknown] => {
    let message;
    try {
      const claims = claimsOf(token);
      const publication = !claims?.p;
      message = !faults.takesAnyCohort
        ? verifyReleaseMessage(token, authority, NAME)
        : publication
          ? { kind: "publish" as const, release: claims!.rel }
          : { kind: "part" as const, part: { release: claims!.rel, pathways: claims!.p as unknown[] } };
    } catch (error) {
      if (error instanceof ReleaseMessageRejected) return [403, { error: "not a valid release message", code: "RELEASE_MESSAGE_REJECTED" }];
      throw error;
    }
    // Each message once, by its id, as the kit takes them; the faulty fixture takes any, again.
    if ("id" in message) {
      if (taken.has(message.id)) return [409, { error: "this message was already received", code: "RELEASE_MESSAGE_REPLAYED" }];
      taken.add(message.id);
    }
    if (message.kind === "publish") {
      releases.get(message.release.seq)!.published = true;
      return [200, { published: true }];
    }
    const seq = message.part.release.seq;
    if (releases.get(seq)?.published && !faults.takesAnyCohort) return [409, { error: "this release is already published here", code: "RELEASE_PART_REFUSED" }];
    releases.set(seq, { published: faults.takesAnyCohort === true, women: message.part.pathways.length });
    return [200, { cells: 1 }];
  };

  const http: Server = createServer(async (req, res) => {
    const text = await body(req);
    const answer = (status: number, json: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(json));
    };
    if (req.url === "/indicator-releases") return answer(...release(text.trim()));
    const { query, variables } = JSON.parse(text) as { query: string; variables?: Record<string, unknown> };
    const org = claimsOf(req.headers[ACTOR_ASSERTION_HEADER] as string)?.org ?? "";
    const receipts = claimsOf(`.${req.headers[CONSENT_RECEIPTS_HEADER] ?? ""}.`) ?? {};
    answer(200, await graphql({ schema: EXECUTED, source: query, variableValues: variables, rootValue: resolvers(org, receipts) }));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", () => resolve()));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`, close: () => new Promise<void>((resolve) => http.close(() => resolve())) };
}

const EXISTENCE = "sealed pathways release nothing and disclose nothing; unknown, sealed and foreign answer alike";
const SENSITIVE = "releases nothing sensitive without a receipt permitting its category";
const WRITES = "refuses writes about a pathway without the write rule, and writes nothing";
const AUDIT = "audits every decision, allowed and refused, in its access report part, with no personal value";
const COHORTS = "indicator releases refuse an unsigned, foreign-key or other-audience cohort, and store nothing";
const CELLS = "indicator releases take a valid cohort once, and never show a count below the threshold";
const NEW_CHECKS = [EXISTENCE, SENSITIVE, WRITES, AUDIT, COHORTS, CELLS];

describe("the conformance suite's pathway, write, audit and indicator checks", () => {
  const running: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const stop of running) await stop();
  });
  /** The new checks' results: check → detail ("ok" when it passed). */
  const judge = async (faults: Faults) => {
    const server = await fixture(faults);
    running.push(server.close);
    const results = await runConformance({ name: NAME, url: server.url });
    return Object.fromEntries(results.filter((r) => NEW_CHECKS.includes(r.check)).map((r) => [r.check, r.passed ? "ok" : r.detail]));
  };
  const allPass = Object.fromEntries(NEW_CHECKS.map((check) => [check, "ok"]));

  it("passes a subgraph that keeps the rules (the fixture, unbroken)", async () => {
    expect(await judge({})).toEqual(allPass);
  });

  it("fails one that answers 'no record' apart from 'refused'", async () => {
    // (It also audits that read as allowed: the audit check fails too.)
    expect(await judge({ noRecordAnsweredApart: true })).toMatchObject({
      [EXISTENCE]: expect.stringMatching(/a pathway her holder sealed answers FORBIDDEN\/ORGANISATION@_entities\.0\.housingNeed.*but an unknown pathway, no receipt answers no error/),
    });
  });

  it("fails one that releases her data on any receipt", async () => {
    const found = await judge({ trustsAnyReceipt: true });
    expect(found[EXISTENCE]).toMatch(/a pathway her holder sealed answers no error/);
    expect(found[SENSITIVE]).toBe("housingNeed (HOUSING) not refused when every category but HOUSING is permitted");
  });

  it("fails one that writes without the write rule", async () => {
    expect(await judge({ writesWithoutRule: true })).toMatchObject({ [WRITES]: "recordNeed wrote for a caller with no referral on another holder's pathway" });
  });

  it("fails one that does not audit refusals", async () => {
    expect(await judge({ auditsAllowedOnly: true })).toEqual({
      ...allPass,
      [AUDIT]: expect.stringMatching(/^the refused read of an unknown pathway, no receipt is not in her report as READ DENY;.*the refused recordNeed is not in her report as WRITE DENY$/),
    });
  });

  it("fails an indicator endpoint that takes an unsigned cohort, and a replayed one", async () => {
    const found = await judge({ takesAnyCohort: true });
    expect(found[COHORTS]).toMatch(/^an unsigned cohort: HTTP 200 no code \(403 RELEASE_MESSAGE_REJECTED wanted\); an unsigned cohort was stored: its release reads back/);
    expect(found[CELLS]).toMatch(/a replayed page of a published release: HTTP 200 no code \(409 RELEASE_MESSAGE_REPLAYED wanted\)/);
    expect(found[CELLS]).toMatch(/a replayed page of a draft: HTTP 200 no code \(409 RELEASE_MESSAGE_REPLAYED wanted\)/);
  });

  it("fails one that publishes counts the perturbation forbids", async () => {
    expect(await judge({ publishesRows: true })).toEqual({ ...allPass, [CELLS]: expect.stringMatching(/^fixture\.women MONTH\/NETWORK 2025-03 shows 1/) });
  });
});
