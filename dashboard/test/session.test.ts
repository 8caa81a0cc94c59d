import { describe, expect, it } from "vitest";
import { readsWholeNetwork } from "../src/auth/session.js";

describe("which view the dashboard opens on", () => {
  it("opens on the whole network for the roles config.json names, by the network's vocabulary, not by a name in code", () => {
    expect(readsWholeNetwork({ roles: ["ANALYST"] }, ["ANALYST"])).toBe(true);
    expect(readsWholeNetwork({ roles: ["REGIONAL_OBSERVER"] }, ["ANALYST", "REGIONAL_OBSERVER"])).toBe(true);
    expect(readsWholeNetwork({ roles: ["ANALYST"] }, [])).toBe(false);
    expect(readsWholeNetwork({ roles: ["CENTRE_OPERATOR"] }, ["ANALYST"])).toBe(false);
  });
});
