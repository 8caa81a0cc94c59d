import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { consentAuthorityOf, envNameOf, importExport, portOf, readNetwork } from "../src/network.js";

function manifest(yaml: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "percorsi-network-")), "supergraph.yaml");
  writeFileSync(path, yaml);
  return path;
}

describe("the network manifest (schema/supergraph.yaml)", () => {
  it("lists every subgraph once, each runnable here with its listener, factory and port", async () => {
    const network = readNetwork();
    expect(network.length).toBeGreaterThan(0);
    expect(new Set(network.map((s) => s.name)).size).toBe(network.length);
    expect(new Set(network.map((s) => s.port)).size).toBe(network.length);
    for (const subgraph of network) {
      expect(subgraph.main, subgraph.name).toMatch(/\.ts$/);
      expect(typeof (await importExport(subgraph.server!)), subgraph.name).toBe("function");
    }
  });

  it("names one consent authority (the subgraph that records break-glass reasons), the manifest's word", () => {
    expect(consentAuthorityOf()).toBe("anti-violence");
    expect(readNetwork().filter((s) => s.consentAuthority)).toHaveLength(1);
    const two = `subgraphs:\n  a:\n    routing_url: http://127.0.0.1:4005/graphql\n    consent_authority: true\n    schema: { file: a.graphql }\n  b:\n    routing_url: http://127.0.0.1:4006/graphql\n    consent_authority: true\n    schema: { file: b.graphql }\n`;
    expect(() => readNetwork(manifest(two))).toThrow(/more than one subgraph is the consent_authority/);
    expect(consentAuthorityOf(readNetwork(manifest(`subgraphs:\n  a:\n    routing_url: http://127.0.0.1:4005/graphql\n    schema: { file: a.graphql }\n`)))).toBeUndefined();
  });

  it("reads a subgraph's demo users (demo_users:), and refuses one without roles", () => {
    const entry = (users: string) => manifest(`subgraphs:\n  a:\n    routing_url: http://127.0.0.1:4005/graphql\n    schema: { file: a.graphql }\n    demo_users:\n${users}`);
    const user = "      - { id: op-a, name: Ada Operator, organisation: a-demo, roles: [A_OPERATOR], description: Operator at a }\n";
    expect(readNetwork(entry(user))[0]!.demoUsers).toEqual([{ id: "op-a", displayName: "Ada Operator", organisationId: "a-demo", roles: ["A_OPERATOR"], description: "Operator at a" }]);
    expect(() => readNetwork(entry(user.replace("roles: [A_OPERATOR]", "roles: []")))).toThrow(/demo_users\[0\]\.roles must list roles/);
    expect(readNetwork().every((s) => Array.isArray(s.demoUsers))).toBe(true);
  });

  it("names the consent authority's release runner, for it alone", async () => {
    const authority = readNetwork().find((s) => s.consentAuthority)!;
    expect(typeof (await importExport(authority.releaseRunner!))).toBe("function");
    const misplaced = `subgraphs:\n  a:\n    routing_url: http://127.0.0.1:4005/graphql\n    release_runner: { module: m, export: e }\n    schema: { file: a.graphql }\n`;
    expect(() => readNetwork(manifest(misplaced))).toThrow(/only the consent_authority has a release_runner/);
  });

  it("takes a port from <NAME>_PORT, else from the routing URL", () => {
    const [first] = readNetwork();
    expect(portOf(first!, {})).toBe(first!.port);
    expect(portOf(first!, { [`${envNameOf(first!.name)}_PORT`]: "4999" })).toBe(4999);
    expect(envNameOf("housing-body")).toBe("HOUSING_BODY");
  });

  it("reads a signatory that runs elsewhere: its SDL from a file, nothing to start", () => {
    const [remote] = readNetwork(manifest(`subgraphs:\n  housing:\n    routing_url: https://housing.example.org:8443/graphql\n    schema:\n      file: housing.graphql\n`));
    expect(remote).toMatchObject({ name: "housing", port: 8443, envName: "HOUSING", schema: { file: expect.stringMatching(/housing\.graphql$/) } });
    expect(remote!.main).toBeUndefined();
  });

  it.each([
    ["no subgraphs", `subgraphs: {}\n`, /lists no subgraphs/],
    ["a bad name", `subgraphs:\n  Housing Body:\n    routing_url: http://127.0.0.1:4005/graphql\n    schema: { file: x.graphql }\n`, /lowercase/],
    ["no routing URL", `subgraphs:\n  housing:\n    schema: { file: x.graphql }\n`, /no routing_url/],
    ["no port", `subgraphs:\n  housing:\n    routing_url: http://127.0.0.1/graphql\n    schema: { file: x.graphql }\n`, /names no port/],
    ["no schema", `subgraphs:\n  housing:\n    routing_url: http://127.0.0.1:4005/graphql\n`, /schema\.module must be/],
    ["a server without export", `subgraphs:\n  housing:\n    routing_url: http://127.0.0.1:4005/graphql\n    schema: { file: x.graphql }\n    server: { module: "@x/housing" }\n`, /server\.export must be/],
  ])("refuses a manifest with %s, saying where", (_case, yaml, message) => {
    expect(() => readNetwork(manifest(yaml))).toThrow(message);
  });
});
