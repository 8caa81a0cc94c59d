import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Kind, parse, print, type DocumentNode, type OperationDefinitionNode } from "graphql";
import { demoNetworkOfSize } from "@percorsi/demo";
import { postGraphQL, type GraphQLResponse } from "@percorsi/kit/testing";
import { isPurpose, type Purpose } from "@percorsi/schema";
import { RELEASE_DAY, startTestNetwork, type TestNetwork } from "./network.js";

// Every example of the README, run as a newcomer would run it, against the network `npm start`
// runs by default (the large demo): each ```sh block that calls curl runs in bash (curl and
// all), each ```graphql block runs operation by operation as the user and purpose its first
// line names. They are read from README.md, so a new example is tried too. Figures the README
// quotes are compared with the demo data.

process.env.DEMO_NETWORK = "large";
const METRICS_TOKEN = "readme-example-metrics-token-0123456789";
process.env.METRICS_TOKEN = METRICS_TOKEN;
const run = promisify(execFile);

const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const large = demoNetworkOfSize("large");
const small = demoNetworkOfSize("small");

interface Example {
  line: number;
  lang: "sh" | "graphql";
  text: string;
}
// Blocks at the start of a line or indented under a list item (their indentation removed).
const EXAMPLES: Example[] = [...README.matchAll(/^( *)```(sh|graphql)\n([\s\S]*?)^ *```$/gm)].map((match) => ({
  line: README.slice(0, match.index).split("\n").length,
  lang: match[2] as Example["lang"],
  text: match[3]!.replace(new RegExp(`^${match[1]}`, "gm"), ""),
}));
/** The sh blocks that talk to the network; the others start it (`npm start`, `node ...`). */
const CURL_EXAMPLES = EXAMPLES.filter((example) => example.lang === "sh" && /\bcurl\b/.test(example.text));
const GRAPHQL_EXAMPLES = EXAMPLES.filter((example) => example.lang === "graphql");
/** The demo users the examples sign in as, with `npm run token -- --user <id>` or `# as <id>`. */
const USERS = [...new Set([...README.matchAll(/npm run token -- --user ([\w-]+)|^# as ([\w-]+)|\{ {3}# as ([\w-]+)/gm)].map((m) => m[1] ?? m[2] ?? m[3]!))];

let net: TestNetwork;
const origins: Record<string, string> = {};
const tokens: Record<string, string> = {};
beforeAll(async () => {
  // Generous timeouts: what is tried here is what the examples answer, not a loaded machine's latency.
  // As `npm start` does, the consent authority publishes the release due (here the demo's: November 2026).
  net = await startTestNetwork({ releasesDueOn: RELEASE_DAY, gateway: { resilience: { subgraphTimeoutMs: 30_000, requestDeadlineMs: 45_000 } } });
  // The README's addresses are those of `npm start`; the test network listens on free ports.
  origins["4000"] = new URL(net.gatewayUrl).origin;
  origins["4001"] = new URL(net.subgraphs["anti-violence"]!.url).origin;
  origins["4002"] = new URL(net.subgraphs.employment!.url).origin;
  origins["4003"] = new URL(net.subgraphs.training!.url).origin;
  for (const user of USERS) tokens[user] = await net.token(user);
}, 180_000);
afterAll(() => net?.stop());

/** What a newcomer has in hand when an example says `<id>`: the newest of her centre's pathways. */
async function newestPathwayId(): Promise<string> {
  const answer = await net.query("op-aurora", "{ pathways(first: 1) { nodes { id } } }", {}, "EMPOWERMENT_PLAN");
  return answer.data.pathways.nodes[0].id;
}
let consentId: string | undefined;

/** An answer as the README promises it: data, and no error but a refusal at a path. */
function expectAnswered(response: Pick<GraphQLResponse, "data" | "errors">, where: string) {
  expect(response.data, `${where}: data`).toBeTruthy();
  const codes = JSON.stringify((response.errors ?? []).map((error) => [error.path?.join("."), error.extensions?.code, error.extensions?.reason]));
  expect(Object.values(response.data).some((value) => value !== null), `${where}: something answered (errors: ${codes})`).toBe(true);
  const unexpected = (response.errors ?? []).filter((error) => error.extensions?.code !== "FORBIDDEN" || !error.path);
  expect(unexpected, `${where}: errors other than FORBIDDEN at a path`).toEqual([]);
}

describe("the README's examples, on the default (large) network", () => {
  it("are found: curl examples and GraphQL operations", () => {
    expect(CURL_EXAMPLES.length).toBeGreaterThanOrEqual(6);
    expect(GRAPHQL_EXAMPLES.length).toBeGreaterThanOrEqual(3);
    expect(USERS).toEqual(expect.arrayContaining(["op-aurora", "op-cpi-centro", "op-training", "analyst", "risk-cpi-centro"]));
  });

  // In README order: the mutations of one example feed the ids of the next, as they would a reader's.
  for (const example of EXAMPLES.filter((e) => CURL_EXAMPLES.includes(e) || GRAPHQL_EXAMPLES.includes(e))) {
    it(`README.md:${example.line} (${example.lang}) answers without unexpected errors`, async () => {
      if (example.lang === "sh") await runShell(example);
      else await runGraphQL(example);
    });
  }
});

/**
 * Runs a block in bash with the network's addresses put in. `npm run token -- --user <id>` prints
 * that user's token (made as the CLI makes it: token-cli.test.ts), `npm start` is the network
 * already running, and `openssl rand` gives the metrics token that network was started with.
 */
async function runShell(example: Example) {
  let script = example.text.replace(/http:\/\/127\.0\.0\.1:(400\d)/g, (_, port: string) => origins[port] ?? `http://127.0.0.1:${port}`);
  if (script.includes("<id>")) script = script.replaceAll("<id>", await newestPathwayId());
  const prelude = `set -euo pipefail
npm() { if [ "$1 $2 $3 $4" = "run token -- --user" ]; then local v="TOKEN_\${5//-/_}"; echo "\${!v}"; elif [ "$1" = start ]; then :; else echo "unexpected: npm $*" >&2; return 1; fi; }
openssl() { echo "$README_METRICS_TOKEN"; }
`;
  const env = { PATH: process.env.PATH, README_METRICS_TOKEN: METRICS_TOKEN, ...Object.fromEntries(Object.entries(tokens).map(([user, token]) => [`TOKEN_${user.replace(/-/g, "_")}`, token])) };
  const { stdout } = await run("bash", ["-c", prelude + script], { env, timeout: 60_000 });
  if (/\/metrics\b/.test(example.text)) {
    expect(stdout).toMatch(/^percorsi_graphql_requests_total \d+/m);
    return;
  }
  expectAnswered(JSON.parse(stdout) as GraphQLResponse, `README.md:${example.line}`);
}

/** Runs each operation of a block as `# as <user>, with x-purpose: <PURPOSE>` says. */
async function runGraphQL(example: Example) {
  const header = /# as ([\w-]+)(?:, with x-purpose: (\w+))?/.exec(example.text);
  expect(header, `README.md:${example.line} names its user (# as <user>, with x-purpose: <PURPOSE>)`).toBeTruthy();
  const [, user, purpose] = header!;
  expect(purpose === undefined || isPurpose(purpose)).toBe(true);
  const document: DocumentNode = parse(example.text);
  const fragments = document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
  for (const operation of document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)) {
    const variables: Record<string, unknown> = {};
    for (const definition of operation.variableDefinitions ?? []) {
      expect(definition.variable.name.value, `README.md:${example.line}: a variable the README says how to fill`).toBe("id");
      variables.id = await newestPathwayId();
    }
    // Placeholders are filled as a reader would, just before each operation: an id of hers, the
    // consent the operation before granted.
    let body = [operation, ...fragments].map((definition) => print(definition)).join("\n");
    if (body.includes("<id>")) body = body.replaceAll("<id>", await newestPathwayId());
    if (body.includes("<consent id>")) body = body.replaceAll("<consent id>", consentId!);
    const response = await postGraphQL(net.gatewayUrl, body, variables, {
      authorization: `Bearer ${tokens[user!]}`,
      ...(purpose ? { "x-purpose": purpose as Purpose } : {}),
    });
    expect(response.status, `README.md:${example.line}`).toBe(200);
    expectAnswered(response, `README.md:${example.line} ${print(operation).slice(0, 60)}`);
    consentId = response.data.grantConsent?.id ?? consentId;
  }
}

describe("what the README says of the network", () => {
  it("quotes op-aurora's number of pathways on the default network, and on the small one", async () => {
    const quoted = /\((\d[\d,]*) for `op-aurora` on the default network,\s+(\d+) on\s+the small one\)/.exec(README);
    expect(quoted, "the figure is quoted").toBeTruthy();
    const holds = (network: typeof large) => network.pathways.filter((pathway) => pathway.holderId === "cav-aurora").length;
    expect(Number(quoted![1]!.replace(/,/g, ""))).toBe(holds(large));
    expect(Number(quoted![2])).toBe(holds(small));
    // ... and the network answers that many (the examples add one pathway of hers at most).
    const answer = await net.query("op-aurora", "{ pathways(first: 1) { totalCount } }", {}, "EMPOWERMENT_PLAN");
    expect([holds(large), holds(large) + 1]).toContain(answer.data.pathways.totalCount);
  });

  it("quotes the demo networks' sizes and shape", () => {
    const flat = README.replace(/\s+/g, " ");
    expect(flat).toContain(`The small network (\`DEMO_NETWORK=small\`, the one the tests use) has ${small.pathways.length} pathways`);
    expect(flat).toContain(`seeds the ${small.pathways.length}-pathway network`);
    expect(flat).toContain(`plus ${(large.pathways.length - small.pathways.length).toLocaleString("en")} generated pathways`);
    expect(flat).toContain(`about ${(Math.round(large.pathways.length / 1000) * 1000).toLocaleString("en")} pathways over the three years to ${large.pathways.map((p) => p.openedOn).sort().at(-1)}`);
    const count = (type: string) => large.organisations.filter((organisation) => organisation.type === type).length;
    expect(flat).toContain(
      `at ${count("ANTI_VIOLENCE_CENTRE")} centres, ${count("SHELTER")} shelters, ${count("JOB_CENTRE")} job centres, ${count("TRAINING_BODY")} training bodies and ${count("HOUSING_BODY") === 1 ? "a housing body" : `${count("HOUSING_BODY")} housing bodies`}`,
    );
    const share = Math.round((100 * large.pathways.filter((pathway) => pathway.reportingConsent?.granted).length) / large.pathways.length);
    expect(flat).toContain(`reporting consent for about ${share}%`);
  });

  it("says what a batch gets: BAD_REQUEST, batching is off", async () => {
    expect(README).toMatch(/batch[^.]*`BAD_REQUEST`/);
    const response = await fetch(net.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${tokens.analyst}` },
      body: JSON.stringify([{ query: "{ __typename }" }, { query: "{ __typename }" }]),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as GraphQLResponse).errors?.[0]?.extensions?.code).toBe("BAD_REQUEST");
  });
});
