import { Kind, parse, type ObjectTypeDefinitionNode, type InterfaceTypeDefinitionNode, type ValueNode } from "graphql";
import { ORGANISATION_TYPES } from "@percorsi/schema";

/**
 * What the network's operations really cost, beyond "a field per object": the work a root field
 * does whatever its page size, the fetches the gateway makes to another subgraph, and the size
 * of an indicator report. One table, used by the gateway (with the supergraph's field owners)
 * and by every subgraph (without: each sees its own `_entities` sized by representations).
 *
 * Units: one field resolved on one object is 1; the weights were set from the time each costs on
 * the large demo network (2 cores), about 10 µs a unit: a page of 100 pathways with her stage
 * (one fetch each from the consent authority) ~200 ms, with her job-centre registration (a
 * receipt each) ~600 ms; `pathways` for a non-holder ~80-600 ms (visibility); an access report ~50 ms.
 */
export interface CostModel {
  /** Every request, before its fields: authentication, assertions, planning. */
  requestCost: number;
  /** A field's own work, per object it is resolved on, instead of 1 ("Type.field"). */
  fieldWeights: Readonly<Record<string, number>>;
  /** Types whose fields come with their object (a report cell's figures): the object counts this much, its fields 0. */
  packedTypes: Readonly<Record<string, number>>;
  /** One entity fetch: a field held by another subgraph than its parent's, per parent object. */
  entityFetch: number;
  /** A field that `@requires` another subgraph's field (the consent receipt): that fetch and its verification, per parent. */
  requiresFetch: number;
  /** Lists sized by a field's arguments: "Type.field" → { "InnerType.listField": items }. */
  sizedLists: Readonly<Record<string, (args: Readonly<Record<string, unknown>>) => Record<string, number>>>;
}

/**
 * Groups an indicator report has per period, by breakdown. ORGANISATION counts the directory's
 * size the network is planned for (the large demo has 15 organisations; a city network tens).
 */
export const REPORT_GROUPS: Readonly<Record<string, number>> = {
  NETWORK: 1,
  ORGANISATION_TYPE: ORGANISATION_TYPES.length,
  ORGANISATION: 20,
};

/** Periods between two days at a granularity (1 when a value is missing or malformed: the resolver refuses those). */
export function reportPeriods(from: unknown, to: unknown, granularity: unknown): number {
  const day = /^(\d{4})-(\d{2})-\d{2}$/;
  const a = typeof from === "string" ? day.exec(from) : null;
  const b = typeof to === "string" ? day.exec(to) : null;
  if (!a || !b) return 1;
  const months = (Number(b[1]) - Number(a[1])) * 12 + (Number(b[2]) - Number(a[2]));
  if (months < 0) return 1;
  if (granularity === "YEAR") return Number(b[1]) - Number(a[1]) + 1;
  if (granularity === "QUARTER") return Math.floor((Number(b[2]) - 1) / 3) - Math.floor((Number(a[2]) - 1) / 3) + (Number(b[1]) - Number(a[1])) * 4 + 1;
  return months + 1;
}

export const NETWORK_COST_MODEL: CostModel = {
  requestCost: 100,
  fieldWeights: {
    // Visibility over every consent and referral naming the caller's organisation, per page.
    "Query.pathways": 20_000,
    "Query.incomingReferrals": 4_000,
    "Query.jobCentreCaseload": 2_000,
    "Query.trainingCaseload": 2_000,
    // Three audit logs read, merged and aggregated for one pathway.
    "Query.accessReport": 8_000,
    // One report, each section one set of queries over the seeded span.
    "Query.indicators": 1_000,
    "Query.pathway": 50,
  },
  // A cell is a count (and its suppression) over the cohort: a year by month and organisation ~0.8 s.
  packedTypes: { IndicatorCell: 2 },
  entityFetch: 200,
  requiresFetch: 400,
  sizedLists: {
    "Query.indicators": (args) => {
      const periods = reportPeriods(args.from, args.to, args.granularity ?? "MONTH");
      const groups = REPORT_GROUPS[String(args.breakdown ?? "NETWORK")] ?? REPORT_GROUPS.ORGANISATION!;
      return { "Indicator.cells": periods * groups, "IndicatorReport.periods": periods };
    },
  },
};

/** Where a field is resolved: its subgraphs, and whether it `@requires` fields of another (the consent receipt). */
export interface FieldPlacement {
  graphs: readonly string[];
  requires: boolean;
}

/** "Type.field" → its placement; a field absent from the map resolves wherever its parent is. */
export type FieldOwners = ReadonlyMap<string, FieldPlacement>;

/**
 * The subgraphs resolving each field, from the supergraph's `@join__field(graph:)` (a field
 * without one belongs to every subgraph that defines its type, `@join__type`).
 */
export function fieldOwnersFromSupergraph(supergraphSdl: string): FieldOwners {
  const owners = new Map<string, FieldPlacement>();
  const graphsOf = (directives: readonly { name: { value: string }; arguments?: readonly { name: { value: string }; value: ValueNode }[] }[] | undefined, name: string) =>
    (directives ?? [])
      .filter((d) => d.name.value === name)
      // An @external copy is not resolved there.
      .filter((d) => !d.arguments?.some((a) => a.name.value === "external" && a.value.kind === Kind.BOOLEAN && a.value.value))
      .map((d) => d.arguments?.find((a) => a.name.value === "graph")?.value)
      .filter((v): v is ValueNode & { kind: Kind.ENUM } => v?.kind === Kind.ENUM)
      .map((v) => v.value);
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    const type = definition as ObjectTypeDefinitionNode | InterfaceTypeDefinitionNode;
    const typeGraphs = graphsOf(type.directives, "join__type");
    for (const field of type.fields ?? []) {
      const own = graphsOf(field.directives, "join__field");
      const requires = (field.directives ?? []).some((d) => d.name.value === "join__field" && d.arguments?.some((a) => a.name.value === "requires"));
      owners.set(`${type.name.value}.${field.name.value}`, { graphs: own.length > 0 ? own : typeGraphs, requires });
    }
  }
  return owners;
}
