import { buildSchema, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { checkCost, fieldOwnersFromSupergraph, GATEWAY_LIMITS, LIMIT_CODES, NETWORK_COST_MODEL, operationCost, reportPeriods, REPORT_GROUPS } from "@percorsi/kit";
import { readApiSchema, readSupergraph } from "@percorsi/schema/supergraph";
import persisted from "../../dashboard/src/gql/persisted-documents.json" with { type: "json" };

const schema = buildSchema(readApiSchema());
const owners = fieldOwnersFromSupergraph(readSupergraph());
const cost = (query: string, variables: Record<string, unknown> = {}) =>
  operationCost(schema, parse(query), undefined, variables, { ...GATEWAY_LIMITS, maxCost: Number.MAX_SAFE_INTEGER }, owners);
const W = NETWORK_COST_MODEL.fieldWeights;
const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(" ")} }`;
const SECTIONS = ["intake", "plans", "referrals", "autonomy", "rights", "employment", "employers", "training", "operatorTraining"];
const dashboardReport = Object.values(persisted).find((text) => text.includes("query IndicatorReport"))!;

describe("the cost model counts what a request really costs", () => {
  it("counts a root field's own work, list sizes as asked, and a fetch per parent from another subgraph", () => {
    // A field that @requires her consent receipt: the receipt's fetch and verification, per parent.
    expect(cost(`{ jobCentreCaseload(first: 10) { nodes { id jobSeeker { status } } } }`)).toBe(
      NETWORK_COST_MODEL.requestCost + W["Query.jobCentreCaseload"]! + 1 + 10 * (1 + 1 + NETWORK_COST_MODEL.requiresFetch + 1),
    );
    // By hand: the request, the caseload's work, nodes once, then per node id (employment),
    // one fetch to anti-violence for stage and holder, stage, holder, holder.name.
    const expected = NETWORK_COST_MODEL.requestCost + W["Query.jobCentreCaseload"]! + 1 + 100 * (1 + NETWORK_COST_MODEL.entityFetch + 1 + 1 + 1);
    expect(cost(`{ jobCentreCaseload(first: 100) { nodes { id stage holder { name } } } }`)).toBe(expected);
    // Same subgraph, no fetch: pathways' nodes and their stage are anti-violence's.
    expect(cost(`{ pathways(first: 10) { nodes { id stage } } }`)).toBe(NETWORK_COST_MODEL.requestCost + W["Query.pathways"]! + 1 + 10 * 2);
    // The default page size when none is asked.
    expect(cost(`{ pathways { nodes { id } } }`)).toBe(NETWORK_COST_MODEL.requestCost + W["Query.pathways"]! + 1 + 20);
  });

  it("sizes an indicator report by span × granularity × breakdown × sections", () => {
    expect(reportPeriods("2021-01-01", "2025-12-31", "MONTH")).toBe(60);
    expect(reportPeriods("2025-02-10", "2025-11-03", "QUARTER")).toBe(4);
    expect(reportPeriods("2021-01-01", "2025-12-31", "YEAR")).toBe(5);
    const report = (from: string, to: string, granularity: string, breakdown: string, sections = SECTIONS) =>
      cost(`{ indicators(from: "${from}", to: "${to}", granularity: ${granularity}, breakdown: ${breakdown}) { ${sections.map((s) => `${s} { id cells { value suppressed } }`).join(" ")} } }`);
    const oneSection = report("2025-01-01", "2025-12-31", "MONTH", "ORGANISATION", ["intake"]);
    // 10 indicators (default) × 12 months × the groups of the breakdown, each cell its weight.
    const cell = NETWORK_COST_MODEL.packedTypes.IndicatorCell!;
    expect(oneSection).toBe(NETWORK_COST_MODEL.requestCost + W["Query.indicators"]! + 1 + 10 * (1 + 1 + 12 * REPORT_GROUPS.ORGANISATION! * cell));
    const base = NETWORK_COST_MODEL.requestCost + W["Query.indicators"]!;
    // Employment's and training's sections are one fetch each to their subgraph (read from its stored release).
    expect(report("2025-01-01", "2025-12-31", "MONTH", "ORGANISATION")).toBe(
      base + SECTIONS.length * (oneSection - base) + 2 * NETWORK_COST_MODEL.entityFetch,
    );
    expect(report("2021-01-01", "2025-12-31", "MONTH", "ORGANISATION")).toBeGreaterThan(4 * report("2025-01-01", "2025-12-31", "MONTH", "ORGANISATION"));
    expect(report("2025-01-01", "2025-12-31", "MONTH", "NETWORK")).toBeLessThan(report("2025-01-01", "2025-12-31", "MONTH", "ORGANISATION") / 5);
  });

  it("refuses the issue's heavy requests or keeps them within one request's limit", () => {
    const max = GATEWAY_LIMITS.maxCost;
    // Thirty aliased caseloads of 100, with her stage and holder from the consent authority: refused.
    expect(cost(aliases(30, "jobCentreCaseload(first: 100) { nodes { id stage holder { name } jobSeeker { status skills } } }"))).toBeGreaterThan(max);
    // The dashboard's own operation, five years monthly by organisation: refused.
    const fiveYears = { from: "2021-01-01", to: "2025-12-31", granularity: "MONTH", breakdown: "ORGANISATION" };
    expect(cost(dashboardReport, fiveYears)).toBeGreaterThan(max);
    // The dashboard offers that range: the API says the report is too large, and how to ask for less.
    const refusal = checkCost(schema, parse(dashboardReport), undefined, fiveYears, GATEWAY_LIMITS, owners);
    expect(refusal?.extensions.code).toBe(LIMIT_CODES.report);
    expect(refusal?.message).toMatch(/shorter range, a coarser granularity/);
    expect(checkCost(schema, parse(aliases(30, "pathways(first: 1) { nodes { id } }")), undefined, {}, GATEWAY_LIMITS, owners)?.extensions.code).toBe(LIMIT_CODES.cost);
    // Thirty `pathways(first: 1)` and thirty access reports are no longer 30 × a few fields.
    expect(cost(aliases(30, "pathways(first: 1) { nodes { id stage } }"))).toBeGreaterThan(30 * W["Query.pathways"]!);
    expect(cost(aliases(30, `accessReport(pathwayId: "p") { antiViolence { decision } }`))).toBeGreaterThan(30 * W["Query.accessReport"]!);
  });

  it("keeps the dashboard's operation allowed for the ranges it offers by default, and the operators' everyday pages", () => {
    const max = GATEWAY_LIMITS.maxCost;
    for (const breakdown of ["NETWORK", "ORGANISATION_TYPE", "ORGANISATION"]) {
      expect(cost(dashboardReport, { from: "2025-01-01", to: "2025-12-31", granularity: "MONTH", breakdown }), breakdown).toBeLessThan(max);
      expect(cost(dashboardReport, { from: "2021-01-01", to: "2025-12-31", granularity: "YEAR", breakdown }), breakdown).toBeLessThan(max);
    }
    expect(cost(dashboardReport, { from: "2021-01-01", to: "2025-12-31", granularity: "QUARTER", breakdown: "ORGANISATION" })).toBeLessThan(max);
    // A caseload of 100 with her stage, holder and registration (a receipt each): one such page at a time.
    expect(cost(`{ jobCentreCaseload(first: 100) { totalCount nodes { id stage holder { name } jobSeeker { status skills } } } }`)).toBeLessThan(max);
    expect(cost(`{ jobCentreCaseload(first: 20) { totalCount nodes { id stage holder { name } jobSeeker { status skills } } } }`)).toBeLessThan(max / 5);
    expect(
      cost(`{ pathways(first: 100) { totalCount nodes { id stage openedOn holder { name }
        needsAssessment { educationLevel availability } plan { signedOn goals { area status responsibleOrganisation { name } } }
        referrals { status purpose to { name } } } } }`),
    ).toBeLessThan(max);
  });
});
