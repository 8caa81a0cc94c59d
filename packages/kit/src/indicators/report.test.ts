import { describe, expect, it } from "vitest";
import { testActor } from "../testing/actors.js";
import { decideIndicatorRead, describeReport, reportKey } from "./report.js";

describe("who reads the indicators", () => {
  it("the control room's analysts read every breakdown, for monitoring only", () => {
    const analyst = testActor("cabina-di-regia", "CONTROL_ROOM", ["ANALYST"], "MONITORING");
    for (const breakdown of ["NETWORK", "ORGANISATION", "ORGANISATION_TYPE"] as const) {
      expect(decideIndicatorRead(analyst, breakdown)).toEqual({ decision: { allowed: true, basis: "MONITORING" } });
    }
    expect(decideIndicatorRead({ ...analyst, purpose: "JOB_PLACEMENT" }, "NETWORK").decision).toEqual({ allowed: false, reason: "PURPOSE" });
    expect(decideIndicatorRead({ ...analyst, purpose: null }, "NETWORK").decision).toEqual({ allowed: false, reason: "PURPOSE" });
  });

  it("an organisation's operators read their own row of the ORGANISATION breakdown only", () => {
    const operator = testActor("cpi-rho", "JOB_CENTRE", ["EMPLOYMENT_COUNSELLOR"], "MONITORING");
    expect(decideIndicatorRead(operator, "ORGANISATION")).toEqual({ decision: { allowed: true, basis: "OWNERSHIP" }, visibleOrganisationIds: ["cpi-rho"] });
    expect(decideIndicatorRead(operator, "NETWORK").decision).toEqual({ allowed: false, reason: "ROLE" });
    expect(decideIndicatorRead(operator, "ORGANISATION_TYPE").decision).toEqual({ allowed: false, reason: "ROLE" });
  });

  it("nobody else reads them", () => {
    for (const roles of [["DPO"], ["NETWORK_ADMIN"], ["BREAK_GLASS"], []] as const) {
      const caller = testActor("cabina-di-regia", "CONTROL_ROOM", [...roles], "MONITORING");
      expect(decideIndicatorRead(caller, "ORGANISATION").decision, roles.join()).toEqual({ allowed: false, reason: "ROLE" });
    }
  });
});

describe("a report's key", () => {
  it("is widened to whole periods and named without anyone's data", () => {
    const key = reportKey({ release: 3, from: "2025-02-14", to: "2025-05-02", granularity: "QUARTER", breakdown: "NETWORK" });
    expect(key).toEqual({ release: 3, from: "2025-01-01", to: "2025-06-30", granularity: "QUARTER", breakdown: "NETWORK" });
    expect(describeReport(key, "employment")).toBe("release 3 2025-01-01..2025-06-30 QUARTER NETWORK employment");
  });

  it("refuses reversed and overlong ranges as bad input, without echoing them", () => {
    for (const [from, to] of [["2025-06-01", "2025-01-01"], ["2019-01-01", "2025-12-31"]] as const) {
      try {
        reportKey({ release: 1, from, to, granularity: "MONTH", breakdown: "NETWORK" });
        expect.fail("accepted");
      } catch (error) {
        expect((error as { extensions?: { code?: string } }).extensions?.code).toBe("BAD_USER_INPUT");
        expect(String((error as Error).message)).not.toContain(from);
      }
    }
  });
});
