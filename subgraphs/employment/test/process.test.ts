import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { connect, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { assertionHeaders, devPublicJwk, GATEWAY_KEY_NAME } from "@percorsi/kit/testing";
import { actors } from "./fixtures.js";

// The subgraph as `npm start` runs it: a real process, its own store, signals from outside.

const root = fileURLToPath(new URL("../../..", import.meta.url));
const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));

interface Running {
  child: ChildProcess;
  lines: string[];
  exited: Promise<{ code: number | null; at: number }>;
}

function startProcess(env: Record<string, string>): Running {
  const child = spawn(process.execPath, ["--import", "tsx", main], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "development", DATABASE_URL: "", APOLLO_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    let buffered = "";
    stream.on("data", (chunk) => {
      const parts = (buffered + chunk).split("\n");
      buffered = parts.pop()!;
      lines.push(...parts.filter((line) => line.trim() !== ""));
    });
  }
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once("exit", (code) => resolve({ code, at: Date.now() })));
  return { child, lines, exited };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const started: Running[] = [];
afterEach(() => {
  for (const { child } of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

describe("a subgraph that cannot start says why in one line, before touching its store", () => {
  it("refuses a port in use: exit 1, one line, nothing opened, migrated or seeded", async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const { port } = holder.address() as { port: number };
    try {
      const run = startProcess({ EMPLOYMENT_PORT: String(port), PERCORSI_DATA_DIR: mkdtempSync(join(tmpdir(), "percorsi-port-")) });
      started.push(run);
      expect((await run.exited).code).toBe(1);
      expect(run.lines).toHaveLength(1);
      expect(JSON.parse(run.lines[0]!)).toMatchObject({ level: "error", event: "service.start_refused", code: "PORT_IN_USE" });
    } finally {
      holder.close();
    }
  });

  it("refuses a store it cannot use: exit 1, one line, nothing migrated", async () => {
    const data = mkdtempSync(join(tmpdir(), "percorsi-store-"));
    mkdirSync(join(data, "employment"));
    // Where the store's directory should be, a file.
    writeFileSync(join(data, "employment", "pgdata"), "not a store");
    const run = startProcess({ EMPLOYMENT_PORT: String(await freePort()), PERCORSI_DATA_DIR: data });
    started.push(run);
    expect((await run.exited).code).toBe(1);
    const refusals = run.lines.filter((line) => line.includes("service.start_refused"));
    expect(refusals).toHaveLength(1);
    expect(JSON.parse(refusals[0]!)).toMatchObject({ code: "STORE_UNAVAILABLE" });
    // The only other line says it was opening its store; no stack trace, nothing migrated.
    expect(run.lines.filter((line) => !line.includes("service.start_refused")).map((line) => JSON.parse(line).event)).toEqual(["subgraph.opening_store"]);
  });
});

describe("SIGTERM under load, with a short grace period", () => {
  it("stops accepting at once, lets quick requests finish, and exits within the grace period", async () => {
    const graceMs = 1_500;
    const port = await freePort();
    const run = startProcess({
      EMPLOYMENT_PORT: String(port),
      PERCORSI_DATA_DIR: mkdtempSync(join(tmpdir(), "percorsi-sigterm-")),
      SEED: "false",
      SHUTDOWN_GRACE_MS: String(graceMs),
      GATEWAY_PUBLIC_JWK: JSON.stringify(await devPublicJwk(GATEWAY_KEY_NAME)),
    });
    started.push(run);
    const base = `http://127.0.0.1:${port}`;
    await expect
      .poll(() => fetch(`${base}/health/live`).then((r) => r.status, () => 0), { interval: 200, timeout: 120_000 })
      .toBe(200);

    // Light load: each request with its own connection (a keep-alive race is the client's to retry).
    const query = "{ __typename }";
    const outcomes: { sentAt: number; outcome: string }[] = [];
    let loading = true;
    const loop = async () => {
      while (loading) {
        const headers = await assertionHeaders(actors.centro(), "employment", { query });
        const sentAt = Date.now();
        const outcome = await fetch(`${base}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", connection: "close", ...headers },
          body: JSON.stringify({ query, variables: {} }),
        }).then(
          async (response) => {
            const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
            return response.status === 200 ? "answered" : `${response.status} ${body.errors?.[0]?.extensions?.code}`;
          },
          (error: { cause?: { code?: string } }) => error.cause?.code ?? "failed",
        );
        outcomes.push({ sentAt, outcome });
      }
    };
    const loops = Array.from({ length: 6 }, loop);
    // Two requests that never finish sending their body: in flight until the grace runs out.
    const stuck = Array.from({ length: 2 }, () => {
      const socket = connect(port, "127.0.0.1");
      socket.on("error", () => undefined);
      socket.write(`POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"query":`);
      return socket;
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const signalledAt = Date.now();
    run.child.kill("SIGTERM");
    const { code, at } = await run.exited;
    loading = false;
    await Promise.all(loops);
    for (const socket of stuck) socket.destroy();

    // It decides to exit within the grace period (its last line: stopped, or stop_forced at the
    // grace); the operating system then takes a moment more to tear the process down (up to a
    // second on this loaded machine, measured).
    const last = JSON.parse(run.lines.at(-1)!) as { time: string; event: string };
    expect(["service.stopped", "service.stop_forced"]).toContain(last.event);
    expect(Date.parse(last.time) - signalledAt).toBeLessThan(graceMs);
    expect(at - signalledAt).toBeLessThan(graceMs + 1_500);
    expect(code).toBe(0);
    const before = outcomes.filter((o) => o.sentAt < signalledAt);
    const after = outcomes.filter((o) => o.sentAt > signalledAt + 200);
    expect(before.length).toBeGreaterThan(5);
    // Well before the signal, everything was answered. One sent in the moment before it may still
    // have been in the kernel's queue, never accepted by the server, when the listener closed: the
    // client sees a refusal or a reset of a connection no request was read from.
    expect(new Set(before.filter((o) => o.sentAt < signalledAt - 200).map((o) => o.outcome))).toEqual(new Set(["answered"]));
    for (const { outcome } of before) expect(["answered", "ECONNREFUSED", "ECONNRESET", "503 SHUTTING_DOWN"]).toContain(outcome);
    // After it, nothing is accepted: refused at the door, never answered or reset.
    expect(after.length).toBeGreaterThan(0);
    for (const { outcome } of after) expect(["ECONNREFUSED", "503 SHUTTING_DOWN"]).toContain(outcome);
  }, 150_000);
});
