import { ApolloServer } from "@apollo/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestAbortSignal, serve, type RunningServer } from "./serve.js";

// Overload is shed at once with a stable code, and no answer leaves after its bound: the two
// ways a busy process keeps its callers from waiting 30 s for an answer nobody reads any more.

const typeDefs = `type Query { slow(ms: Int!): Int }`;
const abandoned: string[] = [];

describe("serve under load", () => {
  let apollo: ApolloServer<{ signal?: AbortSignal }>;
  let server: RunningServer;
  beforeAll(async () => {
    apollo = new ApolloServer<{ signal?: AbortSignal }>({
      typeDefs,
      resolvers: {
        Query: {
          slow: (_: unknown, { ms }: { ms: number }, { signal }: { signal?: AbortSignal }) =>
            new Promise((resolve) => {
              const timer = setTimeout(() => resolve(ms), ms);
              signal?.addEventListener("abort", () => {
                clearTimeout(timer);
                abandoned.push(String(ms));
                resolve(null);
              });
            }),
        },
      },
      stopOnTerminationSignals: false,
    });
    await apollo.start();
    server = await serve(apollo, { port: 0, context: async (req) => ({ signal: requestAbortSignal(req) }), maxInFlight: 2, answerWithinMs: 700 });
  });
  afterAll(async () => {
    await server.close();
    await apollo.stop();
  });

  const ask = async (ms: number) => {
    const started = Date.now();
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ slow(ms: ${ms}) }` }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
    return { status: response.status, retryAfter: response.headers.get("retry-after"), code: body.errors?.[0]?.extensions?.code, data: body.data, ms: Date.now() - started };
  };

  it("refuses what is beyond its capacity at once, with OVERLOADED and Retry-After", async () => {
    const answers = await Promise.all([ask(400), ask(400), ask(400), ask(400)]);
    const served = answers.filter((a) => a.status === 200);
    const shed = answers.filter((a) => a.status === 503);
    expect(served).toHaveLength(2);
    expect(shed).toHaveLength(2);
    for (const refusal of shed) {
      expect(refusal).toMatchObject({ code: "OVERLOADED", retryAfter: "1" });
      expect(refusal.ms).toBeLessThan(300);
    }
    // Capacity is given back: the next ones are served.
    expect((await ask(10)).status).toBe(200);
  });

  it("answers no later than its bound, and the work for the late request is abandoned", async () => {
    const late = await ask(5_000);
    expect(late).toMatchObject({ status: 503, code: "REQUEST_DEADLINE_EXCEEDED" });
    expect(late.ms).toBeLessThan(2_000);
    expect(abandoned).toContain("5000");
    expect((await ask(10)).data).toEqual({ slow: 10 });
  });
});
