import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DEMO_SIGN_IN_USERS } from "@percorsi/demo";
import { readSupergraph } from "@percorsi/schema/supergraph";
import { createGateway, type Gateway } from "../src/server.js";

/** Nothing listens here: these tests need no subgraph. */
const NO_SUBGRAPHS = { "anti-violence": "http://127.0.0.1:9/graphql", employment: "http://127.0.0.1:9/graphql", training: "http://127.0.0.1:9/graphql" };
const PRODUCTION_TRUST = { issuer: "https://idp.example.org/realms/network", audience: "percorsi", jwksUrl: "https://idp.example.org/realms/network/jwks" };

const INDEX = '<!doctype html><html><head><script type="module" src="/dashboard/assets/index-Ab12Cd34.js"></script></head><body><div id="root"></div></body></html>';

/** A GET sent with its path exactly as written (fetch would normalise dot segments first). */
function rawGet(base: string, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: "GET" }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end();
  });
}

async function started(options: Parameters<typeof createGateway>[0]): Promise<{ gateway: Gateway; base: string }> {
  const gateway = await createGateway({ supergraphSdl: readSupergraph(), subgraphUrls: NO_SUBGRAPHS, ...options });
  const server = await gateway.listen(0);
  return { gateway, base: `http://127.0.0.1:${server.port}` };
}

describe("the dashboard, served by a development gateway", () => {
  let work: string;
  let dist: string;
  let dev: { gateway: Gateway; base: string };
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "dashboard-"));
    dist = join(work, "dist");
    mkdirSync(join(dist, "assets"), { recursive: true });
    writeFileSync(join(dist, "index.html"), INDEX);
    writeFileSync(join(dist, "assets", "index-Ab12Cd34.js"), "console.log('dashboard');");
    writeFileSync(join(dist, "assets", "index-Zz98Yy76.css"), "body { margin: 0 }");
    writeFileSync(join(dist, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
    writeFileSync(join(work, "secret.txt"), "outside the build");
    symlinkSync(join(work, "secret.txt"), join(dist, "linked.txt"));
    dev = await started({ dashboard: { dir: dist } });
  });
  afterAll(async () => {
    await dev?.gateway.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("serves index.html with a strict Content-Security-Policy", async () => {
    const response = await fetch(`${dev.base}/dashboard/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const csp = response.headers.get("content-security-policy")!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    expect(await response.text()).toBe(INDEX);
  });

  it("redirects /dashboard to /dashboard/", async () => {
    const response = await fetch(`${dev.base}/dashboard`, { redirect: "manual" });
    expect([response.status, response.headers.get("location")]).toEqual([302, "/dashboard/"]);
  });

  it("serves assets with their content types, hashed ones cached as immutable", async () => {
    const js = await fetch(`${dev.base}/dashboard/assets/index-Ab12Cd34.js`);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await js.text()).toContain("dashboard");
    const css = await fetch(`${dev.base}/dashboard/assets/index-Zz98Yy76.css`);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    const svg = await fetch(`${dev.base}/dashboard/favicon.svg`);
    expect(svg.headers.get("content-type")).toBe("image/svg+xml");
    // Not hashed: its content may change under the same name.
    expect(svg.headers.get("cache-control")).toBe("no-cache");
  });

  it("answers index.html for the app's own routes, 404 for a missing file", async () => {
    const route = await fetch(`${dev.base}/dashboard/indicators/employment?granularity=MONTH`);
    expect(route.status).toBe(200);
    expect(await route.text()).toBe(INDEX);
    expect((await fetch(`${dev.base}/dashboard/assets/missing-Ab12Cd34.js`)).status).toBe(404);
  });

  it("never reads outside the build directory", async () => {
    for (const path of [
      "/dashboard/..%2fsecret.txt",
      "/dashboard/assets/..%2f..%2fsecret.txt",
      "/dashboard/%2e%2e%2fsecret.txt",
      "/dashboard/..%5csecret.txt",
      "/dashboard/linked.txt",
      "/dashboard/%00",
      "/dashboard/.hidden",
      "/dashboard/%E0%A4%A",
    ]) {
      const answer = await rawGet(dev.base, path);
      expect(answer.body, path).not.toContain("outside the build");
      expect(answer.status, path).toBe(404);
    }
    // Dot segments are resolved before routing: this one is no dashboard path at all.
    const normalised = await rawGet(dev.base, "/dashboard/../secret.txt");
    expect(normalised.body).not.toContain("outside the build");
  });

  it("config.json offers the development sign-in", async () => {
    const response = await fetch(`${dev.base}/dashboard/config.json`);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({ graphqlUrl: "/graphql", networkReaders: ["ANALYST"], auth: { mode: "dev" } });
  });

  it("lists the demo users for sign-in, with their organisations", async () => {
    const users = (await (await fetch(`${dev.base}/auth/dev-users`)).json()) as any[];
    expect(users.map((user) => user.id)).toEqual(DEMO_SIGN_IN_USERS.map((user) => user.id));
    expect(users.find((user) => user.id === "analyst")).toMatchObject({
      organisationId: "cabina-di-regia",
      organisationType: expect.any(String),
      organisationName: expect.any(String),
      roles: ["ANALYST"],
      displayName: expect.any(String),
      description: expect.any(String),
    });
  });

  it("issues a one-hour token the gateway accepts", async () => {
    const response = await fetch(`${dev.base}/auth/dev-token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userId: "analyst" }),
    });
    expect(response.status).toBe(200);
    const { token, expiresIn } = (await response.json()) as { token: string; expiresIn: number };
    expect(expiresIn).toBe(3600);
    const claims = decodeJwt(token);
    expect(claims.sub).toBe("analyst");
    expect(claims.exp! - claims.iat!).toBe(3600);
    const answer = await fetch(`${dev.base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    expect(await answer.json()).toEqual({ data: { __typename: "Query" } });
  });

  it("refuses an unknown user without echoing it, and a body that is not JSON", async () => {
    const unknown = await fetch(`${dev.base}/auth/dev-token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userId: "nobody-by-this-name" }),
    });
    expect(unknown.status).toBe(400);
    const body = await unknown.text();
    expect(JSON.parse(body)).toEqual({ error: { code: "UNKNOWN_DEMO_USER", message: "No demo user has that id." } });
    expect(body).not.toContain("nobody-by-this-name");
    const form = await fetch(`${dev.base}/auth/dev-token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "userId=analyst" });
    expect(form.status).toBe(415);
    expect(await form.text()).not.toContain("eyJ");
    expect((await fetch(`${dev.base}/auth/dev-token`)).status).toBe(405);
  });
});

describe("the dashboard, with the build missing", () => {
  it("answers 503 saying how to build it; config.json still answers", async () => {
    const empty = mkdtempSync(join(tmpdir(), "dashboard-missing-"));
    const { gateway, base } = await started({ dashboard: { dir: join(empty, "dist") } });
    try {
      for (const path of ["/dashboard/", "/dashboard/assets/index-Ab12Cd34.js", "/dashboard/indicators"]) {
        const response = await fetch(`${base}${path}`);
        expect(response.status, path).toBe(503);
        expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
        expect(await response.text()).toContain("npm run build --workspace @percorsi/dashboard");
      }
      expect((await fetch(`${base}/dashboard/config.json`)).status).toBe(200);
    } finally {
      await gateway.stop();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe("a gateway that does not trust the development issuer", () => {
  let prod: { gateway: Gateway; base: string };
  beforeAll(async () => {
    vi.stubEnv("DASHBOARD_OIDC_CLIENT_ID", "control-room-dashboard");
    vi.stubEnv("DASHBOARD_OIDC_AUTHORITY", "https://idp.example.org/realms/network");
    prod = await started({ callerTrust: PRODUCTION_TRUST, dashboard: { dir: join(tmpdir(), "no-dashboard-build") } });
    vi.unstubAllEnvs();
  });
  afterAll(() => prod?.gateway.stop());

  it("has no development sign-in at all (404)", async () => {
    expect((await fetch(`${prod.base}/auth/dev-users`)).status).toBe(404);
    const token = await fetch(`${prod.base}/auth/dev-token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ userId: "analyst" }) });
    expect(token.status).toBe(404);
    expect(await token.text()).not.toContain("eyJ");
  });

  it("config.json gives the OIDC issuer and client, and the CSP lets the dashboard reach the issuer only", async () => {
    const response = await fetch(`${prod.base}/dashboard/config.json`);
    expect(await response.json()).toEqual({
      graphqlUrl: "/graphql",
      networkReaders: ["ANALYST"],
      auth: { mode: "oidc", authority: "https://idp.example.org/realms/network", clientId: "control-room-dashboard", scope: "openid profile" },
    });
    const page = await fetch(`${prod.base}/dashboard/`);
    expect(page.headers.get("content-security-policy")).toContain("connect-src 'self' https://idp.example.org;");
  });
});
