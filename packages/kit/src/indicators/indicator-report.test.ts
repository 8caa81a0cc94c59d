import "reflect-metadata";
import { graphql, type GraphQLSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { buildSchema, Query, Resolver } from "type-graphql";
import type { SubgraphContext } from "../context.js";
import { CONSENT_AUTHORITY_KEY_NAME } from "../consent/receipt.js";
import { testActor } from "../testing/actors.js";
import { loadSigningKey } from "../trust/keys.js";
import { signReportingCohort } from "./cohort.js";
import { defineIndicatorReportPart, indicatorSectionResolvers } from "./indicator-report.js";
import { describeReport } from "./report.js";
import type { IndicatorDefinition, IndicatorEvent, IndicatorSection, ReportingCohort } from "./types.js";

// Each generated section field answers with its own section's definitions and figures. type-graphql
// binds a field resolver by its method's name: when every section's method was called `section`,
// every field answered with the first section's indicators (issue 14).

const KEY = { from: "2025-01-01", to: "2025-12-31", granularity: "YEAR", breakdown: "NETWORK" } as const;
const cohort: ReportingCohort = { organisations: [{ id: "org-a", type: "JOB_CENTRE", operators: 40 }], pathways: [], threshold: 10 };

/** A section with one COUNT, `<name>.things`, and `count` events in 2025 at org-a. */
function section(name: string, count: number): IndicatorSection {
  const definition: IndicatorDefinition = {
    id: `${name}.things`,
    section: name,
    kind: "COUNT",
    unit: "COUNT",
    title: `Things of ${name}`,
    numerator: `Things ${name} counts.`,
    dateRule: "The day of the thing.",
    source: "probe",
    // Exact counts: this test is about which section answers, not about the perturbation.
    involvesNoWoman: true,
  };
  const events = Array.from({ length: count }, (): IndicatorEvent => ({ indicator: definition.id, on: "2025-03-15", organisationId: "org-a" }));
  return { name, description: `Section ${name}.`, organisationTypes: ["JOB_CENTRE"], definitions: [definition], events: async () => events };
}
const SECTIONS = [section("alpha", 11), section("beta", 22), section("gamma", 33)];

const QUERY = (root: string) => `{ ${root} { ${SECTIONS.map((s) => `${s.name} { id cells { period group value } }`).join(" ")} } }`;
const context = (): SubgraphContext<unknown> =>
  ({ actor: testActor("cabina", "CONTROL_ROOM", ["ANALYST"], "MONITORING"), audit: { recordIndicatorRead() {} } }) as unknown as SubgraphContext<unknown>;

function expectEachSectionItsOwn(data: Record<string, unknown> | null | undefined) {
  expect(data).toBeTruthy();
  for (const [k, s] of SECTIONS.entries()) {
    expect(data![s.name], s.name).toEqual([{ id: `${s.name}.things`, cells: [{ period: "2025", group: "NETWORK", value: 11 * (k + 1) }] }]);
  }
}

async function run(schema: GraphQLSchema, root: string) {
  const result = await graphql({ schema, source: QUERY(root), contextValue: context() });
  expect(result.errors).toBeUndefined();
  return result.data as Record<string, Record<string, unknown>>;
}

describe("a report's section fields", () => {
  it("each answer their own section's indicators (the consent authority's own sections)", async () => {
    const { IndicatorReport } = defineIndicatorReportPart([]);
    @Resolver()
    class ProbeReportResolver {
      @Query(() => IndicatorReport)
      probeReport(): object {
        return Object.assign(new IndicatorReport(), KEY);
      }
    }
    const sectionResolvers = indicatorSectionResolvers(IndicatorReport, SECTIONS, async () => cohort, { requiresCohort: false });
    const schema = await buildSchema({ resolvers: [ProbeReportResolver, ...sectionResolvers] as [Function, ...Function[]], validate: false });
    expectEachSectionItsOwn((await run(schema, "probeReport")).probeReport);
  });

  it("each answer their own section's indicators (a report part, on the planner's signed cohort)", async () => {
    const { IndicatorReport, indicatorResolvers } = defineIndicatorReportPart(SECTIONS);
    const ctx = context();
    const token = signReportingCohort(await loadSigningKey(CONSENT_AUTHORITY_KEY_NAME), ctx.actor, describeReport(KEY), cohort);
    @Resolver()
    class ProbePartResolver {
      @Query(() => IndicatorReport)
      probePart(): object {
        return Object.assign(new IndicatorReport(), KEY, { reportingCohort: token });
      }
    }
    const schema = await buildSchema({ resolvers: [ProbePartResolver, ...indicatorResolvers] as [Function, ...Function[]], validate: false });
    const result = await graphql({ schema, source: QUERY("probePart"), contextValue: ctx });
    expect(result.errors).toBeUndefined();
    expectEachSectionItsOwn((result.data as Record<string, Record<string, unknown>>).probePart);
  });

  it("refuses two sections of one name", () => {
    const { IndicatorReport } = defineIndicatorReportPart([]);
    expect(() => indicatorSectionResolvers(IndicatorReport, [section("alpha", 1), section("alpha", 2)], async () => cohort, { requiresCohort: false })).toThrow(
      /alpha is declared twice/,
    );
  });
});
