// The dashboard in a real browser against the real network: the gateway and the three
// subgraphs in this process (gateway/test/network.ts), seeded with the large demo network, the
// gateway in safelist mode serving dashboard/dist. Nothing is mocked: the figures the page shows
// are checked against what the same persisted operation answers.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_TODAY } from "@percorsi/demo";
import { readSupergraph } from "@percorsi/schema/supergraph";
import { documentIdOf, operationNameOf } from "../src/api/client.js";
import { ImpactOverviewDocument, IndicatorReleasesDocument, IndicatorReportDocument, type IndicatorReleasesQuery, type IndicatorBreakdown, type IndicatorGranularity, type ImpactOverviewQuery, type IndicatorReportQuery } from "../src/gql/graphql.js";
import { FUNNEL_STEPS, OUTCOME_SECTIONS, overviewRange, STARTED } from "../src/report/funnel.model.js";
import { parseCsv } from "../src/report/csv.js";
import { SECTIONS, type Indicator, type Report, type Section } from "../src/report/report.model.js";
import { buildDashboard, noChromium, openBrowser, type Browser } from "./browser.js";

const hasIndicatorsApi = /\bindicators\s*\(/.test(readSupergraph());
const hasOutcomesApi = /\bpathwayOutcomes\s*:/.test(readSupergraph());
if (!hasIndicatorsApi) console.warn("dashboard.browser: the indicator cases are skipped, the supergraph has no Query.indicators yet");

type Network = Awaited<ReturnType<typeof import("../../gateway/test/network.js").startTestNetwork>>;
let network: Network;
let browser: Browser;
const graphqlBodies: Record<string, unknown>[] = [];

async function devToken(userId: string): Promise<string> {
  const response = await fetch(new URL("/auth/dev-token", network.gatewayUrl), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ userId }) });
  return ((await response.json()) as { token: string }).token;
}

/** The report through the gateway as the dashboard asks for it: by document id only. */
async function report(userId: string, from: string, to: string, breakdown: IndicatorBreakdown, granularity: IndicatorGranularity = "MONTH"): Promise<Report> {
  const response = await fetch(new URL("/graphql", network.gatewayUrl), {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${await devToken(userId)}`, "x-purpose": "MONITORING" },
    body: JSON.stringify({ documentId: documentIdOf(IndicatorReportDocument), operationName: operationNameOf(IndicatorReportDocument), variables: { from, to, granularity, breakdown } }),
  });
  const body = (await response.json()) as { data?: IndicatorReportQuery; errors?: unknown[] };
  if (!body.data?.indicators) throw new Error(`no report: ${JSON.stringify(body.errors)}`);
  return body.data.indicators;
}

type OverviewReport = NonNullable<ImpactOverviewQuery["indicators"]>;

/** The overview's answer through the gateway, by document id, as the page asks for it. */
async function overview(userId: string, variables: { from: string; to: string; granularity: IndicatorGranularity; breakdown: IndicatorBreakdown; release?: string; version?: number }): Promise<OverviewReport> {
  const response = await fetch(new URL("/graphql", network.gatewayUrl), {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${await devToken(userId)}`, "x-purpose": "MONITORING" },
    body: JSON.stringify({ documentId: documentIdOf(ImpactOverviewDocument), operationName: operationNameOf(ImpactOverviewDocument), variables }),
  });
  const body = (await response.json()) as { data?: ImpactOverviewQuery; errors?: unknown[] };
  if (!body.data?.indicators) throw new Error(`no overview: ${JSON.stringify(body.errors)}`);
  return body.data.indicators;
}

/** The releases the API lists for a user, by document id. */
async function releasesFor(userId: string): Promise<NonNullable<IndicatorReleasesQuery["indicatorReleases"]>> {
  const response = await fetch(new URL("/graphql", network.gatewayUrl), {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${await devToken(userId)}`, "x-purpose": "MONITORING" },
    body: JSON.stringify({ documentId: documentIdOf(IndicatorReleasesDocument), operationName: operationNameOf(IndicatorReleasesDocument), variables: {} }),
  });
  const body = (await response.json()) as { data?: IndicatorReleasesQuery; errors?: unknown[] };
  if (!body.data?.indicatorReleases) throw new Error(`no releases: ${JSON.stringify(body.errors)}`);
  return body.data.indicatorReleases;
}

function indicatorsOf(report: Report): { section: Section; indicator: Indicator }[] {
  return SECTIONS.flatMap((section) => ((report[section] as Indicator[] | null) ?? []).map((indicator) => ({ section, indicator })));
}

describe.skipIf(noChromium)("the control room's dashboard in a browser", () => {
  let year = 0;
  let from = "";
  let to = "";

  beforeAll(async () => {
    process.env.DEMO_NETWORK = "large";
    const dir = await buildDashboard();
    const { startTestNetwork, RELEASE_DAY } = await import("../../gateway/test/network.js");
    // Safelist mode, with the committed manifests: only registered operations run.
    // Two releases (October's, then the current November one), so that picking a release is tested.
    network = await startTestNetwork({ releasesDueOn: "2026-11-05", gateway: { safelist: true, dashboard: { dir, config: { graphqlUrl: "/graphql", networkReaders: ["ANALYST"], auth: { mode: "dev" } } } } });
    await network.releases.runAllDue(RELEASE_DAY);
    browser = await openBrowser();
    browser.page.on("request", (request) => {
      if (new URL(request.url()).pathname === "/graphql") graphqlBodies.push(JSON.parse(request.postData() ?? "{}"));
    });
    // The demo network's last full year (it runs three years up to its own "today").
    year = Number(DEMO_TODAY.slice(0, 4)) - 1;
    from = `${year}-01-01`;
    to = `${year}-12-31`;
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await network?.stop();
    delete process.env.DEMO_NETWORK;
  });

  const page = () => browser.page;
  const card = (id: string) => page().locator(`article.indicator[data-indicator="${id}"]`);
  /** Asks for the year; the granularity is a view of the answers (AUTO unless given). */
  async function ask(options: { breakdown?: IndicatorBreakdown; section?: Section; granularity?: IndicatorGranularity | "AUTO" }) {
    await page().locator('button.view-tab[data-view="periods"]').click();
    await page().locator('input[name="from"]').fill(from);
    await page().locator('input[name="to"]').fill(to);
    if (options.breakdown && (await page().locator('select[name="breakdown"]').isEnabled())) await page().selectOption('select[name="breakdown"]', options.breakdown);
    await page().locator("button.apply").click();
    await page().locator("section.report").waitFor({ timeout: 60_000 });
    await page().selectOption('select[name="granularity"]', options.granularity ?? "AUTO");
    if (options.section) await page().selectOption('select[name="section"]', options.section);
    if (options.granularity && options.granularity !== "AUTO") await page().locator(`section.report[data-granularity="${options.granularity}"]`).waitFor();
  }
  // SVG text has no innerText: read textContent.
  const svgTexts = (chart: ReturnType<typeof card>) => chart.locator("text").evaluateAll((nodes) => nodes.map((node) => node.textContent ?? ""));
  async function tableCells(id: string) {
    return card(id).locator("td.cell").evaluateAll((cells) =>
      cells.map((cell) => ({
        period: cell.getAttribute("data-period")!,
        group: cell.getAttribute("data-group")!,
        value: cell.getAttribute("data-value")!,
        suppressed: cell.getAttribute("data-suppressed")!,
        reason: cell.getAttribute("data-reason")!,
        text: (cell as HTMLElement).innerText,
        title: cell.getAttribute("title") ?? "",
      })),
    );
  }

  it("refuses a free-text operation: the gateway is in safelist mode", async () => {
    const response = await fetch(new URL("/graphql", network.gatewayUrl), {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await devToken("analyst")}`, "x-purpose": "MONITORING" },
      body: JSON.stringify({ query: "{ organisations { id } }" }),
    });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBe("OPERATION_NOT_SAFELISTED");
  });

  it("signs in as the analyst from the demo users", async () => {
    await page().goto(new URL("/dashboard/", network.gatewayUrl).toString());
    await page().locator('button.dev-user[data-user="analyst"]').click();
    await page().locator(".signed-in-as").waitFor();
    expect(await page().locator(".signed-in-as").innerText()).toContain("Giorgia Lambertenghi");
    await browser.screenshot("01-signed-in-analyst");
  });

  describe.skipIf(!hasIndicatorsApi)("with the indicators API", () => {
    describe.skipIf(!hasOutcomesApi)("the overview", () => {
      const cellOf = (api: OverviewReport, id: string, period: string) =>
        OUTCOME_SECTIONS.flatMap((section) => (api[section] ?? []) as Indicator[])
          .find((indicator) => indicator.id === id)
          ?.cells.find((cell) => cell.period === period && cell.group === "NETWORK" && cell.category === null);

      async function checkFunnel(api: OverviewReport) {
        const number = (value: number) => new Intl.NumberFormat("it-IT").format(value);
        await page().locator("section.overview table.funnel-table").waitFor({ timeout: 60_000 });
        expect(await page().locator("article.funnel").evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-cohort")))).toEqual(api.periods.map((period) => period.id));
        let open = 0;
        for (const { id: cohort } of api.periods) {
          const started = cellOf(api, STARTED, cohort)!.value!;
          const texts = await svgTexts(page().locator(`article.funnel[data-cohort="${cohort}"] .chart svg`));
          for (const step of FUNNEL_STEPS) {
            const cell = cellOf(api, step, cohort);
            expect(cell, `${step} ${cohort}`).toBeTruthy();
            const td = page().locator(`table.funnel-table td[data-cohort="${cohort}"][data-step="${step}"]`);
            if (cell!.reason === "FOLLOW_UP_OPEN") {
              open += 1;
              expect([cell!.value, await td.getAttribute("data-state"), await td.getAttribute("data-value"), await td.innerText()]).toEqual([null, "open", "", "non ancora misurabile"]);
              expect(texts).toContain("non ancora misurabile");
            } else {
              // The published count as it came, and its share of the published started.
              expect(await td.getAttribute("data-state")).toBe("measured");
              expect(await td.getAttribute("data-value")).toBe(String(cell!.value));
              expect(Number(await td.getAttribute("data-share"))).toBeCloseTo(cell!.value! / started, 12);
              const label = step === STARTED ? number(cell!.value!) : `${number(cell!.value!)} · `;
              expect(texts.some((text) => (step === STARTED ? text === label : text.startsWith(label))), `${step} ${cohort} drawn as ${label}`).toBe(true);
            }
          }
        }
        expect(await page().locator('table.funnel-table td[data-state="open"]').count()).toBe(open);
        return open;
      }

      it("opens on the funnel by intake year, with the figures the API returns and open steps as not yet measurable", async () => {
        await page().locator("section.overview").waitFor();
        expect(await page().locator('button.view-tab[data-view="overview"]').getAttribute("aria-selected")).toBe("true");
        const api = await overview("analyst", { ...overviewRange(), granularity: "YEAR", breakdown: "NETWORK" });
        // Closed intake years only (the release lists closed periods): at least the two before this one.
        expect(api.periods.length).toBeGreaterThanOrEqual(2);
        const open = await checkFunnel(api);
        // The youngest cohort cannot have its 12-month steps yet: the page must have shown some open.
        expect(open).toBeGreaterThan(0);
        // Headlines: each step in the latest cohort that has it measured.
        for (const step of [STARTED, "employment_outcomes.placed_within_12_months", "employment_outcomes.kept_12_months"]) {
          const latest = [...api.periods].reverse().find((period) => cellOf(api, step, period.id)!.value !== null)?.id;
          const headline = page().locator(`li.headline[data-step="${step}"]`);
          // A step no cohort in view has measured yet (kept 12 months needs 24 months of follow-up) has no headline.
          if (!latest) {
            expect(await headline.count()).toBe(0);
            continue;
          }
          expect([await headline.getAttribute("data-cohort"), await headline.getAttribute("data-value")]).toEqual([latest, String(cellOf(api, step, latest)!.value)]);
        }
        expect(await page().locator(".noise-note").innerText()).toMatch(/± qualche unità/);
        await browser.screenshot("01a-overview-by-year");
      });

      it("by intake quarter: one funnel per quarter, with its figures", async () => {
        await page().selectOption('select[name="cohort-granularity"]', "QUARTER");
        await page().locator('section.overview[data-granularity="QUARTER"] article.funnel').first().waitFor();
        const api = await overview("analyst", { ...overviewRange(), granularity: "QUARTER", breakdown: "NETWORK" });
        await expect.poll(() => page().locator("article.funnel").count(), { timeout: 60_000 }).toBe(api.periods.length);
        await checkFunnel(api);
        await browser.screenshot("01b-overview-by-quarter");
        await page().selectOption('select[name="cohort-granularity"]', "YEAR");
      });

      it("reads the current release, says which, lists the releases and reads another one when picked", async () => {
        const releases = await releasesFor("analyst");
        expect(releases.length).toBeGreaterThan(0);
        await expect.poll(() => page().locator('select[name="release"] option').count()).toBe(releases.length + 1);
        expect(await page().locator('select[name="release"] option').evaluateAll((nodes) => nodes.map((node) => (node as HTMLOptionElement).value))).toEqual(["", ...releases.map((r) => `${r.id}@${r.version}`)]);
        const current = await overview("analyst", { ...overviewRange(), granularity: "YEAR", breakdown: "NETWORK" });
        expect(current.releaseInfo.status).toBe("CURRENT");
        const read = page().locator("section.overview .release-read");
        await expect.poll(() => read.getAttribute("data-release")).toBe(current.releaseInfo.id);
        expect(await read.getAttribute("data-version")).toBe(String(current.releaseInfo.version));
        const other = releases.find((r) => r.id !== current.releaseInfo.id || r.version !== current.releaseInfo.version);
        if (other) {
          await page().selectOption('select[name="release"]', `${other.id}@${other.version}`);
          await expect.poll(() => read.getAttribute("data-release"), { timeout: 60_000 }).toBe(other.id);
          await checkFunnel(await overview("analyst", { ...overviewRange(), granularity: "YEAR", breakdown: "NETWORK", release: other.id, version: other.version }));
          await browser.screenshot("01c-overview-other-release");
          await page().selectOption('select[name="release"]', "");
          await expect.poll(() => read.getAttribute("data-release"), { timeout: 60_000 }).toBe(current.releaseInfo.id);
        } else console.warn("dashboard.browser: one release only, picking another is not exercised");
      });
    });

    it("draws a chart with the network's figures", async () => {
      const api = await report("analyst", from, to, "NETWORK");
      const opened = api.intake!.find((indicator) => indicator.kind === "COUNT")!;
      const values = opened.cells.filter((cell) => cell.category === null && !cell.suppressed).map((cell) => cell.value ?? 0);
      expect(Math.max(...values)).toBeGreaterThan(0);
      await ask({ breakdown: "NETWORK", section: "intake", granularity: "MONTH" });
      const chart = card(opened.id).locator(".chart svg");
      await chart.waitFor();
      // The y axis reaches the largest figure, and the series has drawn bars.
      const axis = (await svgTexts(chart)).map((text) => Number(text.replace(/\./g, "").replace(",", "."))).filter(Number.isFinite);
      expect(Math.max(...axis)).toBeGreaterThanOrEqual(Math.max(...values));
      expect(await chart.locator("path").count()).toBeGreaterThan(values.filter((value) => value > 0).length);
      expect(await svgTexts(chart)).toContain("Rete");
      await browser.screenshot("02-chart-network");
    });

    let suppressedId = "";
    it("shows a withheld cell (a median of too few) as withheld, in the table and in the chart's legend", async () => {
      const api = await report("analyst", from, to, "ORGANISATION");
      const found = indicatorsOf(api).find(({ indicator }) => indicator.cells.some((cell) => cell.category === null && cell.suppressed));
      expect(found, "the large network has withheld medians").toBeTruthy();
      suppressedId = found!.indicator.id;
      const cell = found!.indicator.cells.find((candidate) => candidate.category === null && candidate.suppressed)!;
      await ask({ breakdown: "ORGANISATION", section: found!.section, granularity: "MONTH" });
      // Only a median of too few values is withheld now (counts are perturbed): the legend says so neutrally.
      await expect.poll(() => svgTexts(card(suppressedId).locator(".chart svg")), { timeout: 20_000 }).toContain("non mostrata");
      expect((await svgTexts(card(suppressedId).locator(".chart svg"))).filter((text) => /meno di|< ?\d/.test(text))).toEqual([]);
      await browser.screenshot("03-chart-suppressed");
      await card(suppressedId).locator("button.toggle-view").click();
      const td = card(suppressedId).locator(`td[data-period="${cell.period}"][data-group="${cell.group}"]`);
      expect(await td.getAttribute("class")).toContain("suppressed");
      expect(await td.innerText()).toBe("non mostrata");
      expect(await td.getAttribute("title")).toMatch(/^Mediana non mostrata: meno di \d+ casi/);
      expect(await td.getAttribute("data-value")).toBe("");
      // The indicator's definition, from the API, one click away.
      await card(suppressedId).locator("button.toggle-definition").click();
      const definition = await card(suppressedId).locator("dl.definition").innerText();
      expect(definition).toContain(found!.indicator.definition.numerator);
      expect(definition).toContain(found!.indicator.definition.dateRule);
      expect(definition).toContain("Regola della data");
      await browser.screenshot("04-table-suppressed");
    });

    it("downloads a CSV with exactly the table's cells", async () => {
      const shown = await tableCells(suppressedId);
      const [download] = await Promise.all([page().waitForEvent("download"), card(suppressedId).locator("button.download-csv").click()]);
      const csv = parseCsv(readFileSync((await download.path())!, "utf8"));
      expect(csv.map((row) => ({ period: row.period, group: row.group, value: row.value, suppressed: row.suppressed, reason: row.reason }))).toEqual(
        shown.map(({ period, group, value, suppressed, reason }) => ({ period, group, value, suppressed, reason })),
      );
      expect(csv.some((row) => row.suppressed === "true" && row.value === "")).toBe(true);
      expect(new Set(csv.map((row) => row.indicator_id))).toEqual(new Set([suppressedId]));
    });

    it("switches to English", async () => {
      await page().selectOption("select.language", "en");
      await expect.poll(() => page().locator("h1").innerText()).toBe("Control room: network indicators");
      expect(await page().locator("button.apply").innerText()).toBe("Update");
      expect(await card(suppressedId).locator("caption").innerText()).toContain("period × group");
      const texts = (await tableCells(suppressedId)).filter((cell) => cell.suppressed === "true").map((cell) => cell.text);
      expect(texts.every((text) => text === "withheld")).toBe(true);
      expect(await page().locator("html").getAttribute("lang")).toBe("en");
      await browser.screenshot("05-english");
      await page().selectOption("select.language", "it");
    });

    it("opens each section on the finest granularity where most figures are shown and reliable, and says what a finer one hides", async () => {
      const GRANULARITIES = ["MONTH", "QUARTER", "YEAR"] as const;
      const percentText = (share: number) => new Intl.NumberFormat("it-IT", { style: "percent", maximumFractionDigits: 0 }).format(share);
      const described: string[] = [];
      for (const breakdown of ["ORGANISATION", "NETWORK"] as const) {
        // One at a time, as the page asks: three large reports at once can time a subgraph out here.
        const answers: Partial<Record<(typeof GRANULARITIES)[number], Report>> = {};
        for (const g of GRANULARITIES) answers[g] = await report("analyst", from, to, breakdown, g);
        await ask({ breakdown, granularity: "AUTO" });
        for (const section of ["intake", "referrals", "employment"] as const) {
          await page().selectOption('select[name="section"]', section);
          // Counted here from the answers, a second way: cells with a value, counts under 10.
          const expected = Object.fromEntries(
            GRANULARITIES.map((g) => {
              const indicators = (answers[g]![section] ?? []) as Indicator[];
              const cells = indicators.flatMap((indicator) => indicator.cells);
              const counts = indicators.filter((indicator) => indicator.kind === "COUNT").flatMap((indicator) => indicator.cells);
              return [g, { cells: cells.length, shown: cells.filter((cell) => cell.value !== null).length, counts: counts.length, small: counts.filter((cell) => cell.value! < 10).length }];
            }),
          );
          const readable = (g: (typeof GRANULARITIES)[number]) => expected[g]!.shown / expected[g]!.cells > 0.5 && expected[g]!.small / expected[g]!.counts < 0.5;
          const recommended = GRANULARITIES.find(readable) ?? "YEAR";
          const note = page().locator("aside.granularity-note");
          await expect.poll(() => note.getAttribute("data-recommended")).toBe(recommended);
          expect(await page().locator("section.report").getAttribute("data-section")).toBe(section);
          expect(await page().locator("section.report").getAttribute("data-granularity")).toBe(recommended);
          for (const g of GRANULARITIES) {
            const item = note.locator(`li[data-granularity="${g}"]`);
            expect([await item.getAttribute("data-cells"), await item.getAttribute("data-shown-cells"), await item.getAttribute("data-counts"), await item.getAttribute("data-small-counts")]).toEqual(
              [expected[g]!.cells, expected[g]!.shown, expected[g]!.counts, expected[g]!.small].map(String),
            );
          }
          // What a finer granularity would hide, in words: "Per mese, il 67% dei conteggi sarebbe sotto 10".
          const why = await note.locator(".granularity-why").innerText();
          for (const g of GRANULARITIES.slice(0, GRANULARITIES.indexOf(recommended))) {
            const name = g === "MONTH" ? "mese" : "trimestre";
            expect(why).toContain(`Per ${name}, il ${percentText(expected[g]!.small / expected[g]!.counts)} dei conteggi sarebbe sotto 10`);
            described.push(`${breakdown}/${section}/${g}`);
          }
          // The section menu says where each section opens.
          expect(await page().locator(`select[name="section"] option[value="${section}"]`).innerText()).toContain(`per ${recommended === "MONTH" ? "mese" : recommended === "QUARTER" ? "trimestre" : "anno"}`);
          if (breakdown === "ORGANISATION" && section === "intake") await browser.screenshot("07-granularity-by-organisation");
        }
        // The month stays reachable: picked by hand, it is shown with a warning of what it costs.
        if (breakdown === "ORGANISATION") {
          await page().selectOption('select[name="granularity"]', "MONTH");
          await page().locator('section.report[data-granularity="MONTH"]').waitFor();
          expect(await page().locator(".granularity-why.warning").innerText()).toContain("Per mese, il");
          await browser.screenshot("08-month-by-hand");
        }
      }
      // The large network has sections that do not open by month (so a sentence was checked).
      expect(described.length).toBeGreaterThan(0);
    });

    it("shows an organisation's operator only her own organisation's row", async () => {
      await page().locator("button.sign-out").click();
      await page().locator('button.dev-user[data-user="op-aurora"]').click();
      await page().locator(".signed-in-as").waitFor();
      if (hasOutcomesApi) {
        // Her overview is her own organisation's row of the funnel.
        await page().locator("section.overview table.funnel-table").waitFor({ timeout: 60_000 });
        const api = await overview("op-aurora", { ...overviewRange(), granularity: "YEAR", breakdown: "ORGANISATION" });
        const started = api.pathwayOutcomes!.find((indicator) => indicator.id === STARTED)!.cells;
        expect(new Set(started.map((cell) => cell.group))).toEqual(new Set(["cav-aurora"]));
        const shown = await page().locator(`table.funnel-table td[data-step="${STARTED}"]`).evaluateAll((cells) => cells.map((cell) => [cell.getAttribute("data-cohort"), cell.getAttribute("data-value")]));
        expect(shown).toEqual(api.periods.map((period) => [period.id, String(started.find((cell) => cell.period === period.id && cell.category === null)?.value ?? "")]));
        await browser.screenshot("06a-operator-overview");
      }
      await page().locator('button.view-tab[data-view="periods"]').click();
      expect(await page().locator('select[name="breakdown"]').isDisabled()).toBe(true);
      await ask({ section: "intake" });
      const first = page().locator("article.indicator").first();
      await first.locator("button.toggle-view").click();
      const groups = await first.locator("thead th[data-group]").evaluateAll((cells) => cells.map((cell) => cell.getAttribute("data-group")));
      expect(groups).toEqual(["cav-aurora"]);
      await browser.screenshot("06-operator-own-row");
    });

    it("sent only document ids: no operation text left the page", () => {
      expect(graphqlBodies.length).toBeGreaterThan(3);
      for (const body of graphqlBodies) {
        expect(body).not.toHaveProperty("query");
        expect(body.documentId).toMatch(/^sha256:[0-9a-f]{64}$/);
      }
      expect(browser.problems).toEqual([]);
    });
  });
});
