import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DataCategory, Purpose } from "@percorsi/schema";
import type { GraphQLResponse } from "@percorsi/kit/testing";
import { startTestNetwork, type TestNetwork } from "./network.js";

// Existence non-disclosure, through the gateway: what a subgraph keeps about her (a job-centre
// registration, placements, enrolments) answers a caller who keeps none of it exactly as it
// answers where another organisation keeps some, so that no answer says "she is registered (or
// enrolled) somewhere". Two pathways of one centre, alike in everything the caller may know
// (same consents, same referrals to the caller): one with records at other organisations, one
// with none anywhere.

let net: TestNetwork;
let nowhere: string;
let elsewhere: string;

const ok = <T = any>(response: GraphQLResponse<T>): T => {
  expect(response.errors).toBeUndefined();
  return response.data as T;
};

const ORGANISATION_OF: Record<string, string> = {
  "op-cpi-centro": "cpi-milano-centro",
  "op-cpi-rho": "cpi-rho",
  "op-training": "formazione-atelier",
  "op-ponte": "formazione-ponte",
};

async function openCase(): Promise<string> {
  const { openPathway } = ok(
    await net.query(
      "op-aurora",
      `mutation { openPathway(input: { identity: { givenName: "Existence", familyName: "End-to-end", preferredContact: THROUGH_CENTRE } }) { id } }`,
      {},
      "NEEDS_ANALYSIS",
    ),
  );
  return openPathway.id;
}

async function grant(pathwayId: string, user: string, categories: DataCategory[], purposes: Purpose[]): Promise<void> {
  ok(
    await net.query(
      "op-aurora",
      `mutation($input: GrantConsentInput!) { grantConsent(input: $input) { id } }`,
      { input: { pathwayId, evidenceReference: "MOD-EXISTENCE", provisions: [{ type: "PERMIT", granteeOrganisationId: ORGANISATION_OF[user], categories, purposes }] } },
      "EMPOWERMENT_PLAN",
    ),
  );
}

async function referAndAccept(pathwayId: string, user: string, purpose: Purpose): Promise<void> {
  const { referPathway } = ok(
    await net.query(
      "op-aurora",
      `mutation($input: ReferPathwayInput!) { referPathway(input: $input) { id } }`,
      { input: { pathwayId, toOrganisationId: ORGANISATION_OF[user], purpose } },
      "REFERRAL",
    ),
  );
  ok(await net.query(user, `mutation($id: ID!) { acceptReferral(id: $id) { id } }`, { id: referPathway.id }, purpose));
}

/** The same standing on both pathways for the readers (case status only, on an accepted referral). */
async function sameStanding(pathwayId: string): Promise<void> {
  await grant(pathwayId, "op-cpi-rho", ["CASE_STATUS"], ["JOB_PLACEMENT"]);
  await referAndAccept(pathwayId, "op-cpi-rho", "JOB_PLACEMENT");
  await grant(pathwayId, "op-ponte", ["CASE_STATUS"], ["TRAINING"]);
  await referAndAccept(pathwayId, "op-ponte", "TRAINING");
}

beforeAll(async () => {
  net = await startTestNetwork();
  [nowhere, elsewhere] = [await openCase(), await openCase()];
  for (const id of [nowhere, elsewhere]) await sameStanding(id);
  // Only `elsewhere` has records: a registration (with a placement's worth of standing) at
  // another job centre, an enrolment at another training body.
  await grant(elsewhere, "op-cpi-centro", ["CASE_STATUS", "JOB_SEARCH", "EDUCATION_SKILLS"], ["JOB_PLACEMENT"]);
  await referAndAccept(elsewhere, "op-cpi-centro", "JOB_PLACEMENT");
  ok(
    await net.query(
      "op-cpi-centro",
      `mutation($input: RegisterJobSeekerInput!) { registerJobSeeker(input: $input) { id } }`,
      { input: { pathwayId: elsewhere, skills: ["Customer service"], wishedOccupations: ["Cashier"], availability: "FULL_TIME" } },
      "JOB_PLACEMENT",
    ),
  );
  await grant(elsewhere, "op-training", ["CASE_STATUS", "TRAINING"], ["TRAINING"]);
  await referAndAccept(elsewhere, "op-training", "TRAINING");
  const { createCourse } = ok(
    await net.query(
      "op-training",
      `mutation { createCourse(input: { title: "Existence basics", skillsTaught: ["Cash handling"], schedule: "MON_WED_MORNING", district: "Municipio 3",
        seats: 4, startsOn: "2026-12-01", endsOn: "2027-02-28" }) { id } }`,
      {},
      "TRAINING",
    ),
  );
  ok(
    await net.query("op-training", `mutation($input: EnrolInCourseInput!) { enrolInCourse(input: $input) { id } }`, { input: { pathwayId: elsewhere, courseId: createCourse.id } }, "TRAINING"),
  );
}, 240_000);
afterAll(() => net?.stop());

const READ = `query($id: ID!) { pathway(id: $id) { id stage jobSeeker { status } placements { id } enrolments { id } } }`;

/** Everything an answer tells, but the pathway's id. */
function told(response: GraphQLResponse, id: string) {
  // Errors in path order: the order subgraphs answered in is the planner's, not the data's.
  const errors = response.errors && [...response.errors].sort((a, b) => JSON.stringify(a.path).localeCompare(JSON.stringify(b.path)));
  return JSON.parse(JSON.stringify({ data: response.data, errors }).split(id).join("<id>"));
}

describe("a pathway with no records anywhere answers as one with records at other organisations", () => {
  it("checks that the two differ in what exists (the test's premise)", async () => {
    const registrations = await net.subgraphs.employment!.db.query<{ pathway_id: string }>("select pathway_id::text from job_seekers where pathway_id = any($1::uuid[])", [[nowhere, elsewhere]]);
    expect(registrations.map((r) => r.pathway_id)).toEqual([elsewhere]);
    const enrolments = await net.subgraphs.training!.db.query<{ pathway_id: string }>("select pathway_id::text from enrolments where pathway_id = any($1::uuid[])", [[nowhere, elsewhere]]);
    expect(enrolments.map((e) => e.pathway_id)).toEqual([elsewhere]);
  });

  for (const [user, purpose, reasons] of [
    // A job centre and a training body referred for their purposes, her consent covering her case status only.
    ["op-cpi-rho", "JOB_PLACEMENT", { jobSeeker: "NO_CONSENT", placements: "NO_CONSENT", enrolments: "NO_CONSENT" }],
    ["op-ponte", "TRAINING", { jobSeeker: "NO_CONSENT", placements: "NO_CONSENT", enrolments: "NO_CONSENT" }],
    // The case-holder: her consent does not let it read her records at job centres and training bodies.
    ["op-aurora", "EMPOWERMENT_PLAN", { jobSeeker: "NO_CONSENT", placements: "NO_CONSENT", enrolments: "NO_CONSENT" }],
    // Referred for another purpose: the pathway itself is not visible to it.
    ["op-cpi-rho", "HOUSING_SUPPORT", { jobSeeker: "ORGANISATION", placements: "ORGANISATION", enrolments: "ORGANISATION" }],
  ] as const) {
    it(`to ${user} (${purpose}): the same data, errors, codes and reasons`, async () => {
      const [none, some] = [await net.query(user, READ, { id: nowhere }, purpose), await net.query(user, READ, { id: elsewhere }, purpose)];
      expect(told(none, nowhere)).toEqual(told(some, elsewhere));
      const reasonOf = (field: string) => none.errors?.find((e) => e.path?.[1] === field)?.extensions;
      if (reasons.jobSeeker === "ORGANISATION") {
        expect(none.data).toEqual({ pathway: null });
        expect(none.errors?.map((e) => e.extensions)).toMatchObject([{ code: "FORBIDDEN", reason: "ORGANISATION" }]);
        return;
      }
      for (const field of ["jobSeeker", "placements", "enrolments"] as const) {
        expect(reasonOf(field), field).toMatchObject({ code: "FORBIDDEN", reason: reasons[field] });
      }
    });
  }

  it("to the organisations that keep her records: their own, on ownership (the rule hides nothing from its keeper)", async () => {
    const registration = ok(await net.query("op-cpi-centro", READ.replace("enrolments { id }", ""), { id: elsewhere }, "JOB_PLACEMENT"));
    expect(registration.pathway.jobSeeker).toEqual({ status: "REGISTERED" });
    const enrolled = ok(await net.query("op-training", `query($id: ID!) { pathway(id: $id) { enrolments { id } } }`, { id: elsewhere }, "TRAINING"));
    expect(enrolled.pathway.enrolments).toHaveLength(1);
  });
});
