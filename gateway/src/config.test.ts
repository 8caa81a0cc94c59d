import { afterEach, describe, expect, it } from "vitest";
import { readSupergraph } from "@percorsi/schema/supergraph";
import { subgraphUrlOverrides } from "./config.js";
import { subgraphsOf } from "./supergraph.js";

const VARIABLES = ["ANTI_VIOLENCE_PORT", "EMPLOYMENT_PORT", "TRAINING_PORT", "SUBGRAPH_TRAINING_URL"];

describe("where the gateway routes each subgraph", () => {
  const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  const subgraphs = subgraphsOf(readSupergraph());

  it("follows the subgraphs' port overrides (`npm run dev`), a SUBGRAPH_<NAME>_URL winning over a port", () => {
    for (const name of VARIABLES) delete process.env[name];
    expect(subgraphUrlOverrides(subgraphs)).toEqual({});
    process.env.ANTI_VIOLENCE_PORT = "4601";
    process.env.EMPLOYMENT_PORT = "4602";
    process.env.TRAINING_PORT = "4603";
    process.env.SUBGRAPH_TRAINING_URL = "https://training.internal:8443/graphql";
    expect(subgraphUrlOverrides(subgraphs)).toEqual({
      "anti-violence": "http://127.0.0.1:4601/graphql",
      employment: "http://127.0.0.1:4602/graphql",
      training: "https://training.internal:8443/graphql",
    });
  });

  it("refuses a port that is no port, naming the variable", () => {
    process.env.EMPLOYMENT_PORT = "forty";
    expect(() => subgraphUrlOverrides(subgraphs)).toThrow(/EMPLOYMENT_PORT must be a port number/);
  });
});
