import { describe, expect, it } from "vitest";
import { Kind, parse, type FieldDefinitionNode, type ObjectTypeDefinitionNode } from "graphql";
import { buildAntiViolenceSchema } from "../src/schema.js";

/** "Type.field" → category, read from the SDL composition sees (what the gateway enforces). */
async function labels(): Promise<Map<string, string>> {
  const { sdl } = await buildAntiViolenceSchema();
  const found = new Map<string, string>();
  for (const definition of parse(sdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    for (const field of (definition as ObjectTypeDefinitionNode).fields ?? []) {
      const label = field.directives?.find((d) => d.name.value === "sensitive")?.arguments?.[0]?.value;
      if (label?.kind === Kind.ENUM) found.set(`${definition.name.value}.${field.name.value}`, label.value);
    }
  }
  return found;
}

async function field(type: string, name: string): Promise<FieldDefinitionNode | undefined> {
  const { sdl } = await buildAntiViolenceSchema();
  const definition = parse(sdl).definitions.find(
    (d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === type,
  );
  return definition?.fields?.find((f) => f.name.value === name);
}

describe("schema labels", () => {
  it("labels every personal field of assessments, reviews, plans and referrals with its category", async () => {
    const expected: Record<string, string> = {
      "Pathway.needsAssessment": "CASE_STATUS",
      "NeedsAssessment.assessedOn": "CASE_STATUS",
      "NeedsAssessment.educationLevel": "EDUCATION_SKILLS",
      "NeedsAssessment.qualifications": "EDUCATION_SKILLS",
      "NeedsAssessment.languages": "EDUCATION_SKILLS",
      "NeedsAssessment.workExperience": "WORK_HISTORY",
      "NeedsAssessment.availability": "JOB_SEARCH",
      "NeedsAssessment.careConstraints": "CARE",
      "NeedsAssessment.economicSituation": "ECONOMIC",
      "NeedsAssessment.housingSituation": "HOUSING",
      "NeedsAssessment.districtsToAvoid": "SAFETY_CONSTRAINTS",
      "NeedsAssessment.hoursToAvoid": "SAFETY_CONSTRAINTS",
      "NeedsAssessment.healthNotes": "HEALTH",
      "Pathway.plan": "PLAN",
      "EmpowermentPlan.createdOn": "PLAN",
      "EmpowermentPlan.signedOn": "PLAN",
      "EmpowermentPlan.goals": "PLAN",
      "PlanGoal.area": "PLAN",
      "PlanGoal.description": "PLAN",
      "PlanGoal.responsibleOrganisation": "PLAN",
      "PlanGoal.status": "PLAN",
      "PlanGoal.dueOn": "PLAN",
      "Pathway.referrals": "CASE_STATUS",
      "Referral.from": "CASE_STATUS",
      "Referral.to": "CASE_STATUS",
      "Referral.purpose": "CASE_STATUS",
      "Referral.note": "PLAN",
      "Referral.status": "CASE_STATUS",
      "Referral.sentOn": "CASE_STATUS",
      "Referral.respondedOn": "CASE_STATUS",
      "Referral.rejectionReason": "CASE_STATUS",
      "Referral.rejectionCode": "CASE_STATUS",
      "Pathway.situationReviews": "CASE_STATUS",
      "SituationReview.reviewedOn": "CASE_STATUS",
      "SituationReview.economicSituation": "ECONOMIC",
      "SituationReview.housingSituation": "HOUSING",
      "Referral.pathway": "CASE_STATUS",
    };
    const found = await labels();
    for (const [path, category] of Object.entries(expected)) expect([path, found.get(path)]).toEqual([path, category]);
    // Ids are not personal data: they stay unlabelled so the planner can always join on them.
    for (const path of ["EmpowermentPlan.id", "PlanGoal.id", "Referral.id", "Pathway.id", "SituationReview.id"]) expect(found.has(path)).toBe(false);
  });

  it("uses the network's shared Purpose enum for referrals", async () => {
    const purpose = await field("Referral", "purpose");
    expect(purpose?.type).toMatchObject({ kind: Kind.NAMED_TYPE, name: { value: "Purpose" } });
  });
});
