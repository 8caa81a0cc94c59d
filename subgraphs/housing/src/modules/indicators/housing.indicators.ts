import { daysBetween, type IndicatorDefinition, type IndicatorEvent, type IndicatorSection, type SectionInput } from "@percorsi/kit/author";
import type { HousingLoaders } from "../../context.js";

// Housing autonomy: housing bodies' needs assessed, applications and allocations, and the days
// from application to allocation, counted only for pathways in the reporting cohort. Read from
// the housing body's own system through the registry's loaders: one call per entity per batch
// of cohort pathways.

const SECTION = "housing";
const SOURCE = "housing";
const CONSENT = "Only pathways whose woman granted reporting consent count.";

export const HOUSING_INDICATORS = {
  needs: "housing.needs_assessed",
  applications: "housing.applications",
  allocations: "housing.allocations",
  daysToAllocation: "housing.days_to_allocation",
} as const;

const ids = HOUSING_INDICATORS;

export const HOUSING_DEFINITIONS: readonly IndicatorDefinition[] = [
  {
    id: ids.needs,
    section: SECTION,
    kind: "COUNT",
    unit: "COUNT",
    title: "Housing needs assessed",
    numerator: "Housing needs a housing body assessed for a woman.",
    dateRule: "The day of the assessment (assessed_on).",
    source: SOURCE,
    notes: `${CONSENT} The need belongs to the housing body that assessed it.`,
  },
  {
    id: ids.applications,
    section: SECTION,
    kind: "COUNT",
    unit: "COUNT",
    title: "Housing applications",
    numerator: "Applications for social or protected housing, whatever became of them.",
    dateRule: "The day the application was submitted (submitted_on).",
    source: SOURCE,
    notes: CONSENT,
  },
  {
    id: ids.allocations,
    section: SECTION,
    kind: "COUNT",
    unit: "COUNT",
    title: "Homes allocated",
    numerator: "Homes allocated to women on their applications.",
    dateRule: "The day the home was allocated (allocated_on).",
    source: SOURCE,
    notes: `${CONSENT} The values of the median days to allocation are these allocations.`,
  },
  {
    id: ids.daysToAllocation,
    section: SECTION,
    kind: "MEDIAN",
    unit: "DAYS",
    title: "Median days from application to allocation",
    numerator: "For each allocation: the days from the application it answers (submitted_on) to the allocation (allocated_on).",
    dateRule: "The day the home was allocated (allocated_on).",
    source: SOURCE,
    notes: `${CONSENT} An allocation whose application the housing body's system does not return has no value.`,
    median: { countOf: ids.allocations },
  },
];

/** Three registry calls per batch of cohort pathways (needs, applications, allocations), never one per pathway. */
async function housingEvents({ cohort, years, organisations, loaders }: SectionInput): Promise<IndicatorEvent[]> {
  const registry = loaders as HousingLoaders;
  const pathwayIds = cohort.pathways.map((p) => p.id);
  const [needs, applications, allocations] = await Promise.all([
    registry.load.needs.loadMany(pathwayIds),
    registry.load.applications.loadMany(pathwayIds),
    registry.load.allocations.loadMany(pathwayIds),
  ]);
  const mine = new Set(organisations.map((o) => o.id));
  const inYears = (day: string) => years.includes(Number(day.slice(0, 4)));
  const all = <T>(lists: (T[] | Error)[]): T[] =>
    lists.flatMap((list) => {
      if (list instanceof Error) throw list;
      return list;
    });
  const events: IndicatorEvent[] = [];
  for (const need of all(needs)) {
    if (mine.has(need.housingBodyId) && inYears(need.assessedOn)) events.push({ indicator: ids.needs, on: need.assessedOn, organisationId: need.housingBodyId, pathwayId: need.pathwayId });
  }
  const submitted = new Map<string, string>();
  for (const application of all(applications)) {
    submitted.set(application.id, application.submittedOn);
    if (mine.has(application.housingBodyId) && inYears(application.submittedOn)) {
      events.push({ indicator: ids.applications, on: application.submittedOn, organisationId: application.housingBodyId, pathwayId: application.pathwayId });
    }
  }
  for (const allocation of all(allocations)) {
    if (!mine.has(allocation.housingBodyId) || !inYears(allocation.allocatedOn)) continue;
    const at = { on: allocation.allocatedOn, organisationId: allocation.housingBodyId, pathwayId: allocation.pathwayId };
    events.push({ indicator: ids.allocations, ...at });
    const from = submitted.get(allocation.applicationId);
    if (from) events.push({ indicator: ids.daysToAllocation, ...at, value: daysBetween(from, allocation.allocatedOn) });
  }
  return events;
}

export const housingSection: IndicatorSection = {
  name: SECTION,
  description: "Housing bodies: women's housing needs, applications for social or protected housing and the homes allocated (housing autonomy).",
  organisationTypes: ["HOUSING_BODY"],
  definitions: HOUSING_DEFINITIONS,
  events: housingEvents,
};
