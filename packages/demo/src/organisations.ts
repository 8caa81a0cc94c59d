// The fictional users of the demo network, and which of the directory's organisations its
// stories take place at. Every name is invented.

import { networkDirectory } from "@percorsi/schema";
import { readNetwork } from "@percorsi/schema/network";
import type { DemoOrganisation, DemoUser } from "./types.js";

/**
 * The directory's organisations the small demo network's stories take place at. The
 * organisations themselves (names, types, districts, staff) are network data: the directory of
 * schema/network.yaml, which every subgraph loads at start.
 */
const DEMO_ORGANISATION_IDS = [
  "cav-aurora",
  "cav-ginestra",
  "casa-rifugio-iris",
  "cpi-milano-centro",
  "cpi-rho",
  "formazione-atelier",
  "formazione-ponte",
  "cabina-di-regia",
  // A housing body: its data lives in its own system (services/housing-registry), behind the housing subgraph.
  "casa-comune",
];

/** Those only the large network adds (so per-organisation figures have neighbours to compare with). */
const DEMO_LARGE_ORGANISATION_IDS = [
  "cav-libellula",
  "cav-camelia",
  "cav-ortensia",
  "casa-rifugio-glicine",
  "cpi-milano-navigli",
  "cpi-sesto",
  "formazione-lanterna",
];

function fromDirectory(ids: readonly string[]): DemoOrganisation[] {
  const directory = networkDirectory();
  return ids.map((id) => {
    const organisation = directory.find((o) => o.id === id);
    if (!organisation) throw new Error(`the demo network needs organisation ${id} in the directory (schema/network.yaml)`);
    const { operators, ...rest } = organisation;
    return operators === null ? { ...rest } : { ...rest, operators };
  });
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = fromDirectory(DEMO_ORGANISATION_IDS);

export const DEMO_USERS: DemoUser[] = [
  {
    id: "op-aurora",
    displayName: "Marta Rovegno",
    organisationId: "cav-aurora",
    roles: ["CENTRE_OPERATOR"],
    description: "Operator at an anti-violence centre: opens pathways, assesses needs, writes plans, sends referrals",
  },
  {
    id: "op-ginestra",
    displayName: "Elena Castelvetri",
    organisationId: "cav-ginestra",
    roles: ["CENTRE_OPERATOR"],
    description: "Operator at a second anti-violence centre, holding its own pathways",
  },
  {
    id: "op-iris",
    displayName: "Sara Monteleoni",
    organisationId: "casa-rifugio-iris",
    roles: ["CENTRE_OPERATOR"],
    description: "Operator at a shelter, holding the pathways of the women hosted there",
  },
  {
    id: "op-cpi-centro",
    displayName: "Luca Ferrandini",
    organisationId: "cpi-milano-centro",
    roles: ["EMPLOYMENT_COUNSELLOR"],
    description: "Employment counsellor at a job centre: answers job referrals, registers job seekers, follows placements and employers",
  },
  {
    id: "op-cpi-rho",
    displayName: "Paola Brusadelli",
    organisationId: "cpi-rho",
    roles: ["EMPLOYMENT_COUNSELLOR"],
    description: "Employment counsellor at a second job centre",
  },
  {
    id: "op-training",
    displayName: "Chiara Valsecchina",
    organisationId: "formazione-atelier",
    roles: ["TRAINING_OPERATOR"],
    description: "Training operator: answers training referrals, runs courses and enrolments",
  },
  {
    id: "op-ponte",
    displayName: "Davide Orsenigo",
    organisationId: "formazione-ponte",
    roles: ["TRAINING_OPERATOR"],
    description: "Training operator at a second training body",
  },
  {
    id: "op-casa",
    displayName: "Bianca Sormani",
    organisationId: "casa-comune",
    roles: ["HOUSING_OPERATOR"],
    description: "Housing operator at a housing body: answers housing referrals, records housing needs and applications",
  },
  {
    id: "analyst",
    displayName: "Giorgia Lambertenghi",
    organisationId: "cabina-di-regia",
    roles: ["ANALYST"],
    description: "Analyst at the network's control room: monitors the network through aggregate indicators",
  },
  {
    id: "admin",
    displayName: "Franco Belgioiosi",
    organisationId: "cabina-di-regia",
    roles: ["NETWORK_ADMIN"],
    description: "Administrator at the network's control room: manages organisations and users",
  },
  {
    id: "risk-cpi-centro",
    displayName: "Irene Campagnoli",
    organisationId: "cpi-milano-centro",
    roles: ["EMPLOYMENT_COUNSELLOR", "BREAK_GLASS"],
    description:
      "Employment counsellor who sits on the network's risk-assessment meetings: may read on a legal basis other than consent, stating a reason",
  },
  {
    id: "dpo",
    displayName: "Nicoletta Baragiola",
    organisationId: "cabina-di-regia",
    roles: ["DPO"],
    description: "The network's data protection officer: reads access reports, never case data",
  },
];

/** The organisations only the large network has, after the small network's own. */
export const DEMO_LARGE_ORGANISATIONS: DemoOrganisation[] = fromDirectory(DEMO_LARGE_ORGANISATION_IDS);

/** One operator at each organisation of the large network only (its primary user, see `userOf`). */
export const DEMO_LARGE_USERS: DemoUser[] = [
  { id: "op-libellula", displayName: "Giulia Morandotti", organisationId: "cav-libellula", roles: ["CENTRE_OPERATOR"], description: "Operator at a third anti-violence centre (large network only)" },
  { id: "op-camelia", displayName: "Anna Perseghini", organisationId: "cav-camelia", roles: ["CENTRE_OPERATOR"], description: "Operator at a fourth anti-violence centre (large network only)" },
  { id: "op-ortensia", displayName: "Rosa Ciapparelli", organisationId: "cav-ortensia", roles: ["CENTRE_OPERATOR"], description: "Operator at a fifth anti-violence centre (large network only)" },
  { id: "op-glicine", displayName: "Laura Bonvecchiati", organisationId: "casa-rifugio-glicine", roles: ["CENTRE_OPERATOR"], description: "Operator at a second shelter (large network only)" },
  { id: "op-cpi-navigli", displayName: "Marco Gallarotti", organisationId: "cpi-milano-navigli", roles: ["EMPLOYMENT_COUNSELLOR"], description: "Employment counsellor at a third job centre (large network only)" },
  { id: "op-cpi-sesto", displayName: "Silvia Pozzobonelli", organisationId: "cpi-sesto", roles: ["EMPLOYMENT_COUNSELLOR"], description: "Employment counsellor at a fourth job centre (large network only)" },
  { id: "op-lanterna", displayName: "Tommaso Vigorelli", organisationId: "formazione-lanterna", roles: ["TRAINING_OPERATOR"], description: "Training operator at a third training body (large network only)" },
];

/**
 * Demo users a subgraph's manifest entry declares (`demo_users:` in schema/supergraph.yaml): a
 * signatory's operators sign in to the demo without code here. They only sign in; the demo's
 * stories do not take place at their organisations.
 */
const MANIFEST_USERS: DemoUser[] = readNetwork()
  .flatMap((subgraph) => subgraph.demoUsers)
  .filter((user) => ![...DEMO_USERS, ...DEMO_LARGE_USERS].some((known) => known.id === user.id));

/** The directory's organisations of those users that the demo's stories do not already have. */
const MANIFEST_ORGANISATIONS: DemoOrganisation[] = fromDirectory(
  [...new Set(MANIFEST_USERS.map((user) => user.organisationId))].filter((id) => ![...DEMO_ORGANISATION_IDS, ...DEMO_LARGE_ORGANISATION_IDS].includes(id)),
);

export function organisationById(id: string): DemoOrganisation {
  const organisation = [...DEMO_ORGANISATIONS, ...DEMO_LARGE_ORGANISATIONS, ...MANIFEST_ORGANISATIONS].find((o) => o.id === id);
  if (!organisation) throw new Error(`unknown demo organisation: ${id}`);
  return organisation;
}

/**
 * The primary demo user of an organisation (the first listed), e.g. the operator who sends its
 * referrals; others at the same organisation (break-glass, DPO, admin) come after.
 */
export function userOf(organisationId: string): DemoUser {
  const user = DEMO_USERS.find((u) => u.organisationId === organisationId) ?? DEMO_LARGE_USERS.find((u) => u.organisationId === organisationId);
  if (!user) throw new Error(`no demo user at ${organisationId}`);
  return user;
}

/** Every demo user who can sign in (development tokens): the small network's, the large one's, then the manifest's. */
export const DEMO_SIGN_IN_USERS: readonly DemoUser[] = [...DEMO_USERS, ...DEMO_LARGE_USERS, ...MANIFEST_USERS];
