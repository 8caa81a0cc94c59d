// One process per store, with real processes: a second subgraph on a PGlite store in use refuses
// to start, audit:verify refuses a live store without touching it, and a lock left by a killed
// process is recovered with every acknowledged write intact.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertionHeaders, postGraphQL } from "@percorsi/kit/testing";
import { as } from "./fixtures.js";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const STACK_FRAME = /^\s+at\s/m;

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

let dataDirectory: string;
let storeDirectory: string;
const children: ChildProcess[] = [];

function childEnv(): NodeJS.ProcessEnv {
  // NODE_ENV=development: the subgraph logs where it listens (tests silence info lines).
  return { ...process.env, NODE_ENV: "development", PERCORSI_DATA_DIR: dataDirectory, DATABASE_URL: "", ANTI_VIOLENCE_PORT: "0" };
}

function spawnSubgraph(): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ["--import", "tsx", "subgraphs/anti-violence/src/main.ts"], { cwd: ROOT, env: childEnv(), stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function startSubgraphProcess(): Promise<Started> {
  const { child, output, exited } = spawnSubgraph();
  const deadline = Date.now() + 120_000;
  let done = false;
  void exited.then(() => (done = true));
  while (Date.now() < deadline && !done) {
    const port = /"event":"subgraph.listening".*?"port":(\d+)/.exec(output())?.[1];
    if (port) return { child, url: `http://127.0.0.1:${port}/graphql`, output };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the subgraph did not start: ${output().slice(-500)}`);
}

function runAuditVerify(): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/audit-verify.ts"], { cwd: ROOT, env: childEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.once("exit", (code) => resolve({ code, stdout }));
  });
}

async function ask(url: string, query: string, variables: Record<string, unknown> = {}) {
  const actor = as.aurora();
  return postGraphQL(url, query, variables, await assertionHeaders(actor, "anti-violence", { query, variables }));
}

async function openPathway(url: string, givenName: string): Promise<string> {
  const opened = await ask(
    url,
    `mutation($name: String!) { openPathway(input: { identity: { givenName: $name, familyName: "Store", preferredContact: THROUGH_CENTRE } }) { id } }`,
    { name: givenName },
  );
  expect(opened.errors).toBeUndefined();
  return opened.data.openPathway.id;
}

async function givenNames(url: string, ids: string[]): Promise<(string | null)[]> {
  return Promise.all(
    ids.map(async (id) => {
      const read = await ask(url, `query($id: ID!) { pathway(id: $id) { identity { givenName } } }`, { id });
      expect(read.errors).toBeUndefined();
      return read.data.pathway?.identity?.givenName ?? null;
    }),
  );
}

beforeAll(() => {
  dataDirectory = mkdtempSync(join(tmpdir(), "percorsi-one-process-"));
  // The test signs actor assertions with the development gateway key the subgraphs read here.
  process.env.PERCORSI_DATA_DIR = dataDirectory;
  storeDirectory = join(dataDirectory, "anti-violence", "pgdata");
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  rmSync(dataDirectory, { recursive: true, force: true });
});

describe("one process per PGlite store", () => {
  it("refuses a second subgraph and audit:verify on a live store, recovers a killed one's lock, loses no write", async () => {
    const first = await startSubgraphProcess();
    const ids = [await openPathway(first.url, "Before")];

    // A second instance on the same store exits non-zero with the reason, and no stack trace.
    const second = spawnSubgraph();
    const code = await Promise.race([second.exited, new Promise((resolve) => setTimeout(() => resolve("still running"), 60_000))]);
    expect(code).not.toBe("still running");
    expect(code).not.toBe(0);
    expect(second.output()).toContain(`is in use by process ${first.child.pid}`);
    expect(second.output()).toContain("one process at a time");
    expect(second.output()).not.toMatch(STACK_FRAME);
    expect(second.output()).not.toContain("subgraph.listening");

    // The first one keeps serving, reads and writes.
    ids.push(await openPathway(first.url, "During"));
    expect(await givenNames(first.url, ids)).toEqual(["Before", "During"]);

    // audit:verify refuses the live store, and leaves it as it was.
    const verifyLive = await runAuditVerify();
    expect(verifyLive.code).toBe(2);
    expect(verifyLive.stdout).toContain(`anti-violence: refused, the store is in use by process ${first.child.pid}`);
    expect(verifyLive.stdout).not.toContain("anti-violence: 0 entries");
    expect(verifyLive.stdout).not.toContain("chain intact\nemployment");
    ids.push(await openPathway(first.url, "AfterVerify"));
    expect(await givenNames(first.url, ids)).toEqual(["Before", "During", "AfterVerify"]);

    // Killed outright, it leaves its lock behind; the next start takes it over.
    first.child.kill("SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));
    expect(existsSync(`${storeDirectory}.lock`)).toBe(true);
    const third = await startSubgraphProcess();
    expect(third.output()).toContain("store.stale_lock_recovered");
    expect(await givenNames(third.url, ids)).toEqual(["Before", "During", "AfterVerify"]);

    // Stopped cleanly, it releases the lock; then audit:verify reads the store: the chain holds.
    third.child.kill("SIGTERM");
    expect(await new Promise((resolve) => third.child.once("exit", resolve))).toBe(0);
    expect(existsSync(`${storeDirectory}.lock`)).toBe(false);
    const verify = await runAuditVerify();
    expect(verify.stdout).toMatch(/anti-violence: [1-9]\d* entries, chain intact/);
    expect(verify.code).toBe(0);
  }, 240_000);
});
