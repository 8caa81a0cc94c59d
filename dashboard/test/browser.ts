// Shared by the browser tests: a fresh production build of the dashboard, and Debian's
// chromium driven by playwright-core (the launch flags gateway/test/graphiql.browser.test.ts uses).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { build } from "vite";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const DASHBOARD_ROOT = fileURLToPath(new URL("..", import.meta.url));
export const DIST = join(DASHBOARD_ROOT, "dist");
export const ARTIFACTS = join(DASHBOARD_ROOT, "test-results");

// CI installs chromium (.ci/run) and must run these; locally, without it, say why they are skipped.
export const noChromium = !existsSync(CHROMIUM) && !process.env.CI;
if (noChromium) console.warn(`dashboard browser tests: skipped, no chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

/** Builds dashboard/dist from the sources as they are (what the gateway serves). */
export async function buildDashboard(outDir = DIST): Promise<string> {
  // Tests run with NODE_ENV=test, which would make Vite bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ root: DASHBOARD_ROOT, configFile: join(DASHBOARD_ROOT, "vite.config.ts"), mode: "production", logLevel: "warn", build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Page errors and failed responses seen so far (a test expects none). */
  problems: string[];
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), "percorsi-dashboard-chromium-"));
  const downloads = mkdtempSync(join(tmpdir(), "percorsi-dashboard-downloads-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    downloadsPath: downloads,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1400, height: 1000 },
    locale: "it-IT",
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text().slice(0, 300)}`);
  });
  return {
    context,
    page,
    problems,
    async screenshot(name) {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
      rmSync(downloads, { recursive: true, force: true });
    },
  };
}
