import { describe, expect, it } from "vitest";
import { CONSENT_AUTHORITY_KEY_NAME } from "../consent/receipt.js";
import { testActor } from "../testing/actors.js";
import { loadSigningKey, loadVerificationKey } from "../trust/keys.js";
import { signCompactJws } from "../trust/compact-jws.js";
import { CohortRejected, signReportingCohort, verifyReportingCohort } from "./cohort.js";
import type { ReportingCohort } from "./types.js";

const REPORT = "2025-01-01..2025-12-31 YEAR NETWORK *";
const cohort: ReportingCohort = {
  organisations: [
    { id: "cav-aurora", type: "ANTI_VIOLENCE_CENTRE", operators: null },
    { id: "cpi-rho", type: "JOB_CENTRE", operators: 22 },
  ],
  pathways: [
    { id: "0b0a3f0e-8d6b-4c1e-9d7a-1f2e3d4c5b6a", recordKey: 4_000_000_123, openedOn: "2025-01-15", planSignedOn: "2025-02-03", referrals: [{ to: "cpi-rho", sentOn: "2025-02-10", acceptedOn: "2025-02-12" }] },
    { id: "1c1b4a1f-9e7c-4d2f-8e8b-2a3f4e5d6c7b", recordKey: 0, openedOn: "2024-12-31", planSignedOn: null, referrals: [] },
  ],
  threshold: 10,
};
const analyst = () => testActor("cabina-di-regia", "CONTROL_ROOM", ["ANALYST"], "MONITORING", "analyst");

describe("the reporting cohort", () => {
  it("round-trips for the request, organisation, purpose and report it was signed for", async () => {
    const actor = analyst();
    const token = signReportingCohort(await loadSigningKey(CONSENT_AUTHORITY_KEY_NAME), actor, REPORT, cohort);
    expect(verifyReportingCohort(token, await loadVerificationKey(CONSENT_AUTHORITY_KEY_NAME), actor, REPORT)).toEqual(cohort);
  });

  it("is refused for another request, organisation, purpose or report, and when forged or expired", async () => {
    const actor = analyst();
    const key = await loadSigningKey(CONSENT_AUTHORITY_KEY_NAME);
    const verification = await loadVerificationKey(CONSENT_AUTHORITY_KEY_NAME);
    const token = signReportingCohort(key, actor, REPORT, cohort);
    const refused = (t: string, a = actor, report = REPORT) => expect(() => verifyReportingCohort(t, verification, a, report)).toThrow(CohortRejected);
    refused(token, { ...actor, requestId: "another-request" });
    refused(token, { ...actor, organisationId: "cpi-rho" });
    refused(token, { ...actor, purpose: "JOB_PLACEMENT" });
    refused(token, actor, "2025-01-01..2025-12-31 MONTH NETWORK *");
    const [header, payload] = token.split(".");
    refused(`${header}.${payload}.${Buffer.from("forged").toString("base64url")}`);
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8")) as Record<string, unknown>;
    refused(signCompactJws(key, "reporting-cohort+jwt", { ...claims, exp: Math.floor(Date.now() / 1000) - 1 }));
    // Signed right but not a cohort: a receipt's type, or a malformed pathway.
    refused(signCompactJws(key, "consent-receipt+jwt", claims));
    refused(signCompactJws(key, "reporting-cohort+jwt", { ...claims, p: [["not-a-uuid", null]] }));
    // A threshold that would show small counts is not the network's.
    refused(signCompactJws(key, "reporting-cohort+jwt", { ...claims, threshold: 1 }));
    refused(signCompactJws(key, "reporting-cohort+jwt", { ...claims, threshold: undefined }));
    refused(signCompactJws(key, "reporting-cohort+jwt", { ...claims, p: [[cohort.pathways[0]!.id, null, "2025-01-01", null, [7, "2025-01-01", null]]] }));
    // Her intake day is a day, always: outcomes by intake cohort are dated by it.
    refused(signCompactJws(key, "reporting-cohort+jwt", { ...claims, p: [[cohort.pathways[1]!.id, 0, null, null]] }));
    refused(signCompactJws(key, "reporting-cohort+jwt", { ...claims, p: [[cohort.pathways[1]!.id, 0, "15/01/2025", null]] }));
  });

  it("keeps only referrals to organisations of the directory, compactly", async () => {
    const actor = analyst();
    const stray = { ...cohort, pathways: [{ ...cohort.pathways[0]!, referrals: [{ to: "not-in-directory", sentOn: "2025-01-01", acceptedOn: null }] }] };
    const token = signReportingCohort(await loadSigningKey(CONSENT_AUTHORITY_KEY_NAME), actor, REPORT, stray);
    expect(verifyReportingCohort(token, await loadVerificationKey(CONSENT_AUTHORITY_KEY_NAME), actor, REPORT).pathways[0]!.referrals).toEqual([]);
  });
});
