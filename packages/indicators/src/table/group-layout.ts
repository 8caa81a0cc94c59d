import { NETWORK_GROUP, type Breakdown, type ReportOrganisation } from "../types.js";

// The table's rows: NETWORK, organisation types, organisations (sorted, so the table is the same
// whatever order the directory came in), and which of them a breakdown and a caller may list.

export interface GroupLayout {
  /** NETWORK at 0, then the types present, then the organisations. */
  labels: string[];
  size: number;
  typeGroups: number[];
  organisationGroups: number[];
  /** For each type group, its organisation groups. */
  membersOfType: Map<number, number[]>;
  groupOfOrganisation: Map<string, number>;
  /** Σ operators of each group's organisations; null when one of them has no figure. */
  operators: (number | null)[];
}

export function groupLayout(organisations: readonly ReportOrganisation[]): GroupLayout {
  const sorted = [...organisations].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const types = [...new Set(sorted.map((organisation) => organisation.type))].sort();
  const labels = [NETWORK_GROUP, ...types, ...sorted.map((organisation) => organisation.id)];
  if (new Set(labels).size !== labels.length) throw new Error("organisation ids and types must be distinct (and not NETWORK)");
  const typeGroups = types.map((_, k) => 1 + k);
  const organisationGroups = sorted.map((_, k) => 1 + types.length + k);
  const groupOfOrganisation = new Map(sorted.map((organisation, k) => [organisation.id, organisationGroups[k]!]));
  const membersOfType = new Map<number, number[]>(typeGroups.map((group) => [group, []]));
  sorted.forEach((organisation, k) => membersOfType.get(1 + types.indexOf(organisation.type))!.push(organisationGroups[k]!));
  const figure = (members: readonly ReportOrganisation[]): number | null =>
    members.some((organisation) => organisation.operators === null || organisation.operators === undefined)
      ? null
      : members.reduce((sum, organisation) => sum + organisation.operators!, 0);
  const operators = [
    figure(sorted),
    ...types.map((type) => figure(sorted.filter((organisation) => organisation.type === type))),
    ...sorted.map((organisation) => figure([organisation])),
  ];
  return { labels, size: labels.length, typeGroups, organisationGroups, membersOfType, groupOfOrganisation, operators };
}

/** The groups a breakdown lists; `visible` (an operator's own organisations) narrows it. */
export function askedGroups(layout: GroupLayout, breakdown: Breakdown, visible: readonly string[] | undefined): number[] {
  if (breakdown === "ORGANISATION") {
    if (visible === undefined) return layout.organisationGroups;
    const allowed = new Set(visible);
    return layout.organisationGroups.filter((group) => allowed.has(layout.labels[group]!));
  }
  // Another breakdown mixes other organisations' figures: nothing for a caller limited to its own.
  if (visible !== undefined) return [];
  return breakdown === "NETWORK" ? [0] : layout.typeGroups;
}
