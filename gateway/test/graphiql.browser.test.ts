// GraphiQL in a real headless browser (Debian's chromium, driven by playwright-core): the page
// loads its assets, the editor renders, an example operation per role runs with a pasted token.
// A screenshot is left in gateway/test-artifacts/ (gitignored).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Purpose } from "@percorsi/schema";
import { devTokenFor } from "../src/auth/dev-tokens.js";
import { PURPOSE_HEADER } from "../src/context.js";
import { graphiqlExamples } from "../src/graphiql/graphiql.js";
import { startTestNetwork, type TestNetwork } from "./network.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = fileURLToPath(new URL("../test-artifacts", import.meta.url));
// CI installs chromium (.ci/run) and must run this; locally, without it, say why it is skipped.
const skip = !existsSync(CHROMIUM) && !process.env.CI;
if (skip) console.warn(`graphiql.browser: skipped, no chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

let network: TestNetwork;
beforeAll(async () => {
  network = await startTestNetwork();
}, 180_000);
afterAll(() => network?.stop());

describe("GraphiQL's example operations", () => {
  it("each answers its role with data, and refusals only as her consent decides", async () => {
    const examples = graphiqlExamples();
    expect(examples.length).toBeGreaterThanOrEqual(5);
    for (const example of examples) {
      const { [PURPOSE_HEADER]: purpose, ...headers } = example.headers;
      const answer = await network.query(example.user, example.query, example.variables ?? {}, (purpose ?? null) as Purpose | null, headers);
      expect(answer.status, example.label).toBe(200);
      expect(Object.values(answer.data ?? {}).some((value) => value !== null), example.label).toBe(true);
      for (const error of answer.errors ?? []) expect(error.extensions?.code, `${example.label}: ${error.message}`).toBe("FORBIDDEN");
    }
  });
});

describe.skipIf(skip)("GraphiQL in a browser", () => {
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const problems: string[] = [];

  beforeAll(async () => {
    userDataDir = mkdtempSync(join(tmpdir(), "percorsi-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      viewport: { width: 1400, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error" && /Content.Security.Policy|Refused to/i.test(message.text())) problems.push(`console: ${message.text().slice(0, 200)}`);
    });
    page.on("response", (response) => {
      if (!response.url().endsWith("/graphql") && response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  // The whole response, from the editor itself (CodeMirror draws only the lines in view).
  const editorValue = (selector: string) =>
    page.evaluate((css) => ((globalThis as any).document.querySelector(`${css} .CodeMirror`) as unknown as { CodeMirror?: { getValue(): string } } | null)?.CodeMirror?.getValue() ?? "", selector);
  async function runAndRead(): Promise<{ data?: any; errors?: { extensions?: { code?: string } }[] }> {
    await page.locator(".graphiql-execute-button").click();
    await page.waitForFunction(() => {
      const value = ((globalThis as any).document.querySelector(".graphiql-response .CodeMirror") as unknown as { CodeMirror?: { getValue(): string } } | null)?.CodeMirror?.getValue();
      return Boolean(value && value.trim().startsWith("{"));
    }, undefined, { timeout: 20_000 });
    return JSON.parse(await editorValue(".graphiql-response"));
  }

  it("loads: assets answer, the editor renders, examples and the token field are there", async () => {
    const base = new URL("/graphiql", network.gatewayUrl).toString();
    await page.goto(base);
    await page.waitForSelector(".graphiql-container .graphiql-query-editor .CodeMirror", { timeout: 30_000 });
    expect(await page.locator("#percorsi-token").isVisible()).toBe(true);
    expect(await page.locator("#percorsi-token").getAttribute("placeholder")).toContain("npm run token -- --user op-aurora");
    const options = await page.locator("#percorsi-example option").allInnerTexts();
    for (const role of ["Centre operator", "Job-centre counsellor", "Training operator", "DPO"]) expect(options.join("\n")).toContain(role);
    expect(await editorValue(".graphiql-query-editor")).toContain("query CentreCaseload");
    expect(await page.locator(".graphiql-editor-tool").innerText()).toContain("EMPOWERMENT_PLAN");
    expect(problems).toEqual([]);
  });

  it("runs the centre operator's example with a pasted token and shows her caseload", async () => {
    await page.locator("#percorsi-token").fill(await devTokenFor("op-aurora"));
    const result = await runAndRead();
    expect(result.errors?.map((error) => error.extensions?.code) ?? []).not.toContain("UNAUTHENTICATED");
    expect(result.data.pathways.totalCount).toBeGreaterThan(0);
    expect(result.data.pathways.nodes[0].holder.name).toBeTruthy();
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "graphiql-centre-operator.png") });
    expect(problems).toEqual([]);
  });

  it("picks the job-centre counsellor's example: its operation and purpose, run with that role's token", async () => {
    const option = (await page.locator("#percorsi-example option").allInnerTexts()).findIndex((label) => label.includes("Job-centre counsellor"));
    await page.locator("#percorsi-example").selectOption(String(option));
    await page.waitForFunction(() => (globalThis as any).document.querySelector(".graphiql-query-editor")?.textContent?.includes("query JobCentreCaseload"), undefined, { timeout: 10_000 });
    expect(await page.locator(".graphiql-editor-tool").innerText()).toContain("JOB_PLACEMENT");
    await page.locator("#percorsi-token").fill(await devTokenFor("op-cpi-centro"));
    const result = await runAndRead();
    expect(result.data.jobCentreCaseload.totalCount).toBeGreaterThan(0);
    // Her consent decides field by field: refusals are FORBIDDEN at their paths, nothing else.
    expect(new Set(result.errors?.map((error) => error.extensions?.code) ?? [])).toEqual(new Set(result.errors?.length ? ["FORBIDDEN"] : []));
    await page.screenshot({ path: join(ARTIFACTS, "graphiql-job-centre.png") });
    expect(problems).toEqual([]);
  });
});
