import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoNetwork } from "@percorsi/demo";
import { assertionHeaders, countRows, testActor, type GraphQLResponse } from "@percorsi/kit/testing";
import { devTokenFor } from "../src/auth/dev-tokens.js";
import { startTestNetwork, type SubgraphName, type TestNetwork } from "./network.js";

/** Personal data a caller might put in a bad value: it must never come back. */
const SECRET = "Maria Rossi";
const network = demoNetwork();
const auroraPathway = network.pathways.find((p) => p.holderId === "cav-aurora")!;

const OPEN = `mutation($input: OpenPathwayInput!) { openPathway(input: $input) { id } }`;
const identity = (overrides: Record<string, unknown> = {}) => ({ givenName: SECRET, familyName: "Esempio", preferredContact: "THROUGH_CENTRE", ...overrides });
const inlineOpen = (fields: string) =>
  `mutation { openPathway(input: { identity: { givenName: "${SECRET}", familyName: "Esempio", preferredContact: THROUGH_CENTRE }, ${fields} }) { id } }`;

/** Refused before anything ran: HTTP 400, one BAD_USER_INPUT naming where, nothing of what. */
function expectRefusal(response: GraphQLResponse, extensions: Record<string, unknown>, ...values: string[]) {
  expect(response.status).toBe(400);
  expect(response.data ?? null).toBeNull();
  expect(response.errors?.map((error) => error.extensions)).toEqual([extensions]);
  const text = JSON.stringify(response);
  for (const value of [SECRET, ...values]) expect(text).not.toContain(value);
  expect(text).not.toMatch(/stacktrace|Did you mean|\\u0000/);
}

describe("bad input through the gateway and straight at the subgraphs", () => {
  let net: TestNetwork;
  beforeAll(async () => {
    net = await startTestNetwork({ recordSubgraphRequests: true });
  });
  afterAll(() => net?.stop());

  const pathwayRows = () => countRows(net.subgraphs["anti-violence"]!.db, "pathways");
  /** Sends as op-aurora with a purpose and checks that no subgraph was asked anything. */
  async function refusedAtGateway(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> {
    const before = { requests: net.subgraphRequests.length, pathways: await pathwayRows() };
    const response = await net.query("op-aurora", query, variables, "EMPOWERMENT_PLAN");
    expect(net.subgraphRequests.length, "the gateway refuses before it plans").toBe(before.requests);
    expect(await pathwayRows()).toBe(before.pathways);
    return response;
  }
  /** Straight at a subgraph, as the gateway would call it (a signed assertion). */
  async function atSubgraph(subgraph: SubgraphName, body: Record<string, unknown>): Promise<GraphQLResponse> {
    const actor =
      subgraph === "anti-violence"
        ? testActor("cav-aurora", "ANTI_VIOLENCE_CENTRE", ["CENTRE_OPERATOR"], "EMPOWERMENT_PLAN")
        : testActor("cpi-milano-centro", "JOB_CENTRE", ["EMPLOYMENT_COUNSELLOR"], "JOB_PLACEMENT");
    const response = await fetch(net.subgraphs[subgraph]!.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(await assertionHeaders(actor, subgraph, { query: String(body.query ?? ""), variables: (body.variables ?? {}) as Record<string, unknown> })) },
      body: JSON.stringify(body),
    });
    return { status: response.status, ...((await response.json()) as object) };
  }

  it("the probe works: a good pathway opens", async () => {
    const response = await net.query("op-aurora", OPEN, { input: { identity: identity({ givenName: "Nadia" }), openedOn: "2024-02-29" } }, "EMPOWERMENT_PLAN");
    expect(response.errors).toBeUndefined();
    expect(response.data.openPathway.id).toEqual(expect.any(String));
  });

  describe.each(["2025-02-30", "2025-13-01"])("an impossible date %s", (day) => {
    it("inline, at the gateway: BAD_USER_INPUT naming the field, no subgraph asked", async () => {
      const response = await refusedAtGateway(inlineOpen(`openedOn: "${day}"`));
      expectRefusal(response, { code: "BAD_USER_INPUT", field: "input.openedOn" }, day);
      expect(response.errors![0]!.message).toBe("Invalid value for input.openedOn: expected LocalDate.");
    });

    it("as a variable, at the gateway", async () => {
      const response = await refusedAtGateway(OPEN, { input: { identity: identity(), openedOn: day } });
      expectRefusal(response, { code: "BAD_USER_INPUT", field: "input.openedOn", variable: "$input" }, day);
    });

    it("nested in a list, at the gateway", async () => {
      const response = await refusedAtGateway(
        `mutation($id: ID!) { grantConsent(input: { pathwayId: $id, evidenceReference: "MOD-1", provisions: [{ type: PERMIT, granteeOrganisationId: "cpi-milano-centro", categories: [JOB_SEARCH], purposes: [JOB_PLACEMENT], periodEnd: "${day}" }] }) { id } }`,
        { id: auroraPathway.id },
      );
      expectRefusal(response, { code: "BAD_USER_INPUT", field: "input.provisions[0].periodEnd" }, day);
    });

    it("as a variable for another subgraph (employment), at the gateway", async () => {
      const response = await net.query(
        "op-cpi-centro",
        `mutation($input: RecordCampaignInput!) { recordCampaign(input: $input) { id } }`,
        { input: { title: SECRET, topic: "SAFE_WORKPLACE", startedOn: day, employerIdsReached: [] } },
        "JOB_PLACEMENT",
      );
      expectRefusal(response, { code: "BAD_USER_INPUT", field: "input.startedOn", variable: "$input" }, day);
    });

    it("inline and as a variable, straight at the subgraphs", async () => {
      const before = await pathwayRows();
      expectRefusal(await atSubgraph("anti-violence", { query: inlineOpen(`openedOn: "${day}"`) }), { code: "BAD_USER_INPUT", field: "input.openedOn" }, day);
      expectRefusal(
        await atSubgraph("anti-violence", { query: OPEN, variables: { input: { identity: identity(), openedOn: day } } }),
        { code: "BAD_USER_INPUT", field: "input.openedOn", variable: "$input" },
        day,
      );
      expectRefusal(
        await atSubgraph("employment", {
          query: `mutation { recordCampaign(input: { title: "${SECRET}", topic: "T", startedOn: "${day}", employerIdsReached: [] }) { id } }`,
        }),
        { code: "BAD_USER_INPUT", field: "input.startedOn" },
        day,
      );
      expect(await pathwayRows()).toBe(before);
    });
  });

  describe("a NUL character in a string", () => {
    it("in a variable, at the gateway", async () => {
      const response = await refusedAtGateway(OPEN, { input: { identity: identity({ familyName: "Esem\u0000pio" }) } });
      expectRefusal(response, { code: "BAD_USER_INPUT", field: "input.identity.familyName", variable: "$input" }, "Esem");
    });

    it("inline, at the gateway", async () => {
      const response = await refusedAtGateway(inlineOpen(`openedOn: "2025-01-01"`).replace("Esempio", "Esem\\u0000pio"));
      expectRefusal(response, { code: "BAD_USER_INPUT", field: "input.identity.familyName" }, "Esem");
    });

    it("straight at the subgraphs, inline and as a variable", async () => {
      const before = await pathwayRows();
      expectRefusal(
        await atSubgraph("anti-violence", { query: OPEN, variables: { input: { identity: identity({ safeContactHours: "\u0000" }) } } }),
        { code: "BAD_USER_INPUT", field: "input.identity.safeContactHours", variable: "$input" },
      );
      expectRefusal(
        await atSubgraph("employment", { query: `mutation { addEmployer(input: { name: "A\\u0000", sector: "x", district: "y" }) { id } }` }),
        { code: "BAD_USER_INPUT", field: "input.name" },
      );
      expect(await pathwayRows()).toBe(before);
    });
  });

  describe("an invalid enum value", () => {
    const GRANT = `mutation($input: GrantConsentInput!) { grantConsent(input: $input) { id } }`;
    const provisions = (purposes: unknown) => [{ type: "PERMIT", granteeOrganisationId: "cpi-milano-centro", categories: ["JOB_SEARCH"], purposes }];

    it("inline, at the gateway: names the field and the enum, not the value, no suggestion", async () => {
      const response = await refusedAtGateway(
        `mutation($id: ID!) { grantConsent(input: { pathwayId: $id, evidenceReference: "MOD-1", provisions: [{ type: PERMIT, granteeOrganisationId: "cpi-milano-centro", categories: [JOB_SEARCH], purposes: [JOB_PLACEMENT, JOB_PLACEMNT] }] }) { id } }`,
        { id: auroraPathway.id },
      );
      expectRefusal(response, { code: "BAD_USER_INPUT", field: "input.provisions[0].purposes[1]" }, "JOB_PLACEMNT");
      expect(response.errors![0]!.message).toBe("Invalid value for input.provisions[0].purposes[1]: expected Purpose.");
    });

    it("as a variable, at the gateway", async () => {
      const response = await refusedAtGateway(GRANT, { input: { pathwayId: auroraPathway.id, evidenceReference: "MOD-1", provisions: provisions([SECRET]) } });
      expectRefusal(response, { code: "BAD_USER_INPUT", field: "input.provisions[0].purposes[0]", variable: "$input" });
      expect(response.errors![0]!.message).toBe("Invalid value for $input at input.provisions[0].purposes[0]: expected Purpose.");
    });

    it("straight at the subgraph, inline and as a variable", async () => {
      expectRefusal(
        await atSubgraph("anti-violence", { query: inlineOpen("openedOn: null").replace("THROUGH_CENTRE", "MARIA_ROSSI") }),
        { code: "BAD_USER_INPUT", field: "input.identity.preferredContact" },
        "MARIA_ROSSI",
      );
      expectRefusal(
        await atSubgraph("anti-violence", { query: GRANT, variables: { input: { pathwayId: auroraPathway.id, evidenceReference: "MOD-1", provisions: provisions([SECRET]) } } }),
        { code: "BAD_USER_INPUT", field: "input.provisions[0].purposes[0]", variable: "$input" },
      );
    });
  });

  describe("the operation to run", () => {
    const TWO = "query A { organisations { id } } query B { organisations { name } }";
    const viaGateway = async (body: Record<string, unknown>) => {
      const response = await fetch(net.gatewayUrl, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${await devTokenFor("op-aurora")}` },
        body: JSON.stringify(body),
      });
      return { status: response.status, ...((await response.json()) as object) } as GraphQLResponse;
    };
    const UNKNOWN = { message: "The operationName names no operation of the document.", extensions: { code: "OPERATION_RESOLUTION_FAILURE" } };
    const AMBIGUOUS = { message: "The document holds several operations: name one in operationName.", extensions: { code: "OPERATION_RESOLUTION_FAILURE" } };

    it("an unknown operationName answers 400 at the gateway (not 500), without repeating it", async () => {
      expect(await viaGateway({ query: TWO, operationName: "MariaRossi" })).toEqual({ status: 400, errors: [UNKNOWN] });
    });

    it("no operationName with several operations answers 400 at the gateway", async () => {
      expect(await viaGateway({ query: TWO })).toEqual({ status: 400, errors: [AMBIGUOUS] });
    });

    it("the same straight at each subgraph", async () => {
      for (const subgraph of ["anti-violence", "employment"] as const) {
        expect(await atSubgraph(subgraph, { query: "query A { __typename } query B { __typename }", operationName: "MariaRossi" })).toEqual({ status: 400, errors: [UNKNOWN] });
        expect(await atSubgraph(subgraph, { query: "query A { __typename } query B { __typename }" })).toEqual({ status: 400, errors: [AMBIGUOUS] });
      }
    });

    it("a named operation of several runs", async () => {
      const response = await viaGateway({ query: TWO, operationName: "B" });
      expect(response.status).toBe(200);
      expect(response.errors).toBeUndefined();
      expect(response.data.organisations.length).toBeGreaterThan(0);
    });
  });
});
