import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codes, startSubgraphTest, type ReceiptOptions, type SubgraphTester } from "@percorsi/kit/testing";
import { create__Name__Subgraph } from "../src/server.js";
import { HOLDER, holderOperator, operator, RECORDS, referred, WRITE } from "./fixtures.js";
import { storedRecords } from "./stored.js";

__describe__("the __name__ subgraph", () => {
  // The kit's harness plays the gateway (signed assertions) and the planner (receipts, _entities).
  let api: SubgraphTester;
  beforeAll(async () => {
    api = await startSubgraphTest(create__Name__Subgraph, { purpose: "EMPOWERMENT_PLAN", holderOf: () => HOLDER });
  });
  afterAll(() => api.stop());

  const write = (pathwayId: string, standing: Partial<ReceiptOptions> | null) =>
    api.as(operator).write(WRITE, { i: { pathwayId, recordedOn: "2025-03-01" } }, standing);
  const stored = (pathwayId: string) => storedRecords(api, pathwayId);

  it("refuses a write without a live referral: nothing written, the refusal audited", async () => {
    const pathwayId = randomUUID();
    const response = await write(pathwayId, { holder: HOLDER });
    expect(codes(response)).toEqual(["FORBIDDEN"]);
    expect(await stored(pathwayId)).toBe(0);
    expect(await api.audit(response.actor.requestId)).toEqual([expect.objectContaining({ action: "WRITE", decision: "DENY" })]);
  });

  it("writes under a live referral, and reads its own record back, both audited", async () => {
    const pathwayId = randomUUID();
    expect((await write(pathwayId, referred)).errors).toBeUndefined();
    const response = await api.entities(operator, [pathwayId], referred, RECORDS);
    expect(response.errors).toBeUndefined();
    expect(response.data._entities[0].__nameCamel__Records).toEqual([{ id: expect.any(String), recordedOn: "2025-03-01" }]);
    expect(await api.audit(response.actor.requestId)).toEqual([expect.objectContaining({ action: "READ", decision: "ALLOW" })]);
  });

  it("releases them to the case-holder only with her consent to __CATEGORY__", async () => {
    const pathwayId = randomUUID();
    await write(pathwayId, referred);
    const refused = await api.entities(holderOperator, [pathwayId], { holder: HOLDER }, RECORDS);
    expect(refused.data._entities[0].__nameCamel__Records).toBeNull();
    expect(codes(refused)).toEqual(["FORBIDDEN"]);
    const consented = await api.entities(holderOperator, [pathwayId], { holder: HOLDER, permitted: { __CATEGORY__: "consent-1" } }, RECORDS);
    expect(consented.data._entities[0].__nameCamel__Records).toHaveLength(1);
  });

  it("answers an unknown pathway as a sealed one: no oracle", async () => {
    const shape = (response: { errors?: { extensions?: unknown }[] }) => response.errors?.map((e) => e.extensions);
    const unknown = await api.entities(operator, [randomUUID()], null, RECORDS);
    const sealed = await api.entities(operator, [randomUUID()], { ...referred, sealed: true }, RECORDS);
    expect(shape(unknown)).toEqual(shape(sealed));
  });
});
