import { createHash } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentIdOf, execute } from "../src/api/client.js";
import { IndicatorReportDocument, OrganisationsDocument } from "../src/gql/graphql.js";
import { REGISTERED_MANIFEST } from "../scripts/register.js";

// What the client puts on the wire, seen by a real HTTP server.
let seen: { headers: IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
let url = "";
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    seen.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data: { organisations: [] } }));
  });
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the persisted-operation client", () => {
  it("sends the document id, variables and operation name, never the text; with the token and purpose MONITORING", async () => {
    seen = [];
    const variables = { from: "2025-01-01", to: "2025-12-31", granularity: "MONTH", breakdown: "NETWORK" } as const;
    const result = await execute(IndicatorReportDocument, variables, { graphqlUrl: url, token: "a.b.c" });
    expect(result.status).toBe(200);
    const [request] = seen;
    expect(Object.keys(request!.body).sort()).toEqual(["documentId", "operationName", "variables"]);
    expect(request!.body).toEqual({ documentId: documentIdOf(IndicatorReportDocument), variables, operationName: "IndicatorReport" });
    expect(JSON.stringify(request!.body)).not.toMatch(/indicators\s*\(|fragment/);
    expect(request!.headers.authorization).toBe("Bearer a.b.c");
    expect(request!.headers["x-purpose"]).toBe("MONITORING");
  });

  it("sends ids the registered manifest holds, each the sha256 of its text", () => {
    const manifest = JSON.parse(readFileSync(REGISTERED_MANIFEST, "utf8")) as Record<string, string>;
    for (const document of [IndicatorReportDocument, OrganisationsDocument]) {
      const id = documentIdOf(document);
      expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(`sha256:${createHash("sha256").update(manifest[id]!).digest("hex")}`).toBe(id);
    }
  });
});
