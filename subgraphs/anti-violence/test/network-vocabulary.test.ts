// Roles and the directory are network data (schema/network.yaml): a role or an organisation added
// there, and nowhere else, works here. The committed file is extended in memory, never edited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extendNetworkVocabulary, networkDirectory, useNetworkVocabulary, type NetworkVocabulary } from "@percorsi/schema";
import { openDatabase } from "@percorsi/kit/author";
import { denial, type SubgraphTester, testActor } from "@percorsi/kit/testing";
import { createAntiViolenceSubgraph } from "../src/server.js";
import { ReleaseRunner } from "../src/modules/indicator-report/release-runner.js";
import { ANTI_VIOLENCE_SECTIONS } from "../src/modules/indicators/index.js";
import { auroraPathways, startAntiViolence } from "./fixtures.js";

const NEW_CENTRE = { id: "cav-nuova-alba", name: "Centro Antiviolenza Nuova Alba", type: "ANTI_VIOLENCE_CENTRE", district: "Municipio 9" };
const NEW_HOUSING_BODY = { id: "casa-comune-nord", name: "Casa Comune Nord", type: "HOUSING_BODY", district: "Municipio 9", operators: 12 };

const coordinator = () => testActor("cav-aurora", "ANTI_VIOLENCE_CENTRE", ["CENTRE_COORDINATOR"], "EMPOWERMENT_PLAN", "coordinator-aurora");
const volunteer = () => testActor("cav-aurora", "ANTI_VIOLENCE_CENTRE", ["CENTRE_VOLUNTEER"], "EMPOWERMENT_PLAN", "volunteer-aurora");
const monitor = () => testActor("cabina-di-regia", "CONTROL_ROOM", ["NETWORK_MONITOR"], "MONITORING", "monitor");

const SET_STAGE = `mutation($id: ID!) { setPathwayStage(input: { pathwayId: $id, stage: FOLLOW_UP }) { id stage } }`;

let committed: NetworkVocabulary;
let subgraph: SubgraphTester;

beforeAll(async () => {
  committed = useNetworkVocabulary(
    extendNetworkVocabulary({
      roles: {
        // Named nowhere in code: what it may do is what the file says.
        CENTRE_COORDINATOR: { casework: true, ceiling: "ALL", readsIndicators: "OWN_ORGANISATION" },
        CENTRE_VOLUNTEER: { description: "Declared, with no capability yet" },
        NETWORK_MONITOR: { readsIndicators: "ALL" },
      },
      directory: [NEW_CENTRE, NEW_HOUSING_BODY],
    }),
  );
  subgraph = await startAntiViolence();
}, 120_000);

afterAll(async () => {
  await subgraph?.stop();
  useNetworkVocabulary(committed);
});

describe("the directory is loaded from the network's file at start", () => {
  it("lists every organisation of the directory, the new ones included, as the file has them", async () => {
    const response = await subgraph.as(coordinator()).query("{ organisations { id name type district } }");
    const listed = response.data.organisations as { id: string }[];
    expect(listed.map((o) => o.id).sort()).toEqual(networkDirectory().map((o) => o.id).sort());
    expect(listed).toContainEqual(NEW_CENTRE);
    expect(listed).toContainEqual({ id: NEW_HOUSING_BODY.id, name: NEW_HOUSING_BODY.name, type: NEW_HOUSING_BODY.type, district: NEW_HOUSING_BODY.district });
    const [stored] = await subgraph.db.query<{ operators: number }>("select operators from organisations where id = $1", [NEW_HOUSING_BODY.id]);
    expect(stored?.operators).toBe(12);
  });

  it("loads it into a store started without demo data too (the directory is not the demo's)", async () => {
    const bare = await createAntiViolenceSubgraph({ db: await openDatabase(), seed: false });
    try {
      const rows = await bare.db.query<{ id: string }>("select id from organisations order by id");
      expect(rows.map((r) => r.id)).toEqual(networkDirectory().map((o) => o.id).sort());
      expect(await bare.db.query("select 1 from pathways")).toHaveLength(0);
    } finally {
      await bare.stop();
      await bare.db.close();
    }
  }, 60_000);

  it("gives a new case-holder its own row in the indicators, by organisation", async () => {
    // The indicators are read from a release: the consent authority's own part, published here.
    await new ReleaseRunner(subgraph.db, ANTI_VIOLENCE_SECTIONS, []).runAllDue("2026-12-01");
    const query = `{ indicators(from: "2025-01-01", to: "2025-12-31", granularity: YEAR, breakdown: ORGANISATION) { intake { id cells { group } } } }`;
    const response = await subgraph.as(monitor()).query(query);
    expect(response.errors).toBeUndefined();
    const groups = new Set((response.data.indicators.intake as { cells: { group: string }[] }[]).flatMap((i) => i.cells.map((c) => c.group)));
    expect(groups).toContain(NEW_CENTRE.id);
    // A housing body holds no cases: the case-holders' sections have no row for it.
    expect(groups).not.toContain(NEW_HOUSING_BODY.id);
  });

  it("is an upsert: a restart with a changed entry updates it, and adds nothing twice", async () => {
    await subgraph.db.query("update organisations set name = 'stale', operators = null where id = $1", [NEW_HOUSING_BODY.id]);
    const before = await subgraph.count("organisations");
    const { loadDirectory } = await import("../src/modules/organisation/organisation.directory.js");
    await loadDirectory(subgraph.db);
    expect(await subgraph.count("organisations")).toBe(before);
    const [row] = await subgraph.db.query<{ name: string; operators: number }>("select name, operators from organisations where id = $1", [NEW_HOUSING_BODY.id]);
    expect(row).toEqual({ name: NEW_HOUSING_BODY.name, operators: 12 });
  });
});

describe("roles are data: the subgraph asks for capabilities", () => {
  const pathway = () => auroraPathways().find((p) => p.stage !== "CLOSED" && p.seal === null)!;

  it("lets a role added only in the file, with casework, write about her pathway", async () => {
    const response = await subgraph.as(coordinator()).query(SET_STAGE, { id: pathway().id });
    expect(response.errors).toBeUndefined();
    expect(response.data.setPathwayStage).toMatchObject({ id: pathway().id, stage: "FOLLOW_UP" });
  });

  it("refuses a declared role without capabilities, as it refuses an unknown one (ROLE)", async () => {
    for (const actor of [volunteer(), testActor("cav-aurora", "ANTI_VIOLENCE_CENTRE", ["NOT_IN_THE_FILE"], "EMPOWERMENT_PLAN")]) {
      const response = await subgraph.as(actor).query(SET_STAGE, { id: pathway().id });
      expect(response.data?.setPathwayStage ?? null).toBeNull();
      expect(denial(response.errors?.[0])).toEqual({ code: "FORBIDDEN", reason: "ROLE" });
    }
  });
});
