import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postGraphQL, type GraphQLResponse } from "@percorsi/kit/testing";
import { devTokenFor } from "../src/auth/dev-tokens.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** A subgraph that answers `{ organisations }` after `delayMs`, and counts what it has received. */
async function slowSubgraph(delayMs: number) {
  let received = 0;
  const http: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received += 1;
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data: { organisations: [{ id: "org-1" }] } }));
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", () => resolve()));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`,
    received: () => received,
    close: () => new Promise<void>((resolve) => (http.closeAllConnections(), http.close(() => resolve()))),
  };
}

/** The gateway's own main.ts as a process, in front of `subgraphUrl`; resolves once it listens. */
async function gatewayProcess(subgraphUrl: string, env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "gateway/src/main.ts"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "development", GATEWAY_PORT: "0", SUBGRAPH_ANTI_VIOLENCE_URL: subgraphUrl, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = "";
    child.stdout!.on("data", (chunk) => {
      buffered += chunk;
      const listening = buffered.split("\n").find((line) => line.includes('"gateway.listening"'));
      if (listening) resolve(JSON.parse(listening).port);
    });
    void exited.then(({ code }) => reject(new Error(`gateway exited (${code}) before listening: ${stderr.slice(-500)}`)));
  });
  return { child, exited, url: `http://127.0.0.1:${port}/graphql` };
}

describe("SIGTERM drains the gateway", () => {
  let token: string;
  const cleanup: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    token = await devTokenFor("op-aurora");
  });
  afterAll(async () => {
    for (const step of cleanup) await step();
  });
  const ask = (url: string) => postGraphQL(url, `{ organisations { id } }`, {}, { authorization: `Bearer ${token}` });

  it("lets the requests in flight finish, refuses new ones, and exits 0", async () => {
    const subgraph = await slowSubgraph(1500);
    cleanup.push(subgraph.close);
    const gateway = await gatewayProcess(subgraph.url, { SHUTDOWN_GRACE_MS: "10000" });
    cleanup.push(() => void gateway.child.kill("SIGKILL"));
    const inFlight = Array.from({ length: 4 }, () => ask(gateway.url));
    while (subgraph.received() < 4) await new Promise((resolve) => setTimeout(resolve, 20));
    const terminatedAt = Date.now();
    gateway.child.kill("SIGTERM");
    const answers: GraphQLResponse[] = await Promise.all(inFlight);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.errors).toBeUndefined();
      expect(answer.data.organisations).toEqual([{ id: "org-1" }]);
    }
    const { code } = await gateway.exited;
    expect(code).toBe(0);
    expect(Date.now() - terminatedAt).toBeLessThan(5000);
    // Gone: a new caller is refused a connection.
    await expect(ask(gateway.url)).rejects.toThrow();
  });

  it("closes what is still running when the grace period ends", async () => {
    const subgraph = await slowSubgraph(8000);
    cleanup.push(subgraph.close);
    const gateway = await gatewayProcess(subgraph.url, { SHUTDOWN_GRACE_MS: "500", SUBGRAPH_TIMEOUT_MS: "20000" });
    cleanup.push(() => void gateway.child.kill("SIGKILL"));
    const stuck = ask(gateway.url).then(
      () => "answered",
      () => "cut",
    );
    while (subgraph.received() < 1) await new Promise((resolve) => setTimeout(resolve, 20));
    const terminatedAt = Date.now();
    gateway.child.kill("SIGTERM");
    expect(await stuck).toBe("cut");
    expect((await gateway.exited).code).toBe(0);
    expect(Date.now() - terminatedAt).toBeLessThan(3000);
  });
});
