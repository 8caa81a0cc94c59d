// The fictional organisations and users of the demo network. Every name is invented.

import type { DemoOrganisation, DemoUser } from "./types.js";

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  { id: "cav-aurora", name: "Centro Antiviolenza Aurora", type: "ANTI_VIOLENCE_CENTRE", district: "Municipio 2" },
  { id: "cav-ginestra", name: "Centro Antiviolenza Ginestra", type: "ANTI_VIOLENCE_CENTRE", district: "Municipio 8" },
  // A shelter's address is kept secret, so even the demo does not place it.
  { id: "casa-rifugio-iris", name: "Casa Rifugio Iris", type: "SHELTER", district: "Undisclosed" },
  { id: "cpi-milano-centro", name: "Centro per l'Impiego Milano Centro", type: "JOB_CENTRE", district: "Municipio 1" },
  { id: "cpi-rho", name: "Centro per l'Impiego Rho", type: "JOB_CENTRE", district: "Rho" },
  { id: "formazione-atelier", name: "Atelier Formazione", type: "TRAINING_BODY", district: "Municipio 3" },
  { id: "formazione-ponte", name: "Scuola Ponte", type: "TRAINING_BODY", district: "Rho" },
  { id: "cabina-di-regia", name: "Cabina di Regia della Rete", type: "CONTROL_ROOM", district: "Municipio 1" },
];

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

export function organisationById(id: string): DemoOrganisation {
  const organisation = DEMO_ORGANISATIONS.find((o) => o.id === id);
  if (!organisation) throw new Error(`unknown demo organisation: ${id}`);
  return organisation;
}

/**
 * The primary demo user of an organisation (the first listed), e.g. the operator who sends its
 * referrals; others at the same organisation (break-glass, DPO, admin) come after.
 */
export function userOf(organisationId: string): DemoUser {
  const user = DEMO_USERS.find((u) => u.organisationId === organisationId);
  if (!user) throw new Error(`no demo user at ${organisationId}`);
  return user;
}
