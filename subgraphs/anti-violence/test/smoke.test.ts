import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type RunningServer } from "@percorsi/kit";
import { assertionHeaders, postGraphQL, testActor } from "@percorsi/kit/testing";
import { createAntiViolenceSubgraph } from "../src/server.js";

describe("smoke", () => {
  let server: RunningServer;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    const subgraph = await createAntiViolenceSubgraph({ db: await openDatabase(), seed: true });
    server = await subgraph.listen(0);
    stop = async () => { await subgraph.stop(); await subgraph.db.close(); };
  });
  afterAll(() => stop());

  it("answers", async () => {
    const actor = testActor("cav-aurora", "ANTI_VIOLENCE_CENTRE", ["CENTRE_OPERATOR"]);
    const headers = await assertionHeaders(actor, "anti-violence");
    const open = await postGraphQL(server.url, `mutation { openPathway(input: { identity: { givenName: "Anna", familyName: "Demo", preferredContact: PHONE } }) { id stage holder { id name } identity { givenName } } }`, {}, headers);
    console.log(JSON.stringify(open));
    const list = await postGraphQL(server.url, `{ pathways { nodes { id stage } pageInfo { hasNextPage } totalCount } organisations { id } }`, {}, headers);
    console.log(JSON.stringify(list));
    const none = await postGraphQL(server.url, `{ pathways { totalCount } }`);
    console.log(JSON.stringify(none));
    const other = await postGraphQL(server.url, `query($id: ID!) { pathway(id: $id) { id stage } }`, { id: open.data.openPathway.id }, await assertionHeaders(testActor("cav-ginestra", "ANTI_VIOLENCE_CENTRE", ["CENTRE_OPERATOR"]), "anti-violence"));
    console.log(JSON.stringify(other));
    expect(list.status).toBe(200);
  });
});
