// OIDC mode in a real browser: the sign-in button goes to the issuer's authorization endpoint
// with a PKCE (S256) code request, and the callback's code, exchanged at the token endpoint with
// the matching verifier, signs the user in. The issuer is this test's own (discovery, authorize,
// token); the dashboard is the production build, served with an OIDC config.json.
import { createHash, randomUUID } from "node:crypto";
import { readFileSync, existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDashboard, noChromium, openBrowser, type Browser } from "./browser.js";

const CLIENT_ID = "percorsi-dashboard";
const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml" };

const b64url = (value: object | Buffer) => (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString("base64url");
// Shaped like JWTs; this issuer does not sign (the gateway, not the dashboard, verifies tokens).
const jwt = (claims: object) => `${b64url({ alg: "none", typ: "JWT" })}.${b64url(claims)}.`;

interface Authorize { query: URLSearchParams; code: string }
let server: Server;
let origin = "";
let dist = "";
const authorizations: Authorize[] = [];
const exchanges: { form: URLSearchParams; ok: boolean }[] = [];
const issuedTokens: string[] = [];
const graphqlRequests: { authorization?: string; body: Record<string, unknown> }[] = [];

function handle(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse, body: string) {
  const url = new URL(req.url ?? "/", origin);
  const issuer = `${origin}/issuer`;
  const json = (status: number, value: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
  if (url.pathname === "/issuer/.well-known/openid-configuration") {
    return json(200, { issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`, response_types_supported: ["code"], code_challenge_methods_supported: ["S256"] });
  }
  if (url.pathname === "/issuer/authorize") {
    // The "user" signs in at once: back to the redirect URI with a code and the state.
    const code = randomUUID();
    authorizations.push({ query: url.searchParams, code });
    const back = new URL(url.searchParams.get("redirect_uri")!);
    back.searchParams.set("code", code);
    back.searchParams.set("state", url.searchParams.get("state") ?? "");
    return res.writeHead(302, { location: back.toString() }).end();
  }
  if (url.pathname === "/issuer/token" && req.method === "POST") {
    const form = new URLSearchParams(body);
    const asked = authorizations.find((authorization) => authorization.code === form.get("code"));
    const verifier = form.get("code_verifier") ?? "";
    const ok = Boolean(asked) && form.get("grant_type") === "authorization_code" && form.get("client_id") === CLIENT_ID &&
      form.get("redirect_uri") === asked!.query.get("redirect_uri") && createHash("sha256").update(verifier).digest("base64url") === asked!.query.get("code_challenge");
    exchanges.push({ form, ok });
    if (!ok) return json(400, { error: "invalid_grant" });
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: issuer, sub: "analyst", aud: CLIENT_ID, iat: now, exp: now + 3600, name: "Giorgia Lambertenghi", org: "cabina-di-regia", org_type: "CONTROL_ROOM", roles: ["ANALYST"] };
    issuedTokens.push(jwt(claims));
    return json(200, { token_type: "Bearer", expires_in: 3600, scope: "openid profile", access_token: issuedTokens.at(-1), id_token: jwt({ ...claims, nonce: asked!.query.get("nonce") ?? undefined }) });
  }
  if (url.pathname === "/dashboard/config.json") {
    return json(200, { graphqlUrl: "/graphql", networkReaders: ["ANALYST"], auth: { mode: "oidc", authority: issuer, clientId: CLIENT_ID, scope: "openid profile" } });
  }
  if (url.pathname === "/graphql") {
    // No API here: this test is about signing in. The report then fails, visibly, as unavailable.
    graphqlRequests.push({ authorization: req.headers.authorization, body: JSON.parse(body || "{}") });
    return json(503, { errors: [{ message: "no API in this test", extensions: { code: "SUBGRAPH_UNAVAILABLE" } }] });
  }
  if (url.pathname.startsWith("/dashboard/")) {
    // The SPA: assets as files, any other path (such as /dashboard/callback) its index.html.
    const file = normalize(join(dist, url.pathname.slice("/dashboard/".length)));
    const path = file.startsWith(dist) && existsSync(file) && extname(file) ? file : join(dist, "index.html");
    return res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" }).end(readFileSync(path));
  }
  res.writeHead(404).end();
}

beforeAll(async () => {
  dist = await buildDashboard();
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => handle(req, res, Buffer.concat(chunks).toString("utf8")));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);
afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

describe.skipIf(noChromium)("OIDC sign-in in a browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await openBrowser();
  }, 60_000);
  afterAll(() => browser?.close());

  it("redirects to the issuer with a PKCE code request; the callback's code signs the user in", async () => {
    const { page } = browser;
    await page.goto(`${origin}/dashboard/`);
    await page.locator("button.oidc-sign-in").click();
    await page.waitForURL(`${origin}/dashboard/`, { timeout: 20_000 });
    await page.locator(".signed-in-as").waitFor({ timeout: 20_000 });

    expect(authorizations).toHaveLength(1);
    const asked = authorizations[0]!.query;
    expect(asked.get("response_type")).toBe("code");
    expect(asked.get("client_id")).toBe(CLIENT_ID);
    expect(asked.get("redirect_uri")).toBe(`${origin}/dashboard/callback`);
    expect(asked.get("code_challenge_method")).toBe("S256");
    expect(asked.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(asked.get("state")).toBeTruthy();
    expect(exchanges.map((exchange) => exchange.ok)).toEqual([true]);

    expect(await page.locator(".signed-in-as").innerText()).toContain("Giorgia Lambertenghi");
    // Signed in: the dashboard asks for its opening view (the overview) with the issued access token, by document id.
    await page.locator(".error").first().waitFor({ timeout: 20_000 });
    const report = graphqlRequests.find((request) => request.body.operationName === "ImpactOverview")!;
    expect(report.authorization).toBe(`Bearer ${issuedTokens[0]}`);
    expect(report.body.documentId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(report.body).not.toHaveProperty("query");

    // The token lives in sessionStorage only.
    const stored = await page.evaluate(() => ({ local: JSON.stringify({ ...localStorage }), session: JSON.stringify({ ...sessionStorage }) }));
    expect(stored.local).not.toMatch(/access_token|eyJ/);
    expect(stored.session).toMatch(/access_token/);
    await browser.screenshot("oidc-signed-in");

    await page.locator("button.sign-out").click();
    await page.locator("button.oidc-sign-in").waitFor();
    expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage }))).not.toMatch(/access_token/);
    expect(browser.problems.filter((problem) => !/503|Failed to load resource/.test(problem))).toEqual([]);
  });
});
