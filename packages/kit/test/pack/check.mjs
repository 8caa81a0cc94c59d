// Run in a folder where @percorsi/kit and @percorsi/schema were installed from their tarballs:
// starts the subgraph built here, runs the network's conformance checks against it over HTTP,
// then writes under the write rule and reads the write back. Results go to argv[2] as JSON.
import { writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { openDatabase } from "@percorsi/kit/author";
import { postAsGateway, runConformance, testActor, testReceipt } from "@percorsi/kit/testing";
import { compositionErrorsWithPublished } from "@percorsi/schema/compose";
import { createJobClubSubgraph, SUBGRAPH_NAME } from "./dist/job-club.js";

const db = await openDatabase();
const subgraph = await createJobClubSubgraph({ db });
const { url } = await subgraph.listen(0, "127.0.0.1");
const results = await runConformance({ name: SUBGRAPH_NAME, url, composesWith: async (sdl) => compositionErrorsWithPublished(SUBGRAPH_NAME, sdl) });

// The write rule, outside the repository: refused without her receipt, done with one.
const centre = "centro-impiego-test";
const counsellor = () => testActor(centre, "JOB_CENTRE", ["EMPLOYMENT_COUNSELLOR"], "JOB_PLACEMENT");
const pathwayId = randomUUID();
const heldOn = "2026-01-15";
const write = `mutation($input: RecordJobClubSessionInput!) { recordJobClubSession(input: $input) { id } }`;
const variables = { input: { pathwayId, heldOn } };
const referred = { holder: "cav-test", referralPurposes: ["JOB_PLACEMENT"] };
const refused = await postAsGateway(url, counsellor(), SUBGRAPH_NAME, write, variables);
const rowsAfterRefusal = (await db.query("select count(*)::int as n from job_club_sessions"))[0].n;
const actor = counsellor();
const written = await postAsGateway(url, actor, SUBGRAPH_NAME, write, variables, { [pathwayId]: await testReceipt(actor, pathwayId, referred) });
const reader = counsellor();
const read = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Pathway { jobClubSessions } } }`;
const readBack = await postAsGateway(url, reader, SUBGRAPH_NAME, read, {
  r: [{ __typename: "Pathway", id: pathwayId, consentReceipt: await testReceipt(reader, pathwayId, referred) }],
});
const check = (name, problem) => results.push({ check: name, passed: problem === null, detail: problem ?? "ok" });
check("refuses a write without her receipt", refused.errors?.[0]?.extensions?.code === "FORBIDDEN" && rowsAfterRefusal === 0 ? null : JSON.stringify(refused).slice(0, 300));
check("writes with her receipt", written.data?.recordJobClubSession?.id === pathwayId ? null : JSON.stringify(written).slice(0, 300));
check("reads the write back", JSON.stringify(readBack.data?._entities?.[0]?.jobClubSessions) === JSON.stringify([heldOn]) ? null : JSON.stringify(readBack).slice(0, 300));

await subgraph.stop();
await db.close();
writeFileSync(process.argv[2] ?? "conformance.json", JSON.stringify(results, null, 2));
