import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codes, startSubgraphTest, type Caller, type ReceiptOptions, type SubgraphTester } from "@percorsi/kit/testing";
import { create__Name__Subgraph } from "../src/server.js";

const HOLDER = "cav-aurora";
const RECORDS = "__nameCamel__Records { id recordedOn }";
const WRITE = `mutation($i: Record__Name__Input!) { record__Name__(input: $i) { id } }`;
/** A live referral of her pathway to the caller's organisation, for the purpose it declares. */
const referred: ReceiptOptions = { holder: HOLDER, referralPurposes: ["EMPOWERMENT_PLAN"] };

const operator: Caller = { organisationId: "__org_id__", organisationType: "__ORG_TYPE__", roles: ["__ROLE__"], purpose: "EMPOWERMENT_PLAN" };
const holderOperator: Caller = { organisationId: HOLDER, organisationType: "ANTI_VIOLENCE_CENTRE", roles: ["CENTRE_OPERATOR"], purpose: "EMPOWERMENT_PLAN" };

describe("the __name__ subgraph", () => {
  // The kit's harness plays the gateway (signed assertions) and the planner (receipts, _entities).
  let api: SubgraphTester;
  beforeAll(async () => {
    api = await startSubgraphTest(create__Name__Subgraph, { purpose: "EMPOWERMENT_PLAN", holderOf: () => HOLDER });
  });
  afterAll(() => api.stop());

  const write = (pathwayId: string, standing: Partial<ReceiptOptions> | null) =>
    api.as(operator).write(WRITE, { i: { pathwayId, recordedOn: "2025-03-01" } }, standing);
  const stored = (pathwayId: string) => api.count("__name_snake___records", "pathway_id = $1", [pathwayId]);

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
