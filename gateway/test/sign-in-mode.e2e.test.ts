import { join } from "node:path";
import { tmpdir } from "node:os";
import { afterEach, describe, expect, it, vi } from "vitest";
import { log } from "@percorsi/kit";
import { readSupergraph } from "@percorsi/schema/supergraph";
import { OIDC_SETTINGS, signInMode } from "../src/auth/sign-in-mode.js";
import { DEV_AUDIENCE, DEV_ISSUER } from "../src/config.js";
import { createGateway } from "../src/server.js";
import { readNetwork } from "@percorsi/schema/network";

/** Nothing listens here: these tests need no subgraph. */
const NO_SUBGRAPHS = Object.fromEntries(readNetwork().map((s) => [s.name, "http://127.0.0.1:9/graphql"]));
const NO_BUILD = join(tmpdir(), "no-dashboard-build");

/** A setting of each kind, with a value a deployment would give it. */
const VALUES: Record<(typeof OIDC_SETTINGS)[number], string> = {
  OIDC_ISSUER: "https://idp.example.org/realms/network",
  OIDC_JWKS_URL: "https://idp.example.org/realms/network/jwks",
  OIDC_AUDIENCE: DEV_AUDIENCE,
  DASHBOARD_OIDC_AUTHORITY: "https://idp.example.org/realms/network",
  DASHBOARD_OIDC_CLIENT_ID: "control-room-dashboard",
};

/** Starts a gateway whose whole configuration comes from the environment, and probes its sign-in. */
async function probe(env: Record<string, string>) {
  for (const name of [...OIDC_SETTINGS, "NODE_ENV"]) vi.stubEnv(name, "");
  vi.stubEnv("NODE_ENV", "test");
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const info = vi.spyOn(log, "info");
  const warn = vi.spyOn(log, "warn");
  const gateway = await createGateway({ supergraphSdl: readSupergraph(), subgraphUrls: NO_SUBGRAPHS, dashboard: { dir: NO_BUILD } });
  const server = await gateway.listen(0);
  const base = `http://127.0.0.1:${server.port}`;
  try {
    const users = await fetch(`${base}/auth/dev-users`);
    const token = await fetch(`${base}/auth/dev-token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ userId: "risk-cpi-centro" }) });
    const config = (await (await fetch(`${base}/dashboard/config.json`)).json()) as { auth: { mode: string } };
    const lines = [...info.mock.calls, ...warn.mock.calls].filter(([event]) => event === "gateway.sign_in").map(([, fields]) => fields as Record<string, unknown>);
    return { users: users.status, token: token.status, tokenBody: await token.text(), dashboard: config.auth.mode, lines };
  } finally {
    await gateway.stop();
    info.mockRestore();
    warn.mockRestore();
  }
}

describe("development sign-in exists only in development", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("is served on the development issuer with no OIDC setting, and the start line says so", async () => {
    const found = await probe({});
    expect(found.users).toBe(200);
    expect(found.token).toBe(200);
    expect(found.dashboard).toBe("dev");
    expect(found.lines).toEqual([{ mode: "development", devSignIn: "on" }]);
  });

  for (const name of OIDC_SETTINGS) {
    it(`answers 404 once ${name} is set, and the dashboard does not offer it`, async () => {
      // The dashboard's client id needs its authority; every other setting is tried alone.
      const env = name === "DASHBOARD_OIDC_CLIENT_ID" ? { [name]: VALUES[name], DASHBOARD_OIDC_AUTHORITY: VALUES.DASHBOARD_OIDC_AUTHORITY } : { [name]: VALUES[name] };
      const found = await probe(env);
      expect([found.users, found.token]).toEqual([404, 404]);
      expect(found.tokenBody).not.toContain("eyJ");
      expect(found.dashboard).not.toBe("dev");
      expect(found.lines).toHaveLength(1);
      expect(found.lines[0]!.devSignIn).toBe("off");
      // Values are never logged: a URL or client id is configuration, not the log's business.
      expect(JSON.stringify(found.lines)).not.toContain("example.org");
    });
  }

  it("answers 404 with a complete OIDC configuration (mode oidc)", async () => {
    const found = await probe({ OIDC_ISSUER: VALUES.OIDC_ISSUER, OIDC_JWKS_URL: VALUES.OIDC_JWKS_URL, OIDC_AUDIENCE: "percorsi-api" });
    expect([found.users, found.token]).toEqual([404, 404]);
    expect(found.lines).toEqual([{ mode: "oidc", devSignIn: "off" }]);
  });

  it("refuses to start in production without OIDC, as before", async () => {
    vi.stubEnv("NODE_ENV", "production");
    for (const name of OIDC_SETTINGS) vi.stubEnv(name, "");
    await expect(createGateway({ supergraphSdl: readSupergraph(), subgraphUrls: NO_SUBGRAPHS })).rejects.toThrow(/production needs OIDC/);
  });

  it("is off in production even on the development issuer's trust", () => {
    const trust = { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, jwksUrl: null };
    expect(signInMode(trust, { NODE_ENV: "production" })).toBe("misconfigured");
    expect(signInMode(trust, { NODE_ENV: "development" })).toBe("development");
    expect(signInMode(trust, { NODE_ENV: "development", DASHBOARD_OIDC_AUTHORITY: "x" })).toBe("misconfigured");
  });
});
