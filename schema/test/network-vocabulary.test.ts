import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import {
  can,
  capabilitiesOf,
  caseHolderTypes,
  ceilingOf,
  isRole,
  NETWORK_VOCABULARY_PATH,
  networkVocabulary,
  parseNetworkVocabulary,
  readNetworkVocabulary,
  referralReceivingTypes,
  useNetworkVocabulary,
} from "../src/network-vocabulary.js";
import { DATA_CATEGORIES, HOLDER_ONLY_CATEGORIES } from "../src/vocabulary.js";

const file = () => parse(readFileSync(NETWORK_VOCABULARY_PATH, "utf8")) as { roles: Record<string, any>; organisationTypes: Record<string, any>; directory: any[] };
const read = (config: unknown) => parseNetworkVocabulary(stringify(config), "fixture.yaml");

const original = networkVocabulary();
afterEach(() => {
  useNetworkVocabulary(original);
});

describe("the network vocabulary (schema/network.yaml)", () => {
  it("reads the committed file: its ceilings as the privacy contract last reviewed them", () => {
    const vocabulary = readNetworkVocabulary();
    // The privacy contract is the reviewed record of every role's ceiling: an independent copy.
    const contract = JSON.parse(readFileSync(new URL("../privacy-contract.json", import.meta.url), "utf8")) as { ceilings: Record<string, string[]> };
    expect(Object.fromEntries([...vocabulary.roles.values()].map((r) => [r.name, [...r.ceiling].sort()]))).toEqual(contract.ceilings);
    expect(new Set(vocabulary.directory.map((o) => o.id)).size).toBe(vocabulary.directory.length);
  });

  it("grants the union of the caller's known roles, and nothing for an unknown one", () => {
    expect(capabilitiesOf(["SOMETHING_NEW"])).toEqual(capabilitiesOf([]));
    expect(can({ roles: ["SOMETHING_NEW"] }, "casework")).toBe(false);
    expect(isRole("SOMETHING_NEW")).toBe(false);
    // A counsellor who also sits on risk-assessment meetings: casework from one, break-glass from the other.
    const both = capabilitiesOf(["EMPLOYMENT_COUNSELLOR", "BREAK_GLASS"]);
    expect([both.casework, both.breakGlass, both.readsIndicators]).toEqual([true, true, "OWN_ORGANISATION"]);
    expect(capabilitiesOf(["CENTRE_OPERATOR", "DPO"]).readsAccessReports).toBe("ALL");
    expect([...ceilingOf(["CENTRE_OPERATOR"])].sort()).toEqual([...DATA_CATEGORIES].sort());
    expect([...ceilingOf(["EMPLOYMENT_COUNSELLOR"])].some((c) => HOLDER_ONLY_CATEGORIES.has(c))).toBe(false);
    expect(ceilingOf(["ANALYST", "NETWORK_ADMIN", "DPO"]).size).toBe(0);
  });

  it("says which types hold cases and which receive referrals", () => {
    expect(caseHolderTypes().sort()).toEqual(["ANTI_VIOLENCE_CENTRE", "SHELTER"]);
    expect(referralReceivingTypes()).not.toContain("CONTROL_ROOM");
    expect(referralReceivingTypes()).toContain("JOB_CENTRE");
  });

  it("runs with another file once told to: a role added there only is a caseworker", () => {
    const config = file();
    config.roles.TENANCY_OFFICER = { casework: true, ceiling: ["CASE_STATUS", "HOUSING"], readsIndicators: "OWN_ORGANISATION" };
    useNetworkVocabulary(read(config));
    expect(can({ roles: ["TENANCY_OFFICER"] }, "casework")).toBe(true);
    expect([...ceilingOf(["TENANCY_OFFICER"])].sort()).toEqual(["CASE_STATUS", "HOUSING"]);
    useNetworkVocabulary(original);
    expect(can({ roles: ["TENANCY_OFFICER"] }, "casework")).toBe(false);
  });

  it.each([
    ["an unknown data category", (c: any) => (c.roles.DPO.ceiling = ["CASE_STATUS", "GOSSIP"]), /role DPO\.ceiling: unknown data category GOSSIP/],
    ["a misspelt capability", (c: any) => (c.roles.ANALYST.readIndicators = "ALL"), /role ANALYST: unknown key readIndicators/],
    ["a capability that is not a boolean", (c: any) => (c.roles.ANALYST.casework = "yes"), /role ANALYST\.casework: must be true or false/],
    ["an unknown reach", (c: any) => (c.roles.ANALYST.readsIndicators = "SOME"), /readsIndicators: must be one of ALL, OWN_ORGANISATION, NONE/],
    ["a bad role name", (c: any) => (c.roles["centre operator"] = {}), /role centre operator: a role's name/],
    ["no roles", (c: any) => (c.roles = {}), /roles: the network declares no role/],
    ["a duplicate organisation id", (c: any) => c.directory.push({ ...c.directory[0], name: "Another" }), /organisation cav-aurora: duplicate id/],
    ["an undeclared organisation type", (c: any) => (c.directory[1].type = "HOSPITAL"), /organisation cav-ginestra\.type: type HOSPITAL is not declared/],
    ["an organisation without a name", (c: any) => delete c.directory[2].name, /organisation casa-rifugio-iris\.name: must be a non-empty string/],
    ["a negative staff count", (c: any) => (c.directory[3].operators = -1), /operators: must be a whole number/],
    ["an unknown top-level key", (c: any) => (c.rolez = {}), /unknown key rolez/],
  ])("refuses a file with %s, saying where", (_case, change, message) => {
    const config = file();
    change(config);
    expect(() => read(config)).toThrow(message);
    expect(() => read(config)).toThrow(/^fixture\.yaml: /);
  });
});
