// Requests a caller may not make, each about ids of several kinds that exist, to compare with an
// id nobody issued: a refusal must tell by neither its words nor its time (nor the work behind
// it) whether the id exists. Found in the demo data (never hard-coded ids); `npm run
// bench:timing` times them, gateway/test/refusal-work.e2e.test.ts counts the work they cost.
import { demoConsentCases } from "./consent-cases.js";
import { DEMO_USERS } from "./organisations.js";
import type { DemoNetwork } from "./types.js";

/** One refused request: `variables(id)` puts an id of each kind where the operation names one. */
export interface RefusalProbe {
  /** A verb first (read, write, refer, accept, withdraw, update, complete), then what it does. */
  name: string;
  user: string;
  purpose: string;
  query: string;
  variables: (id: string) => Record<string, unknown>;
  /** Existing ids, by kind, every one refused as an unknown id is (FORBIDDEN, ORGANISATION). */
  targets: Record<string, string>;
}

/**
 * The probes on `network` (the small demo network or the large one, which contains it):
 *   read, write, refer   pathway ids: sealed (the demo's sealed pathway, the job centre once had
 *                        her registration), foreign (never shared with the caller), refused (the
 *                        job centre once worked on it, her consent is withdrawn now)
 *   accept, withdraw     referral ids (by id, at the consent authority): addressed to another
 *                        organisation, on the sealed pathway, on the withdrawn one
 *   update, complete     record ids on the employment and training subgraphs, on a pathway the
 *                        caller may write about: another pathway's record of its own, another
 *                        organisation's, the sealed pathway's
 */
export function demoRefusalProbes(network: DemoNetwork): RefusalProbe[] {
  const demo = network;
  const cases = demoConsentCases(network);
  const JOB_CENTRE = "cpi-milano-centro";
  const OTHER_CENTRE = "cav-ginestra";
  const must = <T>(value: T | undefined | null, what: string): T => {
    if (value === undefined || value === null) throw new Error(`the demo has no ${what}`);
    return value;
  };
  const withdrawn = must(
    cases.withdrawn.find((c) => c.organisationId === JOB_CENTRE),
    `withdrawn consent to ${JOB_CENTRE}`,
  );
  const sealed = cases.sealed.pathwayId;
  if (demo.pathways.find((p) => p.id === sealed)?.holderId === OTHER_CENTRE) throw new Error("the sealed pathway is the referring centre's own");
  const pathwayOf = (id: string) => must(demo.pathways.find((p) => p.id === id), `pathway ${id}`);
  const untouched = (p: (typeof demo.pathways)[number], organisationId: string) =>
    p.seal === null &&
    p.holderId !== organisationId &&
    p.referrals.every((r) => r.toOrganisationId !== organisationId) &&
    p.consents.every((c) => JSON.stringify(c).indexOf(organisationId) < 0) &&
    p.jobSeeker?.jobCentreId !== organisationId;
  const foreignToJobCentre = must(
    demo.pathways.find((p) => untouched(p, JOB_CENTRE) && !JSON.stringify(p.consents).includes("JOB_CENTRE"))?.id,
    "pathway foreign to the job centre",
  );
  const foreignToCentre = must(
    demo.pathways.find((p) => untouched(p, OTHER_CENTRE) && !JSON.stringify(p.consents).includes("ANTI_VIOLENCE_CENTRE"))?.id,
    "pathway foreign to the centre",
  );

  // Referrals by id: the job centre answers, another centre withdraws; none may move.
  const referralTo = (pathwayId: string, organisationId: string) =>
    must(pathwayOf(pathwayId).referrals.find((r) => r.toOrganisationId === organisationId)?.id, `referral of ${pathwayId} to ${organisationId}`);
  const referralElsewhere = must(
    demo.pathways.flatMap((p) => (p.holderId !== OTHER_CENTRE ? p.referrals : [])).find((r) => r.toOrganisationId !== JOB_CENTRE && r.status === "SENT")?.id,
    "SENT referral to another organisation",
  );
  const sealedReferrals = pathwayOf(sealed).referrals;
  const sealedReferral = must((sealedReferrals.find((r) => r.toOrganisationId === JOB_CENTRE) ?? sealedReferrals[0])?.id, "referral of the sealed pathway");
  const withdrawnReferral = referralTo(withdrawn.pathwayId, JOB_CENTRE);

  // Records by id, on a pathway the caller may write about (an accepted referral her consent covers).
  const userOf = (organisationId: string, role: string) =>
    must(DEMO_USERS.find((u) => u.organisationId === organisationId && u.roles.length === 1 && u.roles[0] === role)?.id, `${role} at ${organisationId}`);
  const jobCase = cases.grantedToJobCentre;
  const registrations = demo.pathways.flatMap((p) => (p.jobSeeker ? [{ pathwayId: p.id, ...p.jobSeeker }] : []));
  const ownElsewhere = must(
    registrations.find((r) => r.jobCentreId === jobCase.organisationId && r.pathwayId !== jobCase.pathwayId && r.pathwayId !== sealed)?.id,
    "registration of another pathway",
  );
  const otherCentres = must(registrations.find((r) => r.jobCentreId !== jobCase.organisationId && r.pathwayId !== sealed)?.id, "registration at another job centre");
  const trainingCase = cases.grantedToTrainingBody;
  const bodyOf = new Map(demo.courses.map((c) => [c.id, c.trainingBodyId]));
  const enrolments = demo.pathways.flatMap((p) => p.enrolments.map((e) => ({ pathwayId: p.id, trainingBodyId: bodyOf.get(e.courseId), ...e })));
  const ownEnrolmentElsewhere = must(
    enrolments.find((e) => e.trainingBodyId === trainingCase.organisationId && e.pathwayId !== trainingCase.pathwayId && e.pathwayId !== sealed)?.id,
    "enrolment of another pathway",
  );
  const otherBodys = must(enrolments.find((e) => e.trainingBodyId !== trainingCase.organisationId && e.pathwayId !== sealed)?.id, "enrolment at another training body");

  return [
    {
      name: "read     pathway(id:) as a job centre",
      user: "op-cpi-centro",
      purpose: "JOB_PLACEMENT",
      query: `query($id: ID!) { pathway(id: $id) { id stage holder { name } } }`,
      variables: (id) => ({ id }),
      targets: { sealed, foreign: foreignToJobCentre, refused: withdrawn.pathwayId },
    },
    {
      name: "write    registerJobSeeker as a job centre",
      user: "op-cpi-centro",
      purpose: "JOB_PLACEMENT",
      query: `mutation($input: RegisterJobSeekerInput!) { registerJobSeeker(input: $input) { id } }`,
      variables: (pathwayId) => ({ input: { pathwayId, skills: ["Customer service"], wishedOccupations: ["Cashier"], availability: "FULL_TIME" } }),
      targets: { sealed, foreign: foreignToJobCentre, refused: withdrawn.pathwayId },
    },
    {
      name: "refer    referPathway as another centre",
      user: "op-ginestra",
      purpose: "REFERRAL",
      query: `mutation($input: ReferPathwayInput!) { referPathway(input: $input) { id } }`,
      variables: (pathwayId) => ({ input: { pathwayId, toOrganisationId: JOB_CENTRE, purpose: "JOB_PLACEMENT" } }),
      // No centre refers another's pathway: its "refused" one is the job centre's withdrawn case
      // (another holder's, with referrals and consents: the most the authority reads of one).
      targets: { sealed, foreign: foreignToCentre, refused: withdrawn.pathwayId },
    },
    {
      name: "accept   acceptReferral(id:) as a job centre",
      user: "op-cpi-centro",
      purpose: "JOB_PLACEMENT",
      query: `mutation($id: ID!) { acceptReferral(id: $id) { id } }`,
      variables: (id) => ({ id }),
      targets: { elsewhere: referralElsewhere, sealed: sealedReferral, refused: withdrawnReferral },
    },
    {
      name: "withdraw withdrawReferral(id:) as another centre",
      user: "op-ginestra",
      purpose: "REFERRAL",
      query: `mutation($id: ID!) { withdrawReferral(id: $id) { id } }`,
      variables: (id) => ({ id }),
      targets: { elsewhere: referralElsewhere, sealed: sealedReferral, refused: withdrawnReferral },
    },
    {
      name: "update   updateJobSeeker(id:) on a pathway it may write",
      user: userOf(jobCase.organisationId, "EMPLOYMENT_COUNSELLOR"),
      purpose: "JOB_PLACEMENT",
      query: `mutation($input: UpdateJobSeekerInput!) { updateJobSeeker(input: $input) { id } }`,
      variables: (id) => ({ input: { id, pathwayId: jobCase.pathwayId, availability: "FULL_TIME" } }),
      targets: { "own-other": ownElsewhere, foreign: otherCentres, sealed: cases.sealed.jobSeekerId },
    },
    {
      name: "complete completeEnrolment(id:) on a pathway it may write",
      user: userOf(trainingCase.organisationId, "TRAINING_OPERATOR"),
      purpose: "TRAINING",
      query: `mutation($input: CompleteEnrolmentInput!) { completeEnrolment(input: $input) { id } }`,
      variables: (enrolmentId) => ({ input: { enrolmentId, pathwayId: trainingCase.pathwayId } }),
      targets: { "own-other": ownEnrolmentElsewhere, foreign: otherBodys, sealed: must(cases.sealed.enrolmentIds[0], "enrolment of the sealed pathway") },
    },
  ];
}
