import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../subgraph/startup.js";
import { createServiceMetrics } from "./metrics.js";

describe("service metrics", () => {
  it("has no /metrics route at all without a token", () => {
    expect(createServiceMetrics().routes("")).toEqual({});
    expect(Object.keys(createServiceMetrics().routes("a-long-enough-metrics-token"))).toEqual(["/metrics"]);
  });

  it("refuses a token too short to be a secret", () => {
    expect(() => createServiceMetrics().routes("short")).toThrow(ConfigurationError);
  });

  it("reads the SQL statement counter of its store when scraped", async () => {
    const db = { roundTrips: 41 } as never;
    const metrics = createServiceMetrics({ db });
    expect(await metrics.text()).toMatch(/^percorsi_sql_statements_total 41$/m);
    expect(await metrics.text()).toMatch(/^process_cpu_seconds_total \d/m);
  });

  it("counts by a label whose values are fixed in code, and refuses any other", async () => {
    const metrics = createServiceMetrics();
    const refusals = metrics.counter("percorsi_test_refusals_total", "Refusals.", { name: "reason", values: ["a", "b"] as const });
    refusals.inc("a");
    refusals.inc("a");
    expect(await metrics.text()).toMatch(/^percorsi_test_refusals_total\{reason="a"\} 2$/m);
    expect(await metrics.text()).toMatch(/^percorsi_test_refusals_total\{reason="b"\} 0$/m);
    expect(() => refusals.inc("query { secret }" as never)).toThrow(/not among those declared/);
    expect(await metrics.text()).not.toContain("secret");
  });
});
