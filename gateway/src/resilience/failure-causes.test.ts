import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { RemoteGraphQLDataSource } from "@apollo/gateway";
import { buildSchema, parse } from "graphql";
import { afterEach, describe, expect, it, vi } from "vitest";
import { subgraphFetcher, withFetcher } from "../tls.js";
import { resilient } from "./resilient-source.js";

// Why a subgraph fetch failed, as the gateway logs it (a cause code, nothing else), and the one
// retry a read gets after a reset — through the real fetcher, against real sockets.

const schema = buildSchema(`type Query { vacancies: [String] } type Mutation { openVacancy: String }`);
const options = { subgraphTimeoutMs: 3_000, requestDeadlineMs: 5_000 };

function fetchOf(query: string) {
  return {
    kind: "incoming operation",
    request: { query, variables: {}, http: { method: "POST", url: "", headers: new Headers() } },
    document: parse(query),
    incomingRequestContext: { schema },
    context: {},
  } as unknown as Parameters<ReturnType<typeof resilient>["process"]>[0];
}

/** A subgraph stand-in: `answer` decides per request (its number, from 1) what the socket gets. */
async function standIn(answer: (n: number, res: import("node:http").ServerResponse) => void): Promise<{ url: string; server: Server; count: () => number }> {
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => answer(++n, res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, server, count: () => n };
}

const source = (url: string) => resilient(withFetcher(new RemoteGraphQLDataSource({ url }), subgraphFetcher()), "employment", options);

/** The gateway's log lines about subgraph fetches written while `work` runs. */
async function logged(work: () => Promise<unknown>) {
  const lines: Record<string, unknown>[] = [];
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    const line = String(chunk);
    if (line.includes("gateway.subgraph")) lines.push(JSON.parse(line));
    return true;
  });
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    const line = String(chunk);
    if (line.includes("gateway.subgraph")) lines.push(JSON.parse(line));
    return true;
  });
  try {
    const result = await work();
    return { result: result as { data?: unknown; errors?: { extensions?: { code?: string } }[] }, lines };
  } finally {
    spy.mockRestore();
    stdout.mockRestore();
  }
}

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

describe("a failed subgraph fetch is logged with its cause", () => {
  it("refused: nothing listening", async () => {
    const closed = await standIn(() => undefined);
    await new Promise((resolve) => closed.server.close(resolve));
    const { result, lines } = await logged(() => source(closed.url).process(fetchOf("{ vacancies }")));
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(["SUBGRAPH_UNAVAILABLE"]);
    expect(lines).toEqual([expect.objectContaining({ event: "gateway.subgraph_failed", subgraph: "employment", code: "SUBGRAPH_UNAVAILABLE", cause: "refused" })]);
    // A cause code, never a message or the URL.
    expect(JSON.stringify(lines)).not.toContain("127.0.0.1");
  });

  it("reset: a read is sent once more and answered; a write is not, and fails", async () => {
    const flaky = await standIn((n, res) => (n === 1 ? res.socket?.destroy() : res.writeHead(200, { "content-type": "application/json" }).end('{"data":{"vacancies":["a"]}}')));
    servers.push(flaky.server);
    const read = await logged(() => source(flaky.url).process(fetchOf("{ vacancies }")));
    expect(read.result).toMatchObject({ data: { vacancies: ["a"] } });
    expect(read.lines).toEqual([expect.objectContaining({ event: "gateway.subgraph_retried", cause: "reset" })]);
    expect(flaky.count()).toBe(2);

    const dropping = await standIn((_n, res) => res.socket?.destroy());
    servers.push(dropping.server);
    const write = await logged(() => source(dropping.url).process(fetchOf("mutation { openVacancy }")));
    expect(write.result.errors?.map((e) => e.extensions?.code)).toEqual(["SUBGRAPH_UNAVAILABLE"]);
    expect(write.lines).toEqual([expect.objectContaining({ event: "gateway.subgraph_failed", code: "SUBGRAPH_UNAVAILABLE", cause: "reset" })]);
    expect(dropping.count()).toBe(1);
  });

  it("shutting_down and http_<status>: the subgraph answered an error status", async () => {
    const stopping = await standIn((_n, res) =>
      res.writeHead(503, { "content-type": "application/json" }).end('{"errors":[{"message":"The service is stopping.","extensions":{"code":"SHUTTING_DOWN"}}]}'),
    );
    const broken = await standIn((_n, res) => res.writeHead(502, { "content-type": "text/plain" }).end("bad gateway"));
    servers.push(stopping.server, broken.server);
    expect((await logged(() => source(stopping.url).process(fetchOf("{ vacancies }")))).lines).toEqual([expect.objectContaining({ cause: "shutting_down" })]);
    expect((await logged(() => source(broken.url).process(fetchOf("{ vacancies }")))).lines).toEqual([expect.objectContaining({ cause: "http_502" })]);
  });

  it("timeout: the per-subgraph timeout passed", async () => {
    const slow = await standIn(() => undefined);
    servers.push(slow.server);
    const quick = resilient(withFetcher(new RemoteGraphQLDataSource({ url: slow.url }), subgraphFetcher()), "employment", { ...options, subgraphTimeoutMs: 200 });
    const { result, lines } = await logged(() => quick.process(fetchOf("{ vacancies }")));
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(["SUBGRAPH_TIMEOUT"]);
    expect(lines).toEqual([expect.objectContaining({ code: "SUBGRAPH_TIMEOUT", cause: "timeout" })]);
    slow.server.closeAllConnections();
  });
});
