import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Actor, type Database, type RunningServer } from "@percorsi/kit/author";
import { postAsGateway, testActor, testReceipt } from "@percorsi/kit/testing";
import { create__Name__Subgraph, SUBGRAPH_NAME } from "../src/server.js";

const ORGANISATION = "__org_id__";
const HOLDER = "cav-aurora";
const READ = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Pathway { id __nameCamel__Records { id recordedOn } } } }`;
const WRITE = `mutation($i: Record__Name__Input!) { record__Name__(input: $i) { id } }`;
/** A live referral of her pathway to the caller's organisation, for the purpose it declares. */
const referred = { holder: HOLDER, referralPurposes: ["EMPOWERMENT_PLAN" as const] };
type Standing = Parameters<typeof testReceipt>[2] | null;

const operator = () => testActor(ORGANISATION, "__ORG_TYPE__", ["__ROLE__"]);
const holderOperator = () => testActor(HOLDER, "ANTI_VIOLENCE_CENTRE", ["CENTRE_OPERATOR"]);

describe("the __name__ subgraph", () => {
  let db: Database;
  let subgraph: Awaited<ReturnType<typeof create__Name__Subgraph>>;
  let server: RunningServer;
  beforeAll(async () => {
    db = await openDatabase();
    subgraph = await create__Name__Subgraph({ db });
    server = await subgraph.listen(0);
  });
  afterAll(async () => {
    await subgraph.stop();
    await db.close();
  });

  const receipt = async (actor: Actor, pathwayId: string, standing: Standing) => (standing ? await testReceipt(actor, pathwayId, standing) : null);
  const read = async (actor: Actor, pathwayId: string, standing: Standing) =>
    postAsGateway(server.url, actor, SUBGRAPH_NAME, READ, { r: [{ __typename: "Pathway", id: pathwayId, consentReceipt: await receipt(actor, pathwayId, standing) }] });
  const write = async (actor: Actor, pathwayId: string, standing: Standing) => {
    const given = await receipt(actor, pathwayId, standing);
    return postAsGateway(server.url, actor, SUBGRAPH_NAME, WRITE, { i: { pathwayId, recordedOn: "2025-03-01" } }, given ? { [pathwayId]: given } : undefined);
  };
  const audit = (actor: Actor) => db.query<{ action: string; decision: string; reason: string | null }>("select action, decision, reason from audit_log where request_id = $1", [actor.requestId]);
  const stored = (pathwayId: string) => db.query("select id::text from __name_snake___records where pathway_id = $1", [pathwayId]);

  it("refuses a write without a live referral: nothing written, the refusal audited", async () => {
    const pathwayId = randomUUID();
    const actor = operator();
    const response = await write(actor, pathwayId, { holder: HOLDER });
    expect(response.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(await stored(pathwayId)).toEqual([]);
    expect(await audit(actor)).toEqual([expect.objectContaining({ action: "WRITE", decision: "DENY" })]);
  });

  it("writes under a live referral, and reads its own record back, both audited", async () => {
    const pathwayId = randomUUID();
    expect((await write(operator(), pathwayId, referred)).errors).toBeUndefined();
    const actor = operator();
    const response = await read(actor, pathwayId, referred);
    expect(response.errors).toBeUndefined();
    expect(response.data._entities[0].__nameCamel__Records).toEqual([{ id: (await stored(pathwayId))[0]!.id, recordedOn: "2025-03-01" }]);
    expect(await audit(actor)).toEqual([expect.objectContaining({ action: "READ", decision: "ALLOW" })]);
  });

  it("releases them to the case-holder only with her consent to __CATEGORY__", async () => {
    const pathwayId = randomUUID();
    await write(operator(), pathwayId, referred);
    const refused = await read(holderOperator(), pathwayId, { holder: HOLDER });
    expect(refused.data._entities[0].__nameCamel__Records).toBeNull();
    expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const consented = await read(holderOperator(), pathwayId, { holder: HOLDER, permitted: { __CATEGORY__: "consent-1" } });
    expect(consented.data._entities[0].__nameCamel__Records).toHaveLength(1);
  });

  it("answers an unknown pathway as a sealed one: no oracle", async () => {
    const shape = (response: Awaited<ReturnType<typeof read>>) => response.errors?.map((e) => e.extensions);
    expect(shape(await read(operator(), randomUUID(), null))).toEqual(shape(await read(operator(), randomUUID(), { ...referred, sealed: true })));
  });
});
