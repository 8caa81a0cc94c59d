import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ApolloGateway, type GraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { parse, print, type OperationDefinitionNode } from "graphql";
import { readSupergraph } from "@percorsi/schema/supergraph";
import type { Actor } from "@percorsi/kit";
import type { Role } from "@percorsi/schema";
import { committedPolicy } from "../../test/committed-supergraph.js";
import { FieldPolicy, sha256 } from "./field-policy.js";
import { gate, gatedGateway } from "./gated-gateway.js";

type Executor = ApolloGateway["executor"];
type RequestContext = Parameters<Executor>[0];

function actor(...roles: Role[]): Actor {
  return { requestId: "r1", userId: "u1", organisationId: "cpi-milano-centro", organisationType: "JOB_CENTRE", roles, purpose: "JOB_PLACEMENT" };
}

const QUERY = `query($id: ID!) { pathway(id: $id) { id identity { givenName } } }`;

describe("the executor wrapper", () => {
  let policy: FieldPolicy;
  beforeAll(async () => {
    policy = await committedPolicy();
  });

  function requestContext(text: string, context: Record<string, unknown>): RequestContext {
    const document = parse(text);
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === "OperationDefinition")!;
    return { request: { query: text, variables: {} }, document, source: text, queryHash: sha256(text), operation, operationName: null, context } as unknown as RequestContext;
  }

  function recordingExecutor(data: Record<string, unknown>) {
    const seen: RequestContext[] = [];
    const executor: Executor = async (ctx) => {
      seen.push(ctx);
      return { data };
    };
    return { executor, seen };
  }

  it("plans the rewritten document under its own hash, and answers the removed fields", async () => {
    const { executor, seen } = recordingExecutor({ pathway: { id: "p1" } });
    const original = requestContext(QUERY, { actor: actor("EMPLOYMENT_COUNSELLOR") });
    const result = await gate(executor, () => policy)(original);
    const [planned] = seen;
    const expected = print(parse(`query($id: ID!) { pathway(id: $id) { id } }`));
    expect(planned!.source).toBe(expected);
    expect(print(planned!.document)).toBe(expected);
    expect(planned!.queryHash).toBe(sha256(expected));
    expect(planned!.queryHash).not.toBe(original.queryHash);
    expect(planned!.operation).toBe(planned!.document.definitions[0]);
    expect(planned!.context).toBe(original.context);
    expect(result.data).toEqual({ pathway: { id: "p1", identity: null } });
    expect(result.errors?.map((e) => [e.path, e.extensions.code, e.extensions.reason])).toEqual([[["pathway", "identity"], "FORBIDDEN", "ROLE"]]);
  });

  it("hands a centre operator's request on untouched", async () => {
    const { executor, seen } = recordingExecutor({ pathway: { id: "p1", identity: { givenName: "A" } } });
    const original = requestContext(QUERY, { actor: actor("CENTRE_OPERATOR") });
    const result = await gate(executor, () => policy)(original);
    expect(seen[0]).toBe(original);
    expect(result.errors).toBeUndefined();
  });

  it("treats a request without an actor as having no ceiling at all", async () => {
    const { executor, seen } = recordingExecutor({ pathway: { id: "p1" } });
    await gate(executor, () => policy)(requestContext(QUERY, {}));
    expect(print(seen[0]!.document)).not.toContain("identity");
  });

  it("refuses every operation while the policy could not be built", async () => {
    const { executor, seen } = recordingExecutor({});
    const result = await gate(executor, () => new Error("bad labels"))(requestContext(QUERY, { actor: actor("CENTRE_OPERATOR") }));
    expect(seen).toHaveLength(0);
    expect(result.errors?.[0]?.extensions.code).toBe("INTERNAL_SERVER_ERROR");
  });
});

/**
 * Apollo Server over the gated gateway, with subgraphs faked in process: each records the
 * operation the query planner sent it and answers every field it could be asked for.
 */
async function gatedServer() {
  process.env.APOLLO_TELEMETRY_DISABLED = "1";
  const sent: { subgraph: string; query: string }[] = [];
  let update: ((sdl: string) => void) | undefined;
  const fake = (subgraph: string): GraphQLDataSource => ({
    async process({ request }) {
      sent.push({ subgraph, query: request.query ?? "" });
      return { data: { pathway: { __typename: "Pathway", id: "p1", identity: { givenName: "Elisa" } } } };
    },
  });
  const inner = new ApolloGateway({
    supergraphSdl: {
      async initialize(options) {
        update = options.update;
        return { supergraphSdl: readSupergraph() };
      },
    },
    buildService: ({ name }) => fake(name),
  });
  const gateway = gatedGateway(inner);
  const server = new ApolloServer<{ actor: Actor }>({ gateway, stopOnTerminationSignals: false });
  await server.start();
  const run = async (roles: Role[], query = QUERY) => {
    const response = await server.executeOperation({ query, variables: { id: "p1" } }, { contextValue: { actor: actor(...roles) } });
    if (response.body.kind !== "single") throw new Error("expected a single result");
    return response.body.singleResult;
  };
  return { server, gateway, sent, run, update: (sdl: string) => update!(sdl) };
}

describe("the gated gateway inside Apollo Server", () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });

  it("keeps each role to its own query plan, whichever asks first", async () => {
    const { server, sent, run } = await gatedServer();
    stop = () => server.stop();
    const check = async (roles: Role[], query: string) => {
      sent.length = 0;
      const result = await run(roles, query);
      const sees = roles.includes("CENTRE_OPERATOR");
      expect(result.data).toEqual({ pathway: { id: "p1", identity: sees ? { givenName: "Elisa" } : null } });
      expect(result.errors?.map((e) => e.extensions?.reason)).toEqual(sees ? undefined : ["ROLE"]);
      expect(sent.map((s) => s.query.includes("identity"))).toEqual([sees]);
    };
    const first = `${QUERY} # holder first`;
    const second = `${QUERY} # job centre first`;
    for (const roles of [["CENTRE_OPERATOR"], ["EMPLOYMENT_COUNSELLOR"], ["CENTRE_OPERATOR"], ["EMPLOYMENT_COUNSELLOR"]] as Role[][]) await check(roles, first);
    for (const roles of [["EMPLOYMENT_COUNSELLOR"], ["CENTRE_OPERATOR"], ["EMPLOYMENT_COUNSELLOR"], ["CENTRE_OPERATOR"]] as Role[][]) await check(roles, second);
  });

  it("rebuilds labels and schema when the supergraph is updated", async () => {
    const { server, gateway, sent, run, update } = await gatedServer();
    stop = () => server.stop();
    await run(["EMPLOYMENT_COUNSELLOR"]);
    expect(sent.at(-1)!.query).not.toContain("identity");
    expect((gateway.fieldPolicy() as FieldPolicy).labels.get("Pathway.identity")).toBe("IDENTITY");

    // The same field relabelled below a job counsellor's ceiling: the policy follows.
    update(readSupergraph().replace(/(identity: Identity .*)@sensitive\(category: IDENTITY\)/, "$1@sensitive(category: CASE_STATUS)"));
    expect((gateway.fieldPolicy() as FieldPolicy).labels.get("Pathway.identity")).toBe("CASE_STATUS");
    const result = await run(["EMPLOYMENT_COUNSELLOR"]);
    // Pathway.identity is now sent on; its givenName (still IDENTITY) is not.
    expect(sent.at(-1)!.query).toMatch(/identity\s*\{\s*__typename\s*\}/);
    expect(result.data).toEqual({ pathway: { id: "p1", identity: { givenName: null } } });
    expect(result.errors?.map((e) => [e.path?.join("."), e.extensions?.reason])).toEqual([["pathway.identity.givenName", "ROLE"]]);
  });
});
