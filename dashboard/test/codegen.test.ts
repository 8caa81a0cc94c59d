import { readFileSync } from "node:fs";
import { generate } from "@graphql-codegen/cli";
import { describe, expect, it } from "vitest";
import config from "../codegen.js";
import { REGISTERED_MANIFEST, registeredManifest } from "../scripts/register.js";

// The committed client (src/gql/) and the manifest the gateway registers must be what codegen
// makes of today's schema and operations: otherwise the dashboard sends ids the gateway refuses.
describe("the generated client and the registered manifest", () => {
  it("are fresh: `npm run codegen` and `npm run register` (--workspace @percorsi/dashboard) change nothing", async () => {
    const outputs = (await generate({ ...config, silent: true }, false)) as { filename: string; content: string }[];
    expect(outputs.length).toBeGreaterThan(0);
    for (const output of outputs) {
      expect(readFileSync(output.filename, "utf8"), `${output.filename} is stale: run npm run codegen --workspace @percorsi/dashboard`).toBe(output.content);
    }
    const manifest = outputs.find((output) => output.filename.endsWith("persisted-documents.json"))!;
    expect(readFileSync(REGISTERED_MANIFEST, "utf8"), "gateway/persisted-operations/dashboard.json is stale: run npm run register --workspace @percorsi/dashboard").toBe(
      registeredManifest(manifest.content),
    );
  }, 60_000);

  it("key every operation by the sha256 of its text", () => {
    expect(() => registeredManifest(JSON.stringify({ [`sha256:${"0".repeat(64)}`]: "query Organisations { organisations { id } }" }))).toThrow(/not the sha256/);
  });
});
