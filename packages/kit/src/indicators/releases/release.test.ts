import "reflect-metadata";
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { graphql, type GraphQLSchema } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSchema, Query, Resolver } from "type-graphql";
import { generateKeyPair } from "jose";
import type { SubgraphContext } from "../../context.js";
import { openDatabase, type Database } from "../../db/database.js";
import { migrate } from "../../db/migrate.js";
import { KIT_MIGRATIONS_DIRECTORY, KIT_MIGRATIONS_TABLE } from "../../audit/audit-log.js";
import { CONSENT_AUTHORITY_KEY_NAME } from "../../consent/receipt.js";
import { testActor } from "../../testing/actors.js";
import { testBackends } from "../../testing/databases.js";
import { loadSigningKey, loadVerificationKey, type SigningKey } from "../../trust/keys.js";
import { defineIndicatorReportPart } from "../indicator-report.js";
import { epochOf, type IndicatorDefinition, type IndicatorEvent } from "@percorsi/indicators";
import type { IndicatorSection } from "../section.js";
import { ReleaseMessageRejected, signReleasePart, signReleasePublication, verifyReleaseMessage, type ReleaseHeader, type ReleasePartPage } from "./release-messages.js";
import { computeReleasePart, ReleasePartRefused, storeCohortPage } from "./release-part.js";
import { publishStoredRelease, readReleaseCells, releaseRoute } from "./release-store.js";
import { takeReleaseMessageId } from "./release-message-ids.js";

// A subgraph's part of a release: computed from its store on the cohort it was given, stored,
// and read back unchanged whatever happens after; published cells are frozen until their year's
// revision; each section answers its own figures; only the consent authority's messages count.

const ORG = { id: "org-a", type: "JOB_CENTRE" as const, operators: 40 };
const women = Array.from({ length: 40 }, () => randomUUID());

/** Events the sections read: mutable, as a store is. */
let stored: IndicatorEvent[] = [];

/** A section with one COUNT about women, `<name>.things`: every stored event, `weight` times. */
function section(name: string, weight: number, cohortAttributes?: IndicatorSection["cohortAttributes"]): IndicatorSection {
  const definition: IndicatorDefinition = {
    id: `${name}.things`,
    section: name,
    kind: "COUNT",
    unit: "COUNT",
    title: `Things of ${name}`,
    numerator: `Things ${name} counts.`,
    dateRule: "The day of the thing.",
    source: "probe",
  };
  return {
    name,
    description: `Section ${name}.`,
    organisationTypes: ["JOB_CENTRE"],
    definitions: [definition],
    ...(cohortAttributes ? { cohortAttributes } : {}),
    events: async ({ cohort, years }) =>
      stored
        .filter((e) => years.includes(Number(e.on.slice(0, 4))) && cohort.pathways.some((p) => p.id === e.pathwayId))
        .flatMap((e) => Array.from({ length: weight }, () => ({ ...e, indicator: definition.id }))),
  };
}
const SECTIONS = [section("alpha", 1), section("beta", 2), section("gamma", 3)];

const header = (seq: number, id: string, version = 1, years = [2025]): ReleaseHeader => ({
  seq,
  id,
  version,
  cutOff: `${id}-${id.endsWith("-02") ? "28" : id.endsWith("-06") || id.endsWith("-09") || id.endsWith("-11") || id.endsWith("-04") ? "30" : "31"}`,
  asOf: `${id}-28`,
  years: years.map((year) => ({ year, epoch: epochOf("t", year, version) })),
});

/** The cohort as the authority would hand it: ids with a key per year (fixed here: the test is not about the noise). */
const cohortOf = (ids: string[], years = 1) => ids.map((id, i) => ({ id, keys: Array.from({ length: years }, () => (i * 2654435761) >>> 0) }));

async function release(db: Database, h: ReleaseHeader, ids = women): Promise<number> {
  await storeCohortPage(db, { release: h, page: 0, last: true, threshold: 10, organisations: [ORG], attributes: [], pathways: [] });
  const cells = await computeReleasePart(db, { release: h, sections: SECTIONS, organisations: [ORG], pathways: cohortOf(ids, h.years.length), threshold: 10, attributes: [] });
  expect(await publishStoredRelease(db, h)).toBe(true);
  return cells;
}

const read = (db: Database, seq: number, sectionName = "alpha", granularity: "MONTH" | "YEAR" = "MONTH") =>
  readReleaseCells(db, { seq, section: sectionName, granularity, breakdown: "NETWORK", from: "2025-01-01", to: "2025-12-31" });

let db: Database;
beforeAll(async () => {
  db = await openDatabase();
  await migrate(db, KIT_MIGRATIONS_DIRECTORY, KIT_MIGRATIONS_TABLE);
  // 3 events in each of Jan..Mar 2025 per woman of the first 20.
  stored = women.slice(0, 20).flatMap((id) => ["2025-01-10", "2025-02-10", "2025-03-10"].map((on) => ({ indicator: "", on, organisationId: ORG.id, pathwayId: id })));
});
afterAll(() => db.close());

describe("a subgraph's part of a release", () => {
  let first: Awaited<ReturnType<typeof read>>;

  it("stores the closed periods only, with the cell-key noise, and reads them back", async () => {
    await release(db, header(1, "2025-02"));
    first = await read(db, 1);
    expect(first.map((c) => c.period)).toEqual(["2025-01", "2025-02"]);
    for (const cell of first) expect(Math.abs(cell.value! - 20)).toBeLessThanOrEqual(5);
    // The year has not closed: no year cell.
    expect(await read(db, 1, "alpha", "YEAR")).toEqual([]);
  });

  it("answers a release the same however the store changed since, and freezes its published cells in the next release", async () => {
    // Half the women withdraw (gone from the cohort), and a late record lands in January.
    stored.push({ indicator: "", on: "2025-01-20", organisationId: ORG.id, pathwayId: women[0]! });
    await release(db, header(2, "2025-03"), women.slice(10));
    expect(await read(db, 1)).toEqual(first);
    const second = await read(db, 2);
    // January and February as published; March new, without the women who withdrew.
    expect(second.slice(0, 2)).toEqual(first);
    expect(second.map((c) => c.period)).toEqual(["2025-01", "2025-02", "2025-03"]);
    expect(Math.abs(second[2]!.value! - 10)).toBeLessThanOrEqual(5);
  });

  it("revises a year in a new epoch: the revision reads the new cells, the release before it the old", async () => {
    await release(db, header(3, "2025-12", 2), women.slice(10));
    const revised = await read(db, 3);
    expect(revised.map((c) => c.period)).toEqual(["2025-01", "2025-02", "2025-03", ...["04", "05", "06", "07", "08", "09", "10", "11", "12"].map((m) => `2025-${m}`)]);
    // January now counts without the women who withdrew (10 of them, plus the late record).
    expect(Math.abs(revised[0]!.value! - 11)).toBeLessThanOrEqual(5);
    expect((await read(db, 2)).slice(0, 2)).toEqual(first);
  });

  it("gives each section its own figures", async () => {
    const year = async (name: string) => (await read(db, 3, name, "YEAR"))[0]!.value!;
    const [alpha, beta, gamma] = [await year("alpha"), await year("beta"), await year("gamma")];
    // 31 events after withdrawals, counted once, twice and three times (each perturbed by at most 5).
    expect(Math.abs(alpha - 31)).toBeLessThanOrEqual(5);
    expect(Math.abs(beta - 62)).toBeLessThanOrEqual(5);
    expect(Math.abs(gamma - 93)).toBeLessThanOrEqual(5);
  });

  it("refuses a section that reads what its cohort does not carry", async () => {
    const greedy = section("delta", 1, ["planSignedOn"]);
    await expect(
      computeReleasePart(db, { release: header(9, "2025-04"), sections: [greedy], organisations: [ORG], pathways: [], threshold: 10, attributes: [] }),
    ).rejects.toBeInstanceOf(ReleasePartRefused);
  });

  it("refuses a page for a release already published here", async () => {
    await expect(storeCohortPage(db, { release: header(1, "2025-02"), page: 0, last: true, threshold: 10, organisations: [ORG], attributes: [], pathways: [] })).rejects.toBeInstanceOf(
      ReleasePartRefused,
    );
  });
});

describe("a report's section fields, read from a release", () => {
  const KEY = { release: 3, from: "2025-01-01", to: "2025-12-31", granularity: "YEAR", breakdown: "NETWORK" } as const;
  const context = (roles: ["ANALYST"] | ["EMPLOYMENT_COUNSELLOR"], organisation = "cabina"): SubgraphContext<unknown> =>
    ({ actor: testActor(organisation, "CONTROL_ROOM", roles, "MONITORING"), audit: { recordIndicatorRead() {} }, db }) as unknown as SubgraphContext<unknown>;

  async function schemaWith(): Promise<GraphQLSchema> {
    const { IndicatorReport, indicatorResolvers } = defineIndicatorReportPart(SECTIONS);
    @Resolver()
    class ProbePartResolver {
      @Query(() => IndicatorReport)
      probePart(): object {
        return Object.assign(new IndicatorReport(), KEY);
      }
    }
    return buildSchema({ resolvers: [ProbePartResolver, ...indicatorResolvers] as [Function, ...Function[]], validate: false });
  }

  it("each answer their own section's indicators", async () => {
    const result = await graphql({ schema: await schemaWith(), source: `{ probePart { ${SECTIONS.map((s) => `${s.name} { id cells { period value } }`).join(" ")} } }`, contextValue: context(["ANALYST"]) });
    expect(result.errors).toBeUndefined();
    const data = (result.data as { probePart: Record<string, { id: string; cells: { period: string; value: number }[] }[]> }).probePart;
    for (const s of SECTIONS) {
      expect(data[s.name]![0]!.id).toBe(`${s.name}.things`);
      expect(data[s.name]![0]!.cells).toEqual([{ period: "2025", value: (await read(db, 3, s.name, "YEAR"))[0]!.value }]);
    }
  });

  it("serve a draft to the control room's analysts only", async () => {
    const draft = header(4, "2026-01", 1, [2026]);
    await storeCohortPage(db, { release: draft, page: 0, last: true, threshold: 10, organisations: [ORG], attributes: [], pathways: [] });
    await computeReleasePart(db, { release: draft, sections: SECTIONS, organisations: [ORG], pathways: [], threshold: 10, attributes: [] });
    const { IndicatorReport, indicatorResolvers } = defineIndicatorReportPart(SECTIONS);
    @Resolver()
    class ProbeDraftResolver {
      @Query(() => IndicatorReport)
      probeDraft(): object {
        return Object.assign(new IndicatorReport(), { ...KEY, release: 4, breakdown: "ORGANISATION" });
      }
    }
    const schema = await buildSchema({ resolvers: [ProbeDraftResolver, ...indicatorResolvers] as [Function, ...Function[]], validate: false });
    const asOperator = await graphql({ schema, source: "{ probeDraft { alpha { id } } }", contextValue: context(["EMPLOYMENT_COUNSELLOR"], ORG.id) });
    expect(asOperator.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const asAnalyst = await graphql({ schema, source: "{ probeDraft { alpha { id } } }", contextValue: context(["ANALYST"]) });
    expect(asAnalyst.errors).toBeUndefined();
  });

  it("answer RELEASE_NOT_AVAILABLE for a release this subgraph never computed", async () => {
    const { IndicatorReport, indicatorResolvers } = defineIndicatorReportPart(SECTIONS);
    @Resolver()
    class ProbeMissingResolver {
      @Query(() => IndicatorReport)
      probeMissing(): object {
        return Object.assign(new IndicatorReport(), { ...KEY, release: 77 });
      }
    }
    const schema = await buildSchema({ resolvers: [ProbeMissingResolver, ...indicatorResolvers] as [Function, ...Function[]], validate: false });
    const result = await graphql({ schema, source: "{ probeMissing { alpha { id } } }", contextValue: context(["ANALYST"]) });
    expect(result.errors?.[0]?.extensions?.code).toBe("RELEASE_NOT_AVAILABLE");
  });
});

describe("the consent authority's messages", () => {
  let key: SigningKey;
  const page = (): ReleasePartPage => ({
    release: header(5, "2025-05"),
    page: 0,
    last: true,
    threshold: 10,
    organisations: [ORG],
    attributes: ["planSignedOn"],
    pathways: [{ id: women[0]!, keys: [7], planSignedOn: "2025-01-02" }],
  });
  beforeAll(async () => {
    key = await loadSigningKey(CONSENT_AUTHORITY_KEY_NAME);
  });

  it("carry a page to the subgraph it is for, with only the attributes granted", async () => {
    const message = verifyReleaseMessage(signReleasePart(key, "employment", page()), await loadVerificationKey(CONSENT_AUTHORITY_KEY_NAME), "employment");
    expect(message).toEqual({ kind: "part", part: page(), id: expect.any(String), expiresAt: expect.any(Number) });
    const publication = verifyReleaseMessage(signReleasePublication(key, "employment", page().release), await loadVerificationKey(CONSENT_AUTHORITY_KEY_NAME), "employment");
    expect(publication.kind).toBe("publish");
  });

  it("are refused for another subgraph, forged, tampered with or malformed", async () => {
    const authority = await loadVerificationKey(CONSENT_AUTHORITY_KEY_NAME);
    const token = signReleasePart(key, "employment", page());
    expect(() => verifyReleaseMessage(token, authority, "training")).toThrow(ReleaseMessageRejected);
    const pair = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    const forged = signReleasePart({ ...key, privateKey: pair.privateKey } as SigningKey, "employment", page());
    expect(() => verifyReleaseMessage(forged, authority, "employment")).toThrow(ReleaseMessageRejected);
    const [h, p, s] = token.split(".");
    const payload = JSON.parse(Buffer.from(p!, "base64url").toString("utf8"));
    payload.attrs = ["planSignedOn", "openedOn"];
    expect(() => verifyReleaseMessage(`${h}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${s}`, authority, "employment")).toThrow(ReleaseMessageRejected);
    expect(() => verifyReleaseMessage("not a token", authority, "employment")).toThrow(ReleaseMessageRejected);
    delete payload.jti;
    payload.attrs = ["planSignedOn"];
    expect(() => verifyReleaseMessage(`${h}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${s}`, authority, "employment")).toThrow(ReleaseMessageRejected);
  });

  it("each carry an id of their own: a message signed again is a new message", async () => {
    const authority = await loadVerificationKey(CONSENT_AUTHORITY_KEY_NAME);
    const ids = [signReleasePart(key, "employment", page()), signReleasePart(key, "employment", page()), signReleasePublication(key, "employment", page().release)].map(
      (token) => verifyReleaseMessage(token, authority, "employment").id,
    );
    expect(new Set(ids).size).toBe(3);
  });
});

describe.each(testBackends())("the release endpoint takes each message once ($name)", (backend) => {
  let store: Database;
  let server: Server;
  let key: SigningKey;
  let url: string;
  const draft = header(20, "2025-06");
  const pageOf = (release: ReleaseHeader, n: number, last: boolean, ids: string[]): ReleasePartPage => ({
    release,
    page: n,
    last,
    threshold: 10,
    organisations: [ORG],
    attributes: [],
    pathways: cohortOf(ids),
  });
  const send = async (token: string) => {
    const response = await fetch(url, { method: "POST", body: token });
    return { status: response.status, json: (await response.json()) as { code?: string; cells?: number; stored?: number } };
  };
  /** What a release holds here: its row, its cells, the cohort kept between its pages. */
  const state = async (seq: number) => ({
    release: await store.query("select status, computed_at from indicator_releases where seq = $1", [seq]),
    cells: await store.query("select section, period, value from indicator_release_cells where seq = $1 order by 1, 2", [seq]),
    cohort: await store.query("select pathway_id from indicator_release_cohort where seq = $1 order by 1", [seq]),
  });

  beforeAll(async () => {
    store = await backend.open();
    await migrate(store, KIT_MIGRATIONS_DIRECTORY, KIT_MIGRATIONS_TABLE);
    key = await loadSigningKey(CONSENT_AUTHORITY_KEY_NAME);
    const route = releaseRoute(store, "employment", SECTIONS);
    server = createServer((req, res) => void route(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/indicator-releases`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await store?.close();
  });

  it("refuses a replayed page of a draft, which would restart it, and stores nothing", async () => {
    const first = signReleasePart(key, "employment", pageOf(draft, 0, false, women.slice(0, 20)));
    expect((await send(first)).status).toBe(202);
    // A page still to come, replayed: nothing of it is stored a second time.
    const before = await state(draft.seq);
    expect(await send(first)).toEqual({ status: 409, json: { error: "this message was already received", code: "RELEASE_MESSAGE_REPLAYED" } });
    expect(await state(draft.seq)).toEqual(before);
    expect((await send(signReleasePart(key, "employment", pageOf(draft, 1, true, women.slice(20))))).status).toBe(200);
    // The draft computed: its first page replayed would delete its cells and start it over.
    const computed = await state(draft.seq);
    expect(computed.cells.length).toBeGreaterThan(0);
    expect(computed.release[0]!.computed_at).not.toBeNull();
    expect((await send(first)).json.code).toBe("RELEASE_MESSAGE_REPLAYED");
    expect(await state(draft.seq)).toEqual(computed);
  });

  it("refuses a replayed page or publication of a published release as a replay, and a fresh page for it as refused", async () => {
    const release = header(21, "2025-07");
    const part = signReleasePart(key, "employment", pageOf(release, 0, true, women));
    const publication = signReleasePublication(key, "employment", release);
    expect((await send(part)).status).toBe(200);
    expect((await send(publication)).status).toBe(200);
    const published = await state(release.seq);
    expect((await send(part)).json.code).toBe("RELEASE_MESSAGE_REPLAYED");
    expect((await send(publication)).json.code).toBe("RELEASE_MESSAGE_REPLAYED");
    expect((await send(signReleasePart(key, "employment", pageOf(release, 0, true, women)))).json.code).toBe("RELEASE_PART_REFUSED");
    expect(await state(release.seq)).toEqual(published);
  });

  it("takes one of two identical messages sent at once", async () => {
    const token = signReleasePart(key, "employment", pageOf(header(22, "2025-08"), 0, false, women));
    const answers = await Promise.all([send(token), send(token), send(token)]);
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409, 409]);
  });

  it("completes a release retried with fresh messages (new ids), as the authority retries", async () => {
    const release = header(23, "2025-09");
    expect((await send(signReleasePart(key, "employment", pageOf(release, 0, false, women.slice(0, 20))))).status).toBe(202);
    // The last page was lost: the authority starts the release over, every message signed again.
    expect((await send(signReleasePart(key, "employment", pageOf(release, 0, false, women.slice(0, 20))))).status).toBe(202);
    expect((await send(signReleasePart(key, "employment", pageOf(release, 1, true, women.slice(20))))).status).toBe(200);
    expect((await send(signReleasePublication(key, "employment", release))).status).toBe(200);
    expect((await state(release.seq)).release[0]).toMatchObject({ status: "PUBLISHED" });
  });

  it("forgets an id once its message has expired, and only then", async () => {
    const now = Math.floor(Date.now() / 1000);
    const id = randomUUID();
    expect(await takeReleaseMessageId(store, id, now + 300, now)).toBe(true);
    expect(await takeReleaseMessageId(store, id, now + 300, now)).toBe(false);
    const kept = async () => (await store.query("select 1 from indicator_release_messages where id = $1", [id])).length;
    // Pruned by a later message: not within the margin past its expiry, then gone.
    await takeReleaseMessageId(store, randomUUID(), now + 900, now + 300 + 60);
    expect(await kept()).toBe(1);
    await takeReleaseMessageId(store, randomUUID(), now + 2000, now + 300 + 5 * 60 + 1);
    expect(await kept()).toBe(0);
  });
});
