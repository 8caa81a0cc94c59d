import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoNetwork } from "@percorsi/demo";
import { openDatabase, type Database } from "@percorsi/kit";
import { createHousingRegistry, type HousingRegistry } from "../src/server.js";

// The stand-in's own API: its key, its batch limit, its idempotent POST, its demo data.
const KEY = "registry-test-key-0123456789";
let db: Database;
let registry: HousingRegistry;
let url: string;
beforeAll(async () => {
  db = await openDatabase();
  registry = await createHousingRegistry({ apiKey: KEY, db, seed: true });
  url = (await registry.listen(0)).url;
});
afterAll(async () => {
  await registry.stop();
  await db.close();
});

const get = (path: string, key: string | null = KEY) => fetch(`${url}${path}`, { headers: key ? { "x-api-key": key } : {} });
const post = (body: unknown, idempotencyKey?: string) =>
  fetch(`${url}/applications`, {
    method: "POST",
    headers: { "x-api-key": KEY, "content-type": "application/json", ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}) },
    body: JSON.stringify(body),
  });

describe("the housing registry stand-in", () => {
  it("answers only its key holder (health aside)", async () => {
    expect((await get("/health", null)).status).toBe(200);
    expect((await get(`/applications?pathwayIds=${randomUUID()}`, null)).status).toBe(401);
    expect((await get(`/applications?pathwayIds=${randomUUID()}`, "another-key-0123456789")).status).toBe(401);
  });

  it("seeds one need and application per demo pathway found in a shelter, temporary housing or at risk", async () => {
    const expected = demoNetwork().pathways.filter((p) => ["SHELTER", "TEMPORARY", "AT_RISK"].includes(p.needsAssessment?.housingSituation ?? ""));
    const ids = expected.map((p) => p.id);
    expect(ids.length).toBeGreaterThan(0);
    const body = (await (await get(`/applications?pathwayIds=${ids.join(",")}`)).json()) as { items: { pathway_id: string }[] };
    expect(body.items.map((a) => a.pathway_id).sort()).toEqual([...ids].sort());
  });

  it("refuses more than 200 ids, or ids that are not uuids", async () => {
    const many = Array.from({ length: 201 }, () => randomUUID()).join(",");
    expect((await get(`/needs?pathwayIds=${many}`)).status).toBe(400);
    expect((await get("/needs?pathwayIds=not-a-uuid")).status).toBe(400);
  });

  it("creates an application once per idempotency key, and refuses the key reused for another one", async () => {
    const application = { pathway_id: randomUUID(), housing_body_id: "casa-comune", scheme: "SOCIAL", submitted_on: "2025-05-01", recorded_by: "op" };
    const key = randomUUID();
    const first = await post(application, key);
    const again = await post(application, key);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(await again.json()).toEqual(await first.json());
    expect((await post({ ...application, scheme: "PROTECTED" }, key)).status).toBe(409);
    expect((await post({ ...application, scheme: "CASTLE" })).status).toBe(422);
    const [{ n }] = (await db.query<{ n: number }>("select count(*)::int as n from applications where pathway_id = $1", [application.pathway_id])) as [{ n: number }];
    expect(n).toBe(1);
  });
});
