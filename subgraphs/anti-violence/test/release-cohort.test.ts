// What the consent authority hands each subgraph for a release, read off the wire: pages signed
// for that subgraph alone, only the women one of its organisations is involved with, only the
// attributes its manifest entry grants, and nothing else. The expectation is computed from the
// demo network's own records (packages/demo), not from the authority's SQL.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoNetworkOfSize, type DemoPathway } from "@percorsi/demo";
import { CONSENT_AUTHORITY_KEY_NAME, loadVerificationKey, type ReleasePartPage, verifyReleaseMessage } from "@percorsi/kit/authority";
import { ReleaseRunner, type ReleaseTarget } from "../src/modules/indicator-report/release-runner.js";
import { ANTI_VIOLENCE_SECTIONS } from "../src/modules/indicators/index.js";
import { KIT_MIGRATIONS_DIRECTORY, KIT_MIGRATIONS_TABLE, type SubgraphTester } from "@percorsi/kit/testing";
import { migrate, openDatabase, releaseRoute, type Database } from "@percorsi/kit";
import { startAntiViolence } from "./fixtures.js";

const network = demoNetworkOfSize("small");
const typeOf = new Map(network.organisations.map((o) => [o.id, o.type]));

let subgraph: SubgraphTester;
let server: Server;
const received: { target: string; token: string }[] = [];
let targets: ReleaseTarget[];

beforeAll(async () => {
  subgraph = await startAntiViolence();
  // Stand-ins for the other subgraphs' release endpoints: they record what they are sent.
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ target: req.url!.slice(1), token: body });
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ cells: 0, published: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  targets = [
    { name: "employment", url: `${base}/employment`, organisationTypes: ["JOB_CENTRE"], attributes: ["openedOn", "planSignedOn", "referralsSentOn"] },
    { name: "training", url: `${base}/training`, organisationTypes: ["TRAINING_BODY"], attributes: ["openedOn"] },
  ];
  await new ReleaseRunner(subgraph.db, ANTI_VIOLENCE_SECTIONS, targets).runAllDue("2026-12-01");
}, 120_000);

afterAll(async () => {
  server?.close();
  await subgraph?.stop();
});

async function pagesFor(target: string): Promise<ReleasePartPage[]> {
  const key = await loadVerificationKey(CONSENT_AUTHORITY_KEY_NAME);
  return received.filter((r) => r.target === target && !r.token.includes("publish")).flatMap((r) => {
    const message = verifyReleaseMessage(r.token, key, target);
    return message.kind === "part" ? [message.part] : [];
  });
}

/** Involved with an organisation of these types: a referral to one, or a consent naming one or the type. */
function involved(p: DemoPathway, types: readonly string[]): boolean {
  const named = (o: string | null) => o !== null && types.includes(typeOf.get(o) ?? "");
  return (
    p.referrals.some((r) => named(r.toOrganisationId)) ||
    p.consents.some((c) => c.provisions.some((v) => v.type === "PERMIT" && (named(v.granteeOrganisationId) || (v.granteeOrganisationType !== null && types.includes(v.granteeOrganisationType)))))
  );
}
/** Counting in the release of November 2026 (its first: 2023 to 2026): she agreed, opened by its cut-off, not closed before 2021. */
const counts = (p: DemoPathway) => p.reportingConsent?.granted === true && p.openedOn <= "2026-11-30" && (p.closedOn === null || p.closedOn >= "2021-01-01");

describe("a release's cohort, as each subgraph receives it", () => {
  it("is sent to each subgraph in pages signed for it alone, then a publication", async () => {
    for (const target of ["employment", "training"]) {
      const pages = await pagesFor(target);
      expect(pages.length, target).toBeGreaterThan(0);
      expect(pages.at(-1)!.last, target).toBe(true);
      expect(pages.map((p) => p.page), target).toEqual(pages.map((_, i) => i));
      // Not readable as another subgraph's.
      const key = await loadVerificationKey(CONSENT_AUTHORITY_KEY_NAME);
      const first = received.find((r) => r.target === target)!.token;
      expect(() => verifyReleaseMessage(first, key, target === "employment" ? "training" : "employment")).toThrow();
      expect(received.filter((r) => r.target === target).length, target).toBe(pages.length + 1);
    }
  });

  it("holds only the women one of the subgraph's organisations is involved with, who agreed to count", async () => {
    for (const { name, organisationTypes } of targets) {
      const sent = (await pagesFor(name)).flatMap((p) => p.pathways.map((w) => w.id)).sort();
      const expected = network.pathways.filter((p) => counts(p) && involved(p, organisationTypes)).map((p) => p.id.toLowerCase()).sort();
      expect(sent, name).toEqual(expected);
      // Women who did not agree to count are nowhere.
      const refused = network.pathways.filter((p) => p.reportingConsent?.granted !== true).map((p) => p.id.toLowerCase());
      expect(refused.length).toBeGreaterThan(0);
      expect(sent.filter((id) => refused.includes(id)), name).toEqual([]);
    }
  });

  it("carries of each woman only the attributes granted: training her intake day alone; referrals only to the subgraph's own organisations", async () => {
    const byId = new Map(network.pathways.map((p) => [p.id.toLowerCase(), p]));
    for (const page of await pagesFor("training")) {
      expect(page.attributes).toEqual(["openedOn"]);
      for (const woman of page.pathways) expect(Object.keys(woman).sort()).toEqual(["id", "keys", "openedOn"]);
    }
    for (const page of await pagesFor("employment")) {
      expect(page.attributes).toEqual(["openedOn", "planSignedOn", "referralsSentOn"]);
      for (const woman of page.pathways) {
        const her = byId.get(woman.id)!;
        expect(Object.keys(woman).sort()).toEqual(["id", "keys", "openedOn", "planSignedOn", "referrals"]);
        expect(woman.openedOn).toBe(her.openedOn);
        expect(woman.planSignedOn).toBe(her.plan?.signedOn ?? null);
        const toJobCentres = her.referrals.filter((r) => typeOf.get(r.toOrganisationId) === "JOB_CENTRE" && r.sentOn <= "2026-11-30");
        expect(woman.referrals!.map((r) => `${r.to} ${r.sentOn}`).sort()).toEqual(toJobCentres.map((r) => `${r.toOrganisationId} ${r.sentOn}`).sort());
        // One record key per year the release computes.
        expect(woman.keys).toHaveLength(page.release.years.length);
      }
    }
  });

  it("is forgotten by the authority too: nothing of it is kept but the release's cells", async () => {
    expect(await subgraph.count("indicator_release_cohort")).toBe(0);
    expect(await subgraph.count("indicator_release_cells")).toBeGreaterThan(0);
  });
});

describe("a release retried after a subgraph's answer was lost", () => {
  let store: Database;
  let inner: Server;
  let proxy: Server;
  /** Each message the subgraph was sent: its id, and what the subgraph answered. */
  const seen: { jti: string; status: number }[] = [];

  beforeAll(async () => {
    // A subgraph's real release endpoint over its own store (no sections: the messages are the point)...
    store = await openDatabase();
    await migrate(store, KIT_MIGRATIONS_DIRECTORY, KIT_MIGRATIONS_TABLE);
    const route = releaseRoute(store, "employment", []);
    inner = createServer((req, res) => void route(req, res));
    await new Promise<void>((resolve) => inner.listen(0, "127.0.0.1", resolve));
    const innerUrl = `http://127.0.0.1:${(inner.address() as AddressInfo).port}/indicator-releases`;
    // ...behind a link that loses the answer to the first last page (the part is computed and stored).
    let lost = false;
    proxy = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", async () => {
        const claims = JSON.parse(Buffer.from(body.split(".")[1]!, "base64url").toString("utf8")) as { jti: string; last?: boolean };
        const answer = await fetch(innerUrl, { method: "POST", body });
        seen.push({ jti: claims.jti, status: answer.status });
        if (claims.last && !lost) {
          lost = true;
          return res.writeHead(503).end();
        }
        res.writeHead(answer.status, { "content-type": "application/json" }).end(await answer.text());
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    proxy?.close();
    inner?.close();
    await store?.close();
  });

  it("completes at the next attempt: every message signed afresh, none refused as a replay", async () => {
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/`;
    const runner = new ReleaseRunner(subgraph.db, ANTI_VIOLENCE_SECTIONS, [{ ...targets[0]!, url }]);
    await expect(runner.runAllDue("2027-01-02")).rejects.toThrow(/refused its release part/);
    const [run] = await runner.runAllDue("2027-01-02");
    expect(run?.release.id).toBe("2026-12");
    expect(await store.query("select status from indicator_releases where id = '2026-12'")).toEqual([{ status: "PUBLISHED" }]);
    expect(seen.filter((m) => m.status >= 400)).toEqual([]);
    expect(new Set(seen.map((m) => m.jti)).size).toBe(seen.length);
  }, 120_000);
});
