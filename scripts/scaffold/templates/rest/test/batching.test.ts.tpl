import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSubgraphTest, type SubgraphTester } from "@percorsi/kit/testing";
import { create__Name__Subgraph } from "../src/server.js";
import { HOLDER, operator, RECORDS, referred, WRITE } from "./fixtures.js";
import { systemOf } from "./stored.js";

__describe__("the __name__ subgraph over __service__", () => {
  let api: SubgraphTester;
  beforeAll(async () => {
    api = await startSubgraphTest(create__Name__Subgraph, { purpose: "EMPOWERMENT_PLAN", holderOf: () => HOLDER });
  });
  afterAll(() => api.stop());

  it("reads N pathways with one call per entity, not one per pathway", async () => {
    const pathways = Array.from({ length: 12 }, () => randomUUID());
    for (const pathwayId of pathways) await api.as(operator).write(WRITE, { i: { pathwayId, recordedOn: "2025-03-01" } }, referred);
    const calls = systemOf(api).calls;
    const before = calls["GET /records"] ?? 0;
    const response = await api.entities(operator, pathways, referred, RECORDS);
    expect(response.errors).toBeUndefined();
    expect(response.data._entities.map((p: { __nameCamel__Records: unknown[] }) => p.__nameCamel__Records.length)).toEqual(pathways.map(() => 1));
    expect((calls["GET /records"] ?? 0) - before).toBe(1);
  });
});
