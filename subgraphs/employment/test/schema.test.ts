import { describe, expect, it } from "vitest";
import { Kind, parse, print, type ObjectTypeDefinitionNode } from "graphql";
import { buildEmploymentSchema } from "../src/schema.js";

/** Object types of the SDL composition sees (what the gateway reads its labels from). */
async function objectTypes(): Promise<ObjectTypeDefinitionNode[]> {
  const { sdl } = await buildEmploymentSchema();
  return parse(sdl).definitions.filter((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION);
}

describe("schema", () => {
  it("labels every personal field with its category, and nothing else", async () => {
    const found = new Map<string, string>();
    for (const type of await objectTypes()) {
      for (const field of type.fields ?? []) {
        const label = field.directives?.find((d) => d.name.value === "sensitive")?.arguments?.[0]?.value;
        if (label?.kind !== Kind.ENUM) continue;
        found.set(`${type.name.value}.${field.name.value}`, label.value);
        // A denial must null only this field, never its parent.
        expect(field.type.kind, `${type.name.value}.${field.name.value}`).not.toBe(Kind.NON_NULL_TYPE);
      }
    }
    const placement = ["occupation", "contractType", "weeklyHours", "startOn", "endOn", "employer", "vacancy", "retentionChecks"];
    const check = ["monthsAfterStart", "checkedOn", "stillEmployed", "note"];
    expect(Object.fromEntries(found)).toEqual({
      "Pathway.jobSeeker": "JOB_SEARCH",
      "Pathway.placements": "PLACEMENT",
      "JobSeeker.registeredOn": "JOB_SEARCH",
      "JobSeeker.firstAppointmentOn": "JOB_SEARCH",
      "JobSeeker.skills": "EDUCATION_SKILLS",
      "JobSeeker.wishedOccupations": "JOB_SEARCH",
      "JobSeeker.availability": "JOB_SEARCH",
      "JobSeeker.status": "JOB_SEARCH",
      ...Object.fromEntries(placement.map((f) => [`Placement.${f}`, "PLACEMENT"])),
      ...Object.fromEntries(check.map((f) => [`RetentionCheck.${f}`, "PLACEMENT"])),
    });
  });

  it("extends the case-holder's Pathway and only references Organisation", async () => {
    const types = await objectTypes();
    const keyOf = (name: string) => types.find((t) => t.name.value === name)?.directives?.find((d) => d.name.value === "key");
    expect(keyOf("Pathway")?.arguments?.map((a) => a.name.value)).toEqual(["fields"]);
    expect(keyOf("Organisation")?.arguments?.find((a) => a.name.value === "resolvable")?.value).toMatchObject({ value: false });
    // Organisation's name, type... belong to the anti-violence subgraph alone.
    expect(types.find((t) => t.name.value === "Organisation")?.fields?.map((f) => f.name.value)).toEqual(["id"]);
  });

  it("requires the consent authority's receipt for everything it holds about her", async () => {
    const types = await objectTypes();
    const printed = (name: string) => print(types.find((t) => t.name.value === name)!);
    const pathway = printed("Pathway");
    expect(pathway).toContain("consentReceipt: String @external");
    expect(pathway).toContain('jobSeeker: JobSeeker @sensitive(category: JOB_SEARCH) @requires(fields: "consentReceipt")');
    expect(pathway).toContain('placements: [Placement!] @sensitive(category: PLACEMENT) @requires(fields: "consentReceipt")');
    const report = printed("AccessReport");
    expect(report).toContain('@key(fields: "pathwayId view")');
    expect(report).toContain("consentReceipt: String @external");
    expect(report).toMatch(/employment\([^)]*\): \[AccessEvent!\] @requires\(fields: "consentReceipt"\)/);
    expect(report).toContain('employmentRefusals: [AccessRefusalSummary!] @requires(fields: "consentReceipt")');
  });

  it("reads a woman only through her pathway: the caseload lists pathways, writes about her return hers", async () => {
    const types = await objectTypes();
    const fields = (name: string) => new Map(types.find((t) => t.name.value === name)!.fields!.map((f) => [f.name.value, print(f.type)]));
    const query = fields("Query");
    expect([...query.keys()].sort()).toEqual(["campaigns", "employers", "jobCentreCaseload", "vacancies"]);
    expect(query.get("jobCentreCaseload")).toBe("JobCentreCaseloadConnection") // nullable: an outage or refusal costs this root only;
    // Not anti-violence's PathwayConnection: a shared name would have to be identical there.
    expect(fields("JobCentreCaseloadConnection").get("nodes")).toBe("[Pathway!]!");
    expect(types.some((t) => t.name.value === "PathwayConnection" || t.name.value === "JobSeekerConnection")).toBe(false);
    const mutation = fields("Mutation");
    for (const name of ["registerJobSeeker", "updateJobSeeker", "recordFirstAppointment", "recordPlacement", "recordRetentionCheck"]) {
      // Nullable: a refused or failed mutation nulls its own field only.
      expect(mutation.get(name), name).toBe("Pathway");
    }
  });
});
